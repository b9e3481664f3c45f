package org.dust4j.core.cpu;

import java.util.Objects;

import org.dust4j.core.HermiteTable;

/**
 * A cubic Hermite spline g(ln r) on log-spaced radii r_i = exp(ln rMin + i·h), h = (ln rMax − ln rMin)/(n − 1),
 * i = 0 … n − 1, evaluated at one radius ({@link #value}) or at many radii given by their squares
 * ({@link #valuesOfSquares}, e.g. squared distances, which saves nobody a square root but lets the batch take it).
 *
 * <p>Between nodes i and i + 1 with u = (ln r − ln rMin)·(1/h) and t = u − i: the cubic Hermite interpolant
 * s²((1 + 2t) v_i + t h g'_i) + t²((3 − 2t) v_{i+1} − s h g'_{i+1}), s = 1 − t, of the node values v and slopes g'
 * (per unit of ln r) given by the caller, evaluated by {@link HermiteTable#cubic} (the table in its layout). The
 * logarithm is {@link StrictMath#log} (fdlibm), so the values are the same bits on every machine and JVM; outside
 * (rMin, rMax] and at NaN the value is NaN, and the caller decides what happens there.
 *
 * <p>The batch evaluates eight radii at a time on the incubating Vector API where the CPU backend's vector table lookups
 * are on ({@code Simd.CDF}: module {@code jdk.incubator.vector} resolved, 512-bit vectors, not switched off with
 * {@code -Ddust4j.cpu.simd=false}), and loops over {@link #value} elsewhere; both give the bits of
 * {@code value(Math.sqrt(q))} for each q (tested in both kinds of JVM). Immutable and thread-safe.
 */
public final class LogGridSpline {
    private final double rMin;
    private final double rMax;
    private final double logRMin;
    private final double step;
    /** 1/h: u = (ln r − ln rMin)·(1/h), a multiplication where a division would cost more. */
    private final double perStep;
    private final int nodes;
    /** Interleaved (v_i, h·g'_i), then the vector loads' padding. */
    private final double[] table;

    private LogGridSpline(double rMin, double rMax, double[] values, double[] slopes) {
        if (!(rMin > 0) || !(rMax > rMin) || Double.isInfinite(rMax)) {
            throw new IllegalArgumentException("a log-grid spline needs 0 < rMin < rMax < infinity, got rMin " + rMin
                    + ", rMax " + rMax);
        }
        if (values.length < 2 || slopes.length != values.length) {
            throw new IllegalArgumentException("a log-grid spline needs at least two nodes with one slope each, got "
                    + values.length + " values and " + slopes.length + " slopes");
        }
        this.rMin = rMin;
        this.rMax = rMax;
        this.nodes = values.length;
        this.logRMin = StrictMath.log(rMin);
        this.step = (StrictMath.log(rMax) - logRMin) / (nodes - 1);
        this.perStep = 1 / step;
        this.table = new double[2 * nodes + padding()];
        for (int i = 0; i < nodes; i++) {
            if (!Double.isFinite(values[i]) || !Double.isFinite(slopes[i])) {
                throw new IllegalArgumentException("node " + i + " has value " + values[i] + " and slope " + slopes[i]
                        + "; both must be finite");
            }
            table[2 * i] = values[i];
            table[2 * i + 1] = step * slopes[i];
        }
    }

    private static int padding() {
        return Simd.CDF ? SimdCdf.padding() : 0;
    }

    /**
     * The spline through {@code values} at the log-spaced radii from rMin to rMax with {@code slopes} dg/d(ln r) there.
     *
     * @throws IllegalArgumentException unless 0 &lt; rMin &lt; rMax &lt; ∞ and there are at least two nodes, each with a
     *                                  finite value and slope
     */
    public static LogGridSpline of(double rMin, double rMax, double[] values, double[] slopes) {
        return new LogGridSpline(rMin, rMax, values, slopes);
    }

    /** The node spacing h in ln r, (ln rMax − ln rMin)/(n − 1) with {@link StrictMath#log}. */
    public double step() {
        return step;
    }

    /** The interpolant at r, NaN unless rMin &lt; r ≤ rMax. */
    public double value(double r) {
        if (!(r > rMin && r <= rMax)) {
            return Double.NaN;
        }
        double u = (StrictMath.log(r) - logRMin) * perStep;
        int i = Math.min((int) u, nodes - 2); // u may lie a rounding below 0 just above rMin: node 0
        return HermiteTable.cubic(table, 2 * i, u - i);
    }

    /**
     * out[oo + k] = {@link #value}(√q[qo + k]) for k &lt; n, bit for bit; elements of out from oo + n on are left alone.
     */
    public void valuesOfSquares(double[] q, int qo, double[] out, int oo, int n) {
        Objects.checkFromIndexSize(qo, n, q.length);
        Objects.checkFromIndexSize(oo, n, out.length);
        if (Simd.CDF && rMin >= Double.MIN_NORMAL) {
            SimdLogSpline.values(table, nodes, rMin, rMax, logRMin, perStep, q, qo, out, oo, n);
        } else {
            for (int k = 0; k < n; k++) {
                out[oo + k] = value(Math.sqrt(q[qo + k]));
            }
        }
    }
}
