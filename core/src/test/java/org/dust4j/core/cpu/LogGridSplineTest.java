package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link LogGridSpline}: the interpolant's accuracy and domain, its batch against its scalar value bit for bit (in every
 * JVM this runs in: with the Vector API, and in the scalar JVMs of core's POM), including at the branch points of
 * the logarithm that {@link SimdLogSpline} computes lane by lane.
 */
class LogGridSplineTest {
    private static final double SENTINEL = -777.25;

    /** g(ln r) = exp(−r/ℓ) (1 + r/ℓ) (Matérn 3/2 in r), tabulated with exact slopes dg/d ln r = r g'(r). */
    private static LogGridSpline matern(double rMin, double rMax, int n, double ell) {
        double[] v = new double[n];
        double[] d = new double[n];
        double lo = Math.log(rMin);
        double h = (Math.log(rMax) - lo) / (n - 1);
        for (int i = 0; i < n; i++) {
            double r = Math.exp(lo + i * h);
            v[i] = Math.exp(-r / ell) * (1 + r / ell);
            d[i] = r * (-r / (ell * ell)) * Math.exp(-r / ell);
        }
        return LogGridSpline.of(rMin, rMax, v, d);
    }

    @Test
    void interpolatesASmoothFunctionToFourthOrder() {
        double ell = 3;
        double worstCoarse = 0;
        double worstFine = 0;
        LogGridSpline coarse = matern(1e-2, 100, 65, ell);
        LogGridSpline fine = matern(1e-2, 100, 129, ell);
        for (int i = 1; i < 5000; i++) {
            double r = 1e-2 * Math.pow(1e4, i / 5000.0);
            double exact = Math.exp(-r / ell) * (1 + r / ell);
            worstCoarse = Math.max(worstCoarse, Math.abs(coarse.value(r) - exact));
            worstFine = Math.max(worstFine, Math.abs(fine.value(r) - exact));
        }
        assertTrue(worstFine < 1e-5, "fine table error " + worstFine);
        // halving the spacing divides the error of a cubic Hermite interpolant with exact slopes by about 16
        assertTrue(worstCoarse / worstFine > 10, "coarse " + worstCoarse + " vs fine " + worstFine);
        assertEquals(Math.exp(-100 / ell) * (1 + 100 / ell), fine.value(100), 1e-15);
    }

    @Test
    void isNanOutsideItsRange() {
        LogGridSpline s = matern(0.5, 20, 40, 2);
        for (double r : new double[] {0.5, Math.nextDown(0.5), 0, -1, Math.nextUp(20.0), 1e300, Double.NaN,
                Double.POSITIVE_INFINITY}) {
            assertEquals(Double.NaN, s.value(r), "r = " + r);
        }
        assertTrue(Double.isFinite(s.value(Math.nextUp(0.5))));
        assertTrue(Double.isFinite(s.value(20)));
    }

    @Test
    void refusesBadTables() {
        double[] two = {1, 0.5};
        assertThrows(IllegalArgumentException.class, () -> LogGridSpline.of(0, 1, two, two));
        assertThrows(IllegalArgumentException.class, () -> LogGridSpline.of(1, 1, two, two));
        assertThrows(IllegalArgumentException.class, () -> LogGridSpline.of(1, Double.POSITIVE_INFINITY, two, two));
        assertThrows(IllegalArgumentException.class, () -> LogGridSpline.of(1, 2, new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> LogGridSpline.of(1, 2, two, new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogGridSpline.of(1, 2, new double[] {1, Double.NaN}, two));
        assertTrue(e.getMessage().contains("node 1"), e.getMessage());
    }

    /** Squared radii around every edge: rMin and rMax and their neighbours, the nodes, 0, NaN, infinity, random. */
    private static double[] squares(double rMin, double rMax, int n, Random rnd) {
        List<Double> q = new ArrayList<>(List.of(0.0, -0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.MIN_VALUE, Double.MIN_NORMAL, rMin * rMin, rMax * rMax, Math.nextUp(rMin * rMin),
                Math.nextDown(rMin * rMin), Math.nextUp(rMax * rMax), Math.nextDown(rMax * rMax), 1e300,
                Double.MAX_VALUE));
        double lo = Math.log(rMin);
        double h = (Math.log(rMax) - lo) / (n - 1);
        for (int i = 0; i < n; i++) {
            double r = Math.exp(lo + i * h);
            q.add(r * r);
            q.add(Math.nextUp(r * r));
            q.add(Math.nextDown(r * r));
        }
        for (int i = 0; i < 20_000; i++) {
            double r = rMin * Math.pow(rMax / rMin, rnd.nextDouble() * 1.2 - 0.1);
            q.add(r * r);
        }
        return q.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theBatchGivesTheScalarBits() {
        Random rnd = new Random(5);
        for (double[] c : new double[][] {{1e-3, 25_000, 1900}, {0.5, 20, 2}, {0.7, 1.3, 9}}) {
            LogGridSpline s = matern(c[0], c[1], (int) c[2], 40);
            double[] q = squares(c[0], c[1], (int) c[2], rnd);
            for (int n : new int[] {q.length - 3, 1, 7, 8, 9, 15, 16, 17}) {
                for (int off : new int[] {0, 3}) {
                    double[] out = new double[n + off + 9];
                    java.util.Arrays.fill(out, SENTINEL);
                    s.valuesOfSquares(q, off, out, off, n);
                    for (int k = 0; k < n; k++) {
                        Fixtures.assertSameBits(s.value(Math.sqrt(q[off + k])), out[off + k], "q = " + q[off + k]);
                    }
                    for (int k = 0; k < out.length; k++) {
                        if (k < off || k >= off + n) {
                            assertEquals(SENTINEL, out[k], "element " + k + " outside the batch was written");
                        }
                    }
                }
            }
        }
    }

    /**
     * The batch at radii whose mantissas sit on and around the branch points of fdlibm's logarithm (|f| &lt; 2⁻²⁰ near
     * powers of two, the high-word thresholds 0x6147a and 0x6b851, the normalisation at 0x95f64 / 0x6a09e) at every
     * power of two inside the table, and at random mantissas: the same bits as the scalar value, whose logarithm is
     * {@link StrictMath#log}.
     */
    @Test
    void theBatchGivesTheScalarBitsAtTheLogarithmsBranchPoints() {
        Random rnd = new Random(9);
        LogGridSpline s = matern(1e-3, 25_000, 1900, 40);
        List<Double> q = new ArrayList<>();
        for (int e = -10; e <= 14; e++) {
            for (int hx : new int[] {0x6147a, 0x6b851, 0x6a09e, 0x95f64, 0xfffff, 0x0, 0x1, 0x2, 0x3}) {
                for (int dh = -2; dh <= 2; dh++) {
                    for (long lx : new long[] {0, 1, 0xffff_ffffL, 0x8000_0000L, rnd.nextInt() & 0xffff_ffffL}) {
                        long hi = ((1023L + e) << 20) | ((hx + dh) & 0xfffff);
                        double r = Double.longBitsToDouble(hi << 32 | lx);
                        q.add(r * r); // √(r²) = r for these r (checked below)
                    }
                }
            }
            for (int i = 0; i < 2000; i++) {
                double r = Math.scalb(1.0 + rnd.nextDouble(), e);
                q.add(r * r);
            }
        }
        double[] qs = q.stream().mapToDouble(Double::doubleValue).toArray();
        double[] out = new double[qs.length];
        s.valuesOfSquares(qs, 0, out, 0, qs.length);
        int inside = 0;
        for (int k = 0; k < qs.length; k++) {
            double r = Math.sqrt(qs[k]);
            Fixtures.assertSameBits(s.value(r), out[k], "r = " + r);
            inside += Double.isNaN(out[k]) ? 0 : 1;
        }
        assertTrue(inside > qs.length * 9 / 10, inside + " of " + qs.length + " inside the table");
    }
}
