package org.dust4j.io.fits;

/** Why a catalog row is invalid. A row that fails several checks counts under the first in this order. */
public enum InvalidReason {
    /** (CSV) The row does not have as many fields as the header has names. */
    MALFORMED_ROW("the row does not have as many fields as the header"),
    /** A value is NaN, infinite, empty, a FITS null (TNULL), or (CSV) not a number. */
    NOT_FINITE("not a finite number"),
    /** |b| > 90 degrees. */
    LATITUDE_OUT_OF_RANGE("Galactic latitude outside [-90, 90] deg"),
    /** distance <= 0. */
    NON_POSITIVE_DISTANCE("distance must be > 0"),
    /** an error (sigma) <= 0. */
    NON_POSITIVE_SIGMA("error (sigma) must be > 0"),
    /** not p16 <= p50 <= p84 with p16 < p84. */
    PERCENTILES_NOT_ORDERED("percentiles must satisfy p16 <= p50 <= p84 and p16 < p84");

    private final String description;

    InvalidReason(String description) {
        this.description = description;
    }

    /** A short human-readable statement of the rule broken. */
    public String description() {
        return description;
    }
}
