package org.dust4j.inducing;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.dust4j.core.DType;
import org.dust4j.core.json.Json;

/**
 * The configuration of an inducing-point fit (Dharmawardena et al. 2022): training and prediction grids, the
 * Gaussian-process prior's initial hyperparameters, the variational family, the Monte-Carlo ELBO, AdamW and the
 * stopping rule. Immutable; build with {@link #builder(LbdGrid)}. See docs/inducing.md for the model.
 *
 * <p>Defaults: prediction grid = the training grid with linear spacing on all axes; initial mean log10 density
 * c = −3 (1 mmag/pc), amplitude α = 1 (variance of log10 ρ), length scales γ = (50, 50, 50) pc, positive
 * parameters through {@link PositiveTransform#LOG}; 1000 inducing points, learned, as are the hyperparameters;
 * initial variational factor 0.1·I; 32 samples drawn {@link SamplingScheme#JOINT}ly, not antithetic; jitter 1e-6
 * (FLOAT64) or 1e-4 (FLOAT32) relative to α; AdamW {@link AdamW.Settings#defaults()} with the off-diagonal of L
 * at lr·min(1, √(2/M)); stop when the ELBO spread over the last 10 iterations is below 1 % of their median
 * magnitude, after at least 10 and at most 1000 iterations; seed 0; FLOAT64; no checkpoints (every 50 iterations
 * once a file is set); no distance-error inflation; 100 prediction samples; the cross-covariance cached between
 * the forward and reverse pass up to 1 GiB.
 */
public final class InducingConfig {
    private final LbdGrid trainingGrid;
    private final LbdGrid predictionGrid;
    private final double meanLog10Density;
    private final double amplitude;
    private final double[] lengthScales;
    private final PositiveTransform positiveTransform;
    private final int inducingPoints;
    private final boolean learnInducingPoints;
    private final boolean learnHyperparameters;
    private final double initialFactor;
    private final int samples;
    private final SamplingScheme sampling;
    private final boolean antithetic;
    private final double jitter;
    private final AdamW.Settings adamW;
    private final double offDiagonalLearningRate;
    private final double tolerance;
    private final int window;
    private final int minIterations;
    private final int maxIterations;
    private final long seed;
    private final DType dtype;
    private final Path checkpointFile;
    private final int checkpointEvery;
    private final double distanceInflationDensity;
    private final int predictionSamples;
    private final long kernelCacheBytes;

    private InducingConfig(Builder b) {
        this.trainingGrid = b.trainingGrid;
        this.predictionGrid = b.predictionGrid != null ? b.predictionGrid
                : b.trainingGrid.withSpacings(Spacing.LINEAR, Spacing.LINEAR, Spacing.LINEAR);
        this.meanLog10Density = b.meanLog10Density;
        this.amplitude = b.amplitude;
        this.lengthScales = b.lengthScales.clone();
        this.positiveTransform = b.positiveTransform;
        this.inducingPoints = b.inducingPoints;
        this.learnInducingPoints = b.learnInducingPoints;
        this.learnHyperparameters = b.learnHyperparameters;
        this.initialFactor = b.initialFactor;
        this.samples = b.samples;
        this.sampling = b.sampling;
        this.antithetic = b.antithetic;
        this.dtype = b.dtype;
        this.jitter = Double.isNaN(b.jitter) ? (b.dtype == DType.FLOAT32 ? 1e-4 : 1e-6) : b.jitter;
        this.adamW = b.adamW;
        this.offDiagonalLearningRate = b.offDiagonalLearningRate;
        this.tolerance = b.tolerance;
        this.window = b.window;
        this.minIterations = Math.max(b.minIterations, b.window);
        this.maxIterations = b.maxIterations;
        this.seed = b.seed;
        this.checkpointFile = b.checkpointFile;
        this.checkpointEvery = b.checkpointEvery;
        this.distanceInflationDensity = b.distanceInflationDensity;
        this.predictionSamples = b.predictionSamples;
        this.kernelCacheBytes = b.kernelCacheBytes;
    }

    /** A builder with the defaults for a training grid. */
    public static Builder builder(LbdGrid trainingGrid) {
        return new Builder(trainingGrid);
    }

    /** A builder preset to this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(trainingGrid);
        b.predictionGrid = predictionGrid;
        b.meanLog10Density = meanLog10Density;
        b.amplitude = amplitude;
        b.lengthScales = lengthScales.clone();
        b.positiveTransform = positiveTransform;
        b.inducingPoints = inducingPoints;
        b.learnInducingPoints = learnInducingPoints;
        b.learnHyperparameters = learnHyperparameters;
        b.initialFactor = initialFactor;
        b.samples = samples;
        b.sampling = sampling;
        b.antithetic = antithetic;
        b.jitter = jitter;
        b.adamW = adamW;
        b.offDiagonalLearningRate = offDiagonalLearningRate;
        b.tolerance = tolerance;
        b.window = window;
        b.minIterations = minIterations;
        b.maxIterations = maxIterations;
        b.seed = seed;
        b.dtype = dtype;
        b.checkpointFile = checkpointFile;
        b.checkpointEvery = checkpointEvery;
        b.distanceInflationDensity = distanceInflationDensity;
        b.predictionSamples = predictionSamples;
        b.kernelCacheBytes = kernelCacheBytes;
        return b;
    }

    /** The grid of cells whose densities are fitted. */
    public LbdGrid trainingGrid() {
        return trainingGrid;
    }

    /** The (usually finer) grid on which densities and extinctions are predicted. */
    public LbdGrid predictionGrid() {
        return predictionGrid;
    }

    /** Initial constant mean c of φ = log10 ρ (ρ in mag/pc). */
    public double meanLog10Density() {
        return meanLog10Density;
    }

    /** Initial kernel amplitude α, the prior variance of φ. */
    public double amplitude() {
        return amplitude;
    }

    /** Initial length scales γ_x, γ_y, γ_z [pc] (a copy). */
    public double[] lengthScales() {
        return lengthScales.clone();
    }

    /** How α, γ and the diagonal of the variational Cholesky factor are kept positive. */
    public PositiveTransform positiveTransform() {
        return positiveTransform;
    }

    /** Number M of inducing points. */
    public int inducingPoints() {
        return inducingPoints;
    }

    /** Whether the inducing locations are optimised (else they stay at their initial star positions). */
    public boolean learnInducingPoints() {
        return learnInducingPoints;
    }

    /** Whether c, α and γ are optimised (else they stay at their initial values). */
    public boolean learnHyperparameters() {
        return learnHyperparameters;
    }

    /** The initial variational factor is L = initialFactor · I (1 would start q(v) at the prior). */
    public double initialFactor() {
        return initialFactor;
    }

    /** Number S of Monte-Carlo samples of the expected log-likelihood. */
    public int samples() {
        return samples;
    }

    /** How the samples are drawn. */
    public SamplingScheme sampling() {
        return sampling;
    }

    /** Whether the Monte-Carlo noise comes in antithetic pairs (ε, −ε). */
    public boolean antithetic() {
        return antithetic;
    }

    /** Relative jitter j: K_uu gets α·j added to its diagonal. */
    public double jitter() {
        return jitter;
    }

    /** The optimiser's settings. */
    public AdamW.Settings adamW() {
        return adamW;
    }

    /**
     * AdamW's learning rate for the off-diagonal entries of the variational Cholesky factor L; by default
     * lr·min(1, √(2/M)), so that an Adam step moves the M(M−1)/2 off-diagonal entries by about as much in
     * Frobenius norm as the M diagonal ones.
     */
    public double offDiagonalLearningRate() {
        return Double.isNaN(offDiagonalLearningRate)
                ? adamW.learningRate() * Math.min(1, Math.sqrt(2.0 / inducingPoints)) : offDiagonalLearningRate;
    }

    /** Relative ELBO spread below which the fit stops. */
    public double tolerance() {
        return tolerance;
    }

    /** Number of most recent iterations over which the ELBO spread is measured. */
    public int window() {
        return window;
    }

    /** Minimum number of iterations before the stopping rule applies (at least the window). */
    public int minIterations() {
        return minIterations;
    }

    /** Iteration cap. */
    public int maxIterations() {
        return maxIterations;
    }

    /** Seed of the inducing-point choice and of the Monte-Carlo draws (Philox streams). */
    public long seed() {
        return seed;
    }

    /** Floating type of all tensors. */
    public DType dtype() {
        return dtype;
    }

    /** Where checkpoints are written (atomically), if anywhere. */
    public Optional<Path> checkpointFile() {
        return Optional.ofNullable(checkpointFile);
    }

    /** Iterations between checkpoints. */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /**
     * Density ρ_d [mag/pc] with which distance errors inflate extinction errors, σ² = σ_A² + (ρ_d σ_d)²; 0 means
     * no inflation.
     */
    public double distanceInflationDensity() {
        return distanceInflationDensity;
    }

    /** Number of posterior samples drawn for predictions. */
    public int predictionSamples() {
        return predictionSamples;
    }

    /** Memory up to which the training cross-covariance K_xu is kept between the forward and the reverse pass. */
    public long kernelCacheBytes() {
        return kernelCacheBytes;
    }

    /** A one-line description of every setting, for provenance headers and logs. */
    public String describe() {
        return Json.writeAscii(Json.object("method", "inducing", "trainingGrid", trainingGrid.toString(),
                "predictionGrid", predictionGrid.toString(), "c0", meanLog10Density, "alpha0", amplitude,
                "gamma0", Json.array(lengthScales), "transform", positiveTransform.toString(),
                "inducingPoints", inducingPoints, "initialFactor", initialFactor, "learnInducing", learnInducingPoints,
                "learnHyper", learnHyperparameters, "samples", samples, "sampling", sampling.toString(),
                "antithetic", antithetic, "jitter", jitter, "adamW", adamW.toString(),
                "offDiagonalLearningRate", offDiagonalLearningRate(), "tolerance", tolerance, "window", window,
                "minIterations", minIterations, "maxIterations", maxIterations, "seed", seed, "dtype", dtype.toString(),
                "distanceInflationDensity", distanceInflationDensity, "predictionSamples", predictionSamples));
    }

    /**
     * The settings that define the model and its random streams (grid, inducing points, samples, sampling scheme,
     * transform, jitter, what is learned, seed, dtype, error inflation): a checkpoint only resumes a fit whose
     * configuration has the same fingerprint. Optimiser settings, stopping rule and prediction settings may differ.
     */
    public String fingerprint() {
        return String.format(Locale.ROOT,
                "%s|M=%d|S=%d|%s|antithetic=%b|%s|j=%s|learnZ=%b|learnH=%b|seed=%d|%s|inflate=%s",
                trainingGrid, inducingPoints, samples, sampling, antithetic, positiveTransform, jitter, learnInducingPoints,
                learnHyperparameters, seed, dtype, distanceInflationDensity);
    }

    @Override
    public String toString() {
        return "InducingConfig" + describe();
    }

    /** A mutable builder; every setter validates its argument and names it in the error. */
    public static final class Builder {
        private final LbdGrid trainingGrid;
        private LbdGrid predictionGrid;
        private double meanLog10Density = -3;
        private double amplitude = 1;
        private double[] lengthScales = {50, 50, 50};
        private PositiveTransform positiveTransform = PositiveTransform.LOG;
        private int inducingPoints = 1000;
        private boolean learnInducingPoints = true;
        private boolean learnHyperparameters = true;
        private double initialFactor = 0.1;
        private int samples = 32;
        private SamplingScheme sampling = SamplingScheme.JOINT;
        private boolean antithetic;
        private double jitter = Double.NaN;
        private AdamW.Settings adamW = AdamW.Settings.defaults();
        private double offDiagonalLearningRate = Double.NaN;
        private double tolerance = 0.01;
        private int window = 10;
        private int minIterations = 10;
        private int maxIterations = 1000;
        private long seed;
        private DType dtype = DType.FLOAT64;
        private Path checkpointFile;
        private int checkpointEvery = 50;
        private double distanceInflationDensity;
        private int predictionSamples = 100;
        private long kernelCacheBytes = 1L << 30;

        private Builder(LbdGrid trainingGrid) {
            this.trainingGrid = Objects.requireNonNull(trainingGrid, "trainingGrid");
        }

        /** The prediction grid. */
        public Builder predictionGrid(LbdGrid grid) {
            this.predictionGrid = Objects.requireNonNull(grid, "predictionGrid");
            return this;
        }

        /** Initial constant mean c of log10 ρ (ρ in mag/pc). */
        public Builder meanLog10Density(double c) {
            this.meanLog10Density = finite("meanLog10Density", c);
            return this;
        }

        /** Initial kernel amplitude α > 0. */
        public Builder amplitude(double alpha) {
            this.amplitude = positive("amplitude", alpha);
            return this;
        }

        /** Initial length scales [pc] along x, y, z, each > 0. */
        public Builder lengthScales(double gx, double gy, double gz) {
            this.lengthScales = new double[] {positive("lengthScale x", gx), positive("lengthScale y", gy),
                positive("lengthScale z", gz)};
            return this;
        }

        /** How positive parameters are represented. */
        public Builder positiveTransform(PositiveTransform t) {
            this.positiveTransform = Objects.requireNonNull(t, "positiveTransform");
            return this;
        }

        /** Number of inducing points, >= 1. */
        public Builder inducingPoints(int m) {
            this.inducingPoints = atLeast("inducingPoints", m, 1);
            return this;
        }

        /** Whether the inducing locations are learned. */
        public Builder learnInducingPoints(boolean learn) {
            this.learnInducingPoints = learn;
            return this;
        }

        /** Whether c, α and γ are learned. */
        public Builder learnHyperparameters(boolean learn) {
            this.learnHyperparameters = learn;
            return this;
        }

        /**
         * The initial variational factor L = s · I, s > 0 (default 0.1; s = 1, q(v) at the prior N(0, I) as in
         * GPyTorch, starts with samples as wide as the prior and converged far more slowly, see docs/inducing.md).
         */
        public Builder initialFactor(double s) {
            this.initialFactor = positive("initialFactor", s);
            return this;
        }

        /** Number of Monte-Carlo samples per iteration, >= 1. */
        public Builder samples(int s) {
            this.samples = atLeast("samples", s, 1);
            return this;
        }

        /** How samples are drawn. */
        public Builder sampling(SamplingScheme s) {
            this.sampling = Objects.requireNonNull(s, "sampling");
            return this;
        }

        /**
         * Whether samples come in antithetic pairs (ε, −ε): unbiased, and it cancels the first-order noise of the
         * gradient with respect to the variational factor L.
         */
        public Builder antithetic(boolean pairs) {
            this.antithetic = pairs;
            return this;
        }

        /** Relative jitter on the diagonal of K_uu, >= 0. */
        public Builder jitter(double j) {
            if (!(j >= 0) || !Double.isFinite(j)) {
                throw new IllegalArgumentException("jitter must be >= 0, got " + j);
            }
            this.jitter = j;
            return this;
        }

        /** AdamW settings. */
        public Builder adamW(AdamW.Settings s) {
            this.adamW = Objects.requireNonNull(s, "adamW");
            return this;
        }

        /** Learning rate of AdamW (other settings kept). */
        public Builder learningRate(double lr) {
            this.adamW = new AdamW.Settings(lr, adamW.beta1(), adamW.beta2(), adamW.epsilon(), adamW.weightDecay());
            return this;
        }

        /**
         * A separate AdamW learning rate for the M(M−1)/2 off-diagonal entries of the variational factor L (default:
         * lr·min(1, √(2/M))). Adam moves every entry by about its learning rate per step, so with one learning rate
         * the off-diagonal part moves by about lr·M/√2 in Frobenius norm per step, against √M·lr for the diagonal:
         * for M = 1000 at lr 0.01 that made the fit diverge (see docs/inducing.md).
         */
        public Builder offDiagonalLearningRate(double lr) {
            if (!(lr >= 0) || !Double.isFinite(lr)) {
                throw new IllegalArgumentException("offDiagonalLearningRate must be >= 0, got " + lr);
            }
            this.offDiagonalLearningRate = lr;
            return this;
        }

        /**
         * The stopping rule: stop once (max − min) / |median| of the ELBO over the last {@code window}
         * iterations is below {@code tolerance}, but not before {@code minIterations}.
         */
        public Builder stopping(double tolerance, int window, int minIterations) {
            if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
            }
            this.tolerance = tolerance;
            this.window = atLeast("window", window, 2);
            this.minIterations = atLeast("minIterations", minIterations, 0);
            return this;
        }

        /** Iteration cap, >= 1. */
        public Builder maxIterations(int n) {
            this.maxIterations = atLeast("maxIterations", n, 1);
            return this;
        }

        /** Random seed. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** FLOAT32 or FLOAT64. */
        public Builder dtype(DType t) {
            if (!Objects.requireNonNull(t, "dtype").isFloating()) {
                throw new IllegalArgumentException("dtype must be FLOAT32 or FLOAT64, got " + t);
            }
            this.dtype = t;
            return this;
        }

        /** Write a checkpoint to {@code file} every {@code every} iterations (and at the end). */
        public Builder checkpoint(Path file, int every) {
            this.checkpointFile = Objects.requireNonNull(file, "checkpoint file");
            this.checkpointEvery = atLeast("checkpointEvery", every, 1);
            return this;
        }

        /** Inflate extinction errors by distance errors with this density [mag/pc] (0: off). */
        public Builder distanceInflationDensity(double rho) {
            if (!(rho >= 0) || !Double.isFinite(rho)) {
                throw new IllegalArgumentException("distanceInflationDensity must be >= 0, got " + rho);
            }
            this.distanceInflationDensity = rho;
            return this;
        }

        /** Number of posterior samples for predictions, >= 2. */
        public Builder predictionSamples(int n) {
            this.predictionSamples = atLeast("predictionSamples", n, 2);
            return this;
        }

        /** Memory [bytes] up to which K_xu is cached between the passes (beyond it, it is recomputed). */
        public Builder kernelCacheBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("kernelCacheBytes must be >= 0, got " + bytes);
            }
            this.kernelCacheBytes = bytes;
            return this;
        }

        /** The configuration. */
        public InducingConfig build() {
            return new InducingConfig(this);
        }

        private static double finite(String name, double x) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(name + " must be finite, got " + x);
            }
            return x;
        }

        private static double positive(String name, double x) {
            if (!(x > 0) || !Double.isFinite(x)) {
                throw new IllegalArgumentException(name + " must be positive and finite, got " + x);
            }
            return x;
        }

        private static int atLeast(String name, int x, int min) {
            if (x < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", got " + x);
            }
            return x;
        }
    }
}
