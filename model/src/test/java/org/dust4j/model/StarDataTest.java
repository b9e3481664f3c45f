package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StarDataTest {
    private static final double[] ONES = {1, 1, 1, 1, 1};

    @Test
    void selectionKeepsStarsWhoseOneSigmaDistanceRangeLiesInside() {
        // parallaxes in mas, distances in pc: 1000/(w - s_w) < 1250 and 1000/(w + s_w) > 69
        double[] w = {5, 1.0, 0.9, 20, 14};
        double[] sw = {0.5, 0.1, 0.1, 1, 1};
        StarData s = StarData.ofParallax(new int[5], w, sw, ONES, ONES).selectByDistance(69, 1250);
        // star 0: 222..182 pc in; star 1: 1111..909 in; star 2: 1250 not < 1250 out;
        // star 3: 1000/21 = 47.6 not > 69 out; star 4: 1000/15 = 66.7 out
        assertEquals(2, s.size());
        assertEquals(0, s.sourceRow(0));
        assertEquals(1, s.sourceRow(1));
        StarData neg = StarData.ofParallax(new int[1], new double[] {0.5}, new double[] {0.6}, new double[] {1},
                new double[] {1});
        assertEquals(0, neg.selectByDistance(0, 1e9).size(), "unbounded one-sigma distance is dropped");
    }

    @Test
    void distancesConvertToParallaxesToFirstOrder() {
        StarData s = StarData.ofDistance(new int[] {0}, new double[] {500}, new double[] {50}, new double[] {1},
                new double[] {0.1});
        assertEquals(2.0, s.parallax(0), 1e-15);
        assertEquals(0.2, s.parallaxError(0), 1e-15);
    }

    @Test
    void sortingByPixelIsStableAndRemembersTheSourceRows() {
        int[] pix = {3, 1, 3, 0, 1};
        double[] w = {1, 2, 3, 4, 5};
        StarData s = StarData.ofParallax(pix, w, ONES, ONES, ONES).sortedByPixel();
        assertTrue(s.isSortedByPixel());
        int[] rows = new int[5];
        double[] ws = new double[5];
        for (int i = 0; i < 5; i++) {
            rows[i] = s.sourceRow(i);
            ws[i] = s.parallax(i);
        }
        assertArrayEquals(new int[] {3, 1, 4, 0, 2}, rows);
        assertArrayEquals(new double[] {4, 2, 5, 1, 3}, ws);
    }

    @Test
    void catalogsOfParallaxesAndDistancesBecomeStarsOnTheGrid() {
        SphericalGrid grid = SphericalGrid.logSpaced(8, 50, 2000, 10);
        double[] l = {10, 200};
        double[] b = {-5, 60};
        StarData p = StarData.fromCatalog(org.dust4j.io.fits.StarCatalog.ofParallaxes(l.clone(), b.clone(),
                new double[] {2, 4}, new double[] {0.1, 0.2}, new double[] {0.5, 1}, new double[] {0.05, 0.1}), grid);
        assertEquals(grid.healpix().lonLatToPix(200, 60), p.pixel(1));
        assertEquals(4, p.parallax(1), 0);
        assertEquals(0.1, p.extinctionError(1), 0);
        StarData d = StarData.fromCatalog(org.dust4j.io.fits.StarCatalog.ofDistances(l.clone(), b.clone(),
                new double[] {500, 250}, new double[] {25, 12.5}, new double[] {0.5, 1}, new double[] {0.05, 0.1}),
                grid);
        assertEquals(2, d.parallax(0), 1e-15);
        assertEquals(0.1, d.parallaxError(0), 1e-15);
        assertEquals(p.pixel(0), d.pixel(0));
    }

    @Test
    void rejectsInvalidRowsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StarData.ofParallax(
                new int[2], new double[] {1, -1}, new double[] {0.1, 0}, new double[2], new double[] {1, 1}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StarData.ofParallax(new int[1], new double[] {1},
                new double[] {0.1}, new double[1], new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> StarData.ofParallax(new int[2], new double[1],
                new double[1], new double[1], new double[1]));
    }
}
