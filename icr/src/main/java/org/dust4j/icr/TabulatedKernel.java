package org.dust4j.icr;

import java.util.Arrays;
import java.util.Map;

import org.dust4j.core.cpu.LogGridSpline;
import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;

/**
 * A kernel given by its values on a log-spaced radius grid r_i = rMin (rMax/rMin)^(i/(n-1)), i = 0 … n-1,
 * together with the variance k(0).
 *
 * <p>Between grid points the kernel is interpolated by a shape-preserving (Fritsch–Carlson monotone) cubic Hermite
 * spline in ln r, which reproduces monotone stretches of the table without overshoot; it is evaluated by core's
 * {@link LogGridSpline}, with {@link StrictMath#log}, so a table gives the same covariances on every machine, and the
 * matrix setup evaluates it in batches. On [0, rMin] it is
 * interpolated linearly in r between k(0) and k(rMin); choose rMin well below the smallest distance between two
 * points of the chart. Beyond rMax the kernel is undefined and {@link #covariance} throws, so that a table that is too
 * short is noticed instead of silently extrapolated.
 */
public final class TabulatedKernel implements Kernel {
    private final double variance;
    private final double rMin;
    private final double rMax;
    private final double[] values;
    private final LogGridSpline spline;
    private final String origin;

    private TabulatedKernel(double variance, double rMin, double rMax, double[] values, String origin) {
        KernelChecks.positive("variance", variance);
        KernelChecks.positive("rMin", rMin);
        if (!(rMax > rMin) || Double.isInfinite(rMax)) {
            throw new IllegalArgumentException("rMax must be finite and > rMin = " + rMin + ", got " + rMax);
        }
        if (values.length < 2) {
            throw new IllegalArgumentException("a kernel table needs at least 2 values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("table value " + i + " is " + values[i]);
            }
        }
        this.variance = variance;
        this.rMin = rMin;
        this.rMax = rMax;
        this.values = values.clone();
        double step = (StrictMath.log(rMax) - StrictMath.log(rMin)) / (values.length - 1);
        this.spline = LogGridSpline.of(rMin, rMax, this.values, monotoneSlopes(this.values, step));
        this.origin = origin;
    }

    /**
     * A kernel from a table.
     *
     * @param variance k(0) (finite, &gt; 0)
     * @param rMin     the first radius of the grid (&gt; 0)
     * @param rMax     the last radius of the grid (&gt; rMin)
     * @param values   k(r_i) on the log-spaced grid, at least two
     */
    public static TabulatedKernel of(double variance, double rMin, double rMax, double[] values) {
        return new TabulatedKernel(variance, rMin, rMax, values, "table");
    }

    /** Tabulates {@code kernel} on n log-spaced radii in [rMin, rMax] (useful to speed up costly kernels). */
    public static TabulatedKernel sample(Kernel kernel, double rMin, double rMax, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2, got " + n);
        }
        double[] radii = logGrid(rMin, rMax, n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = kernel.covariance(radii[i]);
        }
        return new TabulatedKernel(kernel.variance(), rMin, rMax, v, "sampled " + kernel.describe());
    }

    /** The log-spaced radii rMin (rMax/rMin)^(i/(n-1)), i = 0 … n-1 (the last one is exactly rMax). */
    public static double[] logGrid(double rMin, double rMax, int n) {
        KernelChecks.positive("rMin", rMin);
        if (!(rMax > rMin)) {
            throw new IllegalArgumentException("rMax must be > rMin = " + rMin + ", got " + rMax);
        }
        double[] r = new double[n];
        double lo = Math.log(rMin);
        double h = (Math.log(rMax) - lo) / (n - 1);
        for (int i = 0; i < n; i++) {
            r[i] = Math.exp(lo + i * h);
        }
        r[0] = rMin;
        r[n - 1] = rMax;
        return r;
    }

    /** Fritsch–Carlson slopes d_i (per unit of ln r) of a monotone piecewise-cubic Hermite interpolant. */
    private static double[] monotoneSlopes(double[] y, double h) {
        int n = y.length;
        double[] delta = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            delta[i] = (y[i + 1] - y[i]) / h;
        }
        double[] d = new double[n];
        d[0] = delta[0];
        d[n - 1] = delta[n - 2];
        for (int i = 1; i < n - 1; i++) {
            d[i] = delta[i - 1] * delta[i] <= 0 ? 0 : 2 / (1 / delta[i - 1] + 1 / delta[i]);
        }
        return d;
    }

    @Override
    public double covariance(double r) {
        KernelChecks.distance(r);
        if (r > rMax) {
            throw new IllegalArgumentException("distance " + r + " lies beyond the kernel table (rMax = " + rMax
                    + "); tabulate the kernel further out");
        }
        if (r <= rMin) {
            return variance + (values[0] - variance) * (r / rMin);
        }
        return spline.value(r);
    }

    /**
     * out[k] = {@link #covariance}(√q[k]) for k &lt; n, bit for bit (q: squared distances; out a different array), with
     * the same exceptions;
     * the table part is evaluated in one batch ({@link LogGridSpline#valuesOfSquares}, eight at a time on the Vector
     * API where the CPU backend uses it), the rest one by one.
     */
    void covariancesOfSquares(double[] q, double[] out, int n) {
        if (q == out) {
            throw new IllegalArgumentException("the squared distances and the covariances must be different arrays");
        }
        spline.valuesOfSquares(q, 0, out, 0, n);
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(out[k])) { // outside (rMin, rMax], or a NaN distance
                out[k] = covariance(Math.sqrt(q[k]));
            }
        }
    }

    @Override
    public double variance() {
        return variance;
    }

    /** The first radius of the table. */
    public double rMin() {
        return rMin;
    }

    /** The last radius of the table; the kernel is undefined beyond. */
    public double rMax() {
        return rMax;
    }

    /** A copy of the tabulated values. */
    public double[] values() {
        return values.clone();
    }

    /**
     * {@code {"type": "tabulated", "variance": …, "rMin": …, "rMax": …, "values": [all n values], "origin": …}}; the
     * origin ("table", or "sampled" and the sampled kernel's description) is provenance: it is not part of
     * {@link #equals}, but it is part of the description, so a model description (and a resume's check) tells a
     * table from a sampled kernel with the same values apart.
     */
    @Override
    public Map<String, Object> toMap() {
        return Json.object("type", "tabulated", "variance", variance, "rMin", rMin, "rMax", rMax, "values",
                Json.array(values), "origin", origin);
    }

    /** The table read back by {@link Kernel#fromMap}; a missing origin reads as "table". */
    static TabulatedKernel fromFields(JsonFields f) {
        return new TabulatedKernel(f.number("variance"), f.number("rMin"), f.number("rMax"), f.numbers("values"),
                f.has("origin") ? f.string("origin") : "table");
    }

    @Override
    public String describe() {
        return "tabulated(" + origin + ", k0=" + variance + ", r in [" + rMin + ", " + rMax + "], n=" + values.length
                + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabulatedKernel t && t.variance == variance && t.rMin == rMin && t.rMax == rMax
                && Arrays.equals(t.values, values);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(variance) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return describe();
    }
}
