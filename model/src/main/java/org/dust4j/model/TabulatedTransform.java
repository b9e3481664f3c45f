package org.dust4j.model;

import org.dust4j.core.HermiteTable;

/**
 * A fast evaluation of a prior transform x = f(xi) for many parameters (one per star): core's {@link HermiteTable}
 * (cubic Hermite interpolation on nodes 1/128 apart over [-8, 8] from the exact values and slopes) of log f when f is
 * positive at every node (interpolation error about 1e-11 relative for the inverse-gamma map, whose log is nearly
 * quadratic) and of f itself otherwise; the exact transform outside the open interval (-8, 8). The derivative returned
 * is that of the interpolant, so value and derivative stay exactly consistent for gradients. Backends evaluate the
 * table with {@link org.dust4j.core.Backend#hermite}, which gives NaN outside the table: callers use the exact
 * transform there.
 */
final class TabulatedTransform {
    static final double LIMIT = 8;
    private static final int PER_UNIT = 128;
    private static final int NODES = (int) (2 * LIMIT * PER_UNIT) + 1;

    private final ScalarPrior prior;
    private final HermiteTable table;
    private final HermiteTable squared;

    TabulatedTransform(ScalarPrior prior) {
        this.prior = prior;
        double h = 1.0 / PER_UNIT;
        double[] v = new double[NODES];
        double[] d = new double[NODES];
        boolean positive = true;
        for (int i = 0; i < NODES; i++) {
            double xi = -LIMIT + i * h;
            v[i] = prior.value(xi);
            d[i] = prior.derivative(xi);
            positive &= v[i] > 0;
        }
        double[] v2 = new double[NODES];
        double[] d2 = new double[NODES];
        if (positive) {
            for (int i = 0; i < NODES; i++) {
                d[i] /= v[i];
                v[i] = Math.log(v[i]);
                // log f^2 = 2 log f: the same interpolant doubled, so its exponential is the square of the table's f
                v2[i] = 2 * v[i];
                d2[i] = 2 * d[i];
            }
        } else {
            for (int i = 0; i < NODES; i++) {
                v2[i] = v[i] * v[i];
                d2[i] = 2 * v[i] * d[i];
            }
        }
        this.table = HermiteTable.of(-LIMIT, PER_UNIT, v, d, positive);
        this.squared = HermiteTable.of(-LIMIT, PER_UNIT, v2, d2, positive);
    }

    /**
     * The table of f^2 (its log 2 log f when f is positive, so exp of it is the square of {@link #table()}'s value up
     * to rounding; f^2 itself otherwise), for evaluating f^2 and its derivative in one table read.
     */
    HermiteTable squaredTable() {
        return squared;
    }

    /** The table backends evaluate inside (-8, 8). */
    HermiteTable table() {
        return table;
    }

    /** Writes f(xi) to out[0] and f'(xi) to out[1]. */
    void evaluate(double xi, double[] out) {
        if (!(xi > -LIMIT && xi < LIMIT)) {
            out[0] = prior.value(xi);
            out[1] = prior.derivative(xi);
            return;
        }
        table.evaluate(xi, out);
    }
}
