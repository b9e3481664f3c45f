package org.dust4j.inducing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Linalg;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Pointwise;
import org.dust4j.core.op.Space;
import org.dust4j.core.op.TensorCache;

/**
 * The evidence lower bound of the inducing-point model as a differentiable function of one flat parameter vector
 * θ, built with the core operator algebra (see docs/inducing.md):
 * <pre>
 *   θ = [m (M), L packed (M(M+1)/2, row-major lower triangle, diagonal raw), c, α raw, γ raw (3), Z (3 × M)]
 *   K_uu = K(Z, Z) + α·jitter·I,  L_uu = chol(K_uu)
 *   JOINT:    V = m 1ᵀ + L ε (ε [M, S]),  W = L_uu⁻ᵀ V,  Φ = c + K(X, Z) W
 *   MARGINAL: B = L_uu⁻¹ K(Z, X),  Φ_is = c + (Bᵀ m)_i + σ_i ε_is,  σ_i² = α(1 + jitter) − |B_i|² + |Lᵀ B_i|²
 *   ELBO = ℓ(Φ) − KL,  KL = ½ (|m|² + |L|²_F − M − 2 Σ log L_ii)
 * </pre>
 * X are the training cell centres, Z the inducing points, both in heliocentric Galactic Cartesian coordinates
 * shifted by {@link #origin()} (the kernel is translation invariant). ε is redrawn by {@link #drawNoise} from the
 * Philox stream of the configured seed at offset iteration × ε.size(), so a run can be reproduced or resumed.
 */
public final class ElboModel implements AutoCloseable {
    /** Block index of the variational mean m [M]. */
    public static final int MEAN = 0;
    /** Block index of the packed variational Cholesky factor [M(M+1)/2]. */
    public static final int FACTOR = 1;
    /** Block index of the constant mean c [1]. */
    public static final int CONSTANT = 2;
    /** Block index of the raw amplitude [1]. */
    public static final int AMPLITUDE = 3;
    /** Block index of the raw length scales [3]. */
    public static final int LENGTH_SCALES = 4;
    /** Block index of the inducing points Z [3, M] (rows x, y, z, shifted by the origin). */
    public static final int INDUCING = 5;

    private final InducingConfig config;
    private final Backend backend;
    private final DType dtype;
    private final int m;
    private final Blocks layout;
    private final double[] origin;
    private final int[] usedStars;
    private final double[][] initialInducing;
    private final Tensor noise;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final TensorCache tables = own(new TensorCache());
    private final LinearOperator noiseTranspose;
    private final Operator kl;
    private final Operator phi;
    private final Operator elbo;
    private final Operator terms;

    private ElboModel(InducingConfig config, Stars stars, Backend backend) {
        this.config = config;
        this.backend = backend;
        this.dtype = config.dtype();
        this.m = config.inducingPoints();
        int s = config.samples();
        LbdGrid grid = config.trainingGrid();
        int n = grid.cellCount();
        this.layout = layoutOf(dtype, m);
        double[][] x = grid.cartesianCentres();
        this.origin = regionCentre(grid, x);
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < n; i++) {
                x[k][i] -= origin[k];
            }
        }
        LineOfSight.Located located = LineOfSight.Located.of(grid, stars);
        int used = located.count();
        if (used < m) {
            throw new IllegalArgumentException(m + " inducing points are initialised at distinct stars, but only " + used
                    + " of " + stars.size() + " stars lie inside the training region " + grid);
        }
        this.usedStars = located.stars();
        this.initialInducing = chooseInducing(stars, usedStars, m, config.seed(), origin);

        Space mm = Space.of(dtype, m, m);
        Space ms = Space.of(dtype, m, s);
        Operator mean = layout.extract(MEAN);
        Operator packed = layout.extract(FACTOR);
        Operator factor = lowerFactor(m).after(packed);
        this.noiseTranspose = LinearOperator.transpose(Space.of(dtype, s,
                config.sampling() == SamplingScheme.JOINT ? m : n), tables);
        Operator c = layout.extract(CONSTANT);
        Operator alpha = positive(1).after(layout.extract(AMPLITUDE));
        Operator gamma = positive(3).after(layout.extract(LENGTH_SCALES));
        Operator z = layout.extract(INDUCING);
        Operator kernelArgs = Operator.concat(alpha, gamma, z);
        Operator luu = Linalg.cholesky(mm, tables).after(KernelOperator.gram(dtype, m, config.jitter(), tables)
                .after(kernelArgs));
        Tensor onesS = own(ones(1, s));
        if (config.sampling() == SamplingScheme.JOINT) {
            this.noise = own(backend.zeros(dtype, Shape.of(m, s)));
            Operator columns = broadcastColumns(m, onesS).after(mean);
            Operator v = columns.plus(Linalg.matmul(mm, false, ms, false).withSecond(noise).after(factor));
            Operator w = Linalg.triangularSolve(mm, ms, true, true, tables).of(luu, v);
            CrossProjection projection = own(CrossProjection.create(x, m, s, dtype, backend, config.kernelCacheBytes()));
            this.phi = projection.after(Operator.concat(c, alpha, gamma, z, w));
        } else {
            this.noise = own(backend.zeros(dtype, Shape.of(n, s)));
            Tensor xt = own(backend.fromHost(flatten(x), dtype, Shape.of(3, n)));
            Space mn = Space.of(dtype, m, n);
            Operator b = Linalg.triangularSolve(mm, mn, true, false, tables).of(luu,
                    KernelOperator.cross(m, xt).after(kernelArgs));
            Blocks y = Blocks.of(dtype, Shape.of(1), Shape.of(1), Shape.of(m), Shape.of(m, m), Shape.of(m, n));
            Operator yb = y.extract(4);
            LinearOperator toCells = LinearOperator.matrix(own(ones(n, 1)), Shape.of(1));
            Tensor onesM = own(ones(1, m));
            Operator mu = toCells.after(y.extract(0)).plus(LinearOperator.reshape(Space.of(dtype, n, 1), Shape.of(n))
                    .after(Linalg.matmul(mn, true, Space.of(dtype, m, 1), false)
                            .of(yb, LinearOperator.reshape(Space.of(dtype, m), Shape.of(m, 1)).after(y.extract(2)))));
            Operator lb = Linalg.matmul(mm, true, mn, false).of(y.extract(3), yb);
            Operator variance = toCells.after(y.extract(1)).scale(1 + config.jitter())
                    .plus(columnSumOfSquares(m, n, onesM).after(yb).scale(-1))
                    .plus(columnSumOfSquares(m, n, onesM).after(lb));
            Operator sigma = Pointwise.sqrt(Space.of(dtype, n)).after(variance);
            Operator cellSamples = broadcastColumns(n, onesS).after(mu)
                    .plus(LinearOperator.diagonal(noise).after(broadcastColumns(n, onesS).after(sigma)));
            this.phi = cellSamples.after(Operator.concat(c, alpha, mean, factor, b));
        }

        LineOfSight los = own(LineOfSight.create(grid, located.cells(), located.distances(), s, dtype, backend));
        double rhoD = config.distanceInflationDensity();
        double[] scaled = new double[used * s];
        double[] inverse = new double[used * s];
        double constant = -0.5 * used * Math.log(2 * Math.PI);
        for (int j = 0; j < used; j++) {
            int i = usedStars[j];
            double sd = rhoD * stars.distanceError(i);
            double sigma = Math.sqrt(stars.extinctionError(i) * stars.extinctionError(i) + sd * sd);
            constant -= Math.log(sigma);
            Arrays.fill(scaled, j * s, (j + 1) * s, stars.extinction(i) / sigma);
            Arrays.fill(inverse, j * s, (j + 1) * s, 1 / sigma);
        }
        Tensor scaledData = own(backend.fromHost(scaled, dtype, Shape.of(used, s)));
        Tensor inverseSigma = own(backend.fromHost(inverse, dtype, Shape.of(used, s)));
        Operator ell = new LineOfSightLikelihood(Space.of(dtype, n, s), los, scaledData, inverseSigma, constant)
                .after(phi);

        Space vm = Space.of(dtype, m);
        Space packedSpace = layout.block(FACTOR);
        Operator diagonal = positive(m).after(LinearOperator.select(packedSpace, packedDiagonal(m), Shape.of(m), tables))
                .after(packed);
        Tensor minusHalfM = own(backend.zeros(dtype, Shape.scalar()));
        backend.fill(minusHalfM, -0.5 * m);
        this.kl = sumOfSquares(vm).after(mean)
                .plus(sumOfSquares(mm).after(factor))
                .plus(LinearOperator.sum(vm).after(Pointwise.log(vm)).after(diagonal).scale(-2))
                .scale(0.5).plus(minusHalfM);
        this.elbo = ell.plus(kl.scale(-1));
        this.terms = Operator.concat(ell, kl);
    }

    /**
     * The model for a configuration and the stars (those outside the training region, or in its ghost cells, are
     * left out) on a backend.
     *
     * @throws IllegalArgumentException if fewer stars than inducing points lie inside the region
     */
    public static ElboModel create(InducingConfig config, Stars stars, Backend backend) {
        return new ElboModel(config, stars, backend);
    }

    private <T extends AutoCloseable> T own(T t) {
        owned.add(t);
        return t;
    }

    private Tensor ones(int rows, int cols) {
        Tensor t = backend.zeros(dtype, Shape.of(rows, cols));
        backend.fill(t, 1);
        return t;
    }

    private Operator positive(int n) {
        return config.positiveTransform().operator(Space.of(dtype, n));
    }

    /** x [n] ↦ x 1ᵀ [n, S]. */
    private Operator broadcastColumns(int n, Tensor onesRow) {
        int s = onesRow.shape().dim(1);
        return Linalg.matmul(Space.of(dtype, n, 1), false, Space.of(dtype, 1, s), false).withSecond(onesRow)
                .after(LinearOperator.reshape(Space.of(dtype, n), Shape.of(n, 1)));
    }

    /** B [M, N] ↦ (Σ_j B_ji²)_i [N]. */
    private Operator columnSumOfSquares(int rows, int cols, Tensor onesRow) {
        Space mat = Space.of(dtype, rows, cols);
        return LinearOperator.reshape(Space.of(dtype, 1, cols), Shape.of(cols))
                .after(Linalg.matmul(Space.of(dtype, 1, rows), false, mat, false).withFirst(onesRow))
                .after(Pointwise.square(mat));
    }

    private static Operator sumOfSquares(Space s) {
        return LinearOperator.sum(s).after(Pointwise.square(s));
    }

    /** Packed (row-major lower triangle, raw diagonal) ↦ the lower-triangular factor with a positive diagonal. */
    private Operator lowerFactor(int n) {
        Space packedSpace = Space.of(dtype, n * (n + 1) / 2);
        Space mat = Space.of(dtype, n, n);
        int[] diagMat = new int[n];
        for (int i = 0; i < n; i++) {
            diagMat[i] = i * (n + 1);
        }
        Operator diag = LinearOperator.select(mat, diagMat, Shape.of(n), tables).adjoint().after(positive(n))
                .after(LinearOperator.select(packedSpace, packedDiagonal(n), Shape.of(n), tables));
        int off = n * (n - 1) / 2;
        if (off == 0) {
            return diag;
        }
        int[] offPacked = new int[off];
        int[] offMat = new int[off];
        for (int i = 0, p = 0; i < n; i++) {
            for (int j = 0; j < i; j++, p++) {
                offPacked[p] = i * (i + 1) / 2 + j;
                offMat[p] = i * n + j;
            }
        }
        return LinearOperator.select(mat, offMat, Shape.of(off), tables).adjoint()
                .after(LinearOperator.select(packedSpace, offPacked, Shape.of(off), tables)).plus(diag);
    }

    /** The layout of θ for M inducing points. */
    static Blocks layoutOf(DType dtype, int m) {
        return Blocks.of(dtype, Shape.of(m), Shape.of(m * (m + 1) / 2), Shape.of(1), Shape.of(1), Shape.of(3),
                Shape.of(3, m));
    }

    /** Positions of the diagonal in the packed row-major lower triangle. */
    static int[] packedDiagonal(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i * (i + 1) / 2 + i;
        }
        return idx;
    }

    /** The mean of the region's (non-ghost) cell centres. */
    private static double[] regionCentre(LbdGrid grid, double[][] x) {
        double[] o = new double[3];
        int count = 0;
        for (int i = 0; i < grid.cellCount(); i++) {
            if (i % grid.depth() >= grid.ghostCells()) {
                for (int k = 0; k < 3; k++) {
                    o[k] += x[k][i];
                }
                count++;
            }
        }
        for (int k = 0; k < 3; k++) {
            o[k] /= count;
        }
        return o;
    }

    /** M distinct stars drawn uniformly (partial Fisher–Yates with a seeded generator), shifted by the origin. */
    private static double[][] chooseInducing(Stars stars, int[] used, int m, long seed, double[] origin) {
        int[] pool = used.clone();
        SplittableRandom random = new SplittableRandom(seed);
        double[][] z = new double[3][m];
        for (int j = 0; j < m; j++) {
            int r = j + random.nextInt(pool.length - j);
            int t = pool[j];
            pool[j] = pool[r];
            pool[r] = t;
            double[] p = stars.cartesian(pool[j]);
            for (int k = 0; k < 3; k++) {
                z[k][j] = p[k] - origin[k];
            }
        }
        return z;
    }

    private static double[] flatten(double[][] x) {
        int n = x[0].length;
        double[] flat = new double[3 * n];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(x[k], 0, flat, k * n, n);
        }
        return flat;
    }

    /** The configuration. */
    public InducingConfig config() {
        return config;
    }

    /** The backend all tensors live on. */
    public Backend backend() {
        return backend;
    }

    /** The layout of θ (see the block indices). */
    public Blocks layout() {
        return layout;
    }

    /** The shift subtracted from all Cartesian coordinates [pc] (the mean of the region's cell centres), a copy. */
    public double[] origin() {
        return origin.clone();
    }

    /** Indices (into the stars given to {@link #create}) of the stars inside the training region. */
    public int[] usedStars() {
        return usedStars.clone();
    }

    /**
     * The initial parameters: m = 0, L = initialFactor · I, the configured c, α, γ and the inducing points at M distinct stars
     * chosen with the seed.
     */
    public Tensor initialParameters() {
        PositiveTransform t = config.positiveTransform();
        double[] theta = new double[(int) layout.space().size()];
        int factor = (int) layout.offset(FACTOR);
        for (int i : packedDiagonal(m)) {
            theta[factor + i] = t.raw(config.initialFactor());
        }
        theta[(int) layout.offset(CONSTANT)] = config.meanLog10Density();
        theta[(int) layout.offset(AMPLITUDE)] = t.raw(config.amplitude());
        double[] gamma = config.lengthScales();
        int z = (int) layout.offset(INDUCING);
        for (int k = 0; k < 3; k++) {
            theta[(int) layout.offset(LENGTH_SCALES) + k] = t.raw(gamma[k]);
            System.arraycopy(initialInducing[k], 0, theta, z + k * m, m);
        }
        return backend.fromHost(theta, dtype, layout.space().shape());
    }

    /**
     * The learning-rate multiplier of every entry of θ for {@link AdamW}: 1, except 0 for frozen entries (inducing
     * points and hyperparameters as configured) and offDiagonalLearningRate / learningRate for the off-diagonal
     * entries of the variational factor L.
     */
    public Tensor learningRateScale() {
        double[] mask = new double[(int) layout.space().size()];
        Arrays.fill(mask, 1);
        int factor = (int) layout.offset(FACTOR);
        double offDiagonal = config.offDiagonalLearningRate() / config.adamW().learningRate();
        for (int i = 0, p = factor; i < m; i++) {
            for (int j = 0; j < i; j++) {
                mask[p++] = offDiagonal;
            }
            p++;
        }
        if (!config.learnInducingPoints()) {
            zero(mask, INDUCING);
        }
        if (!config.learnHyperparameters()) {
            zero(mask, CONSTANT);
            zero(mask, AMPLITUDE);
            zero(mask, LENGTH_SCALES);
        }
        return backend.fromHost(mask, dtype, layout.space().shape());
    }

    private void zero(double[] mask, int block) {
        int from = (int) layout.offset(block);
        Arrays.fill(mask, from, from + (int) layout.block(block).size(), 0);
    }

    /**
     * Draws the Monte-Carlo noise of an iteration from the Philox stream of the configured seed at offset
     * iteration × (noise size). With antithetic sampling, samples s and s + S/2 are opposite (ε and −ε; an odd last
     * sample is drawn alone).
     */
    public void drawNoise(long iteration) {
        long offset = iteration * noise.size();
        int s = noise.shape().dim(1);
        if (!config.antithetic() || s < 2) {
            backend.randomNormal(config.seed(), offset, noise);
            return;
        }
        int rows = noise.shape().dim(0);
        int half = s / 2;
        Space bySample = Space.of(dtype, s, rows);
        try (Tensor t = bySample.zeros(backend)) {
            backend.randomNormal(config.seed(), offset, t.slice(0, half));
            backend.binaryScalar(org.dust4j.core.BinaryOp.MUL, t.slice(0, half), -1, t.slice(half, 2 * half));
            if (s % 2 == 1) {
                backend.randomNormal(config.seed(), offset + (long) half * rows, t.slice(s - 1, s));
            }
            try (Tensor transposed = noiseTranspose.apply(t)) {
                backend.copy(transposed, noise);
            }
        }
    }

    /** The current Monte-Carlo noise, [M, S] (JOINT) or [N, S] (MARGINAL), owned by the model. */
    Tensor noise() {
        return noise;
    }

    /** θ ↦ ELBO (for the current noise), a scalar. */
    public Operator elbo() {
        return elbo;
    }

    /**
     * θ ↦ [ℓ, KL] (the expected log-likelihood and the KL, ELBO = ℓ − KL) in one evaluation: the fitter reads both
     * and pulls back [−1, 1] for the gradient of −ELBO.
     */
    public Operator terms() {
        return terms;
    }

    /** θ ↦ KL(q(v) ‖ N(0, I)), a scalar. */
    public Operator kl() {
        return kl;
    }

    /** θ ↦ the samples Φ [N, S] of log10 ρ over the training cells (for the current noise). */
    Operator phi() {
        return phi;
    }

    /** The objective minimised by AdamW: −ELBO, with value and gradient. */
    public EnergyOperator negativeElbo() {
        return EnergyOperator.of(elbo.scale(-1));
    }

    /** The hyperparameters held in θ, in physical units (reads only their five elements). */
    public Hyperparameters hyperparameters(Tensor theta) {
        PositiveTransform t = config.positiveTransform();
        double[] g = layout.view(theta, LENGTH_SCALES).toDoubleArray();
        return new Hyperparameters(layout.view(theta, CONSTANT).item(), t.value(layout.view(theta, AMPLITUDE).item()),
                new double[] {t.value(g[0]), t.value(g[1]), t.value(g[2])});
    }

    /**
     * The hyperparameters in physical units from their raw block of θ (c, raw α, raw γ: the blocks
     * {@link #CONSTANT}, {@link #AMPLITUDE} and {@link #LENGTH_SCALES}, which are adjacent).
     */
    Hyperparameters hyperparametersOfRaw(double[] raw) {
        PositiveTransform t = config.positiveTransform();
        return new Hyperparameters(raw[0], t.value(raw[1]), new double[] {t.value(raw[2]), t.value(raw[3]),
                t.value(raw[4])});
    }

    /** The hyperparameters held in a host copy of θ, in physical units. */
    public Hyperparameters hyperparameters(double[] theta) {
        PositiveTransform t = config.positiveTransform();
        int g = (int) layout.offset(LENGTH_SCALES);
        return new Hyperparameters(theta[(int) layout.offset(CONSTANT)], t.value(theta[(int) layout.offset(AMPLITUDE)]),
                new double[] {t.value(theta[g]), t.value(theta[g + 1]), t.value(theta[g + 2])});
    }

    /** Releases the tensors the model uploaded. */
    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + owned.get(i), e);
            }
        }
        owned.clear();
    }
}
