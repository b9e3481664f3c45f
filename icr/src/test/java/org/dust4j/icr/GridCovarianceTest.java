package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/** The covariance implied by the whole operator on a regular 3D chart against the kernel. */
class GridCovarianceTest {
    /**
     * 5³ → 6³ → 8³ pixels with 3/2 windows; the final spacing is 1/4 of level 0's and the Matérn-3/2 length scale
     * 8 final pixels (2 level-0 spacings). The error is governed by the length scale in level-0 spacings, see
     * docs/icr.md: at 5 final pixels (1.25 level-0 spacings) this chart gives 6 %.
     */
    @Test
    void implied3dCovarianceMatchesTheKernel() {
        check(GridChart.builder().shape0(5, 5, 5).levels(2).build(), Kernel.matern32(1.0, 8.0 / 4));
    }

    /** With 5/2 windows (125 coarse points each) a length scale of 5 final pixels suffices: 8³ → 8³ → 8³. */
    @Test
    void implied3dCovarianceWithWideWindowsMatchesTheKernelAtFivePixels() {
        check(GridChart.builder().shape0(8, 8, 8).levels(2).window(5, 2).build(), Kernel.matern32(1.0, 5.0 / 4));
    }

    private static void check(GridChart chart, Kernel kernel) {
        IcrPrior prior = IcrPrior.builder(chart, kernel).build();
        int[] px = Implied.all(prior.fieldSize());
        double[] c = Implied.covariance(Implied.rows(prior.operator(DType.FLOAT64), px));
        double[] t = Implied.truth(chart, kernel, chart.levels(), px);
        double frob = Implied.relativeFrobenius(c, t);
        double diag = Implied.diagonalError(c, t, px.length);
        assertTrue(frob <= 0.05, "relative Frobenius error " + frob);
        assertTrue(diag <= 1e-12, "diagonal error " + diag);
    }
}
