package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ScaleTest {
    @Test
    void linearFractionsClipAndRejectNaN() {
        Scale s = Scale.linear(-2, 6);
        assertEquals(0, s.fraction(-2));
        assertEquals(0.5, s.fraction(2));
        assertEquals(1, s.fraction(6));
        assertEquals(0, s.fraction(-100));
        assertEquals(1, s.fraction(Double.POSITIVE_INFINITY));
        assertEquals(1.25, s.unclippedFraction(8));
        assertTrue(Double.isNaN(s.fraction(Double.NaN)));
        assertEquals(4.0, s.valueAt(0.75));
    }

    @Test
    void logFractionsAndNonPositiveValues() {
        Scale s = Scale.log(1, 100);
        assertEquals(0.5, s.fraction(10), 1e-15);
        assertEquals(1, s.fraction(1e6));
        assertEquals(0, s.fraction(1e-6));
        assertTrue(Double.isNaN(s.fraction(0)));
        assertTrue(Double.isNaN(s.fraction(-5)));
        assertTrue(Double.isNaN(s.fraction(Double.NaN)));
        assertTrue(Double.isNaN(s.fraction(Double.POSITIVE_INFINITY)));
        assertFalse(s.accepts(0));
        assertTrue(s.accepts(1e-300));
        assertEquals(10, s.valueAt(0.5), 1e-12);
    }

    @Test
    void logRangeFromDataIgnoresNonPositiveValues() {
        Scale s = Scale.logOf(new double[] {-1, 0, 2, Double.NaN, 50, Double.POSITIVE_INFINITY});
        assertEquals(Scale.Type.LOG, s.type());
        assertEquals(2, s.min());
        assertEquals(50, s.max());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scale.logOf(new double[] {0, -3, Double.NaN}));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    @Test
    void invalidRangesAreRejectedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scale.log(0, 1));
        assertTrue(e.getMessage().contains("min = 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scale.linear(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Scale.linear(2, 1));
        assertThrows(IllegalArgumentException.class, () -> Scale.linear(0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Scale.linearOf(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Scale.percentiles(Scale.Type.LINEAR,
                new double[] {1, 2}, 50, 50));
    }

    @Test
    void constantDataGetsAWidenedRange() {
        Scale lin = Scale.linearOf(new double[] {5, 5, 5});
        assertEquals(4.5, lin.min(), 1e-12);
        assertEquals(5.5, lin.max(), 1e-12);
        assertEquals(0.5, lin.fraction(5), 1e-12);
        Scale zero = Scale.linearOf(new double[] {0});
        assertEquals(-1, zero.min());
        Scale log = Scale.logOf(new double[] {4, 0});
        assertEquals(2, log.min());
        assertEquals(8, log.max());
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        double[] v = new double[101];
        for (int i = 0; i <= 100; i++) {
            v[i] = 100 - i;
        }
        Scale s = Scale.percentiles(Scale.Type.LINEAR, v, 10, 90);
        assertEquals(10, s.min(), 1e-12);
        assertEquals(90, s.max(), 1e-12);
        // numpy.percentile([1, 2, 3, 4], 25) == 1.75
        assertEquals(1.75, Scale.percentiles(Scale.Type.LINEAR, new double[] {4, 3, 2, 1}, 25, 100).min(), 1e-12);
    }

    @Test
    void symmetricScaleIsCentredOnZero() {
        Scale s = Scale.symmetric(new double[] {-0.3, 1.2, Double.NaN, 0.5});
        assertEquals(-1.2, s.min());
        assertEquals(1.2, s.max());
        assertEquals(0.5, s.fraction(0));
        Scale zero = Scale.symmetric(new double[] {0, 0});
        assertEquals(-1, zero.min());
    }

    @Test
    void linearTicksAreNiceMultiples() {
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, Scale.linear(0, 10).ticks(6), 1e-12);
        double[] t = Scale.linear(-805, 805).ticks(9);
        assertArrayEquals(new double[] {-800, -600, -400, -200, 0, 200, 400, 600, 800}, t, 1e-9);
        assertArrayEquals(new double[] {-500, 0, 500}, Scale.linear(-805, 805).ticks(4), 1e-9);
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8}, Scale.linear(0.013, 0.87).ticks(5), 0);
        for (int n = 2; n < 12; n++) {
            double[] ticks = Scale.linear(0.013, 0.87).ticks(n);
            // at most n ticks, but at least 2 even where that takes more than n
            assertTrue(ticks.length >= 2 && (n < 4 || ticks.length <= n), n + ": " + Arrays.toString(ticks));
        }
    }

    @Test
    void logTicksArePowersOfTenOrTheirMultiples() {
        assertArrayEquals(new double[] {1e-3, 1e-2, 1e-1, 1, 10}, Scale.log(1e-3, 10).ticks(8), 1e-15);
        double[] few = Scale.log(0.03, 0.7).ticks(8);
        assertArrayEquals(new double[] {0.05, 0.1, 0.2, 0.5}, few, 1e-12);
        double[] many = Scale.log(1e-10, 1e10).ticks(6);
        assertTrue(many.length <= 6 && many.length >= 2, Arrays.toString(many));
    }

    @Test
    void labels() {
        Scale lin = Scale.linear(-1, 1);
        double[] t = lin.ticks(5);
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, t, 1e-12);
        assertEquals("\u22121.0", lin.label(-1, t));
        assertEquals("0.0", lin.label(0, t));
        assertEquals("0.5", lin.label(0.5, t));
        Scale log = Scale.log(0.03, 0.7);
        double[] lt = log.ticks(8);
        assertEquals("0.05", log.label(0.05, lt));
        assertEquals("1", Scale.log(0.5, 5).label(1, Scale.log(0.5, 5).ticks(8)));
        Scale wide = Scale.log(1e-3, 10);
        double[] wt = wide.ticks(8);
        assertEquals("10\u207b\u00b3", wide.label(1e-3, wt));
        assertEquals("10\u00b9", wide.label(10, wt));
        Scale big = Scale.linear(0, 2e6);
        double[] bt = big.ticks(5);
        assertEquals("10\u2076", big.label(1e6, bt));
        assertEquals("1.5\u00d710\u2076", big.label(1.5e6, new double[] {1e6, 1.5e6}));
    }
}
