package org.dust4j.io.fits;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a CSV file (UTF-8 as {@link TextFiles#open} reads it), parsed line by line. The first line that is neither blank nor a '#' comment holds the
 * column names; later blank and '#' lines are skipped. Fields may be enclosed in double quotes ("" inside
 * quotes is a quote); a quoted field cannot span lines. Rows are counted in a first pass over the file so that
 * the catalog arrays are allocated once at their final size.
 */
final class CsvSource implements RowSource {
    private final Path file;
    private final char delimiter;
    private final List<String> names;
    private final long rows;
    private final BufferedReader reader;
    private final List<String> fields = new ArrayList<>();
    /** Why the last row is malformed, or null. */
    private String malformed;
    private int[] selected;
    private String[] rawText;
    private long line;
    private long dataRow;

    private CsvSource(Path file, char delimiter, List<String> names, long rows, BufferedReader reader, long line) {
        this.file = file;
        this.delimiter = delimiter;
        this.names = names;
        this.rows = rows;
        this.reader = reader;
        this.line = line;
    }

    static CsvSource open(Path file, char delimiter) throws IOException {
        long rows = 0;
        boolean header = false;
        try (BufferedReader counter = TextFiles.open(file)) {
            for (String s = counter.readLine(); s != null; s = counter.readLine()) {
                if (isData(s)) {
                    if (header) {
                        rows++;
                    } else {
                        header = true;
                    }
                }
            }
        }
        if (!header) {
            throw new CatalogException(file + ": empty CSV file (no header line with column names)");
        }
        BufferedReader reader = TextFiles.open(file);
        long line = 0;
        String s;
        do {
            s = reader.readLine();
            line++;
        } while (!isData(s));
        List<String> names = new ArrayList<>();
        split(s, delimiter, names, file, line);
        // a column without a name (every line ending in the delimiter, an empty spreadsheet column) cannot be
        // chosen, so it is simply never read
        names.replaceAll(String::trim);
        return new CsvSource(file, delimiter, List.copyOf(names), rows, reader, line);
    }

    private static boolean isData(String s) {
        String t = s.strip();
        return !t.isEmpty() && t.charAt(0) != '#';
    }

    private static void split(String s, char delimiter, List<String> out, Path file, long line)
            throws CatalogException {
        out.clear();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == delimiter) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new CatalogException(file + ": line " + line + ": unclosed double quote");
        }
        out.add(field.toString());
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    @Override
    public String unit(int column) {
        return null;
    }

    @Override
    public String malformed() {
        return malformed;
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public void select(int[] columns) {
        selected = columns.clone();
        rawText = new String[columns.length];
    }

    @Override
    public boolean next(double[] out) throws IOException {
        String s;
        do {
            s = reader.readLine();
            if (s == null) {
                return false;
            }
            line++;
        } while (!isData(s));
        dataRow++;
        split(s, delimiter, fields, file, line);
        malformed = fields.size() == names.size() ? null
                : "has " + fields.size() + " fields, the header has " + names.size();
        if (malformed != null) {
            return true; // out is not read for a malformed row
        }
        for (int k = 0; k < selected.length; k++) {
            String text = fields.get(selected[k]).strip();
            rawText[k] = null;
            double value = Decimal.parseOrNaN(text);
            if (!Double.isFinite(value)) {
                rawText[k] = text;
            }
            out[k] = value;
        }
        return true;
    }

    @Override
    public String rowLabel() {
        return "data row " + dataRow + " (line " + line + ")";
    }

    @Override
    public String raw(int selectedIndex) {
        return rawText[selectedIndex];
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
