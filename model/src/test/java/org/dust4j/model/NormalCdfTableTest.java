package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.model.stats.Normal;
import org.junit.jupiter.api.Test;

class NormalCdfTableTest {
    @Test
    void interpolatedPhiStaysWithinItsErrorBoundAndIsMonotone() {
        double worst = 0;
        double prev = 0;
        for (double z = -10; z <= 10; z += 1.0 / 4099) {
            double t = NormalCdfTable.cdf(z);
            worst = Math.max(worst, Math.abs(t - Normal.cdf(z)));
            assertTrue(t >= prev, "not monotone at " + z);
            prev = t;
        }
        assertTrue(worst < 3.4e-13, "max error " + worst);
        assertEquals(0, NormalCdfTable.cdf(-9.5), 0);
        assertEquals(1, NormalCdfTable.cdf(9.5), 0);
        assertEquals(0.5, NormalCdfTable.cdf(0), 1e-16);
        assertTrue(Double.isNaN(NormalCdfTable.cdf(Double.NaN)));
    }
}
