package org.dust4j.inducing;

import java.util.Arrays;
import java.util.Objects;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Predictions from a fitted {@link Posterior}: samples of ρ = 10^φ on a grid and of the extinction along every
 * line of sight, or of the extinction to stars, summarised by {@link SampleSummary}. The samples are joint
 * draws of the projected field φ = c + K(x, Z) L_uu⁻ᵀ v, v ~ q(v) (see {@link PosteriorSampler}), computed on
 * the backend in blocks of whole lines of sight; their statistics are taken on the host.
 */
public final class Predictor {
    private static final long BLOCK_ELEMENTS = 1L << 22;
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    private Predictor() {
    }

    /** The Philox seed of prediction draws: the configuration's seed mixed with a fixed constant. */
    public static long predictionSeed(InducingConfig config) {
        return config.seed() ^ SEED_MIX;
    }

    /** Predicts on the configured prediction grid with the configured number of samples. */
    public static Prediction predict(Posterior posterior, Backend backend) {
        InducingConfig c = posterior.config();
        return predict(posterior, c.predictionGrid(), c.predictionSamples(), predictionSeed(c), backend);
    }

    /**
     * Predicts ρ in every region cell of {@code grid} and the extinction to every cell centre,
     * A = Σ_{j<k} ρ_j Δd_j + ρ_k (c_k − d_{k−1}): the sum over the cells in front (ghost cells included) plus
     * the cell's own density times the distance from its inner boundary d_{k−1} to its centre c_k.
     */
    public static Prediction predict(Posterior posterior, LbdGrid grid, int samples, long seed, Backend backend) {
        Objects.requireNonNull(grid, "grid");
        if (samples < 2) {
            throw new IllegalArgumentException("predictions need at least 2 samples, got " + samples);
        }
        DType dtype = posterior.config().dtype();
        int m = posterior.config().inducingPoints();
        int depth = grid.depth();
        int ghosts = grid.ghostCells();
        int nl = grid.l().cells();
        int nb = grid.b().cells();
        int region = grid.columns() * grid.d().cells();
        SampleSummary density = SampleSummary.empty(region);
        SampleSummary extinction = SampleSummary.empty(region);
        int columnsPerBlock = (int) Math.max(1, Math.min(grid.columns(), BLOCK_ELEMENTS / ((long) depth * m)));
        double[][] xyz = grid.cartesianCentres();
        double[] bounds = grid.distanceBounds();
        double[] centres = grid.distanceCentres();
        int blockCells = columnsPerBlock * depth;
        double[] toCentre = new double[blockCells * samples];
        double[] widths = new double[blockCells * samples];
        for (int i = 0; i < blockCells; i++) {
            int k = i % depth;
            Arrays.fill(toCentre, i * samples, (i + 1) * samples, centres[k] - bounds[k]);
            Arrays.fill(widths, i * samples, (i + 1) * samples, bounds[k + 1] - bounds[k]);
        }
        double[] rhoHost = new double[blockCells * samples];
        double[] extHost = new double[blockCells * samples];
        try (PosteriorSampler sampler = new PosteriorSampler(posterior, backend, samples, seed);
             Tensor widthAll = backend.fromHost(widths, dtype, Shape.of(blockCells, samples));
             Tensor centreAll = backend.fromHost(toCentre, dtype, Shape.of(blockCells, samples))) {
            for (int col0 = 0; col0 < grid.columns(); col0 += columnsPerBlock) {
                int cols = Math.min(columnsPerBlock, grid.columns() - col0);
                int cells = cols * depth;
                try (Tensor x = sampler.points(xyz, col0 * depth, col0 * depth + cells);
                     Tensor phi = sampler.phi(x);
                     Tensor rho = LineOfSight.density(phi);
                     Tensor ext = rho.mul(widthAll.slice(0, cells))) {
                    LineOfSight.exclusiveColumnSums(ext, cols, depth, samples);
                    backend.fma(rho, centreAll.slice(0, cells), ext, ext);
                    backend.copyToHost(rho, rhoHost, 0);
                    backend.copyToHost(ext, extHost, 0);
                }
                for (int c = 0; c < cols; c++) {
                    int column = col0 + c;
                    int il = column / nb;
                    int ib = column % nb;
                    for (int k = ghosts; k < depth; k++) {
                        int from = (c * depth + k) * samples;
                        int at = il + nl * (ib + nb * (k - ghosts));
                        density.set(at, rhoHost, from, samples);
                        extinction.set(at, extHost, from, samples);
                    }
                }
            }
        }
        return new Prediction(grid, samples, density, extinction);
    }

    /**
     * The posterior extinction to each star under the model's own line-of-sight integral over the training grid,
     * A = Σ_{j<k} ρ_j Δd_j + ρ_k (d − d_{k−1}); stars outside the training region get NaN.
     */
    public static SampleSummary starExtinctions(Posterior posterior, Stars stars, int samples, long seed,
                                                Backend backend) {
        InducingConfig config = posterior.config();
        LbdGrid grid = config.trainingGrid();
        DType dtype = config.dtype();
        int m = config.inducingPoints();
        int n = grid.cellCount();
        LineOfSight.Located located = LineOfSight.Located.of(grid, stars);
        int used = located.count();
        SampleSummary out = SampleSummary.empty(stars.size());
        if (used == 0) {
            return out;
        }
        double[][] xyz = grid.cartesianCentres();
        int rows = (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / m));
        double[] host = new double[used * samples];
        try (PosteriorSampler sampler = new PosteriorSampler(posterior, backend, samples, seed);
             Tensor rho = backend.zeros(dtype, Shape.of(n, samples));
             LineOfSight los = LineOfSight.create(grid, located.cells(), located.distances(), samples, dtype, backend)) {
            for (int r0 = 0; r0 < n; r0 += rows) {
                int r1 = Math.min(n, r0 + rows);
                try (Tensor x = sampler.points(xyz, r0, r1); Tensor phi = sampler.phi(x);
                     Tensor block = LineOfSight.density(phi)) {
                    backend.copy(block, rho.slice(r0, r1));
                }
            }
            try (Tensor a = los.extinction(rho)) {
                backend.copyToHost(a, host, 0);
            }
        }
        for (int j = 0; j < used; j++) {
            out.set(located.stars()[j], host, j * samples, samples);
        }
        return out;
    }
}
