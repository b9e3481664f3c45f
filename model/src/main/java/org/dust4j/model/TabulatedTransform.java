package org.dust4j.model;

/**
 * A fast evaluation of a prior transform x = f(xi) for many parameters (one per star): cubic Hermite interpolation
 * on nodes 1/128 apart over [-8, 8] from the exact values and slopes, of log f when f is positive at every node
 * (interpolation error about 1e-11 relative for the inverse-gamma map, whose log is nearly quadratic) and of f
 * itself otherwise; the exact transform outside the table. The derivative returned is that of the interpolant,
 * so value and derivative stay exactly consistent for gradients.
 */
final class TabulatedTransform {
    static final double LIMIT = 8;
    private static final int PER_UNIT = 128;
    private static final int NODES = (int) (2 * LIMIT * PER_UNIT) + 1;

    private final ScalarPrior prior;
    private final boolean logScale;
    /** Interleaved (g(xi_i), h g'(xi_i)) with g = log f or f. */
    private final double[] table;

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
        this.logScale = positive;
        this.table = new double[2 * NODES];
        for (int i = 0; i < NODES; i++) {
            table[2 * i] = positive ? Math.log(v[i]) : v[i];
            table[2 * i + 1] = h * (positive ? d[i] / v[i] : d[i]);
        }
    }

    /** Writes f(xi) to out[0] and f'(xi) to out[1]. */
    void evaluate(double xi, double[] out) {
        if (!(xi > -LIMIT && xi < LIMIT)) {
            out[0] = prior.value(xi);
            out[1] = prior.derivative(xi);
            return;
        }
        double x = (xi + LIMIT) * PER_UNIT;
        int i = Math.min((int) x, NODES - 2);
        double t = x - i;
        double s = 1 - t;
        int j = 2 * i;
        double v0 = table[j];
        double d0 = table[j + 1];
        double v1 = table[j + 2];
        double d1 = table[j + 3];
        double g = s * s * ((1 + 2 * t) * v0 + t * d0) + t * t * ((3 - 2 * t) * v1 - s * d1);
        // dg/dt of the Hermite cubic, then dxi = dt / PER_UNIT
        double dg = 6 * t * s * (v1 - v0) + s * (1 - 3 * t) * d0 + t * (3 * t - 2) * d1;
        dg *= PER_UNIT;
        if (logScale) {
            double f = Math.exp(g);
            out[0] = f;
            out[1] = f * dg;
        } else {
            out[0] = g;
            out[1] = dg;
        }
    }
}
