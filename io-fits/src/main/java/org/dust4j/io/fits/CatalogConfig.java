package org.dust4j.io.fits;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a star catalog: column names, units to assume where the file states none, which distance and
 * extinction inputs to use, and what to do with invalid rows. Immutable; build with {@link #builder()}.
 *
 * <p>Defaults: the column names of {@link CatalogColumn#defaultName()}; units deg, mas, pc, mag; distance and
 * extinction inputs chosen automatically from the columns present (parallax before distance, mean and error
 * before percentiles); invalid rows fail the read; FITS tables from the first binary-table HDU; CSV separated
 * by commas with '#' comment lines; 65536 rows per read chunk.
 */
public final class CatalogConfig {
    /** Which distance information to read. */
    public enum DistanceInput {
        /** Parallax and its error if both columns exist, else distance and its error. */
        AUTO,
        /** Parallax and its error. */
        PARALLAX,
        /** Distance and its error. */
        DISTANCE
    }

    /** Which extinction information to read. */
    public enum ExtinctionInput {
        /** Mean and error if both columns exist, else the 16/50/84 percentiles. */
        AUTO,
        /** Extinction and its one-sigma error. */
        MEAN_AND_ERROR,
        /** 16th, 50th and 84th percentiles (the inducing-point method's input). */
        PERCENTILES
    }

    /** What to do with a row that fails validation. */
    public enum InvalidRows {
        /** Stop with an error naming the row, the column and the reason. */
        FAIL,
        /** Leave the row out and count it, per reason, in the {@link ValidationReport}. */
        DROP
    }

    private final Map<CatalogColumn, String> names;
    private final Map<CatalogColumn, String> units;
    private final DistanceInput distanceInput;
    private final ExtinctionInput extinctionInput;
    private final InvalidRows invalidRows;
    private final String fitsHdu;
    private final char csvDelimiter;
    private final int chunkRows;
    private final boolean fileUnits;

    private CatalogConfig(Builder b) {
        this.names = Map.copyOf(b.names);
        this.units = Map.copyOf(b.units);
        this.distanceInput = b.distanceInput;
        this.extinctionInput = b.extinctionInput;
        this.invalidRows = b.invalidRows;
        this.fitsHdu = b.fitsHdu;
        this.csvDelimiter = b.csvDelimiter;
        this.chunkRows = b.chunkRows;
        this.fileUnits = b.fileUnits;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration with all defaults. */
    public static CatalogConfig defaults() {
        return builder().build();
    }

    /** A builder preset to this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.names.putAll(names);
        b.units.putAll(units);
        b.distanceInput = distanceInput;
        b.extinctionInput = extinctionInput;
        b.invalidRows = invalidRows;
        b.fitsHdu = fitsHdu;
        b.csvDelimiter = csvDelimiter;
        b.chunkRows = chunkRows;
        b.fileUnits = fileUnits;
        return b;
    }

    /** The column name for {@code column} (matched case-insensitively). */
    public String name(CatalogColumn column) {
        return names.get(column);
    }

    /** The unit assumed for {@code column} when the file states none (or its units are ignored). */
    public String unit(CatalogColumn column) {
        return units.get(column);
    }

    /**
     * Whether a FITS file's column units (TUNITn) are used where they are present (true, the default) or ignored in
     * favour of {@link #unit} (false: for files whose TUNITn are missing-in-spirit or non-standard).
     */
    public boolean fileUnits() {
        return fileUnits;
    }

    /** Which distance information to read. */
    public DistanceInput distanceInput() {
        return distanceInput;
    }

    /** Which extinction information to read. */
    public ExtinctionInput extinctionInput() {
        return extinctionInput;
    }

    /** What to do with invalid rows. */
    public InvalidRows invalidRows() {
        return invalidRows;
    }

    /** EXTNAME of the FITS table HDU to read; empty means the first binary table. */
    public Optional<String> fitsHdu() {
        return Optional.ofNullable(fitsHdu);
    }

    /** The CSV field separator. */
    public char csvDelimiter() {
        return csvDelimiter;
    }

    /** Rows read per chunk from a FITS table. */
    public int chunkRows() {
        return chunkRows;
    }

    @Override
    public String toString() {
        return "CatalogConfig[names=" + new java.util.TreeMap<>(names) + ", units=" + new java.util.TreeMap<>(units)
                + ", distanceInput=" + distanceInput + ", extinctionInput=" + extinctionInput + ", invalidRows="
                + invalidRows + ", fitsHdu=" + fitsHdu + ", csvDelimiter='" + csvDelimiter + "', chunkRows=" + chunkRows
                + ", fileUnits=" + fileUnits + "]";
    }

    /** Fluent builder of {@link CatalogConfig}. */
    public static final class Builder {
        private final Map<CatalogColumn, String> names = new EnumMap<>(CatalogColumn.class);
        private final Map<CatalogColumn, String> units = new EnumMap<>(CatalogColumn.class);
        private DistanceInput distanceInput = DistanceInput.AUTO;
        private ExtinctionInput extinctionInput = ExtinctionInput.AUTO;
        private InvalidRows invalidRows = InvalidRows.FAIL;
        private boolean fileUnits = true;
        private String fitsHdu;
        private char csvDelimiter = ',';
        private int chunkRows = 1 << 16;

        private Builder() {
            for (CatalogColumn c : CatalogColumn.values()) {
                names.put(c, c.defaultName());
                units.put(c, c.quantity().canonicalUnit());
            }
        }

        /** Reads {@code column} from the column called {@code name}. */
        public Builder column(CatalogColumn column, String name) {
            Objects.requireNonNull(column, "column");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("column name for " + column + " must not be blank");
            }
            names.put(column, name.trim());
            return this;
        }

        /**
         * Assumes {@code unit} for {@code column} where the file states no unit (always for CSV; for FITS when
         * TUNITn is absent or blank).
         *
         * @throws IllegalArgumentException if the unit is not one of the column's quantity
         */
        public Builder unit(CatalogColumn column, String unit) {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(unit, "unit");
            column.quantity().factorFrom(unit);
            units.put(column, unit.trim());
            return this;
        }

        /** Chooses the distance input. */
        public Builder distanceInput(DistanceInput input) {
            this.distanceInput = Objects.requireNonNull(input, "distanceInput");
            return this;
        }

        /** Chooses the extinction input. */
        public Builder extinctionInput(ExtinctionInput input) {
            this.extinctionInput = Objects.requireNonNull(input, "extinctionInput");
            return this;
        }

        /**
         * Whether to use a FITS file's TUNITn where present (true, the default) or the {@link #unit} units for every
         * column (false), e.g. for TUNITn that are not standard unit strings.
         */
        public Builder fileUnits(boolean use) {
            this.fileUnits = use;
            return this;
        }

        /** Chooses what happens to invalid rows. */
        public Builder invalidRows(InvalidRows policy) {
            this.invalidRows = Objects.requireNonNull(policy, "invalidRows");
            return this;
        }

        /** Reads the FITS binary table with this EXTNAME instead of the first binary table. */
        public Builder fitsHdu(String extname) {
            if (extname == null || extname.isBlank()) {
                throw new IllegalArgumentException("fitsHdu must not be blank");
            }
            this.fitsHdu = extname.trim();
            return this;
        }

        /** Sets the CSV field separator (',' by default; e.g. '\t' or ';'). */
        public Builder csvDelimiter(char delimiter) {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("csvDelimiter must not be a quote or line break");
            }
            this.csvDelimiter = delimiter;
            return this;
        }

        /** Sets the number of FITS table rows read per chunk (at least 1). */
        public Builder chunkRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("chunkRows must be >= 1, got " + rows);
            }
            this.chunkRows = rows;
            return this;
        }

        /** The configuration. */
        public CatalogConfig build() {
            return new CatalogConfig(this);
        }
    }
}
