package org.dust4j.io.fits;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** A table read row by row: the catalog readers' common view of a FITS binary table and a CSV file. */
interface RowSource extends Closeable {
    /** Column names in file order. */
    List<String> columnNames();

    /** The unit the file states for a column (file order), or null if none. */
    String unit(int column);

    /** Exact number of data rows. */
    long rowCount();

    /**
     * Chooses the columns {@link #next} returns, by file index, in the order given.
     *
     * @throws CatalogException if a chosen column cannot be read as a number
     */
    void select(int[] columns) throws CatalogException;

    /** Reads the next row's selected values, in file units, into {@code out}; false after the last row. */
    boolean next(double[] out) throws IOException;

    /**
     * Why the row last returned by {@link #next} could not be read as a row (its values are then not set), e.g. "has
     * 4 fields, the header has 6"; null for a well-formed row.
     */
    default String malformed() {
        return null;
    }

    /** Label of the row last returned by {@link #next}, e.g. "row 17" or "data row 17 (line 19)". */
    String rowLabel();

    /** The text behind the {@code selected}-th value of the last row where it says more than the number, else null. */
    String raw(int selected);
}
