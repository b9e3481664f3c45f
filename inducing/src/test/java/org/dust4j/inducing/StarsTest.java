package org.dust4j.inducing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.io.fits.StarCatalog;
import org.junit.jupiter.api.Test;

class StarsTest {
    @Test
    void parallaxesBecomeDistances() {
        StarCatalog c = StarCatalog.ofParallaxes(new double[] {10, 20}, new double[] {1, 2}, new double[] {2, 4},
                new double[] {0.1, 0.4}, new double[] {0.3, 0.5}, new double[] {0.03, 0.05});
        Stars s = Stars.from(c);
        assertArrayEquals(new double[] {500, 250}, s.distance(), 1e-12);
        assertArrayEquals(new double[] {25, 25}, s.distanceError(), 1e-12);
        assertArrayEquals(new double[] {0.03, 0.05}, s.extinctionError(), 0);
        assertEquals(2, s.size());
    }

    @Test
    void invalidValuesNameTheStarAndColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Stars.of(new double[] {1, 2},
                new double[] {0, 0}, new double[] {100, 200}, new double[] {0, 0}, new double[] {0.1, 0.2},
                new double[] {0.01, -1}));
        assertTrue(e.getMessage().contains("star 1") && e.getMessage().contains("extinctionError"), e.getMessage());
    }
}
