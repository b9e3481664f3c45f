package org.dust4j.mgvi.dust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;

import org.dust4j.io.fits.HealpixMapWriter;
import org.dust4j.io.fits.HealpixProduct;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.ShellGeometry;
import org.dust4j.io.fits.SliceSource;
import org.dust4j.mgvi.IterationReport;
import org.dust4j.model.SphericalGrid;

/**
 * The outcome of a {@link DustReconstruction}: posterior samples of the dust density rho (extinction per parsec in
 * the band of the catalog's extinctions) on the whole grid (padding included), their mean and standard deviation,
 * the stars' predicted extinctions, the posterior of scl and off, the MGVI reports and the run's provenance.
 * Immutable: accessors return copies.
 *
 * <p>Fields on the grid are pixel-major, voxel (p, k) at p·N + k with N = {@code grid().sphericalGrid().nshell()}
 * (k counts all shells, the data region starting at {@code grid().firstDataShell()}). Standard deviations are over
 * the samples with the unbiased variance (n − 1), NIFTy's convention.
 */
public final class DustResult {
    /** File name of the mean-and-std product written by {@link #writeFits}. */
    public static final String MEAN_AND_STD_FILE = "mean_and_std_healpix.fits";
    /** File name of the samples product written by {@link #writeFits}. */
    public static final String SAMPLES_FILE = "samples_healpix.fits";

    private final DustGrid grid;
    private final float[][] samples;
    private final double[] mean;
    private final double[] std;
    private final double[] logMean;
    private final double[] logStd;
    private final StarPredictions stars;
    private final Summary scale;
    private final Summary offset;
    private final List<IterationReport> reports;
    private final String configuration;
    private final long seed;
    private final String priorReport;
    private final Timings timings;

    DustResult(DustGrid grid, PosteriorCollector c, List<IterationReport> reports, String configuration, long seed,
            int catalogStars, String priorReport, Timings timings) {
        this.grid = grid;
        this.samples = c.samples;
        this.mean = c.densityMean;
        this.std = c.densityStd;
        this.logMean = c.logMean;
        this.logStd = c.logStd;
        this.stars = new StarPredictions(catalogStars, c.catalogRows, c.extinctionMean, c.extinctionStd,
                c.distanceVariance, c.noiseFactor);
        this.scale = new Summary(c.scale[0], c.scale[1]);
        this.offset = new Summary(c.offset[0], c.offset[1]);
        this.reports = List.copyOf(reports);
        this.configuration = configuration;
        this.seed = seed;
        this.priorReport = priorReport;
        this.timings = timings;
    }

    /** Posterior mean and standard deviation of a scalar. */
    public record Summary(double mean, double std) {
    }

    /**
     * Wall-clock times of the phases of {@link DustReconstruction#run()}.
     *
     * @param setup      selecting the stars, building the ICR prior and the model
     * @param inference  the MGVI iterations
     * @param statistics mapping the samples through the model
     */
    public record Timings(Duration setup, Duration inference, Duration statistics) {
        /** The sum of the three. */
        public Duration total() {
            return setup.plus(inference).plus(statistics);
        }
    }

    /** The grid (its chart and spherical grid). */
    public DustGrid grid() {
        return grid;
    }

    /** The number of posterior samples. */
    public int sampleCount() {
        return samples.length;
    }

    /** Density of posterior sample i on the grid (a copy, float32). */
    public float[] sample(int i) {
        return samples[i].clone();
    }

    /** Posterior mean density on the grid (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** Posterior standard deviation of the density on the grid (a copy). */
    public double[] std() {
        return std.clone();
    }

    /** Posterior mean of log rho on the grid (a copy): MGVI's approximation is Gaussian in log rho, up to scl. */
    public double[] logMean() {
        return logMean.clone();
    }

    /** Posterior standard deviation of log rho on the grid (a copy). */
    public double[] logStd() {
        return logStd.clone();
    }

    /** The stars' predicted extinctions. */
    public StarPredictions stars() {
        return stars;
    }

    /** Posterior of scl in rho = exp(scl s + off). */
    public Summary scale() {
        return scale;
    }

    /** Posterior of off. */
    public Summary offset() {
        return offset;
    }

    /** One report per MGVI global iteration run (sample solves, minimisation). */
    public List<IterationReport> reports() {
        return reports;
    }

    /** Whether every sample solve of every global iteration converged. */
    public boolean allSamplesConverged() {
        return reports.stream().allMatch(r -> r.unconvergedSamples().isEmpty());
    }

    /** The run's configuration as JSON (model description with the stars' SHA-256, inference settings). */
    public String configuration() {
        return configuration;
    }

    /** The seed of the sample excitations. */
    public long seed() {
        return seed;
    }

    /** The ICR prior's report (matrix classes, fallbacks, memory, build time). */
    public String priorReport() {
        return priorReport;
    }

    public Timings timings() {
        return timings;
    }

    /** The two files {@link #writeFits} writes. */
    public record Products(Path meanAndStd, Path samples) {
    }

    /**
     * Writes the release layout (docs/fits-layout.md) into {@code directory} (created if missing):
     * {@value #MEAN_AND_STD_FILE} with MEAN, STD., RADIAL PIXEL CENTERS / BOUNDARIES and, when the grid has inner
     * padding, MEAN / STD. OF INTEGRATED INNER rMin PC (the density integrated over the inner padding shells, i.e.
     * from the grid's first boundary to rMin); and {@value #SAMPLES_FILE} with SAMPLES, the radial tables and each
     * sample's INTEGRATED INNER rMin PC. The cubes hold the data region's shells (rMin..rMax), as the release; the
     * outer padding is not written. Every header carries the provenance (configuration JSON, seed). Float32.
     */
    public Products writeFits(Path directory) throws IOException {
        return writeFits(directory, Provenance.of(configuration, seed));
    }

    /**
     * {@link #writeFits(Path)} with the caller's provenance in every header instead of this result's, e.g. one whose
     * configuration wraps {@link #configuration()} together with the settings of the tool that ran the reconstruction.
     */
    public Products writeFits(Path directory, Provenance provenance) throws IOException {
        Objects.requireNonNull(provenance, "provenance");
        Files.createDirectories(directory);
        SphericalGrid g = grid.sphericalGrid();
        int first = grid.firstDataShell();
        int shells = grid.dataShells();
        int nshell = g.nshell();
        int npix = g.npix();
        ShellGeometry all = g.shellGeometry();
        ShellGeometry data = new ShellGeometry(g.nside(), Arrays.copyOfRange(all.centers(), first, first + shells),
                Arrays.copyOfRange(all.boundaries(), first, first + shells + 1));
        SliceSource meanSource = (s, shell, out) -> column(v -> mean[v], nshell, first + shell, out);
        SliceSource stdSource = (s, shell, out) -> column(v -> std[v], nshell, first + shell, out);
        HealpixProduct meanAndStd = HealpixProduct.meanAndStd(data, meanSource, stdSource, provenance);
        HealpixProduct samplesProduct = HealpixProduct.samples(data, samples.length,
                (s, shell, out) -> column(v -> samples[s][v], nshell, first + shell, out), provenance);
        if (first > 0) {
            double[][] inner = innerIntegrals();
            SampleMoments m = new SampleMoments(npix);
            for (double[] map : inner) {
                m.add(map);
            }
            meanAndStd = meanAndStd.withInner(grid.rMin(), SliceSource.of(m.mean(), 1), SliceSource.of(m.std(), 1));
            samplesProduct = samplesProduct.withInner(grid.rMin(), (s, zero, out) ->
                    System.arraycopy(inner[s], 0, out, 0, npix), null);
        }
        Products files = new Products(directory.resolve(MEAN_AND_STD_FILE), directory.resolve(SAMPLES_FILE));
        HealpixMapWriter.write(files.meanAndStd(), meanAndStd);
        HealpixMapWriter.write(files.samples(), samplesProduct);
        return files;
    }

    /** Per sample, the density integrated over the inner padding shells of each pixel, [sample][pixel]. */
    private double[][] innerIntegrals() {
        SphericalGrid g = grid.sphericalGrid();
        int nshell = g.nshell();
        double[] dr = g.shellWidths();
        double[][] out = new double[samples.length][g.npix()];
        for (int s = 0; s < samples.length; s++) {
            for (int p = 0; p < g.npix(); p++) {
                double sum = 0;
                for (int k = 0; k < grid.firstDataShell(); k++) {
                    sum += samples[s][p * nshell + k] * dr[k];
                }
                out[s][p] = sum;
            }
        }
        return out;
    }

    /** One shell of a pixel-major field given by voxel index: out[p] = field(p·nshell + shell). */
    private static void column(IntToDoubleFunction field, int nshell, int shell, double[] out) {
        for (int p = 0; p < out.length; p++) {
            out[p] = field.applyAsDouble(p * nshell + shell);
        }
    }

    /**
     * The predicted extinctions of the stars used (those that passed the selection), in catalog order.
     * The mean and std are over the posterior samples of the parallax-marginalised expected extinction a_i; the
     * distance-spread variance s_a² (mean over samples) is the model's variance of the extinction over the star's
     * distance distribution, so the predictive std of the noise-free extinction is √(std² + s_a²) and that of a new
     * measurement additionally includes (n_i sA_i)². The noise factors n_i are point estimates.
     */
    public static final class StarPredictions {
        private final int catalogSize;
        private final int[] rows;
        private final double[] mean;
        private final double[] std;
        private final double[] distanceVariance;
        private final double[] noiseFactor;

        StarPredictions(int catalogSize, int[] rows, double[] mean, double[] std, double[] distanceVariance,
                double[] noiseFactor) {
            this.catalogSize = catalogSize;
            this.rows = rows;
            this.mean = mean;
            this.std = std;
            this.distanceVariance = distanceVariance;
            this.noiseFactor = noiseFactor;
        }

        /** Number of stars in the catalog. */
        public int catalogSize() {
            return catalogSize;
        }

        /** Number of stars used. */
        public int size() {
            return rows.length;
        }

        /** Catalog rows of the stars used, ascending. */
        public int[] catalogRows() {
            return rows.clone();
        }

        /** Posterior mean of each star's expected extinction a_i (mag). */
        public double[] mean() {
            return mean.clone();
        }

        /** Posterior std of each star's expected extinction a_i (mag). */
        public double[] std() {
            return std.clone();
        }

        /** Mean over the samples of each star's distance-spread variance s_a,i² (mag²). */
        public double[] distanceVariance() {
            return distanceVariance.clone();
        }

        /** Each star's factor n_i on its extinction error (a point estimate). */
        public double[] noiseFactor() {
            return noiseFactor.clone();
        }
    }
}
