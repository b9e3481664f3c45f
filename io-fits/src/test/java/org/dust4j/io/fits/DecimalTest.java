package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimalTest {
    @Test
    void decimalsParseAndJavasOtherFormsDoNot() {
        String[] good = {"0", "-1", "+2.5", ".5", "5.", "1e3", "1E-3", "-.25e+2", "007"};
        double[] value = {0, -1, 2.5, 0.5, 5, 1000, 0.001, -25, 7};
        for (int i = 0; i < good.length; i++) {
            assertTrue(Decimal.matches(good[i]), good[i]);
            assertEquals(value[i], Decimal.parseOrNaN(good[i]), good[i]);
        }
        for (String bad : new String[] {"", ".", "-", "1.5f", "2d", "0x1p3", "NaN", "Infinity", "1e", "1e5e5", "--1",
            " 1", "1,5", "1.2.3"}) {
            assertTrue(!Decimal.matches(bad) && Double.isNaN(Decimal.parseOrNaN(bad)), "'" + bad + "'");
        }
        assertEquals(Double.POSITIVE_INFINITY, Decimal.parseOrNaN("1e999"), "beyond the double range");
    }
}
