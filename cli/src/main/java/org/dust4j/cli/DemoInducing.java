package org.dust4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dust4j.cli.plot.Comparison;
import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.cli.plot.Panels;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.inducing.FitResult;
import org.dust4j.inducing.GridAxis;
import org.dust4j.inducing.InducingConfig;
import org.dust4j.inducing.InducingFitter;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.Prediction;
import org.dust4j.inducing.Predictor;
import org.dust4j.inducing.ProgressListener;
import org.dust4j.inducing.SampleSummary;
import org.dust4j.inducing.Stars;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;

/**
 * The inducing-point half of the demo (Dharmawardena et al. 2022): a latent Gaussian process of log10 ρ over the
 * (l, b, d) {@link DemoData#REGION}, fitted by AdamW on the ELBO to the catalog's stars inside the region, its
 * predictions on a finer grid, their comparison with the truth, the FITS cubes and the figures.
 */
final class DemoInducing {
    private final FitResult fit;
    private final Prediction prediction;
    /** The truth on the prediction grid: [0] density, [1] extinction ({@link #truthOnGrid}). */
    private final double[][] truth;
    private final DemoMetrics.Compared comparison;
    private final int candidates;

    private DemoInducing(FitResult fit, Prediction prediction, double[][] truth, DemoMetrics.Compared comparison,
            int candidates) {
        this.fit = fit;
        this.prediction = prediction;
        this.truth = truth;
        this.comparison = comparison;
        this.candidates = candidates;
    }

    /**
     * The configuration of a run: training grid over the region (l linear, b sine-spaced, d linear) with ghost cells
     * from the Sun, prediction grid linear on all axes; initial mean log10 density from the stars' mean extinction per
     * parsec, amplitude 0.3 (variance of log10 ρ), length scales 40 pc; AdamW with the defaults, run to the iteration
     * cap.
     */
    static InducingConfig config(DemoSettings s, double meanLog10Density, long seed) {
        DemoData.Region r = DemoData.REGION;
        int[] t = s.trainingCells();
        int[] p = s.predictionCells();
        LbdGrid training = LbdGrid.of(GridAxis.linear(t[0], r.lMin(), r.lMax()), GridAxis.sine(t[1], r.bMin(),
                r.bMax()), GridAxis.linear(t[2], r.dMin(), r.dMax())).withGhostCells(s.ghostCells(), 0);
        LbdGrid predicted = LbdGrid.of(GridAxis.linear(p[0], r.lMin(), r.lMax()), GridAxis.linear(p[1], r.bMin(),
                r.bMax()), GridAxis.linear(p[2], r.dMin(), r.dMax())).withGhostCells(s.ghostCells(), 0);
        return InducingConfig.builder(training).predictionGrid(predicted).meanLog10Density(meanLog10Density)
                .amplitude(0.3).lengthScales(40, 40, 40).inducingPoints(s.inducingPoints()).samples(s.elboSamples())
                .maxIterations(s.adamIterations()).stopping(0, 10, 10).predictionSamples(s.predictionSamples())
                .seed(seed).dtype(DType.FLOAT64).build();
    }

    /**
     * Fits the stars of {@code catalog} whose direction lies in the region and whose parallax is positive (the fit
     * itself keeps those whose distance 1000/parallax falls inside the region), predicts, and compares with the
     * truth.
     */
    static DemoInducing run(DemoSettings s, DemoData data, StarCatalog catalog, long seed, Backend backend,
            ProgressListener listener) {
        FitInducing.Selection selection = FitInducing.select(catalog, (l, b, d) -> DemoData.REGION.contains(l, b));
        int[] rows = selection.rows();
        Stars stars = selection.stars();
        int n = rows.length;
        double[] trueDistance = new double[n];
        double[] trueExtinction = new double[n];
        double[] diskExtinction = new double[n];
        for (int j = 0; j < n; j++) {
            trueDistance[j] = data.trueDistance(rows[j]);
            trueExtinction[j] = data.trueExtinction(rows[j]);
            diskExtinction[j] = data.diskExtinction(rows[j]);
        }
        double meanLog10 = FitInducing.initialMeanLog10(stars, DemoData.REGION.dMin(), DemoData.REGION.dMax());
        if (Double.isNaN(meanLog10)) {
            throw new IllegalStateException("no star of the catalog lies inside the inducing-point region "
                    + DemoData.REGION);
        }
        InducingConfig config = config(s, meanLog10, seed);
        FitResult fit = InducingFitter.fit(config, stars, backend, listener);
        Prediction prediction = Predictor.predict(fit.posterior(), backend);
        Stars atTruth = Stars.of(stars.l(), stars.b(), trueDistance, stars.distanceError(), stars.extinction(),
                stars.extinctionError());
        SampleSummary toStars = Predictor.starExtinctions(fit.posterior(), atTruth, s.predictionSamples(),
                Predictor.predictionSeed(config), backend);
        double[][] truth = truthOnGrid(data, prediction.grid());
        double[] diskDensity = diskOnGrid(data, prediction.grid());
        return new DemoInducing(fit, prediction, truth, compare(truth[0], diskDensity, prediction, toStars.p50(),
                trueExtinction, diskExtinction), n);
    }

    /**
     * The comparison with the truth: log10 ρ at the centres of the prediction grid's region cells (truth: the field
     * there; posterior mean and std of log10 ρ from the median and the 16/84 percentiles, exact for the Gaussian
     * process of log10 ρ), and the posterior median extinction to the true positions of the stars that lie inside the
     * training region (the model's own line integral) against their noise-free extinctions; the reference is the
     * disk's density at the cell centres and its exact line integrals to the stars.
     */
    private static DemoMetrics.Compared compare(double[] trueDensity, double[] diskDensity, Prediction prediction,
            double[] toStars, double[] trueExtinction, double[] diskExtinction) {
        double[] p16 = prediction.density().p16();
        double[] p50 = prediction.density().p50();
        double[] p84 = prediction.density().p84();
        int cells = p50.length;
        double[] trueLog = new double[cells];
        double[] meanLog = new double[cells];
        double[] stdLog = new double[cells];
        double[] diskLog = new double[cells];
        for (int i = 0; i < cells; i++) {
            trueLog[i] = Math.log10(trueDensity[i]);
            diskLog[i] = Math.log10(diskDensity[i]);
            meanLog[i] = Math.log10(p50[i]);
            stdLog[i] = 0.5 * (Math.log10(p84[i]) - Math.log10(p16[i]));
        }
        int used = 0;
        for (double v : toStars) {
            used += Double.isNaN(v) ? 0 : 1;
        }
        double[] t = new double[used];
        double[] r = new double[used];
        double[] disk = new double[used];
        int j = 0;
        for (int i = 0; i < toStars.length; i++) {
            if (!Double.isNaN(toStars[i])) {
                t[j] = trueExtinction[i];
                disk[j] = diskExtinction[i];
                r[j++] = toStars[i];
            }
        }
        return new DemoMetrics.Compared(trueLog, meanLog, stdLog, diskLog, t, r, disk);
    }

    /**
     * The truth at the region cells of {@code grid}, in the prediction's order (l fastest, then b, then d):
     * [0] the density at the cell centre, [1] the extinction from the Sun to it.
     */
    private static double[][] truthOnGrid(DemoData data, LbdGrid grid) {
        return onGrid(data.field(), grid, true);
    }

    /** The disk-only reference's density at the region cells of {@code grid} (order as {@link #truthOnGrid}). */
    private static double[] diskOnGrid(DemoData data, LbdGrid grid) {
        return onGrid(data.disk(), grid, false)[0];
    }

    /** A field's density at the region cells' centres and, if asked, the extinction to them ([1], else empty). */
    private static double[][] onGrid(SyntheticDust field, LbdGrid grid, boolean extinction) {
        double[] lc = grid.longitudeCentres();
        double[] bc = grid.latitudeCentres();
        double[] dc = grid.distanceCentres();
        int nl = lc.length;
        int nb = bc.length;
        int nd = grid.d().cells();
        int ghosts = grid.ghostCells();
        double[][] out = new double[2][extinction ? nl * nb * nd : 0];
        out[0] = new double[nl * nb * nd];
        for (int k = 0; k < nd; k++) {
            double d = dc[ghosts + k];
            for (int ib = 0; ib < nb; ib++) {
                double cb = Math.cos(Math.toRadians(bc[ib]));
                double sb = Math.sin(Math.toRadians(bc[ib]));
                for (int il = 0; il < nl; il++) {
                    double nx = cb * Math.cos(Math.toRadians(lc[il]));
                    double ny = cb * Math.sin(Math.toRadians(lc[il]));
                    int i = il + nl * (ib + nb * k);
                    out[0][i] = field.density(d * nx, d * ny, d * sb);
                    if (extinction) {
                        out[1][i] = field.lineIntegral(nx, ny, sb, d);
                    }
                }
            }
        }
        return out;
    }

    FitResult fit() {
        return fit;
    }

    DemoMetrics.Compared comparison() {
        return comparison;
    }

    /** The grid, the fit and the stars, for the report. */
    String describe() {
        InducingConfig c = fit.posterior().config();
        LbdGrid t = c.trainingGrid();
        LbdGrid p = c.predictionGrid();
        return String.format(Locale.ROOT, "%s; training grid %d x %d x %d (+%d ghost), prediction grid %d x %d x %d,"
                + " %d inducing points, %d ELBO samples, %d AdamW iterations, %d of %d candidate stars inside",
                DemoData.REGION, t.l().cells(), t.b().cells(), t.d().cells(), t.ghostCells(), p.l().cells(),
                p.b().cells(), p.d().cells(), c.inducingPoints(), c.samples(), fit.iterations(), fit.starsUsed(),
                candidates);
    }

    /**
     * Writes the FITS cubes ({@code density.fits}, {@code extinction.fits}: MEAN, STD, P16, P50, P84 on the
     * prediction grid) into {@code fitsDir} and the method's figures into {@code figureDir}; returns the files.
     *
     * <ul>
     *   <li>{@code inducing_slice.png}: the density in the plane b = 0 as an l–d image, truth | posterior median |
     *       log10 ratio, above the extinction to the region's far edge as an l–b image, truth | median |
     *       difference;</li>
     *   <li>{@code inducing_uncertainty.png}: the b = 0 plane, posterior mean | std | std / mean.</li>
     * </ul>
     */
    List<Path> write(Path fitsDir, Path figureDir) throws IOException {
        InducingConfig c = fit.posterior().config();
        Provenance provenance = Provenance.of(c.describe(), c.seed());
        Path density = fitsDir.resolve("density.fits");
        Path extinction = fitsDir.resolve("extinction.fits");
        prediction.writeDensity(density, DType.FLOAT32, provenance);
        prediction.writeExtinction(extinction, DType.FLOAT32, provenance);
        List<Path> files = new ArrayList<>(List.of(density, extinction));
        files.addAll(DemoFigures.ifDrawable(() -> writeFigures(figureDir)));
        return files;
    }

    private List<Path> writeFigures(Path dir) throws IOException {
        LbdGrid g = prediction.grid();
        int nl = g.l().cells();
        int nd = g.d().cells();
        double[] trueSlice = InducingFigures.slice(g, truth[0]);
        double[] medianSlice = InducingFigures.slice(g, prediction.density().p50());
        double[] farTruth = InducingFigures.farEdge(g, truth[1]);
        double[] farMedian = InducingFigures.farEdge(g, prediction.extinction().p50());
        String b0 = InducingFigures.sliceLatitude(g);
        ImagePlot slice = InducingFigures.sliceImage(g, trueSlice, DemoFigures.concat(trueSlice, medianSlice));
        ImagePlot sky = InducingFigures.farEdgeImage(g, farTruth, DemoFigures.concat(farTruth, farMedian));
        Path sliceFile = DemoFigures.write(Panels.column(new double[] {1.6, 1}, Comparison.images(slice, medianSlice,
                Comparison.Residual.LOG10_RATIO), Comparison.images(sky, farMedian, Comparison.Residual.DIFFERENCE)),
                1500, 950, "Inducing points: density at " + b0 + " (top), extinction to the region's far edge"
                        + " (bottom); posterior median", dir.resolve("inducing_slice.png"));
        double[] meanSlice = InducingFigures.slice(g, prediction.density().mean());
        ImagePlot meanPlane = slice.toBuilder().values(meanSlice, nl, nd).build();
        Path uncertaintyFile = DemoFigures.write(DemoFigures.uncertainty(meanPlane, meanSlice,
                InducingFigures.slice(g, prediction.density().std())), 1500, 560,
                "Inducing points: posterior uncertainty of the density at " + b0,
                dir.resolve("inducing_uncertainty.png"));
        return List.of(sliceFile, uncertaintyFile);
    }
}
