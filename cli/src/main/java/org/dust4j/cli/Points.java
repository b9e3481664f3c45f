package org.dust4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dust4j.io.fits.TextFiles;

/**
 * Query points in Galactic coordinates: longitude l [deg], latitude b [deg], distance d [pc].
 *
 * @param l longitudes [deg], finite
 * @param b latitudes [deg], within [-90, 90]
 * @param d distances [pc], finite and &gt;= 0
 */
record Points(double[] l, double[] b, double[] d) {
    /** The columns of a points file, in the order a file's columns are checked. */
    static final List<String> COLUMNS = List.of("l", "b", "d");

    /** Number of points. */
    int size() {
        return l.length;
    }

    /**
     * Points from the comma-separated values of the options {@code --l}, {@code --b}, {@code --d} (equal
     * numbers of values).
     *
     * @throws IllegalArgumentException naming the option and the position of a bad value
     */
    static Points ofOptions(String l, String b, String d) {
        double[][] v = new double[3][];
        String[] text = {l, b, d};
        for (int c = 0; c < 3; c++) {
            String[] parts = text[c].split(",", -1);
            v[c] = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    v[c][i] = FitConfig.number(parts[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("option --" + COLUMNS.get(c) + ", value " + (i + 1) + ": "
                            + e.getMessage());
                }
            }
        }
        if (v[0].length != v[1].length || v[0].length != v[2].length) {
            throw new IllegalArgumentException("--l, --b and --d need the same number of values, got " + v[0].length
                    + ", " + v[1].length + " and " + v[2].length);
        }
        for (int i = 0; i < v[0].length; i++) {
            String where = "point " + (i + 1) + " of the command line";
            check(v[1][i], v[2][i], c -> where + ", option --" + c);
        }
        return new Points(v[0], v[1], v[2]);
    }

    /**
     * Reads a CSV file (UTF-8 as io-fits' {@link TextFiles#open} reads it: a byte-order mark skipped, other bytes
     * as U+FFFD) whose header (the first line that is neither blank nor a '#' comment) names the columns l, b and d
     * (any order, any case; other columns are ignored). Fields may be double-quoted.
     *
     * @throws IllegalArgumentException naming the file, data row, line and column of a bad value, or the missing
     *     column
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     */
    static Points readCsv(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = TextFiles.open(file)) {
            int[] index = null;
            int columns = 0;
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(line, file, lineNo);
                if (index == null) {
                    index = header(fields, file);
                    columns = fields.size();
                    continue;
                }
                String where = file + ": data row " + (rows.size() + 1) + " (line " + lineNo + ")";
                if (fields.size() != columns) {
                    throw new IllegalArgumentException(where + " has " + fields.size() + " fields, the header has "
                            + columns);
                }
                double[] row = new double[3];
                for (int c = 0; c < 3; c++) {
                    String raw = fields.get(index[c]).strip();
                    try {
                        row[c] = FitConfig.number(raw);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + ", column '" + COLUMNS.get(c) + "': "
                                + e.getMessage());
                    }
                }
                check(row[1], row[2], c -> where + ", column '" + c + "'");
                rows.add(row);
            }
            if (index == null) {
                throw new IllegalArgumentException(file + ": no header line (expected the columns l,b,d)");
            }
        }
        int n = rows.size();
        double[] l = new double[n];
        double[] b = new double[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = rows.get(i)[0];
            b[i] = rows.get(i)[1];
            d[i] = rows.get(i)[2];
        }
        return new Points(l, b, d);
    }

    private static int[] header(List<String> fields, Path file) {
        int[] index = new int[3];
        Arrays.fill(index, -1);
        for (int i = 0; i < fields.size(); i++) {
            int c = COLUMNS.indexOf(fields.get(i).strip().toLowerCase(Locale.ROOT));
            if (c >= 0) {
                if (index[c] >= 0) {
                    throw new IllegalArgumentException(file + ": column '" + COLUMNS.get(c) + "' appears twice in the"
                            + " header " + fields);
                }
                index[c] = i;
            }
        }
        for (int c = 0; c < 3; c++) {
            if (index[c] < 0) {
                throw new IllegalArgumentException(file + ": no column '" + COLUMNS.get(c) + "' in the header "
                        + fields + " (need l [deg], b [deg], d [pc])");
            }
        }
        return index;
    }

    /** Splits a CSV line on commas; a field may be enclosed in double quotes ("" inside is one quote). */
    static List<String> split(String line, Path file, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + ": line " + lineNo + " has an unclosed double quote");
        }
        fields.add(field.toString());
        return fields;
    }

    /** Names the column ("l", "b" or "d") in an error message. */
    @FunctionalInterface
    private interface Where {
        String at(String column);
    }

    /** Checks the latitude and distance ranges (of finite values: FitConfig.number admits no others). */
    private static void check(double b, double d, Where where) {
        if (!(Math.abs(b) <= 90)) {
            throw new IllegalArgumentException(where.at("b") + ": latitude " + b + " is not within [-90, 90] deg");
        }
        if (!(d >= 0)) {
            throw new IllegalArgumentException(where.at("d") + ": distance " + d + " is not a finite number >= 0 pc");
        }
    }
}
