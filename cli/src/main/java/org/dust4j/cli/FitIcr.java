package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dust4j.cli.plot.ColorMap;
import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.cli.plot.Panels;
import org.dust4j.cli.plot.Scale;
import org.dust4j.cli.plot.SkyMap;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.healpix.Ordering;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.CgSettings;
import org.dust4j.mgvi.MgviListener;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustPriors;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.DustResult;

/**
 * {@code dust4j fit} with {@code method = icr}: the ICR + MGVI reconstruction of Edenhofer et al. (2024) of a whole
 * catalog on a HEALPix × log-distance grid ({@link DustReconstruction}) from the configuration's {@code icr.*} and
 * {@code mgvi.*} keys, and its products: the FITS files of the release layout, the stars' predicted extinctions and
 * the figures.
 */
final class FitIcr {
    /** The checkpoint file in the output directory (MGVI's; the model description is written beside it). */
    static final String CHECKPOINT_FILE = "checkpoint.mgvi";
    /** The model description DustReconstruction writes beside the checkpoint. */
    static final String DESCRIPTION_FILE = CHECKPOINT_FILE + DustReconstruction.DESCRIPTION_SUFFIX;
    /** The figures' directory in the output directory, and the figures' names (shared with {@link FitInducing}). */
    static final String FIGURES = "figures";
    static final String CONVERGENCE_FIGURE = "convergence.png";
    static final String STARS_FIGURE = "stars.png";
    private static final String SKY_FIGURE = "sky_extinction.png";
    private static final String FACE_ON_FIGURE = "faceon.png";

    /**
     * Every file a run can leave in its output directory, relative to it (figures under {@code figures/}); the
     * command warns about those it finds but did not write ({@code FitCommandTest} checks that a run writes nothing
     * else).
     */
    static final List<String> PRODUCTS = List.of(DustResult.MEAN_AND_STD_FILE, DustResult.SAMPLES_FILE, StarTable.FILE,
            CHECKPOINT_FILE, DESCRIPTION_FILE, FIGURES + "/" + SKY_FIGURE,
            FIGURES + "/" + FACE_ON_FIGURE, FIGURES + "/" + CONVERGENCE_FIGURE, FIGURES + "/" + STARS_FIGURE);

    private final DustReconstruction reconstruction;
    private final StarCatalog catalog;
    private final Backend backend;
    private final int selected;

    private FitIcr(DustReconstruction reconstruction, StarCatalog catalog, Backend backend) {
        this.reconstruction = reconstruction;
        this.catalog = catalog;
        this.backend = backend;
        this.selected = reconstruction.selectedStars().size();
        if (selected == 0) {
            throw new IllegalArgumentException("no star of the " + catalog.size() + " in the catalog passes the"
                    + " distance selection (icr.select_min .. icr.select_max, by default icr.r_min .. icr.r_max)");
        }
    }

    /**
     * The reconstruction of {@code catalog} with the settings of {@code v}, on {@code backend}, checkpointing to
     * {@code checkpoint} when not null.
     *
     * @throws IllegalArgumentException naming the keys of inconsistent settings
     */
    static FitIcr prepare(FitConfig.Values v, StarCatalog catalog, String source, Backend backend, Path checkpoint,
            boolean resume, MgviListener listener, PrintWriter log) {
        double rMin = v.get(FitKeys.R_MIN);
        double rMax = v.get(FitKeys.R_MAX);
        if (!(rMin < rMax)) {
            throw new IllegalArgumentException(v.describe(FitKeys.R_MIN) + " must be below "
                    + v.describe(FitKeys.R_MAX));
        }
        double selectMin = v.get(FitKeys.SELECT_MIN).orElse(rMin);
        double selectMax = v.get(FitKeys.SELECT_MAX).orElse(rMax);
        if (!(selectMin < selectMax)) {
            throw new IllegalArgumentException("the distance selection is empty: " + v.describe(FitKeys.SELECT_MIN)
                    + " gives " + Numbers.compact(selectMin) + " pc, " + v.describe(FitKeys.SELECT_MAX) + " gives "
                    + Numbers.compact(selectMax) + " pc");
        }
        int minIterations = v.get(FitKeys.SAMPLING_MIN_ITERATIONS);
        if (minIterations > v.get(FitKeys.SAMPLING_MAX_ITERATIONS)) {
            throw new IllegalArgumentException(v.describe(FitKeys.SAMPLING_MIN_ITERATIONS) + " exceeds "
                    + v.describe(FitKeys.SAMPLING_MAX_ITERATIONS));
        }
        DustGrid grid = grid(v, rMin, rMax);
        DustReconstruction.Builder b = DustReconstruction.builder().grid(grid).kernel(kernel(v))
                .normalisation(v.get(FitKeys.NORMALISATION).equals("none") ? Normalisation.NONE
                        : Normalisation.EXACT_VARIANCE)
                .priors(new DustPriors(v.get(FitKeys.PRIOR_SCALE), v.get(FitKeys.PRIOR_OFFSET),
                        v.get(FitKeys.PRIOR_NOISE), v.get(FitKeys.Z_CUT)))
                .catalog(catalog, source).selection(selectMin, selectMax)
                .dtype(v.get(FitKeys.DTYPE).equals("float32") ? DType.FLOAT32 : DType.FLOAT64)
                .samples(v.get(FitKeys.MGVI_SAMPLES)).globalIterations(v.get(FitKeys.MGVI_ITERATIONS))
                .minimizer(DustReconstruction.DEFAULT_MINIMIZER.withMaxSteps(v.get(FitKeys.NEWTON_STEPS))
                        .withMaxForcing(v.get(FitKeys.NEWTON_FORCING))
                        .withEnergyTolerance(v.get(FitKeys.NEWTON_ENERGY_TOLERANCE))
                        .withCgMaxIterations(v.get(FitKeys.NEWTON_CG_ITERATIONS)))
                .sampling(new CgSettings(v.get(FitKeys.SAMPLING_TOLERANCE), v.get(FitKeys.SAMPLING_MAX_ITERATIONS),
                        minIterations))
                .seed(v.get(FitKeys.SEED)).listener(listener);
        if (checkpoint != null) {
            b.checkpoint(checkpoint).resume(resume);
        }
        return new FitIcr(b.backend(backend).build(), catalog, backend);
    }

    private static DustGrid grid(FitConfig.Values v, double rMin, double rMax) {
        DustGrid.Builder g = DustGrid.builder().nside(v.get(FitKeys.NSIDE)).shells(rMin, rMax, v.get(FitKeys.SHELLS))
                .padding(v.get(FitKeys.PADDING_INNER), v.get(FitKeys.PADDING_OUTER));
        v.get(FitKeys.LEVELS).ifPresent(g::levels);
        try {
            return g.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the grid of " + v.describe(FitKeys.NSIDE) + ", "
                    + v.describe(FitKeys.SHELLS) + ", " + v.describe(FitKeys.LEVELS) + ": " + e.getMessage(), e);
        }
    }

    private static Kernel kernel(FitConfig.Values v) {
        double std = v.get(FitKeys.KERNEL_STD);
        double length = v.get(FitKeys.KERNEL_LENGTH);
        return switch (v.get(FitKeys.KERNEL)) {
            case "matern12" -> Kernel.matern12(std, length);
            case "matern32" -> Kernel.matern32(std, length);
            case "matern52" -> Kernel.matern52(std, length);
            case "squared_exponential" -> Kernel.squaredExponential(std, length);
            default -> throw new IllegalStateException("kernel " + v.get(FitKeys.KERNEL));
        };
    }

    /** What will run: grid, field prior, stars selected, inference settings. */
    String plan() {
        DustGrid g = reconstruction.grid();
        return String.format(Locale.ROOT, "ICR + MGVI: grid nside %d x %d shells (%d in %s..%s pc, padding %d + %d,"
                + " ICR levels %d), kernel %s, %d of %d stars pass the distance selection", g.nside(),
                g.sphericalGrid().nshell(), g.dataShells(), Numbers.compact(g.rMin()), Numbers.compact(g.rMax()),
                g.innerPadding(), g.outerPadding(), g.levels(), reconstruction.kernel().describe(),
                selected, catalog.size());
    }

    /** The backend the reconstruction runs on. */
    Backend backend() {
        return backend;
    }

    /** Runs the reconstruction (after building the ICR prior and the model, logged to {@code log}). */
    DustResult run(PrintWriter log) {
        log.println("dust4j fit: building the ICR prior and the model ...");
        log.flush();
        DustReconstruction.Problem problem = reconstruction.prepare();
        log.println("dust4j fit: built in " + Progress.formatDuration(problem.setupTime()) + "; running MGVI");
        log.flush();
        return problem.run();
    }

    /**
     * The grid, the samples, the global iterations of the run ({@code iterations}: those of a resumed run's
     * checkpoint included, where the result reports only the ones it ran) and the stars of a result, for reports.
     */
    static String describe(DustResult result, int iterations) {
        DustGrid g = result.grid();
        return String.format(Locale.ROOT, "nside %d x %d shells (%d in %s..%s pc), %d samples, %d global iterations,"
                + " %d of %d stars", g.nside(), g.sphericalGrid().nshell(), g.dataShells(), Numbers.compact(g.rMin()),
                Numbers.compact(g.rMax()), result.sampleCount(), iterations, result.stars().size(),
                result.stars().catalogSize());
    }

    /**
     * Writes the products into {@code dir}: the two FITS files of the release layout with {@code provenance}, the
     * stars' predictions ({@code stars.csv}) and, if asked, the figures into {@code dir/figures} (one that cannot be
     * drawn is reported on {@code log}); returns the files.
     */
    static List<Path> write(DustResult result, StarCatalog catalog, Path dir, Provenance provenance, boolean figures,
            PrintWriter log) throws IOException {
        List<Path> files = new ArrayList<>();
        DustResult.Products products = result.writeFits(dir, provenance);
        files.add(products.meanAndStd());
        files.add(products.samples());
        DustResult.StarPredictions p = result.stars();
        int[] rows = p.catalogRows();
        double[] spread = p.distanceVariance();
        for (int i = 0; i < spread.length; i++) {
            spread[i] = Math.sqrt(spread[i]);
        }
        Map<String, double[]> predicted = new LinkedHashMap<>();
        predicted.put("predicted_extinction", p.mean());
        predicted.put("predicted_extinction_std", p.std());
        predicted.put("distance_spread_std", spread);
        predicted.put("noise_factor", p.noiseFactor());
        files.add(StarTable.write(dir.resolve(StarTable.FILE), catalog, rows, predicted, "ICR + MGVI: posterior"
                + " mean and std of each used star's expected extinction (marginalised over its parallax),"
                + " the std of the extinction over its distance distribution, and its error factor n_i"));
        if (figures) {
            Path figureDir = dir.resolve(FIGURES);
            Files.createDirectories(figureDir);
            DemoFigures.drawAll(files, log,
                () -> writeSky(result, figureDir.resolve(SKY_FIGURE)),
                () -> writeFaceOn(result, products.meanAndStd(), figureDir.resolve(FACE_ON_FIGURE)),
                () -> DemoFigures.write(DemoFigures.energyPlot(IcrFigures.energyCurves(result)), 900, 520,
                        "ICR + MGVI: convergence", figureDir.resolve(CONVERGENCE_FIGURE)),
                () -> StarTable.figure(StarTable.observed(catalog, rows), p.mean(), "ICR + MGVI",
                        figureDir.resolve(STARS_FIGURE)));
        }
        return files;
    }

    /** Mollweide maps of the extinction from the Sun to rMax: posterior mean | posterior std over the samples. */
    private static Path writeSky(DustResult result, Path file) throws IOException {
        DustGrid g = result.grid();
        int npix = g.sphericalGrid().npix();
        double[] mean = IcrFigures.extinctionToRMax(g, result.mean());
        double[] sum = new double[npix];
        double[] sumSq = new double[npix];
        int n = result.sampleCount();
        for (int s = 0; s < n; s++) {
            float[] sample = result.sample(s);
            double[] field = new double[sample.length];
            for (int i = 0; i < field.length; i++) {
                field[i] = sample[i];
            }
            double[] a = IcrFigures.extinctionToRMax(g, field);
            for (int p = 0; p < npix; p++) {
                sum[p] += a[p];
                sumSq[p] += a[p] * a[p];
            }
        }
        double[] std = new double[npix];
        for (int p = 0; p < npix; p++) {
            double m = sum[p] / n;
            std[p] = Math.sqrt(Math.max(0, (sumSq[p] - n * m * m) / (n - 1)));
        }
        SkyMap meanMap = SkyMap.builder(mean, Ordering.NEST).title("posterior mean").label("A", "mag")
                .colorMap(ColorMap.magma()).scale(Scale.percentiles(Scale.Type.LINEAR, mean, 0, 99.5)).build();
        SkyMap stdMap = SkyMap.builder(std, Ordering.NEST).title("posterior std").label("std of A", "mag")
                .colorMap(ColorMap.viridis()).scale(Scale.percentiles(Scale.Type.LINEAR, std, 0, 99.5)).build();
        return DemoFigures.write(Panels.row(meanMap, stdMap), 1200, 420, "ICR + MGVI: extinction from the Sun to "
                + Numbers.compact(g.rMax()) + " pc", file);
    }

    /** The Galactic plane (z = 0) over ±rMax as read back from the written file: mean | std | std / mean. */
    private static Path writeFaceOn(DustResult result, Path meanAndStd, Path file) throws IOException {
        IcrFigures.Plane p = IcrFigures.plane(meanAndStd, result.grid().rMax());
        ImagePlot plane = p.image(p.mean(), p.mean());
        return DemoFigures.write(DemoFigures.uncertainty(plane, p.mean(), p.std()), 1500, 560,
                "ICR + MGVI: density in the Galactic plane (z = 0)", file);
    }
}
