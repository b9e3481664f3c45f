package org.dust4j.healpix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Properties that hold without reference data: round trips, hierarchy, neighbour relation, geometry, validation. */
class HealpixGridTest {
    private static final Ordering[] BOTH = Ordering.values();

    private static long randomPixel(SplittableRandom rnd, HealpixGrid g) {
        return rnd.nextLong(g.npix());
    }

    /** Pixels to check at an order: all of them while few, else the face corners plus random ones. */
    private static long[] pixelsToCheck(HealpixGrid g, SplittableRandom rnd) {
        if (g.npix() <= 12 * 32 * 32) {
            return java.util.stream.LongStream.range(0, g.npix()).toArray();
        }
        long npface = g.npix() / 12;
        long[] p = new long[12 * 4 + 500];
        int k = 0;
        for (int f = 0; f < 12; f++) {
            p[k++] = f * npface;
            p[k++] = f * npface + npface - 1;
            p[k++] = f * npface + (npface - 1) / 3; // x at the corner, y=0 (NEST bits 0101...)
            p[k++] = f * npface + 2 * ((npface - 1) / 3);
        }
        while (k < p.length) {
            p[k++] = randomPixel(rnd, g);
        }
        return p;
    }

    @Test
    void nestRingRoundTripAtEveryOrder() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            HealpixGrid g = HealpixGrid.ofOrder(order, Ordering.NEST);
            Set<Long> images = new HashSet<>();
            for (long p : pixelsToCheck(g, rnd)) {
                long r = g.nestToRing(p);
                assertTrue(r >= 0 && r < g.npix(), "nest2ring(" + p + ") = " + r + " at order " + order);
                assertEquals(p, g.ringToNest(r), "ring2nest(nest2ring(" + p + ")) at order " + order);
                long n = g.ringToNest(p);
                assertEquals(p, g.nestToRing(n), "nest2ring(ring2nest(" + p + ")) at order " + order);
                images.add(r);
            }
            if (g.npix() <= 12 * 32 * 32) {
                assertEquals(g.npix(), images.size(), "nest2ring is not a bijection at order " + order);
            }
        }
    }

    @Test
    void pixelCentreMapsBackToItsPixelAtEveryOrder() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            for (Ordering o : BOTH) {
                HealpixGrid g = HealpixGrid.ofOrder(order, o);
                for (long p : pixelsToCheck(g, rnd)) {
                    Pointing c = g.pix2ang(p);
                    assertTrue(c.theta() >= 0 && c.theta() <= Math.PI && c.phi() >= 0 && c.phi() < 2 * Math.PI,
                            "centre " + c + " of " + p + " at order " + order);
                    assertEquals(p, g.ang2pix(c), o + " ang2pix(pix2ang(" + p + ")) at order " + order);
                    Vec3 v = g.pix2vec(p);
                    assertEquals(1.0, v.length(), 1e-15);
                    assertEquals(p, g.vec2pix(v), o + " vec2pix(pix2vec(" + p + ")) at order " + order);
                    assertEquals(0.0, v.angleTo(Vec3.of(c)), 1e-12, "pix2vec vs pix2ang of " + p);
                }
            }
        }
    }

    @Test
    void sameCentreInBothOrderings() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int order = 0; order <= Healpix.MAX_ORDER; order += 4) {
            HealpixGrid nest = HealpixGrid.ofOrder(order, Ordering.NEST);
            HealpixGrid ring = nest.withOrdering(Ordering.RING);
            for (long p : pixelsToCheck(nest, rnd)) {
                assertEquals(0.0, nest.pix2vec(p).angleTo(ring.pix2vec(nest.nestToRing(p))), 1e-14,
                        "pixel " + p + " at order " + order);
            }
        }
    }

    @Test
    void everyPointLiesWithinMaxPixelRadiusOfItsCentre() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            for (Ordering o : BOTH) {
                HealpixGrid g = HealpixGrid.ofOrder(order, o);
                double rmax = g.maxPixelRadius();
                for (int i = 0; i < 300; i++) {
                    double theta = Math.acos(rnd.nextDouble(-1, 1));
                    double phi = rnd.nextDouble(0, 2 * Math.PI);
                    long p = g.ang2pix(theta, phi);
                    double d = Vec3.of(new Pointing(theta, phi)).angleTo(g.pix2vec(p));
                    assertTrue(d <= rmax * (1 + 1e-9), "(" + theta + ", " + phi + ") is " + d + " rad from centre of "
                            + p + ", max pixel radius " + rmax + " at order " + order);
                }
            }
        }
    }

    @Test
    void phiIsPeriodic() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int order = 0; order <= 20; order++) {
            for (Ordering o : BOTH) {
                HealpixGrid g = HealpixGrid.ofOrder(order, o);
                for (int i = 0; i < 100; i++) {
                    double theta = Math.acos(rnd.nextDouble(-1, 1));
                    double phi = rnd.nextDouble(0.1, 2 * Math.PI - 0.1);
                    long p = g.ang2pix(theta, phi);
                    assertEquals(p, g.ang2pix(theta, phi - 2 * Math.PI), "phi - 2pi at order " + order);
                    assertEquals(p, g.ang2pix(theta, phi + 4 * Math.PI), "phi + 4pi at order " + order);
                }
            }
        }
    }

    @Test
    void nestChildrenAreFourPPlusCAndParentInverts() {
        SplittableRandom rnd = new SplittableRandom(6);
        for (int order = 0; order < Healpix.MAX_ORDER; order++) {
            HealpixGrid g = HealpixGrid.ofOrder(order, Ordering.NEST);
            for (long p : pixelsToCheck(g, rnd)) {
                long[] ch = g.children(p);
                assertArrayEquals(new long[] {4 * p, 4 * p + 1, 4 * p + 2, 4 * p + 3}, ch, "children of " + p);
                for (long c : ch) {
                    assertEquals(p, g.finer().parent(c), "parent of child " + c);
                    // the child's centre lies in the parent pixel
                    assertEquals(p, g.ang2pix(g.finer().pix2ang(c)), "centre of child " + c + " of " + p);
                }
            }
        }
    }

    @Test
    void ringChildrenAndParentAreTheNestOnesRenumbered() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int order = 0; order < Healpix.MAX_ORDER; order += 3) {
            HealpixGrid ring = HealpixGrid.ofOrder(order, Ordering.RING);
            HealpixGrid nest = ring.withOrdering(Ordering.NEST);
            for (int i = 0; i < 200; i++) {
                long p = randomPixel(rnd, ring);
                long[] ch = ring.children(p);
                long[] nestCh = nest.children(ring.ringToNest(p));
                for (int c = 0; c < 4; c++) {
                    assertEquals(nest.finer().nestToRing(nestCh[c]), ch[c], "RING child " + c + " of " + p);
                    assertEquals(ch[c], ring.child(p, c));
                    assertEquals(p, ring.finer().parent(ch[c]), "RING parent of " + ch[c]);
                }
            }
        }
    }

    @Test
    void neighbourRelationIsSymmetricAndComplete() {
        for (int order = 0; order <= 4; order++) {
            for (Ordering o : BOTH) {
                HealpixGrid g = HealpixGrid.ofOrder(order, o);
                int withMissing = 0;
                for (long pix = 0; pix < g.npix(); pix++) {
                    long p = pix;
                    long[] nb = g.neighbours(p);
                    long present = Arrays.stream(nb).filter(q -> q >= 0).count();
                    long distinct = Arrays.stream(nb).filter(q -> q >= 0).distinct().count();
                    assertEquals(present, distinct, o + " duplicate neighbours of " + p + ": " + Arrays.toString(nb));
                    withMissing += present < 8 ? 1 : 0;
                    for (long q : nb) {
                        if (q >= 0) {
                            assertNotEquals(p, q, "pixel " + p + " is its own neighbour");
                            long[] back = g.neighbours(q);
                            assertTrue(Arrays.stream(back).anyMatch(x -> x == p),
                                    o + " nside " + g.nside() + ": " + q + " neighbours " + p + " but not back "
                                            + Arrays.toString(back));
                            double d = g.pix2vec(p).angleTo(g.pix2vec(q));
                            assertTrue(d <= 2 * g.maxPixelRadius() + 1e-12, "neighbour " + q + " of " + p
                                    + " is " + d + " rad away");
                        }
                    }
                }
                // nside 1: all 12 base pixels lack neighbours; above, the 24 pixels at the 8 corners where 3 faces meet
                assertEquals(order == 0 ? 12 : 24, withMissing, o + " pixels with a -1 at nside " + g.nside());
            }
        }
    }

    @Test
    void neighbourListsAgreeBetweenOrderings() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            HealpixGrid nest = HealpixGrid.ofOrder(order, Ordering.NEST);
            HealpixGrid ring = nest.withOrdering(Ordering.RING);
            for (long p : pixelsToCheck(nest, rnd)) {
                long[] viaNest = Arrays.stream(nest.neighbours(p)).map(q -> q < 0 ? q : nest.nestToRing(q)).toArray();
                assertArrayEquals(viaNest, ring.neighbours(nest.nestToRing(p)), "pixel " + p + " at order " + order);
            }
        }
    }

    @Test
    void interpolationWeightsArePositiveSumToOneAndReproducePixelValuesAtCentres() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int order = 0; order <= 6; order++) {
            for (Ordering o : BOTH) {
                HealpixGrid g = HealpixGrid.ofOrder(order, o);
                double[] map = rnd.doubles((int) g.npix()).toArray();
                for (int i = 0; i < 300; i++) {
                    double theta = Math.acos(rnd.nextDouble(-1, 1));
                    double phi = rnd.nextDouble(-10, 10);
                    InterpolationWeights w = g.interpolationWeights(theta, phi);
                    double sum = 0;
                    double value = 0;
                    for (int k = 0; k < 4; k++) {
                        assertTrue(w.weight(k) >= 0 && w.pixel(k) >= 0 && w.pixel(k) < g.npix(), w.toString());
                        sum += w.weight(k);
                        value += w.weight(k) * map[(int) w.pixel(k)];
                    }
                    assertEquals(1.0, sum, 1e-14, w.toString());
                    assertEquals(value, g.interpolate(map, theta, phi), 1e-14);
                    assertEquals(w, g.interpolationWeights(theta, phi + 2 * Math.PI), "phi + 2pi");
                }
                for (long p = 0; p < g.npix(); p += 7) {
                    Pointing c = g.pix2ang(p);
                    assertEquals(map[(int) p], g.interpolate(map, c.theta(), c.phi()), 1e-9,
                            o + " interpolation at the centre of " + p + " at order " + order);
                }
                double[] constant = new double[(int) g.npix()];
                Arrays.fill(constant, 2.5);
                assertEquals(2.5, g.interpolate(constant, 0.3, 1.0), 1e-14);
            }
        }
    }

    @Test
    void interpolationAtThePolesAveragesTheFirstRing() {
        for (Ordering o : BOTH) {
            HealpixGrid g = HealpixGrid.of(8, o);
            InterpolationWeights north = g.interpolationWeights(0, 1.234);
            InterpolationWeights south = g.interpolationWeights(Math.PI, 1.234);
            Set<Long> northRing = new HashSet<>();
            Set<Long> southRing = new HashSet<>();
            for (int k = 0; k < 4; k++) {
                assertEquals(0.25, north.weight(k), 1e-15);
                assertEquals(0.25, south.weight(k), 1e-15);
                northRing.add(g.convert(north.pixel(k), Ordering.RING));
                southRing.add(g.convert(south.pixel(k), Ordering.RING));
            }
            assertEquals(Set.of(0L, 1L, 2L, 3L), northRing);
            long n = g.npix();
            assertEquals(Set.of(n - 4, n - 3, n - 2, n - 1), southRing);
        }
    }

    @Test
    void bulkMethodsEqualScalarOnesAcrossTheParallelThreshold() {
        SplittableRandom rnd = new SplittableRandom(10);
        int n = Bulk.PARALLEL_THRESHOLD + 17; // several parallel chunks
        double[] theta = new double[n];
        double[] phi = new double[n];
        double[] lon = new double[n];
        double[] lat = new double[n];
        double[] x = new double[n];
        double[] y = new double[n];
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = Math.acos(rnd.nextDouble(-1, 1));
            phi[i] = rnd.nextDouble(-7, 14);
            lon[i] = rnd.nextDouble(-360, 720);
            lat[i] = rnd.nextDouble(-90, 90);
            x[i] = rnd.nextGaussian();
            y[i] = rnd.nextGaussian();
            z[i] = rnd.nextGaussian();
        }
        for (Ordering o : BOTH) {
            HealpixGrid g = HealpixGrid.of(256, o); // 8 nside < n: bulk interpolation tabulates ring colatitudes
            long[] pix = new long[n];
            int[] ipix = new int[n];
            g.ang2pix(theta, phi, pix);
            g.ang2pix(theta, phi, ipix);
            long[] lpix = new long[n];
            int[] ilpix = new int[n];
            g.lonLatToPix(lon, lat, lpix);
            g.lonLatToPix(lon, lat, ilpix);
            long[] vpix = new long[n];
            g.vec2pix(x, y, z, vpix);
            double[] t2 = new double[n];
            double[] p2 = new double[n];
            double[] t3 = new double[n];
            double[] p3 = new double[n];
            g.pix2ang(pix, t2, p2);
            g.pix2ang(ipix, t3, p3);
            double[] lo2 = new double[n];
            double[] la2 = new double[n];
            double[] lo3 = new double[n];
            double[] la3 = new double[n];
            g.pix2lonLat(pix, lo2, la2);
            g.pix2lonLat(ipix, lo3, la3);
            double[] vx = new double[n];
            double[] vy = new double[n];
            double[] vz = new double[n];
            g.pix2vec(pix, vx, vy, vz);
            Ordering other = o == Ordering.NEST ? Ordering.RING : Ordering.NEST;
            long[] conv = new long[n];
            int[] iconv = new int[n];
            g.convert(pix, other, conv);
            g.convert(ipix, other, iconv);
            long[] nb = new long[8 * n];
            g.neighbours(pix, nb);
            long[] ip4 = new long[4 * n];
            int[] iip4 = new int[4 * n];
            double[] w4 = new double[4 * n];
            double[] iw4 = new double[4 * n];
            g.interpolationWeights(theta, phi, ip4, w4);
            g.interpolationWeights(theta, phi, iip4, iw4);
            double[] map = rnd.doubles((int) g.npix()).toArray();
            double[] vals = new double[n];
            g.interpolate(map, theta, phi, vals);
            for (int i = 0; i < n; i++) {
                long p = g.ang2pix(theta[i], phi[i]);
                assertEquals(p, pix[i]);
                assertEquals(p, ipix[i]);
                assertEquals(g.lonLatToPix(lon[i], lat[i]), lpix[i]);
                assertEquals(lpix[i], ilpix[i]);
                assertEquals(g.vec2pix(x[i], y[i], z[i]), vpix[i]);
                Pointing c = g.pix2ang(p);
                assertEquals(c, new Pointing(t2[i], p2[i]));
                assertEquals(c, new Pointing(t3[i], p3[i]));
                assertEquals(c.lonDeg(), lo2[i]);
                assertEquals(c.latDeg(), la2[i]);
                assertEquals(c.lonDeg(), lo3[i]);
                assertEquals(c.latDeg(), la3[i]);
                assertEquals(g.pix2vec(p), new Vec3(vx[i], vy[i], vz[i]));
                assertEquals(g.convert(p, other), conv[i]);
                assertEquals(conv[i], iconv[i]);
                assertArrayEquals(g.neighbours(p), Arrays.copyOfRange(nb, 8 * i, 8 * i + 8));
                InterpolationWeights w = g.interpolationWeights(theta[i], phi[i]);
                for (int k = 0; k < 4; k++) {
                    assertEquals(w.pixel(k), ip4[4 * i + k]);
                    assertEquals(w.pixel(k), iip4[4 * i + k]);
                    assertEquals(w.weight(k), w4[4 * i + k]);
                    assertEquals(w.weight(k), iw4[4 * i + k]);
                }
                assertEquals(g.interpolate(map, theta[i], phi[i]), vals[i], 1e-15);
            }
        }
    }

    @Test
    void oneGridSharedByManyThreadsGivesSerialResults() {
        HealpixGrid g = HealpixGrid.of(1L << 20, Ordering.NEST);
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 20_000;
        double[] theta = rnd.doubles(n, 0, Math.PI).toArray();
        double[] phi = rnd.doubles(n, 0, 2 * Math.PI).toArray();
        long[] serial = new long[n];
        for (int i = 0; i < n; i++) {
            serial[i] = g.ang2pix(theta[i], phi[i]) ^ g.interpolationWeights(theta[i], phi[i]).pixel(3)
                    ^ g.neighbours(g.nestToRing(i))[5];
        }
        long[] concurrent = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> concurrent[i] = g.ang2pix(theta[i], phi[i])
                ^ g.interpolationWeights(theta[i], phi[i]).pixel(3) ^ g.neighbours(g.nestToRing(i))[5]);
        assertArrayEquals(serial, concurrent);
    }

    @Test
    void gridValueSemantics() {
        HealpixGrid a = HealpixGrid.of(64, Ordering.NEST);
        assertEquals(a, HealpixGrid.ofOrder(6, Ordering.NEST));
        assertEquals(a.hashCode(), HealpixGrid.ofOrder(6, Ordering.NEST).hashCode());
        assertNotEquals(a, a.withOrdering(Ordering.RING));
        assertSame(a, a.withOrdering(Ordering.NEST));
        assertEquals("HealpixGrid[nside=64, NEST]", a.toString());
        assertEquals(6, a.order());
        assertEquals(64, a.nside());
        assertEquals(Ordering.NEST, a.ordering());
        assertEquals(12 * 64 * 64, a.npix());
        assertEquals(HealpixGrid.of(128, Ordering.NEST), a.finer());
        assertEquals(HealpixGrid.of(32, Ordering.NEST), a.coarser());
        assertTrue(HealpixGrid.of(8192, Ordering.RING).fitsInt());
        assertFalse(HealpixGrid.of(16384, Ordering.RING).fitsInt());
        assertEquals(4 * Math.PI, a.pixelArea() * a.npix(), 1e-13);
        assertEquals(Math.sqrt(a.pixelArea()), a.resolution());
    }

    private static void assertRejects(String expectedFragment, Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertTrue(e.getMessage().contains(expectedFragment),
                "message '" + e.getMessage() + "' lacks '" + expectedFragment + "'");
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheValue() {
        for (long bad : new long[] {0, -4, 3, 12, 1L << 30}) {
            assertRejects("nside = " + bad, () -> HealpixGrid.of(bad, Ordering.RING));
        }
        assertRejects("order = 30", () -> HealpixGrid.ofOrder(30, Ordering.RING));
        assertRejects("order = -1", () -> HealpixGrid.ofOrder(-1, Ordering.NEST));
        assertThrows(NullPointerException.class, () -> HealpixGrid.of(4, null));

        HealpixGrid g = HealpixGrid.of(4, Ordering.RING);
        assertRejects("pixel 192 is outside [0, 192)", () -> g.pix2ang(192));
        assertRejects("pixel -1", () -> g.neighbours(-1));
        assertRejects("pixel 500", () -> g.nestToRing(500));
        assertRejects("pixel 500", () -> g.ringToNest(500));
        assertRejects("pixel 500", () -> g.pix2vec(500));
        assertRejects("pixel 500", () -> g.parent(500));
        assertRejects("pixel 500", () -> g.children(500));
        assertRejects("c = 4", () -> g.child(3, 4));
        assertRejects("theta = -0.1", () -> g.ang2pix(-0.1, 0));
        assertRejects("theta = NaN", () -> g.ang2pix(Double.NaN, 0));
        assertRejects("theta = 3.1415926535897936", () -> g.ang2pix(Math.nextUp(Math.PI), 0));
        assertRejects("phi = Infinity", () -> g.ang2pix(1, Double.POSITIVE_INFINITY));
        assertRejects("theta = 4.0", () -> g.interpolationWeights(4.0, 0));
        assertRejects("latitude = 90.5", () -> g.lonLatToPix(0, 90.5));
        assertRejects("longitude = NaN", () -> g.lonLatToPix(Double.NaN, 0));
        assertRejects("latitude = -91.0", () -> Pointing.ofLonLat(0, -91));
        assertRejects("vector (0.0, 0.0, 0.0)", () -> g.vec2pix(0, 0, 0));
        assertRejects("map has 5 values", () -> g.interpolate(new double[5], 1, 1));
        assertRejects("nside = 1 has no coarser", () -> HealpixGrid.of(1, Ordering.NEST).coarser());
        assertRejects("nside = 1 has no coarser", () -> HealpixGrid.of(1, Ordering.NEST).parent(3));
        assertRejects("finest", () -> HealpixGrid.ofOrder(29, Ordering.NEST).children(0));

        // bulk: the offending element is named with its index
        double[] theta = {0.5, 1.0, 7.0};
        double[] phi = {0, 0, 0};
        assertRejects("theta[2] = 7.0", () -> g.ang2pix(theta, phi, new long[3]));
        assertRejects("phi[1] = NaN", () -> g.ang2pix(new double[] {1, 1}, new double[] {0, Double.NaN},
                new long[2]));
        assertRejects("lat[0] = 100.0", () -> g.lonLatToPix(new double[] {0}, new double[] {100}, new long[1]));
        assertRejects("pix[1] = 192", () -> g.pix2ang(new long[] {0, 192}, new double[2], new double[2]));
        assertRejects("pix[0] = -3", () -> g.pix2ang(new int[] {-3}, new double[1], new double[1]));
        assertRejects("pix[0] = -3", () -> g.neighbours(new long[] {-3}, new long[8]));
        assertRejects("length mismatch: theta has 3 elements, out has 2", () -> g.ang2pix(theta, phi, new long[2]));
        assertRejects("length mismatch: out has 8", () -> g.neighbours(new long[] {1, 2}, new long[8]));
        assertRejects("4 * theta", () -> g.interpolationWeights(theta, phi, new long[4], new double[12]));
        HealpixGrid big = HealpixGrid.of(16384, Ordering.NEST);
        assertRejects("has 3221225472 pixels", () -> big.ang2pix(new double[1], new double[1], new int[1]));
        assertRejects("has 3221225472 pixels",
                () -> big.convert(new int[1], Ordering.RING, new int[1]));
    }

    @Test
    void spreadCompressAndIsqrtHelpers() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int i = 0; i < 10_000; i++) {
            long v = rnd.nextLong(1L << 30);
            long s = HealpixGrid.spreadBits(v);
            assertEquals(0, s & 0xAAAAAAAAAAAAAAAAL);
            assertEquals(Long.bitCount(v), Long.bitCount(s));
            assertEquals(v, HealpixGrid.compressBits(s));
            long a = rnd.nextLong(Long.MAX_VALUE);
            long r = HealpixGrid.isqrt(a);
            assertIsqrt(a);
        }
        for (long a : List.of(0L, 1L, 3L, 4L, 15L, 16L, (1L << 62) - 1, 1L << 62, 3037000499L * 3037000499L,
                3037000499L * 3037000499L - 1, Long.MAX_VALUE)) {
            assertIsqrt(a);
        }
    }

    private static void assertIsqrt(long a) {
        long r = HealpixGrid.isqrt(a);
        java.math.BigInteger big = java.math.BigInteger.valueOf(a);
        assertEquals(big.sqrt().longValueExact(), r, "isqrt(" + a + ")");
    }
}
