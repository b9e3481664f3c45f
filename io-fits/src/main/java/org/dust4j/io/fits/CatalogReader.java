package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads star catalogs from FITS binary tables and CSV files into a {@link StarCatalog}.
 *
 * <p>Reading streams: a FITS table is read in chunks of rows straight from the file and a CSV file line by line,
 * and values go directly into one primitive array per catalog column, so the heap needed is that of the
 * numeric columns (8 bytes per star and column) plus one chunk. Units come from TUNITn where a FITS column has
 * one, else from the configuration, and are converted to deg, mas, pc and mag. Each row is validated (see
 * {@link InvalidReason}); invalid rows fail the read with a message naming row and column, or are dropped and
 * counted, as configured.
 */
public final class CatalogReader {
    private CatalogReader() {
    }

    /**
     * Reads a catalog, as FITS if the name ends in .fits, .fit or .fts (any case) or the file begins with the FITS
     * card {@code SIMPLE  =}, else as CSV.
     *
     * @throws CatalogException if a column, unit or row is unusable, or the file is gzip-compressed
     * @throws FitsFormatException if a FITS file is corrupt or truncated
     */
    public static StarCatalog read(Path file, CatalogConfig config) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean fits = name.endsWith(".fits") || name.endsWith(".fit") || name.endsWith(".fts")
                || (Files.isRegularFile(file) && TextFiles.isFits(file));
        return fits ? readFits(file, config) : readCsv(file, config);
    }

    /**
     * Reads a catalog from a FITS binary table: the HDU named by {@link CatalogConfig#fitsHdu()}, else the first
     * binary table. Columns must be scalar numbers (TFORM B, I, J, K, E or D); TSCALn/TZEROn are applied and
     * TNULLn values count as not finite.
     */
    public static StarCatalog readFits(Path file, CatalogConfig config) throws IOException {
        try (FitsTableSource source = FitsTableSource.open(file, config)) {
            return assemble(source, config, file);
        }
    }

    /**
     * Reads a catalog from a CSV file (UTF-8, read as {@link TextFiles#open} does): the first line that is neither
     * blank nor a '#' comment names the columns; fields may be double-quoted; empty fields count as not finite.
     */
    public static StarCatalog readCsv(Path file, CatalogConfig config) throws IOException {
        try (CsvSource source = CsvSource.open(file, config.csvDelimiter())) {
            return assemble(source, config, file);
        }
    }

    private static StarCatalog assemble(RowSource source, CatalogConfig config, Path file) throws IOException {
        CatalogColumn[] columns = chooseColumns(source, config, file);
        int[] fileIndex = new int[columns.length];
        double[] factor = new double[columns.length];
        String[] label = new String[columns.length];
        Map<String, Integer> byName = indexByName(source.columnNames());
        for (int c = 0; c < columns.length; c++) {
            fileIndex[c] = byName.get(config.name(columns[c]).toLowerCase(Locale.ROOT));
            if (fileIndex[c] < 0) {
                throw new CatalogException(file + ": column name '" + config.name(columns[c]) + "' (for " + columns[c]
                        + ") is ambiguous: it appears more than once (ignoring case) in " + source.columnNames());
            }
            label[c] = source.columnNames().get(fileIndex[c]);
            String fileUnit = source.unit(fileIndex[c]);
            boolean fromFile = config.fileUnits() && fileUnit != null && !fileUnit.isBlank();
            String unit = fromFile ? fileUnit : config.unit(columns[c]);
            try {
                factor[c] = columns[c].quantity().factorFrom(unit);
            } catch (IllegalArgumentException e) {
                throw new CatalogException(file + ": column '" + label[c] + "' (" + columns[c] + "): "
                        + e.getMessage() + (fromFile ? " (the file's TUNIT; to read the column in the unit of the"
                        + " configuration instead, ignore the file's units: CatalogConfig.Builder.fileUnits(false), or"
                        + " catalog.file_units = false in a dust4j fit configuration)" : ""), e);
            }
        }
        source.select(fileIndex);
        long rows = source.rowCount();
        if (rows > Integer.MAX_VALUE - 8) {
            throw new CatalogException(file + ": " + rows + " rows exceed the " + (Integer.MAX_VALUE - 8)
                    + " stars one catalog can hold; split the input");
        }
        int capacity = (int) rows;
        double[][] store = new double[columns.length][capacity];
        RowValidator validator = new RowValidator(columns);
        boolean drop = config.invalidRows() == CatalogConfig.InvalidRows.DROP;
        Map<InvalidReason, Long> dropped = new EnumMap<>(InvalidReason.class);
        double[] row = new double[columns.length];
        long read = 0;
        int kept = 0;
        while (source.next(row)) {
            read++;
            if (read > capacity) {
                throw new CatalogException(file + ": more rows than the " + capacity + " counted (file changed while"
                        + " being read?)");
            }
            String malformed = source.malformed();
            if (malformed != null) {
                if (!drop) {
                    throw new CatalogException(file + ": " + source.rowLabel() + " " + malformed);
                }
                dropped.merge(InvalidReason.MALFORMED_ROW, 1L, Long::sum);
                continue;
            }
            for (int c = 0; c < row.length; c++) {
                row[c] *= factor[c];
            }
            RowValidator.Failure failure = validator.check(row);
            if (failure != null) {
                if (!drop) {
                    int c = failure.column();
                    throw new CatalogException(file + ": " + source.rowLabel() + ", "
                            + failure.describe(label[c], row[c], source.raw(c)));
                }
                dropped.merge(failure.reason(), 1L, Long::sum);
                continue;
            }
            for (int c = 0; c < row.length; c++) {
                store[c][kept] = row[c];
            }
            kept++;
        }
        if (read != rows) {
            throw new CatalogException(file + ": expected " + rows + " rows, read " + read);
        }
        if (kept < capacity) {
            for (int c = 0; c < store.length; c++) {
                store[c] = Arrays.copyOf(store[c], kept); // one column at a time: peak heap is one extra column
            }
        }
        double[] l = store[0];
        for (int i = 0; i < kept; i++) {
            l[i] = RowValidator.wrapLongitude(l[i]);
        }
        ValidationReport report = new ValidationReport(read, kept, dropped);
        StarCatalog.DistanceKind kind = columns[2] == CatalogColumn.PARALLAX
                ? StarCatalog.DistanceKind.PARALLAX : StarCatalog.DistanceKind.DISTANCE;
        if (columns.length == 6) {
            return new StarCatalog(l, store[1], kind, store[2], store[3], store[4], store[5], null, null, null, report);
        }
        double[] p16 = store[4];
        double[] p50 = store[5];
        double[] p84 = store[6];
        double[] sigma = new double[kept];
        for (int i = 0; i < kept; i++) {
            sigma[i] = 0.5 * (p84[i] - p16[i]);
        }
        return new StarCatalog(l, store[1], kind, store[2], store[3], p50, sigma, p16, p50, p84, report);
    }

    /** L, B, two distance columns, then EXTINCTION + ERROR or the three percentiles. */
    private static CatalogColumn[] chooseColumns(RowSource source, CatalogConfig config, Path file)
            throws CatalogException {
        Map<String, Integer> byName = indexByName(source.columnNames());
        java.util.function.Predicate<CatalogColumn> has =
                c -> byName.containsKey(config.name(c).toLowerCase(Locale.ROOT));
        List<CatalogColumn> chosen = new ArrayList<>(List.of(CatalogColumn.L, CatalogColumn.B));
        List<CatalogColumn> parallax = List.of(CatalogColumn.PARALLAX, CatalogColumn.PARALLAX_ERROR);
        List<CatalogColumn> distance = List.of(CatalogColumn.DISTANCE, CatalogColumn.DISTANCE_ERROR);
        chosen.addAll(switch (config.distanceInput()) {
            case PARALLAX -> parallax;
            case DISTANCE -> distance;
            case AUTO -> parallax.stream().allMatch(has) ? parallax
                    : distance.stream().allMatch(has) ? distance
                    : failNoGroup(file, "distance", config, source, parallax, distance);
        });
        List<CatalogColumn> meanError = List.of(CatalogColumn.EXTINCTION, CatalogColumn.EXTINCTION_ERROR);
        List<CatalogColumn> percentiles =
                List.of(CatalogColumn.EXTINCTION_P16, CatalogColumn.EXTINCTION_P50, CatalogColumn.EXTINCTION_P84);
        chosen.addAll(switch (config.extinctionInput()) {
            case MEAN_AND_ERROR -> meanError;
            case PERCENTILES -> percentiles;
            case AUTO -> meanError.stream().allMatch(has) ? meanError
                    : percentiles.stream().allMatch(has) ? percentiles
                    : failNoGroup(file, "extinction", config, source, meanError, percentiles);
        });
        for (CatalogColumn c : chosen) {
            if (!has.test(c)) {
                throw new CatalogException(file + ": no column named '" + config.name(c) + "' (for " + c
                        + "); " + theColumns(source, config));
            }
        }
        return chosen.toArray(CatalogColumn[]::new);
    }

    private static List<CatalogColumn> failNoGroup(Path file, String what, CatalogConfig config, RowSource source,
            List<CatalogColumn> first, List<CatalogColumn> second) throws CatalogException {
        throw new CatalogException(file + ": no " + what + " information: need columns "
                + first.stream().map(config::name).toList() + " or " + second.stream().map(config::name).toList()
                + "; " + theColumns(source, config));
    }

    /**
     * "the columns are [...]", with a hint when the header is one column holding another usual separator (a
     * semicolon- or tab-separated file read with the default ',').
     */
    private static String theColumns(RowSource source, CatalogConfig config) {
        List<String> names = source.columnNames();
        String text = "the columns are " + names;
        if (names.size() == 1) {
            for (char separator : new char[] {';', '\t', '|', ','}) {
                if (separator != config.csvDelimiter() && names.get(0).indexOf(separator) >= 0) {
                    String shown = separator == '\t' ? "tab" : "'" + separator + "'";
                    return text + " (one column: is the file separated by " + shown + " rather than '"
                            + config.csvDelimiter() + "'? Set the CSV delimiter: CatalogConfig.Builder.csvDelimiter,"
                            + " or catalog.delimiter in a dust4j fit configuration)";
                }
            }
        }
        return text;
    }

    /** Lower-cased column name to file index; -1 for a name that appears more than once (ignoring case). */
    private static Map<String, Integer> indexByName(List<String> names) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.merge(names.get(i).toLowerCase(Locale.ROOT), i, (a, b) -> -1);
        }
        return byName;
    }
}
