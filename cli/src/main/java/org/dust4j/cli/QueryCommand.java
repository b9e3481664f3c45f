package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dust4j.io.fits.HealpixDustMap;
import org.dust4j.io.fits.ShellGeometry;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dust4j query MAP}: the density (or the integrated extinction) of a HEALPix x distance map at Galactic
 * (l, b, d) points given on the command line or in a CSV file, written as a CSV table. Values are those of
 * {@link HealpixDustMap} (dustmaps' Edenhofer2023Query semantics); points outside the map's radial range are NaN.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Query a dust map at Galactic points (l, b, d); writes a CSV table.",
        description = {"Query a HEALPix x distance dust map (density or integrated extinction) at points given on "
                + "the command line or in a CSV file.",
            "Output columns: l, b, d, then the value column(s): density_<mode> or, with --integrated, "
                    + "extinction_<mode>; with --mode samples one column per sample (_sample_0, _sample_1, ...). "
                    + "Points outside the map's radial range give NaN."},
        footer = {"", "Examples:",
            "  dust4j query map.fits --l 10,20 --b 5,-5 --d 300,450",
            "  dust4j query map.fits -i points.csv --integrated -o extinction.csv",
            "  dust4j query samples.fits --input points.csv --mode samples"})
final class QueryCommand implements Callable<Integer> {
    /** What {@code --mode} selects. */
    enum QueryMode {
        MEAN("mean", HealpixDustMap.Mode.MEAN),
        STD("std", HealpixDustMap.Mode.STD),
        SAMPLES("samples", HealpixDustMap.Mode.SAMPLES),
        RANDOM_SAMPLE("random-sample", HealpixDustMap.Mode.RANDOM_SAMPLE);

        final String option;
        final HealpixDustMap.Mode mode;

        QueryMode(String option, HealpixDustMap.Mode mode) {
            this.option = option;
            this.mode = mode;
        }

        @Override
        public String toString() {
            return option;
        }

        static QueryMode parse(String text) {
            for (QueryMode m : values()) {
                if (m.option.equalsIgnoreCase(text) || m.name().equalsIgnoreCase(text)) {
                    return m;
                }
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a mode; use one of mean, std,"
                    + " samples, random-sample");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MAP", description = "HEALPix x distance map (mean-and-std or samples FITS"
            + " file, e.g. the Edenhofer et al. 2024 release or a dust4j product).")
    Path map;

    @Option(names = "--l", paramLabel = "DEG[,DEG...]",
            description = "Galactic longitude(s) in degrees, comma-separated.")
    String l;

    @Option(names = "--b", paramLabel = "DEG[,DEG...]",
            description = "Galactic latitude(s) in degrees, comma-separated, within [-90, 90].")
    String b;

    @Option(names = "--d", paramLabel = "PC[,PC...]",
            description = "Distance(s) in parsec, comma-separated, >= 0.")
    String d;

    @Option(names = {"-i", "--input"}, paramLabel = "CSV",
            description = "Points from a CSV file (instead of --l/--b/--d) whose header names the columns l, b, d "
                    + "(deg, deg, pc; any order and case); other columns are ignored, '#' lines are comments.")
    Path input;

    @Option(names = "--integrated", description = "Integrated extinction from the Sun to d (density integrated "
            + "over distance) instead of the density at d.")
    boolean integrated;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "mean", converter = ModeConverter.class,
            description = "mean (default), std, samples (every sample; samples file only) or random-sample (one "
                    + "sample drawn for all points; samples file only). An integrated query of a mean-and-std file "
                    + "answers mean only.")
    QueryMode mode;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the draw of --mode random-sample (default: " + DEFAULT_SEED + "); refused with any"
                    + " other mode.")
    Long seed;

    /** The seed of a random-sample query without --seed. */
    static final long DEFAULT_SEED = 0;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the CSV table to FILE (atomically: FILE appears only when complete) instead of "
                    + "standard output.")
    Path output;

    /** Converts --mode text. */
    static final class ModeConverter implements CommandLine.ITypeConverter<QueryMode> {
        @Override
        public QueryMode convert(String value) {
            return QueryMode.parse(value);
        }
    }

    @Override
    public Integer call() throws IOException {
        CliFiles.requireInput(map, "MAP");
        if (output != null) {
            CliFiles.requireOutput(output, "--output");
        }
        if (seed != null && mode != QueryMode.RANDOM_SAMPLE) {
            throw new IllegalArgumentException("--seed " + seed + " applies to --mode random-sample only; this query"
                    + " is --mode " + mode + ", which draws nothing");
        }
        Points points = points();
        HealpixDustMap.Options options = new HealpixDustMap.Options(integrated, seed == null ? DEFAULT_SEED : seed);
        try (HealpixDustMap dust = HealpixDustMap.open(map, options)) {
            if (!dust.modes().contains(mode.mode)) {
                throw new IllegalArgumentException("--mode " + mode + " is not available for " + map
                        + (integrated ? " with --integrated" : "") + ": this map answers "
                        + dust.modes().stream().map(m -> QueryMode.valueOf(m.name()).option).sorted().toList()
                        + (dust.file().hasSamples() ? "" : " (it has no samples)"));
            }
            String quantity = integrated ? "extinction" : "density";
            List<String> columns = new ArrayList<>(Points.COLUMNS);
            double[][] values;
            if (mode == QueryMode.SAMPLES) {
                values = dust.querySamples(points.l(), points.b(), points.d());
                for (int s = 0; s < dust.file().sampleCount(); s++) {
                    columns.add(quantity + "_sample_" + s);
                }
            } else {
                double[] v = dust.query(points.l(), points.b(), points.d(), mode.mode);
                values = new double[v.length][];
                for (int i = 0; i < v.length; i++) {
                    values[i] = new double[] {v[i]};
                }
                columns.add(quantity + "_" + mode.option.replace('-', '_'));
            }
            CliFiles.writeText(output, spec.commandLine().getOut(), w -> writeCsv(w, columns, points, values));
            summary(dust, points, values, options.seed());
        }
        return Dust4j.EXIT_OK;
    }

    /** The points of --input, or of --l, --b and --d; exactly one of the two ways must be used. */
    private Points points() throws IOException {
        List<String> given = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String[] names = {"--l", "--b", "--d"};
        String[] values = {l, b, d};
        for (int i = 0; i < 3; i++) {
            (values[i] != null ? given : missing).add(names[i]);
        }
        if (input != null && !given.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give the points either with --input or "
                    + "with --l, --b and --d, not both (got --input and " + String.join(", ", given) + ")");
        }
        if (input != null) {
            return Points.readCsv(CliFiles.requireInput(input, "--input"));
        }
        if (!missing.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give the points with --l, --b and --d "
                    + "(all three) or with --input CSV; missing: " + String.join(", ", missing));
        }
        return Points.ofOptions(l, b, d);
    }

    private static void writeCsv(Writer w, List<String> columns, Points points, double[][] values)
            throws IOException {
        w.write(String.join(",", columns));
        w.write('\n');
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            line.setLength(0);
            line.append(points.l()[i]).append(',').append(points.b()[i]).append(',').append(points.d()[i]);
            for (double v : values[i]) {
                line.append(',').append(v);
            }
            line.append('\n');
            w.write(line.toString());
        }
    }

    /** One line on standard error: what was computed, its unit, and how many points fell outside the map. */
    private void summary(HealpixDustMap dust, Points points, double[][] values, long drawSeed) {
        long outside = 0;
        for (double[] row : values) {
            if (row.length > 0 && Double.isNaN(row[0])) {
                outside++;
            }
        }
        ShellGeometry g = dust.file().geometry();
        double[] centers = g.centers();
        String unit = dust.file().unit().isEmpty() ? "unit not stated in the map" : dust.file().unit();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "dust4j query: %d point(s), %s %s (%s)%s; %d outside the map's radial range "
                        + "(shell centres %s .. %s pc) are NaN%s%n",
                points.size(), integrated ? "integrated extinction" : "density", mode,
                integrated ? "density unit x pc, density unit: " + unit : unit,
                mode == QueryMode.RANDOM_SAMPLE ? ", seed " + drawSeed : "", outside, Numbers.compact(centers[0]),
                Numbers.compact(centers[centers.length - 1]), output != null ? "; written to " + output : "");
        err.flush();
    }
}
