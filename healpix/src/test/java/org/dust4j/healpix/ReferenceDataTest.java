package org.dust4j.healpix;

import static org.dust4j.healpix.ReferenceCsv.TOL;
import static org.dust4j.healpix.ReferenceCsv.assertRarelyAboveTol;
import static org.dust4j.healpix.ReferenceCsv.assertClose;
import static org.dust4j.healpix.ReferenceCsv.doubles;
import static org.dust4j.healpix.ReferenceCsv.longs;
import static org.dust4j.healpix.ReferenceCsv.weightTolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The project's healpy 1.16.1 reference files (README.md next to them), nside 1 … 8192. */
class ReferenceDataTest {

    private static HealpixGrid grid(String nside, Ordering o) {
        return HealpixGrid.of(Long.parseLong(nside), o);
    }

    @Test
    void ang2pixMatchesHealpy() {
        ReferenceCsv csv = ReferenceCsv.load("ang2pix.csv");
        assertTrue(csv.rows.size() > 1000, "ang2pix.csv is too short");
        csv.assertAng2pixRows();
    }

    @Test
    void pix2angAndNest2RingMatchHealpy() {
        ReferenceCsv csv = ReferenceCsv.load("pix2ang.csv");
        assertTrue(csv.rows.size() > 1000, "pix2ang.csv is too short");
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            long pix = Long.parseLong(r[1]);
            HealpixGrid nest = grid(r[0], Ordering.NEST);
            HealpixGrid ring = grid(r[0], Ordering.RING);
            Pointing pn = nest.pix2ang(pix);
            Pointing pr = ring.pix2ang(pix);
            assertClose(new double[] {Double.parseDouble(r[2]), Double.parseDouble(r[3])},
                    new double[] {pn.theta(), pn.phi()}, csv.where(i) + " NEST centre");
            assertClose(new double[] {Double.parseDouble(r[4]), Double.parseDouble(r[5])},
                    new double[] {pr.theta(), pr.phi()}, csv.where(i) + " RING centre");
            assertEquals(Long.parseLong(r[6]), nest.nestToRing(pix), csv.where(i));
            assertEquals(pix, nest.ringToNest(Long.parseLong(r[6])), csv.where(i) + " ring2nest");
        }
    }

    @Test
    void neighboursMatchHealpy() {
        ReferenceCsv csv = ReferenceCsv.load("neighbours.csv");
        assertTrue(csv.rows.size() > 1000, "neighbours.csv is too short");
        assertTrue(csv.assertNeighbourRows() > 10, "too few 7-neighbour pixels in " + csv.name);
    }

    @Test
    void nestInterpolationWeightsMatchHealpy() {
        ReferenceCsv csv = ReferenceCsv.load("interp_weights_nest.csv");
        assertTrue(csv.rows.size() > 1000, "interp_weights_nest.csv is too short");
        int above = 0;
        for (int i = 0; i < csv.rows.size(); i++) {
            String[] r = csv.rows.get(i);
            HealpixGrid g = grid(r[0], Ordering.NEST);
            InterpolationWeights w = g.interpolationWeights(Double.parseDouble(r[1]), Double.parseDouble(r[2]));
            assertArrayEquals(longs(r[3]), w.pixels(), csv.where(i));
            above += assertClose(doubles(r[4]), w.weights(), weightTolerance(g.nside()), csv.where(i)) ? 1 : 0;
        }
        assertRarelyAboveTol(above, csv.rows.size(), csv.name);
    }

    @Test
    void bulkPathsReproduceTheReferenceToo() {
        ReferenceCsv csv = ReferenceCsv.load("ang2pix.csv");
        // one nside at a time: the bulk API works on one grid
        for (String nside : new String[] {"1", "64", "8192"}) {
            var rows = csv.rows.stream().filter(r -> r[0].equals(nside)).toList();
            assertTrue(rows.size() > 10, "few rows for nside " + nside);
            double[] theta = rows.stream().mapToDouble(r -> Double.parseDouble(r[1])).toArray();
            double[] phi = rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
            long[] nest = new long[theta.length];
            int[] ring = new int[theta.length];
            grid(nside, Ordering.NEST).ang2pix(theta, phi, nest);
            grid(nside, Ordering.RING).ang2pix(theta, phi, ring);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(Long.parseLong(rows.get(i)[3]), nest[i], "nside " + nside + " row " + i);
                assertEquals(Long.parseLong(rows.get(i)[4]), ring[i], "nside " + nside + " row " + i);
            }
            double[] t2 = new double[theta.length];
            double[] p2 = new double[theta.length];
            grid(nside, Ordering.NEST).pix2ang(nest, t2, p2);
            for (int i = 0; i < rows.size(); i++) {
                Pointing c = grid(nside, Ordering.NEST).pix2ang(nest[i]);
                assertEquals(c.theta(), t2[i], TOL);
                assertEquals(c.phi(), p2[i], TOL);
            }
        }
    }
}
