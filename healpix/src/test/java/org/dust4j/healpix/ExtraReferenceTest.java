package org.dust4j.healpix;

import static org.dust4j.healpix.ReferenceCsv.TOL;
import static org.dust4j.healpix.ReferenceCsv.assertClose;
import static org.dust4j.healpix.ReferenceCsv.assertRarelyAboveTol;
import static org.dust4j.healpix.ReferenceCsv.doubles;
import static org.dust4j.healpix.ReferenceCsv.longs;
import static org.dust4j.healpix.ReferenceCsv.weightTolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The extra_*.csv healpy 1.16.1 references made by src/test/python/generate_extra_reference.py: every order 0..29,
 * poles, equator, polar-cap boundaries (±1 ulp), phi seams, all pixels of nside 1, 2, 4, base-face corners.
 */
class ExtraReferenceTest {

    private static HealpixGrid grid(String nside, Ordering o) {
        return HealpixGrid.of(Long.parseLong(nside), o);
    }

    /** Every order 0..29 occurs in column 0. */
    private static void assertAllOrders(ReferenceCsv csv) {
        Set<Long> nsides = new TreeSet<>();
        csv.rows.forEach(r -> nsides.add(Long.parseLong(r[0])));
        assertEquals(Healpix.MAX_ORDER + 1, nsides.size(), csv.name + " nsides " + nsides);
    }

    @Test
    void ang2pixAllOrdersAndEdgeCases() {
        ReferenceCsv csv = ReferenceCsv.load("extra_ang2pix.csv");
        assertAllOrders(csv);
        csv.assertAng2pixRows();
    }

    @Test
    void lonLatToPix() {
        ReferenceCsv csv = ReferenceCsv.load("extra_lonlat2pix.csv");
        assertAllOrders(csv);
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            double lon = Double.parseDouble(r[1]);
            double lat = Double.parseDouble(r[2]);
            assertEquals(Long.parseLong(r[3]), grid(r[0], Ordering.NEST).lonLatToPix(lon, lat), csv.where(i));
            assertEquals(Long.parseLong(r[4]), grid(r[0], Ordering.RING).lonLatToPix(lon, lat), csv.where(i));
            assertEquals(Long.parseLong(r[4]), grid(r[0], Ordering.RING).ang2pix(Pointing.ofLonLat(lon, lat)),
                    csv.where(i));
        }
    }

    @Test
    void pix2angPix2VecLonLatAndRenumbering() {
        ReferenceCsv csv = ReferenceCsv.load("extra_pix2ang.csv");
        assertAllOrders(csv);
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            long pix = Long.parseLong(r[1]);
            HealpixGrid nest = grid(r[0], Ordering.NEST);
            HealpixGrid ring = grid(r[0], Ordering.RING);
            Pointing pn = nest.pix2ang(pix);
            Pointing pr = ring.pix2ang(pix);
            String at = csv.where(i);
            assertClose(new double[] {Double.parseDouble(r[2]), Double.parseDouble(r[3])},
                    new double[] {pn.theta(), pn.phi()}, at + " NEST centre");
            assertClose(new double[] {Double.parseDouble(r[4]), Double.parseDouble(r[5])},
                    new double[] {pr.theta(), pr.phi()}, at + " RING centre");
            assertEquals(Long.parseLong(r[6]), nest.nestToRing(pix), at + " nest2ring");
            assertEquals(Long.parseLong(r[7]), ring.ringToNest(pix), at + " ring2nest");
            assertEquals(Long.parseLong(r[6]), nest.convert(pix, Ordering.RING), at + " convert");
            assertEquals(Long.parseLong(r[7]), ring.convert(pix, Ordering.NEST), at + " convert");
            Vec3 vn = nest.pix2vec(pix);
            Vec3 vr = ring.pix2vec(pix);
            assertClose(doubles(r[8]), new double[] {vn.x(), vn.y(), vn.z()}, at + " NEST vector");
            assertClose(doubles(r[9]), new double[] {vr.x(), vr.y(), vr.z()}, at + " RING vector");
            // degrees: 1e-12 rad is 5.7e-11 deg
            assertEquals(Double.parseDouble(r[10]), pn.lonDeg(), Math.toDegrees(TOL), at + " lon");
            assertEquals(Double.parseDouble(r[11]), pn.latDeg(), Math.toDegrees(TOL), at + " lat");
        }
    }

    @Test
    void neighboursAllOrdersIncludingSevenNeighbourCorners() {
        ReferenceCsv csv = ReferenceCsv.load("extra_neighbours.csv");
        assertAllOrders(csv);
        int sevens = csv.assertNeighbourRows();
        assertTrue(sevens > 100, "only " + sevens + " rows test pixels with 7 neighbours");
    }

    @Test
    void vec2pix() {
        ReferenceCsv csv = ReferenceCsv.load("extra_vec2pix.csv");
        assertAllOrders(csv);
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            double x = Double.parseDouble(r[1]);
            double y = Double.parseDouble(r[2]);
            double z = Double.parseDouble(r[3]);
            assertEquals(Long.parseLong(r[4]), grid(r[0], Ordering.NEST).vec2pix(x, y, z), csv.where(i));
            assertEquals(Long.parseLong(r[5]), grid(r[0], Ordering.RING).vec2pix(new Vec3(x, y, z)), csv.where(i));
        }
    }

    @Test
    void interpolationWeightsRingAndNestAllOrders() {
        ReferenceCsv csv = ReferenceCsv.load("extra_interp_weights.csv");
        assertAllOrders(csv);
        int above = 0;
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            double theta = Double.parseDouble(r[1]);
            double phi = Double.parseDouble(r[2]);
            for (Ordering o : Ordering.values()) {
                int col = o == Ordering.RING ? 3 : 5;
                HealpixGrid g = grid(r[0], o);
                InterpolationWeights w = g.interpolationWeights(theta, phi);
                String at = csv.where(i) + " " + o;
                assertArrayEquals(longs(r[col]), w.pixels(), at);
                above += assertClose(doubles(r[col + 1]), w.weights(), weightTolerance(g.nside()), at) ? 1 : 0;
            }
        }
        assertRarelyAboveTol(above, 2 * csv.rows.size(), csv.name);
    }

    @Test
    void resolutionHelpers() {
        ReferenceCsv csv = ReferenceCsv.load("extra_resolution.csv");
        assertAllOrders(csv);
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            long nside = Long.parseLong(r[0]);
            HealpixGrid g = HealpixGrid.of(nside, Ordering.RING);
            assertEquals(Long.parseLong(r[1]), g.npix(), csv.where(i));
            assertEquals(Long.parseLong(r[1]), Healpix.npix(nside), csv.where(i));
            assertEquals(nside, Healpix.nsideOfNpix(Long.parseLong(r[1])), csv.where(i));
            assertEquals(Double.parseDouble(r[2]), g.pixelArea(), 1e-15 * Double.parseDouble(r[2]), csv.where(i));
            assertEquals(Double.parseDouble(r[3]), g.resolution(), 1e-15 * Double.parseDouble(r[3]), csv.where(i));
            assertEquals(Double.parseDouble(r[4]), g.maxPixelRadius(), 1e-14 * Double.parseDouble(r[4]),
                    csv.where(i));
        }
    }
}
