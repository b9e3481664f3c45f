package org.dust4j.io.fits;

/** The catalog quantities a reader looks for, each with its default column name and its physical quantity. */
public enum CatalogColumn {
    /** Galactic longitude l. */
    L("l", Quantity.ANGLE),
    /** Galactic latitude b, within [-90, 90] degrees. */
    B("b", Quantity.ANGLE),
    /** Parallax (may be negative: a noisy measurement). */
    PARALLAX("parallax", Quantity.PARALLAX),
    /** One-sigma parallax error, positive. */
    PARALLAX_ERROR("parallax_error", Quantity.PARALLAX),
    /** Distance, positive. */
    DISTANCE("distance", Quantity.DISTANCE),
    /** One-sigma distance error, positive. */
    DISTANCE_ERROR("distance_error", Quantity.DISTANCE),
    /** Extinction. */
    EXTINCTION("extinction", Quantity.EXTINCTION),
    /** One-sigma extinction error, positive. */
    EXTINCTION_ERROR("extinction_error", Quantity.EXTINCTION),
    /** 16th percentile of the extinction posterior. */
    EXTINCTION_P16("extinction_p16", Quantity.EXTINCTION),
    /** 50th percentile (median) of the extinction posterior. */
    EXTINCTION_P50("extinction_p50", Quantity.EXTINCTION),
    /** 84th percentile of the extinction posterior. */
    EXTINCTION_P84("extinction_p84", Quantity.EXTINCTION);

    private final String defaultName;
    private final Quantity quantity;

    CatalogColumn(String defaultName, Quantity quantity) {
        this.defaultName = defaultName;
        this.quantity = quantity;
    }

    /** Column name used when the configuration names none. */
    public String defaultName() {
        return defaultName;
    }

    /** The physical quantity, which fixes the canonical unit and the accepted input units. */
    public Quantity quantity() {
        return quantity;
    }
}
