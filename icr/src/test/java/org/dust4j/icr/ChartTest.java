package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Vec3;
import org.junit.jupiter.api.Test;

class ChartTest {
    @Test
    void gridLevelsLoseOnePixelPerBorder() {
        GridChart c = GridChart.builder().shape0(5, 7, 9).levels(3).build();
        assertArrayEquals(new int[] {5, 7, 9}, c.shape(0));
        assertArrayEquals(new int[] {6, 10, 14}, c.shape(1));
        assertArrayEquals(new int[] {8, 16, 24}, c.shape(2));
        assertArrayEquals(new int[] {12, 28, 44}, c.shape(3));
        GridChart f = GridChart.builder().shape0(6).levels(2).window(5, 4).build();
        assertArrayEquals(new int[] {8}, f.shape(1));
        assertArrayEquals(new int[] {16}, f.shape(2));
    }

    @Test
    void finePixelsSitAtQuarterSpacingsAroundTheCoarseCentre() {
        GridChart c = GridChart.builder().shape0(5).levels(2).spacing(2.0).build();
        double[] p0 = c.positions(0);
        double[] p1 = c.positions(1);
        double[] p2 = c.positions(2);
        // window w of level 0 is centred on pixel w + 1 and refines into pixels 2w, 2w + 1
        for (int w = 0; w < 3; w++) {
            assertEquals(p0[w + 1] - 0.25 * 2.0, p1[2 * w], 1e-14);
            assertEquals(p0[w + 1] + 0.25 * 2.0, p1[2 * w + 1], 1e-14);
        }
        for (int w = 0; w < 4; w++) {
            assertEquals(p1[w + 1] - 0.25 * 1.0, p2[2 * w], 1e-14);
            assertEquals(p1[w + 1] + 0.25 * 1.0, p2[2 * w + 1], 1e-14);
        }
        GridChart f = GridChart.builder().shape0(5).levels(1).window(5, 4).build();
        double[] q = f.positions(1);
        assertArrayEquals(new double[] {1.625, 1.875, 2.125, 2.375}, q, 1e-14);
    }

    @Test
    void chartedAxisMapsIndexCoordinates() {
        GridChart c = GridChart.builder().shape0(5, 3).levels(1).axisMap(0, AxisMap.logarithmic(0.5, 1)).build();
        double[] p = new double[2];
        c.position(1, 3 * 2 + 1, p); // pixel (3, 1) of the 6 × 2 level 1
        assertEquals(Math.exp(0.5 * (0.75 + 3 * 0.5) + 1), p[0], 1e-14);
        assertEquals(0.75 + 0.5, p[1], 1e-14);
        assertEquals(0.75 + 3 * 0.5, c.indexCoordinate(0, 1, 3), 1e-15);
    }

    @Test
    void badChartsAreRejectedWithReasons() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GridChart.builder().shape0(2, 5).levels(1).build());
        assertTrue(e.getMessage().contains("axis 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> GridChart.builder().shape0(5).levels(1).axisMap(0, u -> -u).build());
        assertTrue(e.getMessage().contains("increasing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GridChart.builder().shape0(5).levels(1).window(4, 2)
                .build());
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
    }

    @Test
    void healpixWindowsHoldNineDistinctPixelsAndReplaceMissingNeighbours() {
        HealpixFactor hp = new HealpixFactor(2, 2);
        int level = 1; // nside 4
        HealpixGrid g = HealpixGrid.of(4, Ordering.NEST);
        int[] t = hp.coarseTable(level);
        int replaced = 0;
        for (int p = 0; p < hp.windows(level); p++) {
            Set<Integer> s = new HashSet<>();
            for (int k = 0; k < 9; k++) {
                s.add(t[p * 9 + k]);
            }
            assertEquals(9, s.size(), "window of pixel " + p);
            assertEquals(p, t[p * 9]);
            long[] nb = g.neighbours(p);
            Set<Long> first = new HashSet<>();
            boolean missing = false;
            for (long q : nb) {
                missing |= q < 0;
                if (q >= 0) {
                    first.add(q);
                    assertTrue(s.contains((int) q), "neighbour " + q + " of " + p);
                }
            }
            if (missing) {
                replaced++;
                // the extra pixel is a neighbour of a neighbour
                for (int k = 1; k < 9; k++) {
                    int q = t[p * 9 + k];
                    if (!first.contains((long) q)) {
                        boolean second = false;
                        for (long f : first) {
                            for (long n2 : g.neighbours(f)) {
                                second |= n2 == q;
                            }
                        }
                        assertTrue(second, "replacement " + q + " of pixel " + p);
                    }
                }
            }
        }
        assertEquals(24, replaced, "pixels with 7 neighbours at nside 4 (3 at each of the 8 three-face corners)");
        int[] fine = hp.fineTable(level);
        for (int p = 0; p < hp.windows(level); p++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(4 * p + c, fine[p * 4 + c]);
            }
        }
    }

    @Test
    void healpixChartPositionsAreRadiusTimesUnitVector() {
        HealpixChart c = HealpixChart.builder().nside0(2).levels(1).shells0(4)
                .radialMap(AxisMap.logarithmic(0.3, 0.1)).build();
        assertArrayEquals(new int[] {48, 4}, c.shape(0));
        assertArrayEquals(new int[] {192, 4}, c.shape(1));
        HealpixGrid g = HealpixGrid.of(4, Ordering.NEST);
        double[] p = new double[3];
        c.position(1, 37 * 4 + 2, p);
        Vec3 u = g.pix2vec(37);
        double r = Math.exp(0.3 * (0.75 + 2 * 0.5) + 0.1);
        assertEquals(r, c.radius(1, 2), 1e-14);
        assertArrayEquals(new double[] {r * u.x(), r * u.y(), r * u.z()}, p, 1e-14);
    }
}
