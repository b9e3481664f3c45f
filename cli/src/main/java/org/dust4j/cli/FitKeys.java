package org.dust4j.cli;

import static org.dust4j.cli.FitConfig.Scope.ALL;
import static org.dust4j.cli.FitConfig.Scope.ICR;
import static org.dust4j.cli.FitConfig.Scope.INDUCING;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;

import org.dust4j.cli.FitConfig.Key;
import org.dust4j.cli.FitConfig.Scope;
import org.dust4j.cli.FitConfig.Type;
import org.dust4j.inducing.AdamW;
import org.dust4j.inducing.InducingConfig;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.SamplingScheme;
import org.dust4j.io.fits.CatalogColumn;
import org.dust4j.io.fits.Quantity;
import org.dust4j.mgvi.CgSettings;
import org.dust4j.mgvi.NewtonSettings;
import org.dust4j.mgvi.dust.DustPriors;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.model.ParallaxResponse;
import org.dust4j.model.ScalarPrior;

/**
 * The keys of a {@code dust4j fit} configuration, in the order of the template ({@link #template}) and of
 * docs/cli.md. Defaults that the libraries define (MGVI and inducing-point settings, priors) are taken from the
 * libraries' constants, so the two cannot drift apart.
 */
final class FitKeys {
    /** A titled group of keys, a section of the template. */
    record Section(String title, List<Key<?>> keys) {
    }

    private static final NewtonSettings MINIMIZER = DustReconstruction.DEFAULT_MINIMIZER;
    private static final CgSettings SAMPLING = DustReconstruction.DEFAULT_SAMPLING;
    private static final DustPriors PRIORS = DustPriors.edenhofer2024();
    /** The inducing-point defaults (the grid is a placeholder: every grid key is required or derived). */
    private static final InducingConfig INDUCING_DEFAULTS = InducingConfig.builder(LbdGrid.of(1, 0, 1, 1, 0, 1, 1, 1,
            2)).build();
    private static final AdamW.Settings ADAM = AdamW.Settings.defaults();

    /** Width of the template's comment lines. */
    private static final int TEMPLATE_WIDTH = 100;
    private static final List<Section> SECTIONS = new ArrayList<>();
    private static List<Key<?>> current;

    private static void section(String title) {
        current = new ArrayList<>();
        SECTIONS.add(new Section(title, current));
    }

    private static <T> Key<T> key(String name, Scope scope, String defaultText, Type<T> type, String help) {
        Key<T> k = new Key<>(name, scope, defaultText, null, type, help);
        current.add(k);
        return k;
    }

    private static <T> Key<T> required(String name, Scope scope, String example, Type<T> type, String help) {
        Key<T> k = new Key<>(name, scope, null, example, type, help);
        current.add(k);
        return k;
    }

    static {
        section("General");
    }

    static final Key<Scope> METHOD = required("method", ALL, "icr", methodType(), "Reconstruction method: icr"
            + " (ICR + MGVI on a HEALPix x log-distance grid, Edenhofer et al. 2024) or inducing (inducing-point"
            + " Gaussian process + AdamW in an l, b, d box, Dharmawardena et al. 2022).");
    static final Key<Path> CATALOG = required("catalog", ALL, "stars.csv", FitConfig.path(),
            "Star catalog: a FITS binary table (.fits, .fit, .fts) or a CSV file. The CATALOG argument overrides it.");
    static final Key<Path> OUTPUT = required("output", ALL, "fit-output", FitConfig.path(),
            "Directory for the products (created if missing; products of an earlier run in it are replaced, and those"
                    + " this run does not replace are named in its summary)."
                    + " --out overrides it.");
    static final Key<Long> SEED = key("seed", ALL, "42", FitConfig.longInteger(),
            "Random seed of the fit (MGVI's sample excitations, the inducing points and Monte-Carlo draws).");
    static final Key<String> BACKEND = key("backend", ALL, "auto", FitConfig.choice("auto", "cpu", "cuda"),
            "Compute backend of both methods: cpu, cuda, or auto (a usable GPU, else the CPU).");
    /** The most threads a {@link java.util.concurrent.ForkJoinPool}, and so the CPU backend's pool, can have. */
    static final int MAX_THREADS = 0x7fff;
    static final Key<Optional<Integer>> THREADS = key("threads", ALL, "auto",
            FitConfig.auto(FitConfig.integer(1, MAX_THREADS)), "CPU threads (auto: one per core).");
    static final Key<String> DTYPE = key("dtype", ALL, "float64", FitConfig.choice("float64", "float32"),
            "Floating-point type of the fit's tensors.");
    static final Key<Boolean> FIGURES = key("figures", ALL, "true", FitConfig.bool(),
            "Write PNG figures into OUTPUT/figures.");
    static final Key<Boolean> CHECKPOINT = key("checkpoint", ALL, "true", FitConfig.bool(),
            "Write a checkpoint into OUTPUT while fitting, which --resume continues.");

    static {
        section("Catalog (read by io-fits' CatalogReader)");
    }

    static final Key<String> DISTANCE_INPUT = key("catalog.distance", ALL, "auto",
            FitConfig.choice("auto", "parallax", "distance"),
            "Distance information to read: parallax (and error), distance (and error), or auto (parallax if both"
                    + " parallax columns exist).");
    static final Key<String> EXTINCTION_INPUT = key("catalog.extinction", ALL, "auto",
            FitConfig.choice("auto", "mean", "percentiles"),
            "Extinction information to read: mean (extinction and error), percentiles (16/50/84), or auto (mean if"
                    + " both columns exist).");
    static final Key<String> INVALID_ROWS = key("catalog.invalid_rows", ALL, "fail", FitConfig.choice("fail", "drop"),
            "A row that fails validation stops the command naming row and column (fail), or is left out and counted"
                    + " (drop).");
    static final Key<Boolean> FILE_UNITS = key("catalog.file_units", ALL, "true", FitConfig.bool(),
            "Use a FITS catalog's column units (TUNITn) where it states them (true), or the unit.* settings for every"
                    + " column (false: for non-standard TUNITn).");
    static final Key<Optional<String>> HDU = key("catalog.hdu", ALL, "auto", FitConfig.auto(FitConfig.text()),
            "EXTNAME of the FITS table to read (auto: the first binary table).");
    static final Key<Character> DELIMITER = key("catalog.delimiter", ALL, ",", FitConfig.separator(),
            "Field separator of a CSV catalog.");
    /** column.NAME: the file's column for each catalog quantity. */
    static final Map<CatalogColumn, Key<String>> COLUMNS = new EnumMap<>(CatalogColumn.class);
    /** unit.NAME: the unit assumed where the file states none. */
    static final Map<CatalogColumn, Key<String>> UNITS = new EnumMap<>(CatalogColumn.class);

    static {
        for (CatalogColumn c : CatalogColumn.values()) {
            COLUMNS.put(c, key("column." + c.defaultName(), ALL, c.defaultName(), FitConfig.text(),
                    "Column holding " + c.defaultName().replace('_', ' ') + "."));
        }
        for (CatalogColumn c : CatalogColumn.values()) {
            UNITS.put(c, key("unit." + c.defaultName(), ALL, c.quantity().canonicalUnit(), unitOf(c.quantity()),
                    "Unit of " + c.defaultName().replace('_', ' ') + " where the file states none (CSV; FITS without"
                            + " TUNIT, or with catalog.file_units = false)."));
        }
        section("ICR + MGVI (method = icr): grid, field prior, priors");
    }

    static final Key<Integer> NSIDE = key("icr.nside", ICR, "8", FitConfig.powerOfTwo(),
            "HEALPix nside of the grid (12 nside^2 pixels per shell).");
    static final Key<Double> R_MIN = required("icr.r_min", ICR, "60 pc", distance(v -> v > 0, "> 0"),
            "Inner edge of the data region.");
    static final Key<Double> R_MAX = required("icr.r_max", ICR, "1 kpc", distance(v -> v > 0, "> 0"),
            "Outer edge of the data region.");
    static final Key<Integer> SHELLS = key("icr.shells", ICR, "24", FitConfig.integer(1),
            "Log-spaced shells between r_min and r_max.");
    static final Key<Integer> PADDING_INNER = key("icr.padding_inner", ICR, "2", FitConfig.integer(0),
            "Least number of padding shells inside r_min (the grid adds shells up to a count its ICR chart can"
                    + " produce).");
    static final Key<Integer> PADDING_OUTER = key("icr.padding_outer", ICR, "2", FitConfig.integer(0),
            "Least number of padding shells beyond r_max.");
    static final Key<Optional<Integer>> LEVELS = key("icr.levels", ICR, "auto", FitConfig.auto(FitConfig.integer(0)),
            "ICR refinement levels (auto: the fewest with at most 1024 level-0 points).");
    static final Key<String> KERNEL = key("icr.kernel", ICR, "matern12",
            FitConfig.choice("matern12", "matern32", "matern52", "squared_exponential"),
            "Covariance kernel of the log-density field s.");
    static final Key<Double> KERNEL_STD = key("icr.kernel_std", ICR, "2", FitConfig.real(v -> v > 0, "> 0"),
            "Prior standard deviation of s (the kernel amplitude).");
    static final Key<Double> KERNEL_LENGTH = key("icr.kernel_length", ICR, "300 pc", distance(v -> v > 0, "> 0"),
            "Correlation length of the kernel.");
    static final Key<String> NORMALISATION = key("icr.normalisation", ICR, "exact_variance",
            FitConfig.choice("exact_variance", "none"), "ICR variance normalisation (docs/icr.md).");
    static final Key<ScalarPrior> PRIOR_SCALE = key("icr.prior_scale", ICR, priorText(PRIORS.scale()),
            FitConfig.prior(), "Prior of scl in rho = exp(scl s + off).");
    static final Key<ScalarPrior> PRIOR_OFFSET = key("icr.prior_offset", ICR, priorText(PRIORS.offset()),
            FitConfig.prior(), "Prior of off (log of the density in mag/pc).");
    static final Key<ScalarPrior> PRIOR_NOISE = key("icr.prior_noise", ICR, priorText(PRIORS.noise()),
            FitConfig.prior(), "Prior of the per-star factor on the extinction error (the outlier model).");
    static final Key<Double> Z_CUT = key("icr.z_cut", ICR, Numbers.compact(ParallaxResponse.DEFAULT_Z_CUT),
            FitConfig.real(v -> v > 0, "> 0"), "Cut of the parallax response in standard deviations.");
    static final Key<Optional<Double>> SELECT_MIN = key("icr.select_min", ICR, "auto",
            FitConfig.auto(distance(v -> v >= 0, ">= 0")), "Lower end of the distance selection: stars whose"
                    + " one-sigma parallax interval lies in select_min..select_max are used (auto: r_min).");
    static final Key<Optional<Double>> SELECT_MAX = key("icr.select_max", ICR, "auto",
            FitConfig.auto(distance(v -> v > 0, "> 0")), "Upper end of the distance selection (auto: r_max).");

    static {
        section("ICR + MGVI (method = icr): inference");
    }

    static final Key<Integer> MGVI_SAMPLES = key("mgvi.samples", ICR, Integer.toString(
            DustReconstruction.DEFAULT_SAMPLES), FitConfig.even(2), "Posterior samples (antithetic pairs).");
    static final Key<Integer> MGVI_ITERATIONS = key("mgvi.iterations", ICR, Integer.toString(
            DustReconstruction.DEFAULT_ITERATIONS), FitConfig.integer(1), "MGVI global iterations.");
    static final Key<Integer> NEWTON_STEPS = key("mgvi.newton_steps", ICR, Integer.toString(MINIMIZER.maxSteps()),
            FitConfig.integer(1), "Newton-CG steps of the KL minimisation per global iteration (at most).");
    static final Key<Double> NEWTON_FORCING = key("mgvi.newton_forcing", ICR, Numbers.compact(MINIMIZER.maxForcing()),
            FitConfig.real(v -> v > 0 && v < 1, "in (0, 1)"), "Largest relative tolerance of the inner CG solve of a"
                    + " Newton step.");
    static final Key<Double> NEWTON_ENERGY_TOLERANCE = key("mgvi.newton_energy_tolerance", ICR,
            Numbers.compact(MINIMIZER.energyTolerance()), FitConfig.real(v -> v >= 0, ">= 0"),
            "The minimisation stops when a step lowers the energy by less than this.");
    static final Key<Integer> NEWTON_CG_ITERATIONS = key("mgvi.newton_cg_iterations", ICR,
            Integer.toString(MINIMIZER.cgMaxIterations()), FitConfig.integer(1),
            "Iteration cap of the inner CG solve of a Newton step.");
    static final Key<Double> SAMPLING_TOLERANCE = key("mgvi.sampling_tolerance", ICR,
            Numbers.compact(SAMPLING.relativeTolerance()), FitConfig.real(v -> v >= 0, ">= 0"),
            "Relative residual of the CG solves that draw the samples.");
    static final Key<Integer> SAMPLING_MAX_ITERATIONS = key("mgvi.sampling_max_iterations", ICR,
            Integer.toString(SAMPLING.maxIterations()), FitConfig.integer(1), "Iteration cap of a sample's CG solve.");
    static final Key<Integer> SAMPLING_MIN_ITERATIONS = key("mgvi.sampling_min_iterations", ICR,
            Integer.toString(SAMPLING.minIterations()), FitConfig.integer(0),
            "Iterations a sample's CG solve runs at least.");

    static {
        section("Inducing points + AdamW (method = inducing): region and grids");
    }

    static final Key<Double> L_MIN = required("inducing.l_min", INDUCING, "50 deg", angle(), "Lower Galactic"
            + " longitude of the region (may be negative to cross l = 0).");
    static final Key<Double> L_MAX = required("inducing.l_max", INDUCING, "90 deg", angle(),
            "Upper Galactic longitude of the region.");
    static final Key<Double> B_MIN = required("inducing.b_min", INDUCING, "-10 deg", latitude(),
            "Lower Galactic latitude of the region.");
    static final Key<Double> B_MAX = required("inducing.b_max", INDUCING, "10 deg", latitude(),
            "Upper Galactic latitude of the region.");
    static final Key<Double> D_MIN = required("inducing.d_min", INDUCING, "100 pc", distance(v -> v >= 0, ">= 0"),
            "Near edge of the region.");
    static final Key<Double> D_MAX = required("inducing.d_max", INDUCING, "600 pc", distance(v -> v > 0, "> 0"),
            "Far edge of the region.");
    static final Key<int[]> CELLS = required("inducing.cells", INDUCING, "10 8 20", FitConfig.cells(),
            "Cells of the training grid along l, b, d.");
    static final Key<String> B_SPACING = key("inducing.b_spacing", INDUCING, "sine", FitConfig.choice("sine",
            "linear"), "Latitude spacing of the training grid (sine: cells of equal solid angle).");
    static final Key<String> D_SPACING = key("inducing.d_spacing", INDUCING, "linear", FitConfig.choice("linear",
            "logarithmic"), "Distance spacing of the training grid.");
    static final Key<Integer> GHOST_CELLS = key("inducing.ghost_cells", INDUCING, "2", FitConfig.integer(0),
            "Ghost cells from the Sun to d_min: they hold the dust in front of the region but no stars.");
    static final Key<Optional<int[]>> PREDICTION_CELLS = key("inducing.prediction_cells", INDUCING, "auto",
            FitConfig.auto(FitConfig.cells()), "Cells of the prediction grid along l, b, d, linearly spaced (auto:"
                    + " those of the training grid).");

    static {
        section("Inducing points + AdamW (method = inducing): model and optimiser");
    }

    static final Key<Integer> INDUCING_POINTS = key("inducing.inducing_points", INDUCING,
            Integer.toString(INDUCING_DEFAULTS.inducingPoints()), FitConfig.integer(1), "Number M of inducing points.");
    static final Key<Optional<Double>> MEAN_LOG10_DENSITY = key("inducing.mean_log10_density", INDUCING, "auto",
            FitConfig.auto(FitConfig.real(Double::isFinite, "finite")), "Initial mean c of log10 of the density in"
                    + " mag/pc (auto: log10 of the stars' mean extinction per parsec).");
    static final Key<Double> AMPLITUDE = key("inducing.amplitude", INDUCING,
            Numbers.compact(INDUCING_DEFAULTS.amplitude()), FitConfig.real(v -> v > 0, "> 0"),
            "Initial kernel amplitude alpha (prior variance of log10 density).");
    static final Key<double[]> LENGTH_SCALES = key("inducing.length_scales", INDUCING,
            lengthsText(INDUCING_DEFAULTS.lengthScales()), FitConfig.lengths(),
            "Initial kernel length scales gamma along x, y, z (one value for all three).");
    static final Key<Integer> INDUCING_SAMPLES = key("inducing.samples", INDUCING,
            Integer.toString(INDUCING_DEFAULTS.samples()), FitConfig.integer(1),
            "Monte-Carlo samples of the ELBO per iteration.");
    static final Key<SamplingScheme> SAMPLING_SCHEME = key("inducing.sampling", INDUCING,
            INDUCING_DEFAULTS.sampling().name().toLowerCase(Locale.ROOT), FitConfig.choice(SamplingScheme.class),
            "How the samples are drawn (docs/inducing.md).");
    static final Key<Boolean> ANTITHETIC = key("inducing.antithetic", INDUCING,
            Boolean.toString(INDUCING_DEFAULTS.antithetic()), FitConfig.bool(), "Draw the samples in antithetic pairs.");
    static final Key<Integer> ITERATIONS = key("inducing.iterations", INDUCING,
            Integer.toString(INDUCING_DEFAULTS.maxIterations()), FitConfig.integer(1), "AdamW iteration cap.");
    static final Key<Integer> MIN_ITERATIONS = key("inducing.min_iterations", INDUCING,
            Integer.toString(INDUCING_DEFAULTS.minIterations()), FitConfig.integer(0),
            "Iterations before the stopping rule applies.");
    static final Key<Integer> WINDOW = key("inducing.window", INDUCING, Integer.toString(INDUCING_DEFAULTS.window()),
            FitConfig.integer(2), "Iterations over which the ELBO spread is measured.");
    static final Key<Double> TOLERANCE = key("inducing.tolerance", INDUCING,
            Numbers.compact(INDUCING_DEFAULTS.tolerance()), FitConfig.real(v -> v >= 0, ">= 0"), "The fit stops when"
                    + " the ELBO spread over the window is below this fraction of its median (0: run to the cap).");
    static final Key<Double> LEARNING_RATE = key("inducing.learning_rate", INDUCING, Numbers.compact(
            ADAM.learningRate()), FitConfig.real(v -> v > 0, "> 0"), "AdamW learning rate.");
    static final Key<Double> WEIGHT_DECAY = key("inducing.weight_decay", INDUCING, Numbers.compact(ADAM.weightDecay()),
            FitConfig.real(v -> v >= 0, ">= 0"), "AdamW decoupled weight decay.");
    static final Key<Double> INITIAL_FACTOR = key("inducing.initial_factor", INDUCING,
            Numbers.compact(INDUCING_DEFAULTS.initialFactor()), FitConfig.real(v -> v > 0, "> 0"),
            "Initial variational Cholesky factor L = s I.");
    static final Key<Optional<Double>> JITTER = key("inducing.jitter", INDUCING, "auto",
            FitConfig.auto(FitConfig.real(v -> v >= 0, ">= 0")),
            "Relative jitter on the diagonal of K_uu (auto: 1e-6 for float64, 1e-4 for float32).");
    static final Key<Boolean> LEARN_INDUCING_POINTS = key("inducing.learn_inducing_points", INDUCING,
            Boolean.toString(INDUCING_DEFAULTS.learnInducingPoints()), FitConfig.bool(),
            "Optimise the inducing locations.");
    static final Key<Boolean> LEARN_HYPERPARAMETERS = key("inducing.learn_hyperparameters", INDUCING,
            Boolean.toString(INDUCING_DEFAULTS.learnHyperparameters()), FitConfig.bool(),
            "Optimise c, alpha and gamma.");
    static final Key<Double> DISTANCE_INFLATION = key("inducing.distance_inflation_density", INDUCING, "0 mag/pc",
            FitConfig.density(v -> v >= 0, ">= 0"), "Density with which distance errors inflate extinction errors"
                    + " (0: off).");
    static final Key<Integer> PREDICTION_SAMPLES = key("inducing.prediction_samples", INDUCING,
            Integer.toString(INDUCING_DEFAULTS.predictionSamples()), FitConfig.integer(2),
            "Posterior samples of the predictions.");
    static final Key<Integer> CHECKPOINT_EVERY = key("inducing.checkpoint_every", INDUCING,
            Integer.toString(INDUCING_DEFAULTS.checkpointEvery()), FitConfig.integer(1),
            "Iterations between checkpoints.");

    /** Every key, in template order. */
    static final List<Key<?>> ALL_KEYS = SECTIONS.stream().flatMap(s -> s.keys().stream()).toList();

    private FitKeys() {
    }

    private static Type<Scope> methodType() {
        Type<String> names = FitConfig.choice("icr", "inducing");
        return new Type<>(names.describe(), (text, base) -> names.parse(text, base).equals("icr") ? ICR : INDUCING);
    }

    private static Type<Double> distance(DoublePredicate ok, String requirement) {
        return FitConfig.quantity(Quantity.DISTANCE, ok, requirement);
    }

    private static Type<Double> angle() {
        return FitConfig.quantity(Quantity.ANGLE, Double::isFinite, "finite");
    }

    private static Type<Double> latitude() {
        return FitConfig.quantity(Quantity.ANGLE, v -> v >= -90 && v <= 90, "in [-90, 90] deg");
    }

    /** A unit that {@code quantity} accepts. */
    private static Type<String> unitOf(Quantity quantity) {
        return new Type<>("unit of " + quantity.name().toLowerCase(Locale.ROOT), (text, base) -> {
            quantity.factorFrom(text);
            return text.strip();
        });
    }

    /** A prior as the configuration writes it: "lognormal(1, 0.5)". */
    static String priorText(ScalarPrior p) {
        return switch (p) {
            case ScalarPrior.Normal n -> "normal(" + Numbers.compact(n.mean()) + ", " + Numbers.compact(n.std()) + ")";
            case ScalarPrior.LogNormal n -> "lognormal(" + Numbers.compact(n.mean()) + ", " + Numbers.compact(n.std())
                    + ")";
            case ScalarPrior.InverseGammaPrior g -> "inversegamma(" + Numbers.compact(g.shape()) + ", "
                    + Numbers.compact(g.scale()) + ")";
        };
    }

    private static String lengthsText(double[] g) {
        return g[0] == g[1] && g[1] == g[2] ? Numbers.compact(g[0]) + " pc"
                : Numbers.compact(g[0]) + " " + Numbers.compact(g[1]) + " " + Numbers.compact(g[2]) + " pc";
    }

    /** {@code text} as '#' comment lines of at most about {@value #TEMPLATE_WIDTH} characters. */
    private static String comment(String text) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() > 1 && line.length() + 1 + word.length() > TEMPLATE_WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        return out.append(line).append('\n').toString();
    }

    /**
     * A commented configuration file for {@code method}: every key of the method with its help; required keys set
     * to an example value, the others commented out at their defaults.
     */
    static String template(Scope method) {
        StringBuilder s = new StringBuilder();
        s.append("# dust4j fit configuration, method ").append(method == ICR ? "icr (ICR + MGVI, Edenhofer et al. 2024)"
                : "inducing (inducing points + AdamW, Dharmawardena et al. 2022)").append('\n');
        s.append("# Format: one 'key = value' per line; '#' starts a comment (at the start of a line or after a space).\n");
        s.append("# Values may carry units: 60 pc, 1.5 kpc, 10 deg, 0.001 mag/pc. Paths are relative to this file.\n");
        s.append("# Required keys are set to examples; the others are commented out at their defaults.\n");
        s.append("# Command-line options and --set KEY=VALUE override this file. Every key: docs/cli.md.\n");
        for (Section section : SECTIONS) {
            List<Key<?>> keys = section.keys().stream().filter(k -> k.appliesTo(method)).toList();
            if (keys.isEmpty()) {
                continue;
            }
            s.append("\n## ").append(section.title()).append('\n');
            for (Key<?> k : keys) {
                if (!k.name().startsWith("column.") && !k.name().startsWith("unit.")) {
                    s.append('\n').append(comment(k.help()));
                } else if (k == COLUMNS.get(CatalogColumn.L)) {
                    s.append("\n# Column names (matched ignoring case):\n");
                } else if (k == UNITS.get(CatalogColumn.L)) {
                    s.append("\n# Units assumed where the file states none (CSV always; FITS without TUNITn):\n");
                }
                if (k.required()) {
                    String example = k == METHOD ? method.name().toLowerCase(Locale.ROOT) : k.example();
                    s.append(k.name()).append(" = ").append(example).append('\n');
                } else {
                    s.append("# ").append(k.name()).append(" = ").append(k.defaultText()).append('\n');
                }
            }
        }
        return s.toString();
    }
}
