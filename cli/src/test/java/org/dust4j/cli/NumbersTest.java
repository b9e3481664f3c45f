package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void compactKeepsSevenSignificantDigitsWithoutNoise() {
        assertEquals("100", Numbers.compact(100.0));
        assertEquals("-1250", Numbers.compact(-1250));
        assertEquals("0", Numbers.compact(0.0));
        assertEquals("64.73218", Numbers.compact(64.73217796594612));
        assertEquals("1158.62", Numbers.compact(1158.620061253856));
        assertEquals("0.1", Numbers.compact(0.1));
        assertEquals("0.3333333", Numbers.compact(1.0 / 3));
        assertEquals("1E+20", Numbers.compact(1e20));
        assertEquals("1.5E-9", Numbers.compact(1.5e-9));
        assertEquals("NaN", Numbers.compact(Double.NaN));
        assertEquals("-Infinity", Numbers.compact(Double.NEGATIVE_INFINITY));
    }
}
