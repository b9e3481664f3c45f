package org.dust4j.icr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.DType;

/**
 * A Gaussian-process prior by iterative charted refinement (ICR, Edenhofer et al. 2022): a chart and a kernel with
 * all refinement matrices computed (in float64, once). The prior maps standard-normal excitations ξ to a field on the
 * chart's last level whose covariance approximates the kernel; {@link #operator} binds it to a backend.
 *
 * <h2>Excitation layout</h2>
 * One flat vector of {@link #degreesOfFreedom()} = Σ_l N_l numbers, the levels' excitations one after another:
 * ξ_0 (N_0 numbers, level 0), ξ_1 (N_1), …, ξ_L (N_L), where N_l = {@code chart.size(l)}. Each ξ_l has the layout of
 * its level (row-major over {@code chart.shape(l)}): ξ_l[J] is the excitation that enters fine pixel J of level l
 * (through the Schur-complement root D of J's window), and ξ_0 enters s_0 = L₀ ξ_0 with L₀ the Cholesky factor of
 * the level-0 kernel matrix. {@link #excitationOffset(int)} gives where ξ_l starts.
 *
 * <h2>Refinement</h2>
 * Level l+1 = R · (coarse window) + D · ξ_{l+1}, per window, with R and D of the window's geometry class (see
 * {@link WindowedRefinement}); optionally every level is normalised to the exact kernel variance
 * ({@link Normalisation}).
 */
public final class IcrPrior {
    private final Chart chart;
    private final Kernel kernel;
    private final Normalisation normalisation;
    private final double tolerance;
    private final double[] l0;
    private final boolean levelZeroFallback;
    private final List<WindowedRefinement> steps;
    private final List<RefinementMatrices.Step> stats;
    private final long normalisationPeakBytes;
    private final long buildNanos;

    private IcrPrior(Builder b) {
        long t0 = System.nanoTime();
        this.chart = b.chart;
        this.kernel = b.kernel;
        this.normalisation = b.normalisation;
        this.tolerance = b.tolerance;
        RefinementMatrices.LevelZero z = RefinementMatrices.levelZero(chart, kernel);
        List<RefinementMatrices.Step> st = new ArrayList<>();
        List<WindowedRefinement> raw = new ArrayList<>();
        for (int l = 0; l < chart.levels(); l++) {
            RefinementMatrices.Step s = RefinementMatrices.step(chart, kernel, l, tolerance, b.deduplicate, b.verify);
            st.add(s);
            raw.add(s.refinement());
        }
        this.stats = List.copyOf(st);
        this.levelZeroFallback = z.fallback();
        if (normalisation == Normalisation.EXACT_VARIANCE) {
            long diagonal = 0;
            for (WindowedRefinement w : raw) {
                diagonal += w.windows() * w.finePerWindow() * w.finePerWindow() * 8L;
            }
            if (diagonal > b.budget) {
                throw new IllegalStateException("exact variance normalisation of this chart needs more than " + diagonal
                        + " bytes of covariance blocks, more than the budget of " + b.budget + " bytes; raise the"
                        + " budget (IcrPrior.Builder.normalisationBudget) or choose Normalisation.NONE");
            }
            VarianceNormalisation.Result n = VarianceNormalisation.compute(z.sqrt(), z.size(), raw,
                    kernel.variance(), b.budget);
            this.l0 = n.l0();
            List<WindowedRefinement> scaled = new ArrayList<>();
            for (int l = 0; l < raw.size(); l++) {
                scaled.add(raw.get(l).withScale(n.scales()[l]));
            }
            this.steps = List.copyOf(scaled);
            this.normalisationPeakBytes = n.peakBytes();
        } else {
            this.l0 = z.sqrt();
            this.steps = List.copyOf(raw);
            this.normalisationPeakBytes = 0;
        }
        this.buildNanos = System.nanoTime() - t0;
    }

    /** A builder for the prior of {@code kernel} on {@code chart}. */
    public static Builder builder(Chart chart, Kernel kernel) {
        return new Builder(chart, kernel);
    }

    public Chart chart() {
        return chart;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    /** The chart, kernel and normalisation of this prior, the value a model description records. */
    public IcrPriorSpec spec() {
        return new IcrPriorSpec(chart, kernel, normalisation);
    }

    /** Number of excitations, Σ_l chart.size(l). */
    public int degreesOfFreedom() {
        long n = 0;
        for (int l = 0; l <= chart.levels(); l++) {
            n += chart.size(l);
        }
        return Math.toIntExact(n);
    }

    /** Where ξ_l starts in the excitation vector. */
    public int excitationOffset(int level) {
        chart.checkLevel(level);
        int o = 0;
        for (int l = 0; l < level; l++) {
            o += chart.size(l);
        }
        return o;
    }

    /** Number of field pixels, chart.size(levels). */
    public int fieldSize() {
        return chart.size(chart.levels());
    }

    /** The refinement level → level + 1. */
    public WindowedRefinement refinement(int level) {
        return steps.get(level);
    }

    /** The level-0 square root L₀ (a copy, [N_0 × N_0] row-major). */
    public double[] levelZeroSqrt() {
        return l0.clone();
    }

    double[] levelZeroSqrtShared() {
        return l0;
    }

    /**
     * Bytes the matrices (L₀ and every level's R and D) take when held in {@code dtype}: the host copy is float64
     * ({@link #memoryBytes()} includes it); a device copy in float32 takes half.
     */
    public long matrixBytes(DType dtype) {
        if (dtype == null || !dtype.isFloating()) {
            throw new IllegalArgumentException("matrix dtype must be FLOAT32 or FLOAT64, got " + dtype);
        }
        long values = l0.length;
        for (WindowedRefinement s : steps) {
            values += (long) s.classes() * s.finePerWindow() * (s.coarsePerWindow() + s.finePerWindow());
        }
        return values * dtype.byteSize();
    }

    /**
     * The largest deviation, over all levels and windows, of a window's pairwise distances from its class
     * representative's, relative to the representative's diameter; NaN unless built with
     * {@link Builder#verifyDeduplication(boolean)}.
     */
    public double deduplicationDeviation() {
        return stats.stream().mapToDouble(RefinementMatrices.Step::geometryDeviation).max().orElse(Double.NaN);
    }

    /** Bytes held by all matrices, index tables and scales (host, float64). */
    public long memoryBytes() {
        long b = 8L * l0.length;
        for (WindowedRefinement s : steps) {
            b += s.memoryBytes();
        }
        return b;
    }

    /** A summary: matrix classes per level, fallbacks, memory, build time. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("ICR prior: ").append(kernel.describe()).append(" on ").append(chart.describe()).append('\n');
        sb.append(String.format("  level 0: %d pixels, L0 %s%n", chart.size(0),
                levelZeroFallback ? "by eigen square root (Cholesky failed)" : "by Cholesky"));
        for (int l = 0; l < steps.size(); l++) {
            WindowedRefinement s = steps.get(l);
            RefinementMatrices.Step st = stats.get(l);
            StringBuilder product = new StringBuilder();
            for (int f = 0; f < s.factorCount(); f++) {
                product.append(f == 0 ? "" : " × ").append(s.factor(f).classCount());
            }
            sb.append(String.format("  level %d: %d pixels, %d windows, %d matrix classes (%s), C_cc fallbacks %d"
                    + " classes (%d windows), Schur fallbacks %d classes (%d windows)%s%n", l + 1, s.fineSize(),
                    s.windows(), s.classes(), product, st.coarseFallbacks(), st.coarseFallbackWindows(),
                    st.schurFallbacks(), st.schurFallbackWindows(), Double.isNaN(st.geometryDeviation()) ? ""
                            : String.format(", verified: geometry deviation %.2e", st.geometryDeviation())));
        }
        sb.append(String.format("  degrees of freedom %d, memory %.3f MiB (matrices %.3f MiB in float64, %.3f MiB as"
                + " float32), normalisation %s", degreesOfFreedom(), memoryBytes() / 1048576.0,
                matrixBytes(DType.FLOAT64) / 1048576.0, matrixBytes(DType.FLOAT32) / 1048576.0, normalisation));
        if (normalisation == Normalisation.EXACT_VARIANCE) {
            sb.append(String.format(" (peak %.3f MiB)", normalisationPeakBytes / 1048576.0));
        }
        sb.append(String.format(", built in %.3f s", buildNanos * 1e-9));
        return sb.toString();
    }

    /** Total number of matrix classes whose C_cc needed the eigen fallback, over all levels. */
    public int coarseFallbacks() {
        return stats.stream().mapToInt(RefinementMatrices.Step::coarseFallbacks).sum();
    }

    /** Total number of matrix classes whose Schur complement needed the eigen fallback, over all levels. */
    public int schurFallbacks() {
        return stats.stream().mapToInt(RefinementMatrices.Step::schurFallbacks).sum();
    }

    /** Whether the level-0 square root needed the eigen fallback. */
    public boolean levelZeroFallback() {
        return levelZeroFallback;
    }

    /** The linear operator ξ ↦ field for tensors of a dtype (FLOAT32 or FLOAT64). */
    public IcrOperator operator(DType dtype) {
        if (dtype == null || !dtype.isFloating()) {
            throw new IllegalArgumentException("ICR operator dtype must be FLOAT32 or FLOAT64, got " + dtype);
        }
        return new IcrOperator(this, dtype);
    }

    @Override
    public String toString() {
        return "IcrPrior(" + kernel.describe() + ", " + chart.describe() + ", " + normalisation + ")";
    }

    /** Builder of {@link IcrPrior}. */
    public static final class Builder {
        private final Chart chart;
        private final Kernel kernel;
        private Normalisation normalisation = Normalisation.EXACT_VARIANCE;
        private double tolerance = 1e-10;
        private long budget = 1L << 31;
        private boolean deduplicate = true;
        private boolean verify;

        private Builder(Chart chart, Kernel kernel) {
            this.chart = Objects.requireNonNull(chart, "chart");
            this.kernel = Objects.requireNonNull(kernel, "kernel");
        }

        /** Variance normalisation (default {@link Normalisation#EXACT_VARIANCE}). */
        public Builder normalisation(Normalisation n) {
            this.normalisation = Objects.requireNonNull(n, "normalisation");
            return this;
        }

        /**
         * Relative tolerance within which two window geometries count as equal and share matrices (default 1e-10:
         * only geometries equal to rounding are merged).
         */
        public Builder geometryTolerance(double relative) {
            if (!(relative > 0) || relative >= 1) {
                throw new IllegalArgumentException("geometry tolerance must lie in (0, 1), got " + relative);
            }
            this.tolerance = relative;
            return this;
        }

        /**
         * Whether to check, while building, every window against the representative of its matrix class: all
         * pairwise distances between corresponding points must agree within 16 geometry tolerances of the window's
         * diameter, else the build throws {@link IllegalStateException}; {@link IcrPrior#deduplicationDeviation()}
         * reports the largest deviation. Costs O(windows · (nc + nf)²) per level (35 points per HEALPix window): meant
         * for small charts (default off).
         */
        public Builder verifyDeduplication(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** With false, one matrix class per window (the tables are the same): the reference for the deduplication. */
        Builder deduplicate(boolean deduplicate) {
            this.deduplicate = deduplicate;
            return this;
        }

        /** Memory the exact variance normalisation may use, in bytes (default 2 GiB). */
        public Builder normalisationBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("normalisation budget must be > 0, got " + bytes);
            }
            this.budget = bytes;
            return this;
        }

        public IcrPrior build() {
            return new IcrPrior(this);
        }
    }
}
