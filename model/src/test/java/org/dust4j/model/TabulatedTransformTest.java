package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TabulatedTransformTest {
    /**
     * Over [-9, 9] (the table inside (-8, 8), the exact transform outside), four points per node interval: for the
     * positive transforms (inverse-gamma, log-normal; tabulated as log f) the value within 1e-10 and the slope within
     * 1e-9 of the exact ones, both relative to the exact value and slope (docs/model.md quotes the value bound); for
     * the normal transform, which changes sign at xi = 6.91 (tabulated as f itself), absolute errors relative to
     * max(1, |f|). The returned slope is the interpolant's own derivative (central differences).
     */
    @Test
    void tableFollowsTheExactTransformAndItsOwnDerivative() {
        for (ScalarPrior p : List.of(new ScalarPrior.InverseGammaPrior(3, 4), new ScalarPrior.LogNormal(1, 0.5),
                new ScalarPrior.Normal(-6.91, 1))) {
            boolean relative = !(p instanceof ScalarPrior.Normal);
            TabulatedTransform t = new TabulatedTransform(p);
            double[] out = new double[2];
            double[] lo = new double[2];
            double[] hi = new double[2];
            double worst = 0;
            double worstSlope = 0;
            for (int i = -9 * 512; i <= 9 * 512; i++) {
                double xi = (i + 0.3) / 512; // 4 points per node interval (nodes 1/128 apart), none on a node
                t.evaluate(xi, out);
                double f = p.value(xi);
                double d = p.derivative(xi);
                double scale = relative ? Math.abs(f) : Math.max(1, Math.abs(f));
                worst = Math.max(worst, Math.abs(out[0] - f) / scale);
                worstSlope = Math.max(worstSlope, Math.abs(out[1] - d) / (relative ? Math.abs(d) : scale));
                double h = 1e-6;
                t.evaluate(xi + h, hi);
                t.evaluate(xi - h, lo);
                assertEquals((hi[0] - lo[0]) / (2 * h), out[1], 1e-6 * Math.max(1, Math.abs(out[1])),
                        p + ": derivative of the interpolant at " + xi);
            }
            assertTrue(worst < 1e-10, p + ": value error " + worst);
            assertTrue(worstSlope < (relative ? 1e-9 : 1e-7), p + ": slope error " + worstSlope);
        }
    }

    /** The table of f^2 gives the square of the table's f and 2 f f' (the noise variances' table). */
    @Test
    void squaredTableIsTheSquareOfTheTable() {
        for (ScalarPrior p : List.of(new ScalarPrior.InverseGammaPrior(3, 4), new ScalarPrior.LogNormal(1, 0.5),
                new ScalarPrior.Normal(-6.91, 1))) {
            TabulatedTransform t = new TabulatedTransform(p);
            double[] f = new double[2];
            double[] sq = new double[2];
            for (double xi = -7.99; xi < 8; xi += 0.0041) {
                t.evaluate(xi, f);
                t.squaredTable().evaluate(xi, sq);
                double tol = p instanceof ScalarPrior.Normal ? 1e-9 : 1e-13;
                assertEquals(f[0] * f[0], sq[0], tol * Math.max(1, f[0] * f[0]), p + ": f^2 at " + xi);
                assertEquals(2 * f[0] * f[1], sq[1], tol * 100 * Math.max(1, Math.abs(2 * f[0] * f[1])),
                        p + ": (f^2)' at " + xi);
            }
        }
    }
}
