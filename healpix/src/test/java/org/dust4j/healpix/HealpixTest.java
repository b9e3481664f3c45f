package org.dust4j.healpix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Resolution helpers and the small value types. */
class HealpixTest {

    @Test
    void nsideOrderAndPixelCounts() {
        for (int order = 0; order <= Healpix.MAX_ORDER; order++) {
            long nside = Healpix.nside(order);
            assertEquals(1L << order, nside);
            assertEquals(order, Healpix.order(nside));
            assertTrue(Healpix.isValidNside(nside));
            assertEquals(12 * nside * nside, Healpix.npix(nside));
            assertEquals(nside, Healpix.nsideOfNpix(Healpix.npix(nside)));
            assertEquals(4 * Math.PI, Healpix.pixelArea(nside) * Healpix.npix(nside), 1e-12);
            assertEquals(Math.sqrt(Healpix.pixelArea(nside)), Healpix.resolution(nside));
            // the farthest corner is further than the equal-area radius but less than twice the resolution
            assertTrue(Healpix.maxPixelRadius(nside) > Healpix.resolution(nside) / 2);
            assertTrue(Healpix.maxPixelRadius(nside) < Healpix.resolution(nside) * 1.5);
        }
        assertEquals(Healpix.MAX_NSIDE, 1L << 29);
        for (long bad : new long[] {0, -1, 3, 6, 1000, Healpix.MAX_NSIDE * 2, Long.MIN_VALUE}) {
            assertFalse(Healpix.isValidNside(bad), "nside " + bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Healpix.npix(bad));
            assertTrue(e.getMessage().contains("nside = " + bad), e.getMessage());
        }
        for (long bad : new long[] {0, 11, 13, 12 * 9, 12 * 3 * 3, -12, 12L * (1L << 60)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Healpix.nsideOfNpix(bad));
            assertTrue(e.getMessage().contains("npix = " + bad), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Healpix.nside(30));
    }

    @Test
    void lonLatConventionsAreHealpys() {
        Pointing p = Pointing.ofLonLat(30, 60);
        assertEquals(Math.PI / 2 - Math.toRadians(60), p.theta());
        assertEquals(Math.toRadians(30), p.phi());
        assertEquals(30, p.lonDeg(), 1e-13);
        assertEquals(60, p.latDeg(), 1e-13);
        assertEquals(0.0, Pointing.ofLonLat(0, 90).theta());
        assertEquals(Math.PI, Pointing.ofLonLat(0, -90).theta());
        // Galactic centre l=0, b=0 lies on the equator at phi = 0
        HealpixGrid g = HealpixGrid.of(16, Ordering.RING);
        assertEquals(g.ang2pix(Math.PI / 2, 0), g.lonLatToPix(0, 0));
        assertEquals(g.ang2pix(Math.PI / 2, 0), g.lonLatToPix(360, 0));

        double[] lon = {0, 30, -45.5, 400};
        double[] lat = {90, 60, -12.25, -90};
        double[] theta = new double[4];
        double[] phi = new double[4];
        Healpix.lonLatToThetaPhi(lon, lat, theta, phi);
        for (int i = 0; i < 4; i++) {
            Pointing q = Pointing.ofLonLat(lon[i], lat[i]);
            assertEquals(q.theta(), theta[i]);
            assertEquals(q.phi(), phi[i]);
            assertEquals(g.interpolationWeights(theta[i], phi[i]), g.interpolationWeights(q));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Healpix.lonLatToThetaPhi(lon, new double[] {0, 0, 95, 0}, theta, phi));
        assertTrue(e.getMessage().contains("lat[2] = 95.0"), e.getMessage());
    }

    @Test
    void vectors() {
        Vec3 x = new Vec3(1, 0, 0);
        Vec3 y = new Vec3(0, 2, 0);
        assertEquals(Math.PI / 2, x.angleTo(y), 1e-15);
        assertEquals(0.0, x.angleTo(new Vec3(3, 0, 0)));
        assertEquals(1e-12, x.angleTo(new Vec3(1, 1e-12, 0)), 1e-25);
        assertEquals(Math.PI, x.angleTo(new Vec3(-1, 0, 0)));
        Vec3 north = Vec3.of(new Pointing(0, 1.0));
        assertEquals(1.0, north.z());
        Vec3 v = Vec3.of(new Pointing(Math.PI / 2, Math.PI / 2));
        assertEquals(0.0, v.x(), 1e-16);
        assertEquals(1.0, v.y());
        assertEquals(1.0, v.length(), 1e-16);
    }
}
