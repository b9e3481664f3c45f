package org.dust4j.io.fits;

/** Checks one catalog row (values in canonical units, in the order of the columns given) against the rules. */
final class RowValidator {
    /** The first rule a row breaks, and the position of the column that breaks it. */
    record Failure(InvalidReason reason, int column) {
        /** "column 'name': rule, got value" for messages; {@code raw} overrides the value text when non-null. */
        String describe(String columnName, double value, String raw) {
            String got = raw != null ? "'" + raw + "'" : Double.toString(value);
            return "column '" + columnName + "': " + reason.description() + ", got " + got + " (" + reason + ")";
        }

        String describe(CatalogColumn[] columns, double[] row) {
            return describe(columns[column].name(), row[column], null);
        }
    }

    private final int[] finite;
    private final int b;
    private final int[] positiveDistance;
    private final int[] positiveSigma;
    private final int p16;
    private final int p50;
    private final int p84;

    RowValidator(CatalogColumn[] columns) {
        int n = columns.length;
        finite = new int[n];
        for (int i = 0; i < n; i++) {
            finite[i] = i;
        }
        b = indexOf(columns, CatalogColumn.B);
        positiveDistance = present(indexOf(columns, CatalogColumn.DISTANCE));
        positiveSigma = present(indexOf(columns, CatalogColumn.PARALLAX_ERROR),
                indexOf(columns, CatalogColumn.DISTANCE_ERROR), indexOf(columns, CatalogColumn.EXTINCTION_ERROR));
        p16 = indexOf(columns, CatalogColumn.EXTINCTION_P16);
        p50 = indexOf(columns, CatalogColumn.EXTINCTION_P50);
        p84 = indexOf(columns, CatalogColumn.EXTINCTION_P84);
    }

    /** The first rule {@code row} breaks, or null if it is valid. */
    Failure check(double[] row) {
        for (int c : finite) {
            if (!Double.isFinite(row[c])) {
                return new Failure(InvalidReason.NOT_FINITE, c);
            }
        }
        if (b >= 0 && Math.abs(row[b]) > 90.0) {
            return new Failure(InvalidReason.LATITUDE_OUT_OF_RANGE, b);
        }
        for (int c : positiveDistance) {
            if (row[c] <= 0.0) {
                return new Failure(InvalidReason.NON_POSITIVE_DISTANCE, c);
            }
        }
        for (int c : positiveSigma) {
            if (row[c] <= 0.0) {
                return new Failure(InvalidReason.NON_POSITIVE_SIGMA, c);
            }
        }
        if (p16 >= 0 && !(row[p16] <= row[p50] && row[p50] <= row[p84] && row[p16] < row[p84])) {
            return new Failure(InvalidReason.PERCENTILES_NOT_ORDERED, row[p16] > row[p50] ? p16 : p84);
        }
        return null;
    }

    /** Maps a longitude in degrees into [0, 360). */
    static double wrapLongitude(double lDeg) {
        double w = lDeg % 360.0;
        if (w < 0) {
            w += 360.0;
        }
        return w == 360.0 ? 0.0 : w;
    }

    private static int indexOf(CatalogColumn[] columns, CatalogColumn column) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == column) {
                return i;
            }
        }
        return -1;
    }

    private static int[] present(int... indices) {
        return java.util.Arrays.stream(indices).filter(i -> i >= 0).toArray();
    }
}
