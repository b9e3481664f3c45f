package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.dust4j.cli.FitConfig.Key;
import org.dust4j.cli.FitConfig.Scope;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.core.json.Json;
import org.dust4j.io.fits.CatalogColumn;
import org.dust4j.io.fits.CatalogConfig;
import org.dust4j.io.fits.CatalogReader;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.dust.DustResult;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dust4j fit}: reconstructs the 3D dust density from a star catalog with the method and settings of a
 * configuration file ({@link FitConfig}, keys in {@link FitKeys}), overridden by command-line options, and writes the
 * FITS products, a per-star table, figures and the configuration used into an output directory.
 */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fit a 3D dust map to a star catalog (ICR + MGVI or inducing points); writes FITS products.",
        description = {"Reads the star catalog (FITS binary table or CSV, with the columns and units the configuration "
                + "names), fits the dust density with the configured method, and writes into the output directory: "
                + "the FITS products (icr: mean_and_std_healpix.fits and samples_healpix.fits in the layout of the "
                + "Edenhofer et al. 2024 release; inducing: density.fits and extinction.fits with MEAN, STD, P16, P50, "
                + "P84 cubes), stars.csv (each used star's catalog values and predicted extinction), PNG figures in "
                + "figures/, fit.conf (every setting used and where it came from) and a checkpoint.",
            "", "The configuration file has one 'key = value' per line ('#' comments; units such as 60 pc, 1 kpc, "
                    + "10 deg). Start from the template of --print-config. Command-line options override the file: "
                    + "CATALOG, --out, --method, --seed, --backend and --threads their keys, --set any key. Every key "
                    + "and its default: docs/cli.md.",
            "", "Progress goes to standard error (a bar on a terminal, log lines otherwise); the summary to standard "
                    + "output. Configuration and catalog errors are reported before anything is written."},
        footer = {"", "Examples:",
            "  dust4j fit --print-config icr > fit.conf",
            "  dust4j fit stars.fits --config fit.conf --out map",
            "  dust4j fit --config fit.conf --set mgvi.iterations=8 --resume",
            "  dust4j fit stars.csv -c fit.conf --method inducing --check"})
final class FitCommand implements Callable<Integer> {
    /** The configuration as written into the output directory. */
    static final String CONFIG_FILE = "fit.conf";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CATALOG",
            description = "The star catalog (FITS or CSV); overrides the key 'catalog'.")
    String catalog;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The configuration file.")
    Path config;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "DIR",
            description = "Output directory; overrides the key 'output'.")
    String output;

    @Option(names = "--method", paramLabel = "icr|inducing", description = "Overrides the key 'method'.")
    String method;

    @Option(names = "--seed", paramLabel = "N", description = "Overrides the key 'seed'.")
    String seed;

    @Option(names = "--backend", paramLabel = "cpu|cuda|auto", description = "Overrides the key 'backend'.")
    String backend;

    @Option(names = "--threads", paramLabel = "N|auto", description = "Overrides the key 'threads'.")
    String threads;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Sets any configuration key, overriding the file (repeatable).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--resume", description = "Continue from the checkpoint in the output directory (if there is "
            + "one; else start afresh). The settings that define the model must be unchanged; more iterations may be"
            + " asked for.")
    boolean resume;

    @Option(names = "--check", description = "Check the configuration and the catalog, print the settings and what "
            + "would run, and exit without fitting or writing anything.")
    boolean check;

    @Option(names = "--print-config", paramLabel = "icr|inducing", description = "Print a commented configuration "
            + "file for the method (required keys set to examples, the others at their defaults) and exit.")
    String printConfig;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (printConfig != null) {
            return printTemplate(out);
        }
        FitConfig.Values v = configuration(err);
        v.get(FitKeys.THREADS).ifPresent(n -> threads(n, err));
        Backend compute = switch (v.get(FitKeys.BACKEND)) {
            case "cpu" -> Backends.cpu();
            case "cuda" -> Backends.get("cuda");
            default -> Backends.best();
        };
        Path dir = v.get(FitKeys.OUTPUT);
        CliFiles.requireOutputDirectory(dir, v.describe(FitKeys.OUTPUT));
        Path catalogFile = v.get(FitKeys.CATALOG);
        if (!Files.exists(catalogFile)) {
            throw new IllegalArgumentException(v.describe(FitKeys.CATALOG) + ": catalog file not found: "
                    + catalogFile);
        }
        CliFiles.requireInput(catalogFile, "catalog");
        StarCatalog stars = CatalogReader.read(catalogFile, catalogConfig(v));
        log(err, "catalog %s: %d stars (%s)", catalogFile, stars.size(), stars.report());
        Path checkpoint = v.get(FitKeys.CHECKPOINT)
                ? dir.resolve(v.method() == Scope.ICR ? FitIcr.CHECKPOINT_FILE : FitInducing.CHECKPOINT_FILE) : null;
        if (resume && checkpoint == null) {
            throw new IllegalArgumentException("--resume needs checkpoints, but " + v.describe(FitKeys.CHECKPOINT));
        }
        if (resume && !Files.exists(checkpoint)) {
            log(err, "--resume: no checkpoint %s yet, starting afresh", checkpoint);
        } else if (resume && v.method() == Scope.ICR) {
            log(err, "--resume: continuing %s", checkpoint);
        }
        FitIcr icr = v.method() == Scope.ICR ? FitIcr.prepare(v, stars, catalogFile.getFileName().toString(), compute,
                checkpoint, resume, new MgviProgress(Progress.auto("icr+mgvi", err)), err) : null;
        FitInducing inducing = icr == null ? FitInducing.prepare(v, stars, checkpoint) : null;
        String plan = icr != null ? icr.plan() : inducing.plan();
        log(err, "%s", plan);
        if (check) {
            out.println("dust4j fit --check: the configuration and the catalog are usable; nothing was fitted or"
                    + " written.");
            out.println(plan);
            out.println();
            out.print(effectiveConfiguration(v, "the settings of a run"));
            out.flush();
            return Dust4j.EXIT_OK;
        }

        CliFiles.createOutputDirectory(dir, v.describe(FitKeys.OUTPUT));
        List<Path> files = new ArrayList<>();
        long start = System.nanoTime();
        // Ctrl-C (SIGINT) or SIGTERM while fitting: say what survives instead of exiting without a word
        String summary = withShutdownHook(interruptNotice(checkpoint, System.err),
                () -> icr != null ? runIcr(icr, v, stars, dir, files, err)
                        : runInducing(inducing, v, stars, compute, dir, files, err));
        Path configFile = dir.resolve(CONFIG_FILE);
        CliFiles.writeText(configFile, null, w -> w.write(effectiveConfiguration(v, "the run in "
                + dir.toAbsolutePath())));
        files.add(configFile);
        if (checkpoint != null && Files.exists(checkpoint)) {
            files.add(checkpoint);
            Path description = dir.resolve(FitIcr.DESCRIPTION_FILE);
            if (icr != null && Files.exists(description)) {
                files.add(description);
            }
        }
        out.println("dust4j fit: " + stars.size() + " stars from " + catalogFile);
        out.println(summary);
        out.println("files in " + dir.toAbsolutePath() + ":");
        for (Path f : files) {
            out.printf(Locale.ROOT, "  %-36s %s%n", dir.relativize(f), CliFiles.describeSize(f));
        }
        List<String> stale = staleProducts(dir, files);
        if (!stale.isEmpty()) {
            out.println("also in " + dir.toAbsolutePath() + ", NOT written by this run (left by an earlier one; delete"
                    + " them or use another output directory): " + String.join(", ", stale));
        }
        out.println("total " + seconds(Duration.ofNanos(System.nanoTime() - start)));
        out.flush();
        return Dust4j.EXIT_OK;
    }

    /**
     * The products of either method ({@link FitIcr#PRODUCTS}, {@link FitInducing#PRODUCTS}) present in {@code dir} but
     * not among {@code written}: what an earlier run into the same directory left (the other method's maps, figures
     * this run did not draw).
     */
    static List<String> staleProducts(Path dir, List<Path> written) {
        java.util.Set<Path> mine = new java.util.HashSet<>();
        for (Path p : written) {
            mine.add(p.toAbsolutePath().normalize());
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>(FitIcr.PRODUCTS);
        names.addAll(FitInducing.PRODUCTS);
        List<String> stale = new ArrayList<>();
        for (String name : names) {
            Path p = dir.resolve(name).toAbsolutePath().normalize();
            if (Files.exists(p) && !mine.contains(p)) {
                stale.add(name);
            }
        }
        return stale;
    }

    /** The file's modification time, or null if it is absent (or {@code file} is null). */
    private static FileTime modified(Path file) {
        try {
            return file == null || !Files.exists(file) ? null : Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** A part of the run that may fail with an {@link IOException}. */
    interface Step<T> {
        T run() throws IOException;
    }

    /**
     * The notice for Ctrl-C (SIGINT) or SIGTERM while fitting, to say what survives instead of exiting without a
     * word: a thread (not started) that prints {@link #interruptedMessage} for {@code checkpoint} (null if
     * checkpoints are off) to {@code err}, judging whether this run wrote it by its modification time now.
     */
    static Thread interruptNotice(Path checkpoint, PrintStream err) {
        FileTime earlier = modified(checkpoint); // an earlier run's checkpoint, or null
        return new Thread(() -> {
            FileTime now = modified(checkpoint);
            err.println(interruptedMessage(checkpoint, now != null && !now.equals(earlier), earlier != null));
        }, "dust4j-interrupt-notice");
    }

    /**
     * Runs {@code step} with {@code hook} registered as a shutdown hook, and unregisters it when the step returns or
     * fails (unless the JVM is already exiting, when the hook runs).
     */
    static <T> T withShutdownHook(Thread hook, Step<T> step) throws IOException {
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return step.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs
            }
        }
    }

    /**
     * What an interrupted fit leaves: the checkpoint this run wrote to resume from (written atomically, every
     * iteration for icr and every inducing.checkpoint_every for inducing, so an interruption never leaves it
     * half-written), an earlier run's checkpoint it did not replace, or none.
     *
     * @param written whether this run wrote the checkpoint (its modification time changed)
     * @param earlier whether the file existed before this run
     */
    static String interruptedMessage(Path checkpoint, boolean written, boolean earlier) {
        if (checkpoint == null) {
            return "dust4j fit: interrupted; checkpoints are off (checkpoint = false), so the next run starts afresh";
        }
        if (written) {
            return "dust4j fit: interrupted; " + checkpoint + " holds the last checkpoint of this run: run the same"
                    + " command with --resume to continue from it";
        }
        return "dust4j fit: interrupted before this run wrote a checkpoint (" + checkpoint + (earlier
                ? " is still an earlier run's" : " does not exist") + ")";
    }

    /** Runs ICR + MGVI, writes its products (added to {@code files}) and returns the summary. */
    private String runIcr(FitIcr icr, FitConfig.Values v, StarCatalog stars, Path dir, List<Path> files,
            PrintWriter err) throws IOException {
        DustResult result = icr.run(err);
        Provenance provenance = Provenance.of(provenanceJson(v, stars, result.configuration()), v.get(FitKeys.SEED));
        files.addAll(FitIcr.write(result, stars, dir, provenance, v.get(FitKeys.FIGURES), err));
        DustResult.Timings t = result.timings();
        int ran = result.reports().size();
        int all = v.get(FitKeys.MGVI_ITERATIONS);
        return String.format(Locale.ROOT, "ICR + MGVI (Edenhofer et al. 2024) on %s: %s%n  setup %s, MGVI %s,"
                + " statistics %s; sample solves %s%s", icr.backend().name(), FitIcr.describe(result, all),
                seconds(t.setup()), seconds(t.inference()), seconds(t.statistics()),
                result.allSamplesConverged() ? "all converged"
                        : "NOT all converged (see the progress log; raise mgvi.sampling_max_iterations)",
                ran < all ? String.format(Locale.ROOT, "%n  continued from the checkpoint: the last %d of %d global"
                        + " iterations ran now", ran, all) : "");
    }

    /** Runs the inducing-point fit and its predictions, writes the products and returns the summary. */
    private String runInducing(FitInducing inducing, FitConfig.Values v, StarCatalog stars, Backend compute,
            Path dir, List<Path> files, PrintWriter err) throws IOException {
        FitInducing.Outcome o = inducing.run(compute, resume, err);
        Provenance provenance = Provenance.of(provenanceJson(v, stars, inducing.config().describe()),
                v.get(FitKeys.SEED));
        files.addAll(inducing.write(o, dir, provenance, v.get(FitKeys.FIGURES), err));
        return "inducing points + AdamW (Dharmawardena et al. 2022) on " + compute.name() + ": "
                + FitInducing.describe(o.fit());
    }

    private int printTemplate(PrintWriter out) {
        if (catalog != null || config != null || output != null || method != null || seed != null || backend != null
                || threads != null || !settings.isEmpty() || resume || check) {
            throw new IllegalArgumentException("--print-config prints a template and takes no other argument or"
                    + " option");
        }
        Scope m;
        try {
            m = FitKeys.METHOD.type().parse(printConfig, Path.of(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--print-config '" + printConfig + "': " + e.getMessage(), e);
        }
        out.print(FitKeys.template(m));
        out.flush();
        return Dust4j.EXIT_OK;
    }

    /** The file's entries, overridden by --set and then by the dedicated options, resolved and checked. */
    private FitConfig.Values configuration(PrintWriter err) throws IOException {
        FitConfig c = config != null ? FitConfig.read(CliFiles.requireInput(config, "config")) : new FitConfig();
        for (String s : settings) {
            c.set(s);
        }
        String[][] options = {{"catalog", catalog, "CATALOG argument"}, {"output", output, "--out"},
            {"method", method, "--method"}, {"seed", seed, "--seed"}, {"backend", backend, "--backend"},
            {"threads", threads, "--threads"}};
        for (String[] o : options) {
            if (o[1] != null) {
                c.set(o[0], o[1], o[2]);
            }
        }
        return c.resolve(FitKeys.ALL_KEYS, FitKeys.METHOD, w -> log(err, "warning: %s", w));
    }

    /** Sizes the CPU thread pool, which works only before the pool's first use in this JVM. */
    private static void threads(int n, PrintWriter err) {
        System.setProperty("dust4j.cpu.threads", Integer.toString(n));
        int actual = Parallel.threads();
        if (actual != n) {
            log(err, "warning: threads = %d has no effect: the CPU thread pool of this JVM already runs %d threads"
                    + " (it is created once; start Java with -Ddust4j.cpu.threads=%d)", n, actual, n);
        }
    }

    /** The catalog reader's configuration from the catalog.*, column.* and unit.* keys. */
    private static CatalogConfig catalogConfig(FitConfig.Values v) {
        CatalogConfig.Builder c = CatalogConfig.builder();
        for (CatalogColumn column : CatalogColumn.values()) {
            c.column(column, v.get(FitKeys.COLUMNS.get(column)));
            c.unit(column, v.get(FitKeys.UNITS.get(column)));
        }
        c.distanceInput(switch (v.get(FitKeys.DISTANCE_INPUT)) {
            case "parallax" -> CatalogConfig.DistanceInput.PARALLAX;
            case "distance" -> CatalogConfig.DistanceInput.DISTANCE;
            default -> CatalogConfig.DistanceInput.AUTO;
        });
        c.extinctionInput(switch (v.get(FitKeys.EXTINCTION_INPUT)) {
            case "mean" -> CatalogConfig.ExtinctionInput.MEAN_AND_ERROR;
            case "percentiles" -> CatalogConfig.ExtinctionInput.PERCENTILES;
            default -> CatalogConfig.ExtinctionInput.AUTO;
        });
        c.invalidRows(v.get(FitKeys.INVALID_ROWS).equals("drop") ? CatalogConfig.InvalidRows.DROP
                : CatalogConfig.InvalidRows.FAIL);
        c.fileUnits(v.get(FitKeys.FILE_UNITS));
        v.get(FitKeys.HDU).ifPresent(c::fitsHdu);
        c.csvDelimiter(v.get(FitKeys.DELIMITER));
        return c.build();
    }

    /** The value of a key as the effective configuration writes it: paths absolute, the rest as given. */
    private static String text(FitConfig.Values v, Key<?> key) {
        return v.get(key) instanceof Path p ? p.toAbsolutePath().toString() : v.text(key);
    }

    /**
     * Every key of the method with its value and origin, as a configuration file that reproduces the run
     * ({@code dust4j fit --config DIR/fit.conf}).
     */
    static String effectiveConfiguration(FitConfig.Values v, String what) {
        StringBuilder s = new StringBuilder();
        s.append("# dust4j fit: ").append(what).append(" (dust4j ").append(Provenance.version()).append(", ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(")\n");
        s.append("# every key of method ").append(v.method().name().toLowerCase(Locale.ROOT))
                .append(" with its value and where it came from; rerun with dust4j fit --config FILE\n");
        for (Key<?> k : v.keys()) {
            s.append(String.format(Locale.ROOT, "%-44s # %s%n", k.name() + " = " + text(v, k), v.origin(k)));
        }
        return s.toString();
    }

    /**
     * The D4JCONF provenance of the products: the command, every setting, the catalog, and the library's own
     * description of the run ({@code run}, JSON), on one line of ASCII. {@code run} goes in as the library wrote it:
     * parsed and rewritten, its numbers would become doubles (a 64-bit seed beyond 2^53 would lose digits).
     */
    static String provenanceJson(FitConfig.Values v, StarCatalog stars, String run) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (Key<?> k : v.keys()) {
            config.put(k.name(), text(v, k));
        }
        String head = Json.writeAscii(Json.object("command", "dust4j fit", "config", config, "catalog",
                Json.object("stars", stars.size(), "validation", stars.report().toString())));
        return head.substring(0, head.length() - 1) + ",\"run\":" + run + "}";
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toNanos() * 1e-9);
    }

    private static void log(PrintWriter err, String format, Object... args) {
        err.println("dust4j fit: " + String.format(Locale.ROOT, format, args));
        err.flush();
    }
}
