package org.dust4j.model.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NormalTest {
    /** x, Phi(x), log Phi(x) from mpmath at 40 digits. */
    private static final double[][] CDF = {
        {-40, 0 /* 3.66e-350 underflows */, -804.60844201375378817},
        {-38, 2.8854283600687843084e-316, -726.5572160188201301},
        {-30, 4.9067139271481870595e-198, -454.32124395634319711},
        {-20, 2.7536241186062336951e-89, -203.91715537109726394},
        {-10, 7.619853024160526066e-24, -53.231285150512470578},
        {-8, 6.2209605742717841235e-16, -35.013437159914549896},
        {-5.5, 1.8989562465887719384e-8, -17.779376352625260511},
        {-3, 0.0013498980316300945267, -6.6077262215103495433},
        {-1, 0.15865525393145705141, -1.8410216450092635058},
        {-0.5, 0.30853753872598689636, -1.1759117615936186089},
        {-0.001, 0.49960105778608893741, -0.69394538346696517879},
        {0, 0.5, -0.69314718055994530942},
        {0.3, 0.61791142218895263307, -0.48141016158848120517},
        {0.67, 0.74857110490468989845, -0.28958908310168703778},
        {1, 0.84134474606854294859, -0.17275377902344988953},
        {2.5, 0.99379033467422386483, -0.006229025485860002381},
        {5, 0.99999971334842812081, -2.8665161296376359338e-7},
        {7, 0.99999999999872018746, -1.2798125438866539645e-12},
        {9, 0.99999999999999999989, -1.1285884059538406478e-19},
    };

    @Test
    void cdfAndLogCdfMatchHighPrecisionReferences() {
        for (double[] row : CDF) {
            double x = row[0];
            if (row[1] > Double.MIN_NORMAL) {
                assertEquals(row[1], Normal.cdf(x), 2e-15 * row[1], "Phi(" + x + ")");
            }
            assertEquals(row[2], Normal.logCdf(x), 4e-15 * Math.abs(row[2]), "log Phi(" + x + ")");
        }
    }

    @Test
    void upperTailHasRelativeAccuracy() {
        // 1 - Phi(8) = Phi(-8): computing it as cdf(-8) must not cancel
        assertEquals(6.2209605742717841235e-16, Normal.cdf(-8), 1e-29);
        assertEquals(1.0, Normal.cdf(-8) + Normal.cdf(8), 1e-16);
    }

    @Test
    void quantileMatchesReferencesAndInvertsTheCdf() {
        double[][] ref = {
            {1e-300, -37.047096299361199237},
            {1e-100, -21.273453560965324295},
            {1e-20, -9.2623400897984075737},
            {1e-10, -6.3613409024040562047},
            {0.001, -3.0902323061678135415},
            {0.02425, -1.9729610513118848503},
            {0.1, -1.281551565544600467},
            {0.3, -0.52440051270804078404},
            {0.5, 0},
            {0.7, 0.52440051270804078404},
            {0.975, 1.9599639845400542355},
            {0.9990234375, 3.0972690781987844624},
        };
        for (double[] row : ref) {
            assertEquals(row[1], Normal.quantile(row[0]), 2e-15 * Math.max(1, Math.abs(row[1])), "q(" + row[0] + ")");
        }
        for (double x = -37; x <= 37; x += 0.37) {
            // the upper tail goes through the lower one, as the Javadoc advises
            double back = x <= 0 ? Normal.quantile(Normal.cdf(x)) : -Normal.quantile(Normal.cdf(-x));
            assertEquals(x, back, 1e-13 * Math.max(1, Math.abs(x)), "x=" + x);
        }
        assertEquals(Double.NEGATIVE_INFINITY, Normal.quantile(0));
        assertEquals(Double.POSITIVE_INFINITY, Normal.quantile(1));
        assertThrows(IllegalArgumentException.class, () -> Normal.quantile(1.5));
    }

    @Test
    void cdfIsMonotoneAcrossBranchBoundaries() {
        double prev = 0;
        for (double x = -12; x <= 12; x += 1.0 / 1024) {
            double c = Normal.cdf(x);
            assertTrue(c >= prev, "Phi not monotone at " + x);
            prev = c;
        }
    }

    @Test
    void millsRatioNeverOverflowsAndLogCdfHandlesInfinity() {
        for (double x = -30; x <= 30; x += 0.29) {
            assertEquals(Normal.pdf(x) / Normal.cdf(-x), Normal.millsRatio(x), 1e-13 * Normal.millsRatio(x), "x=" + x);
        }
        // x + 1/x - 2/x^3 + 10/x^5 - ... beyond the underflow of phi and Phi
        for (double x : new double[] {200, 1e3, 1e10, 1e200}) {
            double u = 1 / x;
            assertEquals(x + u - 2 * u * u * u + 10 * Math.pow(u, 5), Normal.millsRatio(x), 1e-14 * x, "x=" + x);
        }
        assertEquals(0, Normal.millsRatio(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, Normal.millsRatio(Double.POSITIVE_INFINITY));
        assertEquals(Double.NEGATIVE_INFINITY, Normal.logCdf(Double.NEGATIVE_INFINITY));
        assertEquals(0, Normal.logCdf(Double.POSITIVE_INFINITY));
        assertEquals(0, Normal.cdf(Double.NEGATIVE_INFINITY));
        assertEquals(1, Normal.cdf(Double.POSITIVE_INFINITY));
    }
}
