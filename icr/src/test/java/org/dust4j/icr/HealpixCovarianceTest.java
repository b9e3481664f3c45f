package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/** The covariance implied by the whole operator on HEALPix × log-radius against the kernel. */
class HealpixCovarianceTest {
    /**
     * nside 2 → 8 and 5 → 8 log-spaced shells (neighbouring level-0 shells a factor e^0.5 apart). The kernel's length
     * scale is 5 final pixels at the outermost shell, where pixels are largest. The covariance is checked on the 512
     * field pixels above base pixel 0 (64 angular pixels × 8 shells), which include windows at the base-face corners
     * where a pixel has 7 neighbours.
     */
    @Test
    void impliedCovarianceOnHealpixMatchesTheKernel() {
        double a = 0.5;
        HealpixChart chart = HealpixChart.builder().nside0(2).levels(2).shells0(5)
                .radialMap(AxisMap.logarithmic(a, 0)).build();
        int last = chart.levels();
        double rMax = chart.radius(last, chart.shells(last) - 1);
        double angular = Math.sqrt(4 * Math.PI / (12.0 * chart.nside(last) * chart.nside(last)));
        double radial = a / 4;
        double finePixel = Math.max(angular, radial) * rMax;
        Kernel kernel = Kernel.matern32(1.0, 5 * finePixel);
        IcrPrior prior = IcrPrior.builder(chart, kernel).build();
        int[] px = Implied.all(64 * chart.shells(last));
        double[] c = Implied.covariance(Implied.rows(prior.operator(DType.FLOAT64), px));
        double[] t = Implied.truth(chart, kernel, last, px);
        double frob = Implied.relativeFrobenius(c, t);
        double diag = Implied.diagonalError(c, t, px.length);
        assertTrue(frob <= 0.05, "relative Frobenius error " + frob);
        assertTrue(diag <= 1e-12, "diagonal error " + diag);
    }
}
