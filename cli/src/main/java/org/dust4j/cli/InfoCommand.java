package org.dust4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.dust4j.core.json.Json;
import org.dust4j.io.fits.CatalogConfig;
import org.dust4j.io.fits.CatalogException;
import org.dust4j.io.fits.CatalogReader;
import org.dust4j.io.fits.HealpixDustMap;
import org.dust4j.io.fits.HealpixMapFile;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.ShellGeometry;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.io.fits.TextFiles;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dust4j info FILE}: what a FITS or CSV file holds. For every FITS file the HDU list; then, for a HEALPix
 * x distance map, its grid (nside, ordering, shells, radial range), samples, std, inner integral, unit and query
 * modes; for a resampled grid product, its cubes and axes; for a table or CSV file, its rows, columns and units
 * and whether it reads as a dust4j star catalog; and the provenance keywords where present.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        header = "Describe a map, grid product or catalog file (FITS or CSV).",
        description = {"Describe a dust map, grid product or star catalog file (FITS or CSV): HDUs, HEALPix nside "
                + "and ordering, shells and radial range, samples, units, table rows and columns, provenance."},
        footer = {"", "Examples:", "  dust4j info mean_and_std_healpix.fits", "  dust4j info stars.csv"})
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A FITS file (map, grid product or catalog) or a "
            + "CSV catalog or points file.")
    Path file;

    /** One HDU's header, its position and kind. */
    private record Hdu(int index, String kind, String name, Header header) {
        int naxis() {
            return header.getIntValue("NAXIS", 0);
        }

        long axis(int i) {
            return header.getLongValue("NAXIS" + i, 0);
        }

        String label() {
            return "#" + index + (name.isEmpty() ? "" : " '" + name + "'");
        }
    }

    @Override
    public Integer call() throws IOException {
        CliFiles.requireInput(file, "FILE");
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "file: %s (%s)%n", file, bytes(Files.size(file)));
        try {
            if (TextFiles.isFits(file)) {
                describeFits(out);
            } else if (isText(file)) {
                describeText(out);
            } else {
                throw new IllegalArgumentException(file + " is neither a FITS file (it does not begin with "
                        + "'SIMPLE  =') nor CSV text");
            }
        } finally {
            out.flush();
        }
        return Dust4j.EXIT_OK;
    }

    private void describeFits(PrintWriter out) throws IOException {
        List<Hdu> hdus = readHeaders();
        out.println("format: FITS, " + hdus.size() + " HDU" + (hdus.size() == 1 ? "" : "s"));
        for (Hdu h : hdus) {
            out.printf(Locale.ROOT, "  %-4s %-34s %s%n", "#" + h.index, h.name.isEmpty() ? "-" : h.name, shape(h));
        }
        Hdu map = hdus.stream().filter(h -> h.header.containsKey("NSIDE")).findFirst().orElse(null);
        List<Hdu> grids = hdus.stream().filter(h -> h.kind.equals("IMAGE") && h.naxis() == 3
                && h.header.containsKey("CTYPE1")).toList();
        Hdu table = hdus.stream().filter(h -> h.kind.equals("BINTABLE")).findFirst().orElse(null);
        if (map != null) {
            describeMap(out, map);
        } else if (!grids.isEmpty()) {
            describeGrid(out, grids);
        } else if (table != null) {
            describeTable(out, table);
        } else {
            out.println("content: not a dust4j map, grid product or catalog");
        }
        hdus.stream().filter(h -> h.header.containsKey(Provenance.KEY_SEED)
                || h.header.containsKey(Provenance.KEY_SOFTWARE)).findFirst()
                .ifPresentOrElse(h -> describeProvenance(out, h), () -> out.println("provenance: none"));
    }

    /** The headers of all HDUs, without reading any data. */
    private List<Hdu> readHeaders() throws IOException {
        List<Hdu> hdus = new ArrayList<>();
        long end = 0;
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?> hdu;
            while ((hdu = fits.readHDU()) != null) {
                Header h = hdu.getHeader();
                String xtension = h.getStringValue("XTENSION", null);
                String kind = hdus.isEmpty() ? "PRIMARY" : xtension == null ? "?" : xtension.trim();
                hdus.add(new Hdu(hdus.size(), kind, h.getStringValue("EXTNAME", "").trim(), h));
                end = hdu.getFileOffset() + hdu.getSize();
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable FITS file after " + hdus.size() + " HDU(s): "
                    + e.getMessage(), e);
        }
        long length = Files.size(file);
        if (hdus.isEmpty() || end > length) {
            throw new IllegalArgumentException(file + ": truncated FITS file: its HDUs need " + end + " bytes, the file"
                    + " has " + length);
        }
        return hdus;
    }

    /** "float32 image 786432 x 516 (NAXIS1 x NAXIS2)", "binary table, 516 rows x 1 column", "no data". */
    private static String shape(Hdu h) {
        String dims = IntStream.rangeClosed(1, h.naxis()).mapToObj(i -> Long.toString(h.axis(i)))
                .collect(Collectors.joining(" x "));
        if (h.kind.equals("BINTABLE")) {
            int columns = h.header.getIntValue("TFIELDS", 0);
            return "binary table, " + h.axis(2) + " rows x " + columns + " column" + (columns == 1 ? "" : "s");
        }
        if (h.naxis() == 0) {
            return h.kind.equals("PRIMARY") ? "primary, no data" : h.kind + ", no data";
        }
        return (h.kind.equals("PRIMARY") ? "primary " : h.kind.equals("IMAGE") ? "" : h.kind + " ") + elementType(h)
                + " image " + dims + " (NAXIS1 first)";
    }

    /** The image element type from BITPIX: float32, float64, uint8, int16, int32, int64. */
    private static String elementType(Hdu h) {
        int bitpix = h.header.getIntValue("BITPIX", 0);
        return switch (bitpix) {
            case -32 -> "float32";
            case -64 -> "float64";
            case 8 -> "uint8";
            case 16 -> "int16";
            case 32 -> "int32";
            case 64 -> "int64";
            default -> "BITPIX " + bitpix;
        };
    }

    private void describeMap(PrintWriter out, Hdu main) throws IOException {
        try (HealpixMapFile map = HealpixMapFile.open(file)) {
            ShellGeometry g = map.geometry();
            double[] centers = g.centers();
            double[] bounds = g.boundaries();
            out.println("content: HEALPix x distance dust map, " + (map.hasSamples()
                    ? "samples file (" + map.sampleCount() + " samples)" : "mean-and-std file"));
            out.printf(Locale.ROOT, "  nside: %d (%d pixels per shell), ordering %s, coordinate system %s%n",
                    g.nside(), g.npix(), main.header.getStringValue("ORDERING", "?").trim(),
                    main.header.getStringValue("COORDSYS", "not stated").trim());
            String first = Numbers.compact(centers[0]);
            String last = Numbers.compact(centers[centers.length - 1]);
            out.printf(Locale.ROOT, "  shells: %d, centres %s .. %s pc, boundaries %s .. %s pc%n", g.shells(),
                    first, last, Numbers.compact(bounds[0]), Numbers.compact(bounds[bounds.length - 1]));
            out.println("  radial range answered by queries: " + first + " < d <= " + last + " pc (NaN elsewhere)");
            out.println("  samples: " + (map.hasSamples() ? map.sampleCount() : "none"));
            out.println("  std: " + (map.hasSamples() ? "from the samples" : map.hasStd() ? "STD. cube" : "none"));
            out.println("  unit: " + (map.unit().isEmpty() ? "not stated (no CUNIT)" : map.unit()));
            out.println("  inner integral: " + (map.innerRadius().isEmpty() ? "none"
                    : "within " + Numbers.compact(map.innerRadius().getAsDouble()) + " pc"
                            + (map.hasInnerStd() ? " (mean and std)" : "")));
            out.println("  stored as: " + elementType(main));
        }
        out.println("  query modes: density " + modes(false) + ", integrated extinction " + modes(true));
    }

    private String modes(boolean integrated) throws IOException {
        try (HealpixDustMap m = HealpixDustMap.open(file, new HealpixDustMap.Options(integrated, 0L))) {
            return m.modes().stream().map(x -> QueryCommand.QueryMode.valueOf(x.name()).toString()).sorted()
                    .toList().toString();
        }
    }

    private static void describeGrid(PrintWriter out, List<Hdu> cubes) {
        Header first = cubes.get(0).header;
        boolean box = "X".equals(first.getStringValue("CTYPE1", "").trim());
        out.println("content: resampled grid product (" + (box ? "Cartesian box" : "l, b, d grid") + "), cubes "
                + cubes.stream().map(c -> c.name.isEmpty() ? c.label() : c.name).toList() + ", unit "
                + first.getStringValue("CUNIT", "not stated").trim());
        for (int i = 1; i <= 3; i++) {
            long n = first.getLongValue("NAXIS" + i, 0);
            double delta = first.getDoubleValue("CDELT" + i, 1.0);
            double start = first.getDoubleValue("CRVAL" + i, 0.0) + (1.0 - first.getDoubleValue("CRPIX" + i, 1.0))
                    * delta;
            out.printf(Locale.ROOT, "  axis %d %-8s %s .. %s %s, %d points, step %s%n", i,
                    first.getStringValue("CTYPE" + i, "?").trim(), Numbers.compact(start),
                    Numbers.compact(start + (n - 1) * delta), first.getStringValue("CUNIT" + i, "").trim(), n,
                    Numbers.compact(delta));
        }
    }

    private void describeTable(PrintWriter out, Hdu table) throws IOException {
        int columns = table.header.getIntValue("TFIELDS", 0);
        out.println("content: binary table " + table.label() + ", " + table.axis(2) + " rows, " + columns + " columns");
        out.printf(Locale.ROOT, "  %-24s %-6s %s%n", "column", "TFORM", "unit");
        for (int c = 1; c <= columns; c++) {
            out.printf(Locale.ROOT, "  %-24s %-6s %s%n", table.header.getStringValue("TTYPE" + c, "(unnamed)").trim(),
                    table.header.getStringValue("TFORM" + c, "?").trim(),
                    table.header.getStringValue("TUNIT" + c, "-").trim());
        }
        describeCatalog(out);
    }

    /**
     * A text file: JSON (a checkpoint's model description, for instance), a fit configuration (key = value lines) or,
     * failing those, a CSV table.
     */
    private void describeText(PrintWriter out) throws IOException {
        List<String> head = new ArrayList<>(); // the first lines that are not blank or comments: enough to tell
        try (BufferedReader in = TextFiles.open(file)) {
            for (String line = in.readLine(); line != null && head.size() < 50; line = in.readLine()) {
                String t = line.strip();
                if (head.isEmpty() && (t.startsWith("{") || t.startsWith("["))) {
                    // JSON: parse the whole text, read on from this line
                    Object tree = Json.parse(line + "\n" + in.lines().collect(Collectors.joining("\n")));
                    out.println("format: JSON text, not a catalog or a map" + (tree instanceof Map<?, ?> m
                            ? "; keys: " + String.join(", ", m.keySet().stream().map(String::valueOf).toList())
                            : "; an array of " + ((List<?>) tree).size()));
                    return;
                }
                if (!t.isEmpty() && !t.startsWith("#")) {
                    head.add(line);
                }
            }
        }
        if (!head.isEmpty() && head.stream().allMatch(FitConfig::isSetting)) {
            out.println("format: dust4j fit configuration (key = value lines), not a catalog or a map (use: dust4j"
                    + " fit --config " + file + ")");
            return;
        }
        describeCsv(out);
    }

    private void describeCsv(PrintWriter out) throws IOException {
        List<String> header = null;
        long rows = 0;
        long comments = 0;
        try (BufferedReader in = TextFiles.open(file)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.startsWith("#")) {
                    comments++;
                } else if (!t.isEmpty() && header == null) {
                    header = Points.split(line, file, lineNo).stream().map(String::strip).toList();
                } else if (!t.isEmpty()) {
                    rows++;
                }
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(file + ": empty text file: no header line, so not a CSV table");
        }
        out.println("format: CSV text, " + rows + " data rows, " + header.size() + " columns"
                + (comments > 0 ? ", " + comments + " comment lines" : ""));
        out.println("  columns: " + String.join(", ", header));
        out.println("  units: not stated in CSV; dust4j assumes deg (l, b), mas (parallax), pc (distance), "
                + "mag (extinction)");
        describeCatalog(out);
        Set<String> lower = header.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (lower.containsAll(Points.COLUMNS)) {
            out.println("as query points: has columns l, b, d (use: dust4j query MAP --input " + file + ")");
        }
    }

    /**
     * Whether and how the file reads as a star catalog with the default column names (FITS: the first binary
     * table), invalid rows dropped and counted rather than fatal.
     */
    private void describeCatalog(PrintWriter out) throws IOException {
        StarCatalog catalog;
        try {
            catalog = CatalogReader.read(file,
                    CatalogConfig.builder().invalidRows(CatalogConfig.InvalidRows.DROP).build());
        } catch (CatalogException e) {
            out.println("as a dust4j catalog: not usable: " + e.getMessage());
            return;
        }
        out.println("as a dust4j catalog: " + catalog.size() + " stars usable; distances from "
                + (catalog.distanceKind() == StarCatalog.DistanceKind.PARALLAX ? "parallaxes" : "distances")
                + ", extinction " + (catalog.hasPercentiles() ? "16/50/84 percentiles" : "mean and error") + "; "
                + catalog.report());
    }

    private static void describeProvenance(PrintWriter out, Hdu h) {
        out.println("provenance (" + h.label() + "):");
        for (String key : List.of(Provenance.KEY_SOFTWARE, Provenance.KEY_DATE, Provenance.KEY_SEED,
                Provenance.KEY_CONFIGURATION)) {
            if (h.header.containsKey(key)) {
                String value = key.equals(Provenance.KEY_SEED) ? Long.toString(h.header.getLongValue(key))
                        : h.header.getStringValue(key);
                out.printf(Locale.ROOT, "  %-8s %s%n", key, value);
            }
        }
    }

    /**
     * Text in the first 64 KiB: no control bytes other than tab, line feed, form feed and carriage return (compressed
     * and binary files have them; text in any 8-bit encoding, read as {@link TextFiles#open} does, has none).
     */
    private static boolean isText(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(1 << 16);
        }
        for (byte b : head) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s, %d bytes", v, units[u], n);
    }
}
