package org.dust4j.inducing;

import java.util.Objects;

/**
 * One axis of an l, b, d grid: {@code cells} cells between {@code lower} and {@code upper} with the given
 * boundary {@link Spacing}.
 *
 * @param cells   number of cells (at least 1)
 * @param lower   lower bound (inclusive)
 * @param upper   upper bound (exclusive for locating stars), greater than lower
 * @param spacing how the boundaries are spaced
 */
public record GridAxis(int cells, double lower, double upper, Spacing spacing) {
    /** Checks the cell count, finite ordered bounds and, for logarithmic spacing, a positive lower bound. */
    public GridAxis {
        Objects.requireNonNull(spacing, "spacing");
        if (cells < 1) {
            throw new IllegalArgumentException("an axis needs at least one cell, got " + cells);
        }
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(upper > lower)) {
            throw new IllegalArgumentException("an axis needs finite bounds with lower < upper, got " + lower + " .. "
                    + upper);
        }
        if (spacing == Spacing.LOGARITHMIC && !(lower > 0)) {
            throw new IllegalArgumentException("logarithmic spacing needs a positive lower bound, got " + lower);
        }
        if (spacing == Spacing.SINE && (lower < -90 || upper > 90)) {
            throw new IllegalArgumentException("sine spacing is for latitudes within [-90, 90] deg, got " + lower
                    + " .. " + upper);
        }
    }

    /** An axis with linearly spaced boundaries. */
    public static GridAxis linear(int cells, double lower, double upper) {
        return new GridAxis(cells, lower, upper, Spacing.LINEAR);
    }

    /** An axis with boundaries equally spaced in sin (a latitude axis of equal-area cells). */
    public static GridAxis sine(int cells, double lower, double upper) {
        return new GridAxis(cells, lower, upper, Spacing.SINE);
    }

    /** An axis with logarithmically spaced boundaries. */
    public static GridAxis logarithmic(int cells, double lower, double upper) {
        return new GridAxis(cells, lower, upper, Spacing.LOGARITHMIC);
    }

    /** This axis with another number of cells. */
    public GridAxis withCells(int n) {
        return new GridAxis(n, lower, upper, spacing);
    }

    /** This axis with another spacing. */
    public GridAxis withSpacing(Spacing s) {
        return new GridAxis(cells, lower, upper, s);
    }

    /** The cells + 1 boundaries. */
    public double[] bounds() {
        return spacing.bounds(cells, lower, upper);
    }

    /** The cell centres. */
    public double[] centres() {
        double[] b = bounds();
        double[] c = new double[cells];
        for (int i = 0; i < cells; i++) {
            c[i] = spacing.centre(b[i], b[i + 1]);
        }
        return c;
    }
}
