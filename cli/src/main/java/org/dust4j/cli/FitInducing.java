package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.inducing.AdamW;
import org.dust4j.inducing.Checkpoint;
import org.dust4j.inducing.FitResult;
import org.dust4j.inducing.GridAxis;
import org.dust4j.inducing.InducingConfig;
import org.dust4j.inducing.InducingFitter;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.Prediction;
import org.dust4j.inducing.Predictor;
import org.dust4j.inducing.SampleSummary;
import org.dust4j.inducing.Stars;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.StarCatalog;

/**
 * {@code dust4j fit} with {@code method = inducing}: the inducing-point Gaussian process of Dharmawardena et al.
 * (2022) fitted by AdamW ({@link InducingFitter}) to the catalog's stars inside an l, b, d region, from the
 * configuration's {@code inducing.*} keys; its predictions on a linear grid and at the stars, and the products.
 */
final class FitInducing {
    /** The checkpoint file in the output directory. */
    static final String CHECKPOINT_FILE = "checkpoint.inducing";

    /** Every file a run can leave in its output directory, as {@link FitIcr#PRODUCTS}. */
    private static final String DENSITY_FILE = "density.fits";
    private static final String EXTINCTION_FILE = "extinction.fits";
    private static final String SLICE_FIGURE = "density_slice.png";
    private static final String FAR_EDGE_FIGURE = "extinction_far_edge.png";
    static final List<String> PRODUCTS = List.of(DENSITY_FILE, EXTINCTION_FILE, StarTable.FILE, CHECKPOINT_FILE,
            FitIcr.FIGURES + "/" + SLICE_FIGURE, FitIcr.FIGURES + "/" + FAR_EDGE_FIGURE,
            FitIcr.FIGURES + "/" + FitIcr.CONVERGENCE_FIGURE, FitIcr.FIGURES + "/" + FitIcr.STARS_FIGURE);
    /** The floor of the automatic initial mean density (mag/pc), for regions whose stars show no extinction. */
    private static final double MIN_INITIAL_DENSITY = 1e-5;

    /** Whether a star at (l, b, d) (deg, deg, pc) is fitted. */
    @FunctionalInterface
    interface StarFilter {
        boolean keep(double l, double b, double d);
    }

    /**
     * Stars of a catalog: their catalog rows, the stars, and how many rows had no distance (a parallax &le; 0).
     */
    record Selection(int[] rows, Stars stars, int withoutDistance) {
    }

    private final InducingConfig config;
    private final Selection selection;
    private final StarCatalog catalog;

    private FitInducing(InducingConfig config, Selection selection, StarCatalog catalog) {
        this.config = config;
        this.selection = selection;
        this.catalog = catalog;
    }

    /**
     * The stars of {@code catalog} with a distance (parallaxes ϖ &gt; 0 become 1000/ϖ pc with error 1000 σ_ϖ/ϖ², as
     * {@link Stars#from} converts them) that {@code filter} keeps, in catalog order.
     */
    static Selection select(StarCatalog catalog, StarFilter filter) {
        int n = catalog.size();
        double[] l = catalog.l();
        double[] b = catalog.b();
        double[] a = catalog.extinction();
        double[] ae = catalog.extinctionError();
        boolean parallax = catalog.distanceKind() == StarCatalog.DistanceKind.PARALLAX;
        double[] w = parallax ? catalog.parallax() : catalog.distance();
        double[] we = parallax ? catalog.parallaxError() : catalog.distanceError();
        double[][] kept = new double[6][n];
        int[] rows = new int[n];
        int count = 0;
        int withoutDistance = 0;
        for (int i = 0; i < n; i++) {
            if (parallax && !(w[i] > 0)) {
                withoutDistance++;
                continue;
            }
            double d = parallax ? 1000 / w[i] : w[i];
            if (filter.keep(l[i], b[i], d)) {
                kept[0][count] = l[i];
                kept[1][count] = b[i];
                kept[2][count] = d;
                kept[3][count] = parallax ? 1000 * we[i] / (w[i] * w[i]) : we[i];
                kept[4][count] = a[i];
                kept[5][count] = ae[i];
                rows[count++] = i;
            }
        }
        for (int c = 0; c < kept.length; c++) {
            kept[c] = Arrays.copyOf(kept[c], count);
        }
        return new Selection(Arrays.copyOf(rows, count), Stars.of(kept[0], kept[1], kept[2], kept[3],
                kept[4], kept[5]), withoutDistance);
    }

    /**
     * log10 of the mean extinction per parsec, A/d, of the stars between dMin and dMax (at least
     * {@value #MIN_INITIAL_DENSITY} mag/pc): a starting value of the mean log10 density; NaN if no star lies there.
     */
    static double initialMeanLog10(Stars stars, double dMin, double dMax) {
        double[] d = stars.distance();
        double[] a = stars.extinction();
        double perParsec = 0;
        int inside = 0;
        for (int i = 0; i < d.length; i++) {
            if (d[i] >= dMin && d[i] <= dMax) {
                perParsec += a[i] / d[i];
                inside++;
            }
        }
        return inside == 0 ? Double.NaN : Math.log10(Math.max(perParsec / inside, MIN_INITIAL_DENSITY));
    }

    /**
     * The fit of {@code catalog}'s stars inside the configured region, checkpointing to {@code checkpoint} when not
     * null.
     *
     * @throws IllegalArgumentException naming the keys of an inconsistent region or grid, or when fewer stars than
     *                                  inducing points lie inside the region
     */
    static FitInducing prepare(FitConfig.Values v, StarCatalog catalog, Path checkpoint) {
        double lMin = v.get(FitKeys.L_MIN);
        double lMax = v.get(FitKeys.L_MAX);
        double bMin = v.get(FitKeys.B_MIN);
        double bMax = v.get(FitKeys.B_MAX);
        double dMin = v.get(FitKeys.D_MIN);
        double dMax = v.get(FitKeys.D_MAX);
        requireBelow(v, FitKeys.L_MIN, lMin, FitKeys.L_MAX, lMax, lMin > lMax && lMin > 180
                ? " (a region across l = 0 takes a negative inducing.l_min: " + Numbers.compact(lMin - 360) + " deg)"
                : "");
        requireBelow(v, FitKeys.B_MIN, bMin, FitKeys.B_MAX, bMax, "");
        requireBelow(v, FitKeys.D_MIN, dMin, FitKeys.D_MAX, dMax, "");
        if (lMax - lMin > 360) {
            throw new IllegalArgumentException("the region spans more than 360 deg in longitude: "
                    + v.describe(FitKeys.L_MIN) + ", " + v.describe(FitKeys.L_MAX));
        }
        int ghosts = v.get(FitKeys.GHOST_CELLS);
        boolean logarithmic = v.get(FitKeys.D_SPACING).equals("logarithmic");
        if (!(dMin > 0) && (ghosts > 0 || logarithmic)) {
            throw new IllegalArgumentException(v.describe(FitKeys.D_MIN) + " must be above 0 with "
                    + (ghosts > 0 ? v.describe(FitKeys.GHOST_CELLS) : v.describe(FitKeys.D_SPACING)));
        }
        int[] t = v.get(FitKeys.CELLS);
        int[] p = v.get(FitKeys.PREDICTION_CELLS).orElse(t);
        GridAxis bAxis = v.get(FitKeys.B_SPACING).equals("sine") ? GridAxis.sine(t[1], bMin, bMax)
                : GridAxis.linear(t[1], bMin, bMax);
        GridAxis dAxis = logarithmic ? GridAxis.logarithmic(t[2], dMin, dMax) : GridAxis.linear(t[2], dMin, dMax);
        LbdGrid training = LbdGrid.of(GridAxis.linear(t[0], lMin, lMax), bAxis, dAxis).withGhostCells(ghosts, 0);
        LbdGrid prediction = LbdGrid.of(GridAxis.linear(p[0], lMin, lMax), GridAxis.linear(p[1], bMin, bMax),
                GridAxis.linear(p[2], dMin, dMax)).withGhostCells(ghosts, 0);
        Selection selection = select(catalog, (l, b, d) -> training.locate(l, b, d) >= 0);
        int m = v.get(FitKeys.INDUCING_POINTS);
        if (selection.stars().size() < m) {
            throw new IllegalArgumentException("only " + selection.stars().size() + " of the " + catalog.size()
                    + " stars lie inside the region " + region(training) + ", fewer than the "
                    + v.describe(FitKeys.INDUCING_POINTS) + "; enlarge the region or lower inducing.inducing_points");
        }
        double meanLog10 = v.get(FitKeys.MEAN_LOG10_DENSITY)
                .orElseGet(() -> initialMeanLog10(selection.stars(), dMin, dMax));
        double[] g = v.get(FitKeys.LENGTH_SCALES);
        AdamW.Settings adam = AdamW.Settings.defaults();
        InducingConfig.Builder c = InducingConfig.builder(training).predictionGrid(prediction)
                .meanLog10Density(meanLog10).amplitude(v.get(FitKeys.AMPLITUDE)).lengthScales(g[0], g[1], g[2])
                .inducingPoints(m).samples(v.get(FitKeys.INDUCING_SAMPLES)).sampling(v.get(FitKeys.SAMPLING_SCHEME))
                .antithetic(v.get(FitKeys.ANTITHETIC)).maxIterations(v.get(FitKeys.ITERATIONS))
                .stopping(v.get(FitKeys.TOLERANCE), v.get(FitKeys.WINDOW), v.get(FitKeys.MIN_ITERATIONS))
                .adamW(new AdamW.Settings(v.get(FitKeys.LEARNING_RATE), adam.beta1(), adam.beta2(), adam.epsilon(),
                        v.get(FitKeys.WEIGHT_DECAY)))
                .initialFactor(v.get(FitKeys.INITIAL_FACTOR))
                .learnInducingPoints(v.get(FitKeys.LEARN_INDUCING_POINTS))
                .learnHyperparameters(v.get(FitKeys.LEARN_HYPERPARAMETERS))
                .distanceInflationDensity(v.get(FitKeys.DISTANCE_INFLATION))
                .predictionSamples(v.get(FitKeys.PREDICTION_SAMPLES)).seed(v.get(FitKeys.SEED))
                .dtype(v.get(FitKeys.DTYPE).equals("float32") ? DType.FLOAT32 : DType.FLOAT64);
        v.get(FitKeys.JITTER).ifPresent(c::jitter);
        if (checkpoint != null) {
            c.checkpoint(checkpoint, v.get(FitKeys.CHECKPOINT_EVERY));
        }
        return new FitInducing(c.build(), selection, catalog);
    }

    private static void requireBelow(FitConfig.Values v, FitConfig.Key<Double> lowKey, double low,
            FitConfig.Key<Double> highKey, double high, String hint) {
        if (!(low < high)) {
            throw new IllegalArgumentException(v.describe(lowKey) + " must be below " + v.describe(highKey) + hint);
        }
    }

    private static String region(LbdGrid g) {
        return Numbers.compact(g.l().lower()) + " < l < " + Numbers.compact(g.l().upper()) + " deg, "
                + Numbers.compact(g.b().lower()) + " < b < " + Numbers.compact(g.b().upper()) + " deg, "
                + Numbers.compact(g.d().lower()) + " < d < " + Numbers.compact(g.d().upper()) + " pc";
    }

    /** What will run: region, grids, stars, model and optimiser settings. */
    String plan() {
        LbdGrid t = config.trainingGrid();
        LbdGrid p = config.predictionGrid();
        double[] g = config.lengthScales();
        return String.format(Locale.ROOT, "inducing points + AdamW in %s: training grid %d x %d x %d (+%d ghost),"
                + " prediction grid %d x %d x %d, %d inducing points, %d ELBO samples, up to %d AdamW iterations"
                + " (lr %s), initial c %.3f, alpha %s, gamma %s/%s/%s pc; %d of %d stars inside the region%s",
                region(t), t.l().cells(), t.b().cells(), t.d().cells(), t.ghostCells(), p.l().cells(), p.b().cells(),
                p.d().cells(), config.inducingPoints(), config.samples(), config.maxIterations(),
                Numbers.compact(config.adamW().learningRate()), config.meanLog10Density(),
                Numbers.compact(config.amplitude()), Numbers.compact(g[0]), Numbers.compact(g[1]),
                Numbers.compact(g[2]), selection.stars().size(), catalog.size(),
                selection.withoutDistance() > 0 ? " (" + selection.withoutDistance() + " without a distance: parallax"
                        + " <= 0)" : "");
    }

    /** The configuration the fit runs with. */
    InducingConfig config() {
        return config;
    }

    /** The outcome of {@link #run}. */
    record Outcome(FitResult fit, Prediction prediction, SampleSummary atStars) {
    }

    /**
     * Fits (continuing the checkpoint when {@code resume} and it exists), then predicts on the prediction grid and at
     * the stars; progress and notes go to {@code log}.
     */
    Outcome run(Backend backend, boolean resume, PrintWriter log) throws IOException {
        InducingProgress listener = new InducingProgress(Progress.auto("inducing", log), config.maxIterations());
        Path checkpoint = config.checkpointFile().orElse(null);
        FitResult fit;
        if (resume && checkpoint != null && Files.exists(checkpoint)) {
            int done = Checkpoint.read(checkpoint).iterations();
            log.println("dust4j fit: resuming " + checkpoint + " after iteration " + done);
            log.flush();
            fit = InducingFitter.resume(config, selection.stars(), backend, checkpoint, listener);
        } else {
            fit = InducingFitter.fit(config, selection.stars(), backend, listener);
        }
        if (listener.started()) {
            listener.finish(fit);
        } else {
            log.println("dust4j fit: the checkpoint already holds the whole fit (" + fit.iterations()
                    + " iterations, " + (fit.converged() ? "converged" : "iteration cap") + ")");
        }
        LbdGrid p = config.predictionGrid();
        log.println("dust4j fit: predicting on the " + p.columns() * p.d().cells() + " cells of the prediction grid"
                + " and at the stars (" + config.predictionSamples() + " samples)");
        log.flush();
        Prediction prediction = Predictor.predict(fit.posterior(), backend);
        SampleSummary atStars = Predictor.starExtinctions(fit.posterior(), selection.stars(),
                config.predictionSamples(), Predictor.predictionSeed(config), backend);
        return new Outcome(fit, prediction, atStars);
    }

    /** The fit, for reports. */
    static String describe(FitResult fit) {
        return String.format(Locale.ROOT, "%d AdamW iterations (%s), final ELBO %.6g, %d stars used", fit.iterations(),
                fit.converged() ? "ELBO converged" : "iteration cap", fit.elbo()[fit.iterations() - 1],
                fit.starsUsed());
    }

    /**
     * Writes the products into {@code dir}: {@code density.fits} and {@code extinction.fits} (MEAN, STD, P16, P50,
     * P84 on the prediction grid, float32) with {@code provenance}, the stars' predictions ({@code stars.csv}) and, if
     * asked, the figures into {@code dir/figures} (one that cannot be drawn is reported on {@code log}); returns the
     * files.
     */
    List<Path> write(Outcome o, Path dir, Provenance provenance, boolean figures, PrintWriter log) throws IOException {
        Files.createDirectories(dir);
        Path density = dir.resolve(DENSITY_FILE);
        Path extinction = dir.resolve(EXTINCTION_FILE);
        o.prediction().writeDensity(density, DType.FLOAT32, provenance);
        o.prediction().writeExtinction(extinction, DType.FLOAT32, provenance);
        List<Path> files = new ArrayList<>(List.of(density, extinction));
        SampleSummary s = o.atStars();
        Map<String, double[]> predicted = new LinkedHashMap<>();
        predicted.put("distance_used", selection.stars().distance());
        predicted.put("distance_used_error", selection.stars().distanceError());
        predicted.put("predicted_extinction", s.mean());
        predicted.put("predicted_extinction_std", s.std());
        predicted.put("predicted_extinction_p16", s.p16());
        predicted.put("predicted_extinction_p50", s.p50());
        predicted.put("predicted_extinction_p84", s.p84());
        files.add(StarTable.write(dir.resolve(StarTable.FILE), catalog, selection.rows(), predicted, "inducing points:"
                + " the distance used by the fit, and the posterior mean, std and 16/50/84 percentiles of the"
                + " extinction to each star inside the region under the model's line-of-sight integral"));
        if (figures) {
            Path figureDir = dir.resolve(FitIcr.FIGURES);
            Files.createDirectories(figureDir);
            Prediction prediction = o.prediction();
            DemoFigures.drawAll(files, log,
                () -> writeSlice(prediction, figureDir.resolve(SLICE_FIGURE)),
                () -> writeFarEdge(prediction, figureDir.resolve(FAR_EDGE_FIGURE)),
                () -> DemoFigures.write(DemoFigures.elboPlot(o.fit().elbo()), 900, 520, "Inducing points: convergence",
                        figureDir.resolve(FitIcr.CONVERGENCE_FIGURE)),
                () -> StarTable.figure(StarTable.observed(catalog, selection.rows()), s.p50(), "Inducing points",
                        figureDir.resolve(FitIcr.STARS_FIGURE)));
        }
        return files;
    }

    /** The density in the l–d plane at the middle latitude row: posterior mean | std | std / mean. */
    private static Path writeSlice(Prediction prediction, Path file) throws IOException {
        LbdGrid g = prediction.grid();
        double[] mean = InducingFigures.slice(g, prediction.density().mean());
        ImagePlot slice = InducingFigures.sliceImage(g, mean, mean);
        return DemoFigures.write(DemoFigures.uncertainty(slice, mean, InducingFigures.slice(g,
                prediction.density().std())), 1500, 560, "Inducing points: density at "
                + InducingFigures.sliceLatitude(g), file);
    }

    /** The extinction to the region's far edge as an l–b map: posterior mean | std | std / mean. */
    private static Path writeFarEdge(Prediction prediction, Path file) throws IOException {
        LbdGrid g = prediction.grid();
        double[] far = InducingFigures.farEdge(g, prediction.extinction().mean());
        ImagePlot sky = InducingFigures.farEdgeImage(g, far, far);
        // the panels keep the l-b map's aspect: the page's height follows it, plus titles and colour bars
        double aspect = (g.b().upper() - g.b().lower()) / (g.l().upper() - g.l().lower());
        int height = (int) Math.max(360, Math.min(900, 180 + 430 * aspect));
        return DemoFigures.write(DemoFigures.uncertainty(sky, far, InducingFigures.farEdge(g,
                prediction.extinction().std())), 1500, height, "Inducing points: extinction to the region's far edge",
                file);
    }
}
