package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Matrix classes shared by congruent windows (HEALPix modulo its symmetries, charted and regular grid axes) give the
 * same operator as one class per window, and every window's geometry is its class representative's.
 */
class DeduplicationTest {
    private static final double TOLERANCE = 1e-10;

    @Test
    void deduplicatedOperatorEqualsOneClassPerWindowOnHealpix() {
        Chart chart = HealpixChart.builder().nside0(1).levels(3).shells0(4).radialMap(AxisMap.logarithmic(0.4, 1.0))
                .build();
        compare(chart, Kernel.matern32(1.1, 1.5), true);
    }

    @Test
    void deduplicatedOperatorEqualsOneClassPerWindowOnGrids() {
        Chart charted = GridChart.builder().shape0(5, 4).levels(2).axisMap(0, AxisMap.logarithmic(0.3, 0.2)).build();
        compare(charted, Kernel.matern52(1.0, 1.2), false);
        Chart regular = GridChart.builder().shape0(5, 5, 5).levels(2).build();
        IcrPrior prior = compare(regular, Kernel.matern32(1.0, 2.0), false);
        for (int l = 0; l < regular.levels(); l++) {
            assertEquals(1, prior.refinement(l).classes(), "a regular grid has one class per level");
        }
        IcrPrior log = IcrPrior.builder(charted, Kernel.matern52(1.0, 1.2)).build();
        for (int l = 0; l < charted.levels(); l++) {
            WindowedRefinement s = log.refinement(l);
            assertEquals(s.factor(0).windows(), s.factor(0).classCount(), "a log axis has one class per window");
            assertEquals(1, s.factor(1).classCount(), "a linear axis has one class");
        }
    }

    /** Builds the prior with and without deduplication and checks that both operators agree to 1e-12. */
    private static IcrPrior compare(Chart chart, Kernel kernel, boolean expectFewerAngularClasses) {
        SplittableRandom rnd = new SplittableRandom(11);
        IcrPrior last = null;
        for (Normalisation norm : Normalisation.values()) {
            IcrPrior shared = IcrPrior.builder(chart, kernel).normalisation(norm).verifyDeduplication(true).build();
            IcrPrior each = IcrPrior.builder(chart, kernel).normalisation(norm).deduplicate(false).build();
            assertTrue(shared.deduplicationDeviation() <= 1e-13, shared.report());
            assertTrue(Double.isNaN(each.deduplicationDeviation()));
            for (int l = 0; l < chart.levels(); l++) {
                long windows = each.refinement(l).windows();
                assertEquals(windows, each.refinement(l).classes());
                assertTrue(shared.refinement(l).classes() <= windows);
                if (expectFewerAngularClasses) {
                    WindowedRefinement.Factor sphere = shared.refinement(l).factor(0);
                    assertTrue(sphere.classCount() * 2 <= sphere.windows(), shared.report());
                }
            }
            IcrOperator a = shared.operator(DType.FLOAT64);
            IcrOperator b = each.operator(DType.FLOAT64);
            double[] xi = gaussian(rnd, shared.degreesOfFreedom());
            double[] g = gaussian(rnd, shared.fieldSize());
            try (Tensor x = Implied.tensor(xi, a.domain().shape(), DType.FLOAT64);
                 Tensor gt = Implied.tensor(g, a.target().shape(), DType.FLOAT64);
                 Tensor sa = a.apply(x);
                 Tensor sb = b.apply(x);
                 Tensor ga = a.adjoint(gt);
                 Tensor gb = b.adjoint(gt)) {
                assertAgree(sa.toDoubleArray(), sb.toDoubleArray(), chart + " " + norm + " apply");
                assertAgree(ga.toDoubleArray(), gb.toDoubleArray(), chart + " " + norm + " adjoint");
            }
            last = shared;
        }
        return last;
    }

    @Test
    void healpixClassesUseTheSymmetriesOfTheSphere() {
        for (int nside : new int[] {16, 32}) {
            HealpixFactor hp = new HealpixFactor(nside, 1);
            ChartFactor.WindowClasses wc = hp.classify(0, TOLERANCE, true);
            int classes = wc.representatives().length;
            // the caps hold 4 nside (nside - 1) pixels, 16 symmetries; the equatorial rings add a few classes each
            assertTrue(classes <= nside * nside / 4 + 4 * nside, nside + ": " + classes + " classes");
            assertTrue(classes < hp.windows(0) / 25, nside + ": " + classes + " classes");
            // the tables are the natural windows, relabelled: same pixels, the centre first, the 4 children
            int[] natural = hp.coarseTable(0);
            for (int w = 0; w < hp.windows(0); w++) {
                int[] a = Arrays.copyOfRange(natural, 9 * w, 9 * w + 9);
                int[] b = Arrays.copyOfRange(wc.coarseTable(), 9 * w, 9 * w + 9);
                assertEquals(w, b[0]);
                Arrays.sort(a);
                Arrays.sort(b);
                assertArrayEquals(a, b, "window " + w);
                int[] f = Arrays.copyOfRange(wc.fineTable(), 4 * w, 4 * w + 4);
                Arrays.sort(f);
                assertArrayEquals(new int[] {4 * w, 4 * w + 1, 4 * w + 2, 4 * w + 3}, f, "children of " + w);
            }
        }
    }

    @Test
    void verificationRejectsWindowsThatDoNotMatchTheirClass() {
        Chart chart = HealpixChart.builder().nside0(2).levels(1).shells0(5).radialMap(AxisMap.logarithmic(0.4, 1.0))
                .build();
        WindowedRefinement ok = IcrPrior.builder(chart, Kernel.matern32(1, 1.5)).normalisation(Normalisation.NONE)
                .build().refinement(0);
        assertTrue(RefinementMatrices.verify(chart, 0, ok, TOLERANCE) <= 1e-13);
        WindowedRefinement.Factor sphere = ok.factor(0);
        WindowedRefinement.Factor radius = ok.factor(1);
        WindowedRefinement.Factor lumped = new WindowedRefinement.Factor(sphere.coarsePoints(), sphere.finePoints(),
                sphere.coarseSize(), sphere.fineSize(), sphere.coarseTable(), sphere.fineTable(),
                new int[sphere.windows()], 1);
        int classes = radius.classCount();
        WindowedRefinement wrong = new WindowedRefinement(new WindowedRefinement.Factor[] {lumped, radius},
                new double[classes * 8 * 27], new double[classes * 8 * 8], null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RefinementMatrices.verify(chart, 0, wrong, TOLERANCE));
        assertTrue(e.getMessage().contains("deviates"), e.getMessage());
    }

    @Test
    void memoryIsReportedPerPrecision() {
        Chart chart = HealpixChart.builder().nside0(1).levels(2).shells0(5).radialMap(AxisMap.logarithmic(0.4, 1.0))
                .build();
        IcrPrior prior = IcrPrior.builder(chart, Kernel.matern32(1, 1.5)).normalisation(Normalisation.NONE).build();
        long values = (long) chart.size(0) * chart.size(0);
        for (int l = 0; l < chart.levels(); l++) {
            values += prior.refinement(l).classes() * (8L * 27 + 8 * 8);
        }
        assertEquals(8 * values, prior.matrixBytes(DType.FLOAT64));
        assertEquals(4 * values, prior.matrixBytes(DType.FLOAT32));
        assertTrue(prior.memoryBytes() > prior.matrixBytes(DType.FLOAT64), "tables are counted too");
        assertTrue(prior.report().contains("as float32"), prior.report());
    }

    private static double[] gaussian(SplittableRandom rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    /** Agreement to 1e-12 of the largest entry. */
    private static void assertAgree(double[] got, double[] want, String what) {
        double diff = 0;
        double size = 0;
        for (int i = 0; i < got.length; i++) {
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
            size = Math.max(size, Math.abs(want[i]));
        }
        assertTrue(diff <= 1e-12 * size, what + ": deviation " + diff + " of " + size);
    }
}
