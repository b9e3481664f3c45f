package org.dust4j.inducing;

/**
 * How the cell boundaries of one grid axis are spaced between its lower and upper bound.
 */
public enum Spacing {
    /** Boundaries equally spaced in the coordinate (numpy linspace); cell centres are the midpoints. */
    LINEAR,
    /**
     * Boundaries equally spaced in the sine of the coordinate (a latitude in degrees), so that every cell of a
     * longitude-latitude grid covers the same solid angle; cell centres are the midpoints of the boundaries
     * (as in the authors' code).
     */
    SINE,
    /** Boundaries equally spaced in the logarithm (positive bounds only); cell centres are the geometric means. */
    LOGARITHMIC;

    /** The n + 1 boundaries of n cells from lower to upper (exactly lower and upper at the ends). */
    double[] bounds(int n, double lower, double upper) {
        double[] out = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            double t = (double) i / n;
            out[i] = switch (this) {
                case LINEAR -> lower + (upper - lower) * t;
                case SINE -> {
                    double s0 = Math.sin(Math.toRadians(lower));
                    double s1 = Math.sin(Math.toRadians(upper));
                    yield Math.toDegrees(Math.asin(s0 + (s1 - s0) * t));
                }
                case LOGARITHMIC -> Math.exp(Math.log(lower) + (Math.log(upper) - Math.log(lower)) * t);
            };
        }
        out[0] = lower;
        out[n] = upper;
        return out;
    }

    /** The centre of the cell between two boundaries. */
    double centre(double inner, double outer) {
        return this == LOGARITHMIC ? Math.sqrt(inner * outer) : 0.5 * (inner + outer);
    }
}
