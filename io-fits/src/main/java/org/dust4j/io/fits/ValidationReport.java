package org.dust4j.io.fits;

import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What reading a catalog kept and dropped.
 *
 * @param rowsRead data rows in the input
 * @param rowsKept rows in the catalog
 * @param dropped rows left out, per reason (reasons with no row are absent); sums to rowsRead - rowsKept
 */
public record ValidationReport(long rowsRead, long rowsKept, Map<InvalidReason, Long> dropped) {
    /** Checks the counts add up and copies the map. */
    public ValidationReport {
        dropped = Map.copyOf(dropped);
        long sum = dropped.values().stream().mapToLong(Long::longValue).sum();
        if (rowsKept < 0 || rowsKept > rowsRead || sum != rowsRead - rowsKept) {
            throw new IllegalArgumentException("inconsistent counts: read " + rowsRead + ", kept " + rowsKept
                    + ", dropped " + dropped);
        }
    }

    /** A report of {@code rows} rows, all kept. */
    public static ValidationReport allKept(long rows) {
        return new ValidationReport(rows, rows, Map.of());
    }

    /** Rows dropped for {@code reason}. */
    public long dropped(InvalidReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    /** Rows dropped in all. */
    public long droppedTotal() {
        return rowsRead - rowsKept;
    }

    @Override
    public String toString() {
        if (dropped.isEmpty()) {
            return "read " + rowsRead + " rows, kept all";
        }
        return "read " + rowsRead + " rows, kept " + rowsKept + ", dropped " + droppedTotal() + " ("
                + new EnumMap<>(dropped).entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey().description())
                        .collect(Collectors.joining("; ")) + ")";
    }
}
