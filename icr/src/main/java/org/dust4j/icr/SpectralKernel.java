package org.dust4j.icr;

import java.util.Map;
import java.util.Objects;

import org.dust4j.core.json.Json;

/**
 * A kernel defined by its three-dimensional power spectrum
 * <pre>
 *   P(k) ∝ (1 + (α k)²)^(-β/2) · exp(-(k/k_c)²),
 * </pre>
 * a power law of slope -β above the outer scale 1/α (the length scale), flattened below it, and cut off smoothly at
 * the wavenumber k_c. Leike &amp; Enßlin (2019) found β ≈ 3.1 for the logarithmic dust density of the solar
 * neighbourhood. The covariance is the 3D Hankel transform of P,
 * <pre>
 *   k(r) = 1/(2π² r) ∫₀^∞ P(k) k sin(k r) dk,      k(0) = 1/(2π²) ∫₀^∞ P(k) k² dk,
 * </pre>
 * and the proportionality constant of P is fixed by the normalisation <b>k(0) = amplitude²</b>: the field has standard
 * deviation {@code amplitude} at every point. The cutoff keeps k(0) finite (for β ≤ 3 it is required).
 *
 * <p>The transform is evaluated once, at construction, by the trapezoidal rule on a uniform wavenumber grid. The
 * integrand P(k) k sin(kr) is even and analytic in k, so the rule converges geometrically: its error is governed by
 * the kernel's value at the first alias distance 2π/Δk - r, which the grid places beyond rMax + 40 max(α, 1/k_c),
 * and by the singularity of P at k = i/α. The result is stored as a {@link TabulatedKernel} on
 * {@value #POINTS_PER_DECADE} log-spaced radii per decade between rMin = 10⁻³ min(α, 1/k_c) and rMax.
 */
public final class SpectralKernel implements Kernel {
    /** Table density of the radius grid. */
    public static final int POINTS_PER_DECADE = 256;
    /** exp(-(K/k_c)²) = 10⁻¹⁸ at the end of the wavenumber grid. */
    private static final double CUTOFF_EXTENT = Math.sqrt(18 * Math.log(10));

    private final double amplitude;
    private final double alpha;
    private final double beta;
    private final double kCutoff;
    private final double rMax;
    private final TabulatedKernel table;

    private SpectralKernel(double amplitude, double alpha, double beta, double kCutoff, double rMax) {
        KernelChecks.positive("amplitude", amplitude);
        KernelChecks.positive("alpha", alpha);
        KernelChecks.positive("beta", beta);
        KernelChecks.positive("kCutoff", kCutoff);
        KernelChecks.positive("rMax", rMax);
        this.amplitude = amplitude;
        this.alpha = alpha;
        this.beta = beta;
        this.kCutoff = kCutoff;
        this.rMax = rMax;
        this.table = transform();
    }

    /**
     * The kernel of the spectrum (1 + (α k)²)^(-β/2) exp(-(k/k_c)²), normalised to k(0) = amplitude².
     *
     * @param amplitude standard deviation of the field
     * @param alpha     the outer scale α (a length, in the units of the chart's positions)
     * @param beta      the spectral slope β (&gt; 0; ≈ 3.1 after Leike &amp; Enßlin 2019)
     * @param kCutoff   the cutoff wavenumber k_c (1/length)
     * @param rMax      the largest distance at which the kernel will be evaluated (at least the chart's diameter)
     */
    public static SpectralKernel of(double amplitude, double alpha, double beta, double kCutoff, double rMax) {
        return new SpectralKernel(amplitude, alpha, beta, kCutoff, rMax);
    }

    /** The unnormalised spectrum (1 + (α k)²)^(-β/2) exp(-(k/k_c)²). */
    public double spectrum(double k) {
        double ak = alpha * k;
        double kk = k / kCutoff;
        return Math.pow(1 + ak * ak, -0.5 * beta) * Math.exp(-kk * kk);
    }

    private TabulatedKernel transform() {
        double smallScale = Math.min(alpha, 1 / kCutoff);
        double rMin = 1e-3 * smallScale;
        if (!(rMax > rMin)) {
            throw new IllegalArgumentException("rMax = " + rMax + " must exceed 1e-3 min(alpha, 1/kCutoff) = " + rMin);
        }
        double kEnd = CUTOFF_EXTENT * kCutoff;
        double dk = 2 * Math.PI / (rMax + 40 * Math.max(alpha, 1 / kCutoff));
        int nk = (int) Math.ceil(kEnd / dk);
        double[] k = new double[nk];
        double[] pk = new double[nk];
        double zero = 0;
        for (int i = 0; i < nk; i++) {
            k[i] = (i + 1) * dk; // the k = 0 term vanishes in both integrals
            pk[i] = spectrum(k[i]) * k[i];
            zero += pk[i] * k[i];
        }
        // trapezoid weights are dk everywhere: the integrands vanish at both ends
        double norm = amplitude * amplitude / zero;
        int n = (int) Math.ceil(Math.log10(rMax / rMin) * POINTS_PER_DECADE) + 1;
        double[] radii = TabulatedKernel.logGrid(rMin, rMax, n);
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            double r = radii[j];
            double s = 0;
            for (int i = 0; i < nk; i++) {
                s += pk[i] * Math.sin(k[i] * r);
            }
            values[j] = norm * s / r;
        }
        return TabulatedKernel.of(amplitude * amplitude, rMin, rMax, values);
    }

    @Override
    public double covariance(double r) {
        return table.covariance(r);
    }

    @Override
    public double variance() {
        return amplitude * amplitude;
    }

    /** The tabulated kernel this spectrum transforms to. */
    public TabulatedKernel table() {
        return table;
    }

    public double amplitude() {
        return amplitude;
    }

    public double alpha() {
        return alpha;
    }

    public double beta() {
        return beta;
    }

    public double kCutoff() {
        return kCutoff;
    }

    public double rMax() {
        return rMax;
    }

    /**
     * {@code {"type": "spectral", "amplitude": …, "alpha": …, "beta": …, "kCutoff": …, "rMax": …}}: the parameters of
     * {@link #of}; the table is recomputed from them.
     */
    @Override
    public Map<String, Object> toMap() {
        return Json.object("type", "spectral", "amplitude", amplitude, "alpha", alpha, "beta", beta, "kCutoff",
                kCutoff, "rMax", rMax);
    }

    /** Equal parameters (hence equal tables). */
    @Override
    public boolean equals(Object o) {
        return o instanceof SpectralKernel k && Double.compare(k.amplitude, amplitude) == 0
                && Double.compare(k.alpha, alpha) == 0 && Double.compare(k.beta, beta) == 0
                && Double.compare(k.kCutoff, kCutoff) == 0 && Double.compare(k.rMax, rMax) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(amplitude, alpha, beta, kCutoff, rMax);
    }

    @Override
    public String describe() {
        return "spectral(amplitude=" + amplitude + ", alpha=" + alpha + ", beta=" + beta + ", kCutoff=" + kCutoff
                + ", rMax=" + rMax + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
