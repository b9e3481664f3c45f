package org.dust4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dust4j.cli.plot.ColorMap;
import org.dust4j.cli.plot.Comparison;
import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.cli.plot.Scale;
import org.dust4j.cli.plot.SkyMap;
import org.dust4j.core.Backend;
import org.dust4j.healpix.Ordering;
import org.dust4j.icr.Kernel;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.MgviListener;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustPriors;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.model.SphericalGrid;

/**
 * The ICR + MGVI half of the demo (Edenhofer et al. 2024): the reconstruction of every star of the catalog on a
 * HEALPix × log-distance grid with the end-to-end API ({@link DustReconstruction}), its comparison with the truth,
 * its FITS products in the release layout and its figures.
 */
final class DemoIcr {
    /** The field prior: a Matérn-1/2 kernel of the log density with std 2 and correlation length 300 pc. */
    static final Kernel KERNEL = Kernel.matern12(2.0, 300.0);
    private static final double LN10 = Math.log(10);

    private final DemoData data;
    private final DustResult result;
    private final SphericalGrid grid;
    private final double[] trueColumns;
    private final DemoMetrics.Compared comparison;

    private DemoIcr(DemoData data, DustResult result) {
        this.data = data;
        this.result = result;
        this.grid = result.grid().sphericalGrid();
        this.trueColumns = data.field().columns(grid, 2);
        this.comparison = compare();
    }

    /** The grid of a run: nside × (padding + shells + padding) log-spaced shells over rMin..rMax. */
    static DustGrid grid(DemoSettings s) {
        return DustGrid.builder().nside(s.nside()).shells(s.rMin(), s.rMax(), s.shells())
                .padding(s.padding(), s.padding()).build();
    }

    /** Runs the reconstruction of {@code catalog} on {@code backend}. */
    static DemoIcr run(DemoSettings s, DemoData data, StarCatalog catalog, String source, long seed,
            Backend backend, MgviListener listener) {
        DustResult result = DustReconstruction.builder().grid(grid(s)).kernel(KERNEL).backend(backend)
                .priors(DustPriors.edenhofer2024()).catalog(catalog, source).samples(s.mgviSamples())
                .globalIterations(s.mgviIterations()).seed(seed).listener(listener).build().run();
        return new DemoIcr(data, result);
    }

    DustResult result() {
        return result;
    }

    DemoMetrics.Compared comparison() {
        return comparison;
    }

    /** The grid and the inference, for the report. */
    String describe() {
        return FitIcr.describe(result, result.reports().size());
    }

    /**
     * The comparison with the truth: log10 ρ over the voxels of the data region (truth: the field's voxel means,
     * {@link SyntheticDust#voxelMeans}; posterior mean and std of log10 ρ over the samples), and the posterior-mean
     * map's extinction to the true positions of the stars the fit used (its own voxel-constant line integral) against
     * their noise-free extinctions; the reference is the disk's voxel means and exact line integrals.
     */
    private DemoMetrics.Compared compare() {
        DustGrid g = result.grid();
        int n = grid.nshell();
        int first = g.firstDataShell();
        int shells = g.dataShells();
        double[] trueVoxels = SyntheticDust.voxelMeans(grid, trueColumns);
        double[] diskVoxels = SyntheticDust.voxelMeans(grid, data.disk().columns(grid, 2));
        double[] logMean = result.logMean();
        double[] logStd = result.logStd();
        int cells = grid.npix() * shells;
        double[] trueLog = new double[cells];
        double[] meanLog = new double[cells];
        double[] stdLog = new double[cells];
        double[] diskLog = new double[cells];
        int j = 0;
        for (int p = 0; p < grid.npix(); p++) {
            for (int k = first; k < first + shells; k++) {
                int v = p * n + k;
                trueLog[j] = Math.log10(trueVoxels[v]);
                meanLog[j] = logMean[v] / LN10;
                diskLog[j] = Math.log10(diskVoxels[v]);
                stdLog[j++] = logStd[v] / LN10;
            }
        }
        int[] rows = result.stars().catalogRows();
        StarCatalog c = data.catalog();
        double[] cl = c.l();
        double[] cb = c.b();
        double[] l = new double[rows.length];
        double[] b = new double[rows.length];
        double[] truth = new double[rows.length];
        double[] disk = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = cl[rows[i]];
            b[i] = cb[rows[i]];
            truth[i] = data.trueExtinction(rows[i]);
            disk[i] = data.diskExtinction(rows[i]);
        }
        int[] pixels = grid.pixels(l, b);
        double[] mean = result.mean();
        double[] bounds = grid.boundaries();
        double[] reconstructed = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            reconstructed[i] = column(mean, pixels[i] * n, n, bounds, data.trueDistance(rows[i]));
        }
        return new DemoMetrics.Compared(trueLog, meanLog, stdLog, diskLog, truth, reconstructed, disk);
    }

    /** ∫ ρ dr from the grid's first boundary to d along the voxel column that starts at {@code offset}. */
    private static double column(double[] rho, int offset, int n, double[] bounds, double d) {
        double sum = 0;
        for (int k = 0; k < n && bounds[k] < d; k++) {
            sum += rho[offset + k] * (Math.min(d, bounds[k + 1]) - bounds[k]);
        }
        return sum;
    }

    /**
     * Writes the FITS products (release layout) into {@code fitsDir} and the method's figures into
     * {@code figureDir}; returns the files.
     *
     * <ul>
     *   <li>{@code icr_sky_extinction.png}: Mollweide maps of the extinction to rMax, truth (the field's exact line
     *       integrals averaged over 16 directions per pixel) | posterior mean | difference;</li>
     *   <li>{@code icr_faceon.png}: the density in the Galactic plane (z = 0) over ±rMax, truth | posterior mean
     *       (queried from the written FITS file, as {@code dust4j query} does) | log10 ratio;</li>
     *   <li>{@code icr_uncertainty.png}: the same plane, posterior mean | std | std / mean.</li>
     * </ul>
     */
    List<Path> write(Path fitsDir, Path figureDir) throws IOException {
        List<Path> files = new ArrayList<>();
        DustResult.Products products = result.writeFits(fitsDir);
        files.add(products.meanAndStd());
        files.add(products.samples());
        files.addAll(DemoFigures.ifDrawable(() -> {
            List<Path> figures = new ArrayList<>();
            figures.add(writeSky(figureDir.resolve("icr_sky_extinction.png")));
            figures.addAll(writeFaceOn(products.meanAndStd(), figureDir.resolve("icr_faceon.png"),
                    figureDir.resolve("icr_uncertainty.png")));
            return figures;
        }));
        return files;
    }

    private Path writeSky(Path file) throws IOException {
        DustGrid g = result.grid();
        int n = grid.nshell();
        int last = g.firstDataShell() + g.dataShells();
        double[] truth = new double[grid.npix()];
        for (int p = 0; p < grid.npix(); p++) {
            truth[p] = trueColumns[p * (n + 1) + last];
        }
        double[] reconstructed = IcrFigures.extinctionToRMax(g, result.mean());
        double[] both = DemoFigures.concat(truth, reconstructed);
        SkyMap sky = SkyMap.builder(truth, Ordering.NEST).label("A", "mag").colorMap(ColorMap.magma())
                .scale(Scale.percentiles(Scale.Type.LINEAR, both, 0, 99.5)).build();
        String title = "ICR + MGVI: extinction from the Sun to " + Numbers.compact(g.rMax()) + " pc";
        return DemoFigures.write(Comparison.skyMaps(sky, reconstructed, Comparison.Residual.DIFFERENCE), 1500, 400,
                title, file);
    }

    private List<Path> writeFaceOn(Path meanAndStd, Path comparisonFile, Path uncertaintyFile) throws IOException {
        IcrFigures.Plane p = IcrFigures.plane(meanAndStd, result.grid().rMax());
        double[] truth = new double[p.mean().length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = p.inside(i) ? data.field().density(p.x()[i], p.y()[i], 0) : Double.NaN;
        }
        ImagePlot plane = p.image(truth, DemoFigures.concat(truth, p.mean()));
        return List.of(DemoFigures.write(Comparison.images(plane, p.mean(), Comparison.Residual.LOG10_RATIO), 1500,
                560, "ICR + MGVI: density in the Galactic plane (z = 0)", comparisonFile),
                DemoFigures.write(DemoFigures.uncertainty(plane, p.mean(), p.std()), 1500, 560,
                "ICR + MGVI: posterior uncertainty in the Galactic plane (z = 0)", uncertaintyFile));
    }
}
