package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/** Kernels far smoother than the window spacing make the Cholesky factorisations fail; the fallbacks take over. */
class FallbackTest {
    @Test
    void eigenFallbacksAreCountedAndStillReproduceTheKernel() {
        GridChart chart = GridChart.builder().shape0(5, 5, 5).levels(2).build();
        Kernel kernel = Kernel.squaredExponential(1.0, 40.0);
        IcrPrior prior = IcrPrior.builder(chart, kernel).build();
        assertTrue(prior.levelZeroFallback(), prior.report());
        assertTrue(prior.coarseFallbacks() + prior.schurFallbacks() > 0, prior.report());
        assertTrue(prior.report().contains("fallbacks"), prior.report());
        int[] px = Implied.all(prior.fieldSize());
        double[] c = Implied.covariance(Implied.rows(prior.operator(DType.FLOAT64), px));
        double[] t = Implied.truth(chart, kernel, chart.levels(), px);
        double frob = Implied.relativeFrobenius(c, t);
        assertTrue(frob < 1e-6, "relative Frobenius error " + frob + "\n" + prior.report());
        assertTrue(Implied.diagonalError(c, t, px.length) < 1e-12);
        AdjointTest.check(prior.operator(DType.FLOAT64), new SplittableRandom(3), "fallback chart");
    }
}
