package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TabulatedTransformTest {
    @Test
    void tableFollowsTheExactTransformAndItsOwnDerivative() {
        for (ScalarPrior p : List.of(new ScalarPrior.InverseGammaPrior(3, 4), new ScalarPrior.LogNormal(1, 0.5),
                new ScalarPrior.Normal(-6.91, 1))) {
            TabulatedTransform t = new TabulatedTransform(p);
            double[] out = new double[2];
            double[] lo = new double[2];
            double[] hi = new double[2];
            double worst = 0;
            double worstSlope = 0;
            for (double xi = -9; xi <= 9; xi += 0.0037) {
                t.evaluate(xi, out);
                double f = p.value(xi);
                worst = Math.max(worst, Math.abs(out[0] - f) / Math.max(1, Math.abs(f)));
                worstSlope = Math.max(worstSlope, Math.abs(out[1] - p.derivative(xi)) / Math.max(1, Math.abs(f)));
                double h = 1e-6;
                t.evaluate(xi + h, hi);
                t.evaluate(xi - h, lo);
                assertEquals((hi[0] - lo[0]) / (2 * h), out[1], 1e-6 * Math.max(1, Math.abs(out[1])),
                        p + ": derivative of the interpolant at " + xi);
            }
            assertTrue(worst < 1e-10, p + ": value error " + worst);
            assertTrue(worstSlope < 1e-7, p + ": slope error " + worstSlope);
        }
    }
}
