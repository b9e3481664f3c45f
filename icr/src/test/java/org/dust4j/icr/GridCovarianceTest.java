package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/** The covariance implied by the whole operator on a regular 3D chart against the kernel. */
class GridCovarianceTest {
    @Test
    void implied3dCovarianceMatchesTheKernel() {
        // 5³ → 6³ → 8³ → 12³; the final spacing is 1/8, the kernel's length scale 5 final pixels
        GridChart chart = GridChart.builder().shape0(5, 5, 5).levels(3).build();
        Kernel kernel = Kernel.matern32(1.0, 5.0 / 8);
        IcrPrior prior = IcrPrior.builder(chart, kernel).build();
        IcrOperator op = prior.operator(Backends.cpu(), DType.FLOAT64);
        int[] px = Implied.all(prior.fieldSize());
        double[] c = Implied.covariance(Implied.rows(op, px));
        double[] t = Implied.truth(chart, kernel, chart.levels(), px);
        double frob = Implied.relativeFrobenius(c, t);
        double diag = Implied.diagonalError(c, t, px.length);
        System.out.println(prior.report());
        System.out.printf("3D grid: relative Frobenius error %.4g, worst diagonal error %.3g%n", frob, diag);
        assertTrue(frob <= 0.05, "relative Frobenius error " + frob);
        assertTrue(diag <= 1e-12, "diagonal error " + diag);
    }
}
