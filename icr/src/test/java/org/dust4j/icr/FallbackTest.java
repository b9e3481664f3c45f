package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/**
 * The eigen fallbacks of the refinement matrices ({@link WindowConditional}): each is triggered where it must be, is
 * counted per level in {@link IcrPrior#report()} (classes and windows) and in the accessors, and the operator still
 * reproduces the kernel.
 *
 * <p>Two cases trigger a fallback exactly, with no rounding involved (the kernels are test kernels, valid covariances
 * on the points the charts use): a constant kernel makes every C_cc the all-ones matrix, whose Cholesky pivot in
 * column 1 is 1 - 1·1 = 0; a kernel under which every fine point of a single window is a copy of the window's centre
 * leaves C_cc = I (factorised) and a Schur complement whose first pivot is 1 - 1 = 0. A third case is the realistic
 * one, a squared-exponential kernel 40 pixels long, and a fourth the control, a well-conditioned kernel with none.
 */
class FallbackTest {
    private static final Pattern LEVEL = Pattern.compile("level (\\d+): .* C_cc fallbacks (\\d+) classes"
            + " \\((\\d+) windows\\), Schur fallbacks (\\d+) classes \\((\\d+) windows\\)");

    /** k(r) = 1: a rank-one covariance (the field is one standard-normal number everywhere). */
    private static final Kernel CONSTANT = kernel("constant 1", r -> 1);

    /**
     * k(r) = 1 for r &lt; 0.75, 0 beyond. On a 3 × 3 unit grid refined once (fine points at (±¼, ±¼) from the centre)
     * coarse points are ≥ 1 apart (covariance 0), every fine point is within √2/4 of the centre and within √2/2 of the
     * others (covariance 1) and ≥ √10/4 ≈ 0.79 from the other coarse points (covariance 0): the joint covariance is
     * the Gram matrix of e_0 … e_8 and four copies of e_centre, a valid covariance of these 13 points (the kernel is
     * not positive definite on the whole plane, which this chart never asks of it).
     */
    private static final Kernel CENTRE_COPIES = kernel("1 below 0.75, else 0", r -> r < 0.75 ? 1 : 0);

    @Test
    void constantKernelTakesTheCoarseFallbackInEveryClass() {
        GridChart chart = GridChart.builder().shape0(5, 5).levels(2).build(); // 5² → 6² → 8², one class per level
        IcrPrior prior = IcrPrior.builder(chart, CONSTANT).build();
        assertTrue(prior.levelZeroFallback(), prior.report());
        assertTrue(prior.report().contains("L0 by eigen square root (Cholesky failed)"), prior.report());
        long[][] fb = reported(prior);
        assertEquals(2, fb.length, prior.report());
        // level 1: 3 × 3 windows, level 2: 4 × 4 windows, each level one class, which took the C_cc fallback
        assertArrayEquals(new long[] {1, 9}, new long[] {fb[0][0], fb[0][1]}, prior.report());
        assertArrayEquals(new long[] {1, 16}, new long[] {fb[1][0], fb[1][1]}, prior.report());
        assertEquals(2, prior.coarseFallbacks(), prior.report());
        assertEquals(fb[0][2] + fb[1][2], prior.schurFallbacks(), prior.report());
        // the field is the same number everywhere: implied covariance all ones (R averages the coarse window, D ≈ 0)
        double[] c = impliedField(prior);
        for (int i = 0; i < c.length; i++) {
            assertEquals(1, c[i], 1e-12, "implied covariance entry " + i + "\n" + prior.report());
        }
    }

    @Test
    void finePointsCopyingTheCentreTakeTheSchurFallbackOnly() {
        GridChart chart = GridChart.builder().shape0(3, 3).levels(1).build(); // one window, 2 × 2 fine pixels
        for (Normalisation n : Normalisation.values()) {
            IcrPrior prior = IcrPrior.builder(chart, CENTRE_COPIES).normalisation(n).build();
            assertFalse(prior.levelZeroFallback(), prior.report()); // level 0 covariance I
            assertTrue(prior.report().contains("L0 by Cholesky"), prior.report());
            assertArrayEquals(new long[] {0, 0, 1, 1}, reported(prior)[0], prior.report());
            assertEquals(0, prior.coarseFallbacks(), prior.report());
            assertEquals(1, prior.schurFallbacks(), prior.report());
            // every fine pixel is the centre's value: implied covariance all ones, as the kernel says
            double[] c = impliedField(prior);
            double[] t = Implied.truth(chart, CENTRE_COPIES, 1, Implied.all(prior.fieldSize()));
            assertArrayEquals(t, c, 1e-14, prior.report());
        }
    }

    /**
     * A squared-exponential kernel with ℓ = 40 level-0 pixels: the kernel matrices of the 27-point windows have
     * eigenvalues spanning far more than 1/ε (they fall by about ℓ⁻² per polynomial degree), so both Cholesky
     * factorisations meet pivots that are rounding noise and the fallbacks take over (which classes, depends on the
     * noise: the test asserts at least one of each). The implied covariance still matches the kernel to 1e-9
     * (relative Frobenius; measured 5·10⁻¹¹) and its diagonal exactly (normalised).
     */
    @Test
    void smoothKernelFallbacksStillReproduceTheKernel() {
        GridChart chart = GridChart.builder().shape0(5, 5, 5).levels(2).build();
        Kernel kernel = Kernel.squaredExponential(1.0, 40.0);
        IcrPrior prior = IcrPrior.builder(chart, kernel).build();
        assertTrue(prior.levelZeroFallback(), prior.report());
        long[][] fb = reported(prior);
        assertEquals(prior.coarseFallbacks(), fb[0][0] + fb[1][0], prior.report());
        assertEquals(prior.schurFallbacks(), fb[0][2] + fb[1][2], prior.report());
        assertTrue(prior.coarseFallbacks() >= 1 && prior.schurFallbacks() >= 1, prior.report());
        long[] windows = {27, 64}; // 3³ windows on level 0 (5³), 4³ on level 1 (6³)
        for (int l = 0; l < 2; l++) {
            // one class per level on a regular grid: a fallback class serves all of the level's windows
            assertEquals(fb[l][0] * windows[l], fb[l][1], "C_cc fallback windows, level " + (l + 1) + "\n"
                    + prior.report());
            assertEquals(fb[l][2] * windows[l], fb[l][3], "Schur fallback windows, level " + (l + 1) + "\n"
                    + prior.report());
        }
        int[] px = Implied.all(prior.fieldSize());
        double[] c = impliedField(prior);
        double[] t = Implied.truth(chart, kernel, chart.levels(), px);
        double frob = Implied.relativeFrobenius(c, t);
        assertTrue(frob < 1e-9, "relative Frobenius error " + frob + "\n" + prior.report());
        assertTrue(Implied.diagonalError(c, t, px.length) < 1e-12);
        AdjointTest.check(prior.operator(DType.FLOAT64), new SplittableRandom(3), "fallback chart");
    }

    /** The control: a kernel well conditioned on the windows needs no fallback, and the report says 0 on every level. */
    @Test
    void wellConditionedKernelNeedsNone() {
        GridChart chart = GridChart.builder().shape0(5, 5, 5).levels(2).build();
        IcrPrior prior = IcrPrior.builder(chart, Kernel.matern32(1.0, 1.3)).build();
        assertFalse(prior.levelZeroFallback(), prior.report());
        long[][] fb = reported(prior);
        assertEquals(2, fb.length, prior.report());
        for (long[] level : fb) {
            assertArrayEquals(new long[4], level, prior.report());
        }
        assertEquals(0, prior.coarseFallbacks());
        assertEquals(0, prior.schurFallbacks());
    }

    /** Per refinement level, {C_cc classes, C_cc windows, Schur classes, Schur windows} as the report prints them. */
    private static long[][] reported(IcrPrior prior) {
        List<long[]> out = new ArrayList<>();
        Matcher m = LEVEL.matcher(prior.report());
        while (m.find()) {
            assertEquals(out.size() + 1, Integer.parseInt(m.group(1)), prior.report());
            out.add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5))});
        }
        assertEquals(prior.chart().levels(), out.size(), "levels in the report\n" + prior.report());
        return out.toArray(long[][]::new);
    }

    private static double[] impliedField(IcrPrior prior) {
        return Implied.covariance(Implied.rows(prior.operator(DType.FLOAT64), Implied.all(prior.fieldSize())));
    }

    private static Kernel kernel(String name, DoubleUnaryOperator k) {
        return new Kernel() {
            @Override
            public double covariance(double r) {
                return k.applyAsDouble(r);
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }
}
