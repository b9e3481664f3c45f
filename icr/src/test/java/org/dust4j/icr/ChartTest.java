package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Pointing;
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

    /**
     * The replacement rule pinned at nside 4: for each of the 24 pixels with 7 neighbours, the pixel added to its
     * window is the second-order neighbour (a neighbour of a neighbour, neither p nor one of its neighbours) nearest
     * to p, and of candidates equally near (mirror images, the same distance up to rounding) the smaller index. The
     * expectation is computed here from the pixel centres' angles ({@code pix2ang}, great-circle distance by the
     * haversine formula), not by the chart's code (squared chords of {@code pix2vec} vectors), and also written out.
     * Of the 24 pixels, 16 lie in the polar base faces (0–3, 8–11) and 8 in the equatorial ones (4–7); for each of
     * the latter the two nearest candidates are mirror images (equal distances), where the chart, before its tie
     * tolerance, let the rounding of the centres choose (the larger index at pixels 96 and 111).
     */
    @Test
    void healpixReplacementIsTheNearestSecondOrderNeighbourTiesToTheSmallerIndex() {
        HealpixFactor hp = new HealpixFactor(2, 2);
        int level = 1; // nside 4
        HealpixGrid g = HealpixGrid.of(4, Ordering.NEST);
        int[] t = hp.coarseTable(level);
        Map<Integer, Integer> expected = new TreeMap<>();
        int ties = 0;
        for (int p = 0; p < g.npix(); p++) {
            Set<Long> window = new HashSet<>();
            window.add((long) p);
            boolean missing = false;
            for (long q : g.neighbours(p)) {
                missing |= q < 0;
                window.add(q);
            }
            if (!missing) {
                continue;
            }
            Pointing centre = g.pix2ang(p);
            TreeMap<Long, Double> candidates = new TreeMap<>(); // by index, with the angle to p
            for (long q : g.neighbours(p)) {
                for (long r : q < 0 ? new long[0] : g.neighbours(q)) {
                    if (r >= 0 && !window.contains(r)) {
                        candidates.put(r, greatCircle(centre, g.pix2ang(r)));
                    }
                }
            }
            double nearest = candidates.values().stream().mapToDouble(d -> d).min().orElseThrow();
            long best = -1;
            int equallyNear = 0;
            for (Map.Entry<Long, Double> c : candidates.entrySet()) { // ascending index: the first is the smallest
                if (c.getValue() <= nearest * (1 + 1e-12)) {
                    best = best < 0 ? c.getKey() : best;
                    equallyNear++;
                }
            }
            ties += equallyNear > 1 ? 1 : 0;
            expected.put(p, (int) best);
            int added = -1;
            for (int k = 1; k < 9; k++) {
                if (!window.contains((long) t[p * 9 + k])) {
                    assertEquals(-1, added, "two pixels added to the window of " + p);
                    added = t[p * 9 + k];
                }
            }
            assertEquals(best, added, "replacement in the window of pixel " + p + " (candidates " + candidates + ")");
        }
        assertEquals(8, ties, "pixels whose two nearest candidates are equally near");
        assertEquals(Map.ofEntries(Map.entry(5, 13), Map.entry(10, 14),
                Map.entry(21, 29), Map.entry(26, 30), Map.entry(37, 45),
                Map.entry(42, 46), Map.entry(53, 61), Map.entry(58, 62),
                Map.entry(64, 136), Map.entry(79, 11), Map.entry(80, 132),
                Map.entry(95, 7), Map.entry(96, 148), Map.entry(111, 23),
                Map.entry(112, 164), Map.entry(127, 39), Map.entry(133, 129),
                Map.entry(138, 130), Map.entry(149, 145), Map.entry(154, 146),
                Map.entry(165, 161), Map.entry(170, 162), Map.entry(181, 177),
                Map.entry(186, 178)), expected);
    }

    /** Angle between two directions (haversine formula). */
    private static double greatCircle(Pointing a, Pointing b) {
        double dt = Math.sin((b.theta() - a.theta()) / 2);
        double dp = Math.sin((b.phi() - a.phi()) / 2);
        return 2 * Math.asin(Math.sqrt(dt * dt + Math.sin(a.theta()) * Math.sin(b.theta()) * dp * dp));
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

    /**
     * Every refinement level of a HEALPix × log-radius chart and of a 3D grid chart has a sliding inner (last) factor,
     * the layout the CUDA backend's gather adjoint needs (docs/cuda.md), and the default 3/2 windows.
     */
    @Test
    void everyLevelOfTheDustGeometryHasASlidingInnerFactor() {
        Chart[] charts = {HealpixChart.builder().nside0(1).levels(3).shells0(6).radialMap(AxisMap.logarithmic(0.3, 0.1))
                .build(), GridChart.builder().shape0(5, 6, 7).levels(2).build()};
        for (Chart c : charts) {
            IcrPrior prior = IcrPrior.builder(c, Kernel.matern32(1, 2)).build();
            for (int l = 0; l < c.levels(); l++) {
                org.dust4j.core.WindowLayout layout = prior.refinement(l).layout();
                String what = c + " level " + l;
                assertTrue(layout.innerSlides(), what);
                assertEquals(3, layout.factor(layout.factorCount() - 1).coarsePoints(), what);
                assertEquals(2, layout.factor(layout.factorCount() - 1).finePoints(), what);
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
