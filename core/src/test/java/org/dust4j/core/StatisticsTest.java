package org.dust4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void medianOfOddEvenAndEmptyArraysLeavesTheInputUnsorted() {
        double[] odd = {5, 1, 3};
        assertEquals(3, Statistics.median(odd));
        assertEquals(5, odd[0], "the input is not sorted in place");
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 2, 3}));
        assertTrue(Double.isNaN(Statistics.median(new double[0])));
    }

    @Test
    void correlationOfLinearAndUnrelatedData() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(1, Statistics.correlation(x, new double[] {3, 5, 7, 9, 11}), 1e-15);
        assertEquals(-1, Statistics.correlation(x, new double[] {10, 8, 6, 4, 2}), 1e-15);
        // x against (x - 3)^2: symmetric around the mean, so uncorrelated
        assertEquals(0, Statistics.correlation(x, new double[] {4, 1, 0, 1, 4}), 1e-15);
        assertTrue(Double.isNaN(Statistics.correlation(x, new double[] {2, 2, 2, 2, 2})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Statistics.correlation(x, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("5 and 2"), e.getMessage());
    }
}
