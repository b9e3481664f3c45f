package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SphericalGridTest {
    @Test
    void logSpacingWithPaddingContinuesTheRatio() {
        SphericalGrid g = SphericalGrid.builder().nside(4).range(69, 1250).shells(516).padding(100, 156).build();
        assertEquals(772, g.nshell());
        assertEquals(192, g.npix());
        assertEquals(69, g.boundary(100), 0);
        assertEquals(1250, g.boundary(616), 0);
        double q = Math.pow(1250.0 / 69, 1.0 / 516);
        for (int k = 0; k < g.nshell(); k++) {
            assertEquals(q, g.boundary(k + 1) / g.boundary(k), 1e-12, "ratio at shell " + k);
        }
        assertEquals(192L * 772, g.voxels());
    }

    @Test
    void shellOfPutsADistanceOnTheBoundaryIntoTheShellBelow() {
        SphericalGrid g = SphericalGrid.of(1, 10, 20, 40);
        assertEquals(-1, g.shellOf(5));
        assertEquals(-1, g.shellOf(10));
        assertEquals(0, g.shellOf(10.5));
        assertEquals(0, g.shellOf(20));
        assertEquals(1, g.shellOf(39));
        assertEquals(1, g.shellOf(40));
        assertEquals(2, g.shellOf(41));
        assertEquals(2 * 1 + 1, g.voxel(1, 1));
    }

    @Test
    void pixelsOfGalacticDirectionsAreNestPixels() {
        SphericalGrid g = SphericalGrid.logSpaced(4, 10, 100, 3);
        // the Galactic north pole lies in one of the four polar corner pixels of base pixels 0-3 (NEST: the
        // last child of each base pixel), the anticentre (l = 180, b = 0) on the equator
        int[] p = g.pixels(new double[] {0, 180, 45}, new double[] {90, 0, -30});
        assertEquals(g.healpix().lonLatToPix(0, 90), p[0]);
        assertEquals(g.healpix().lonLatToPix(180, 0), p[1]);
        assertEquals(g.healpix().lonLatToPix(45, -30), p[2]);
        for (int x : p) {
            org.junit.jupiter.api.Assertions.assertTrue(x >= 0 && x < g.npix());
        }
        assertEquals(15, p[0] % 16, "north pole pixel is the last NEST child of its base pixel");
    }

    @Test
    void convertsToTheMapGeometryOfIoFits() {
        SphericalGrid g = SphericalGrid.logSpaced(4, 69, 1250, 50);
        org.dust4j.io.fits.ShellGeometry s = g.shellGeometry();
        org.dust4j.io.fits.ShellGeometry ref = org.dust4j.io.fits.ShellGeometry.logSpaced(4, 50, 69, 1250);
        org.junit.jupiter.api.Assertions.assertArrayEquals(ref.boundaries(), s.boundaries(), 1e-9);
        org.junit.jupiter.api.Assertions.assertArrayEquals(ref.centers(), s.centers(), 1e-9);
        assertEquals(g.npix(), s.npix());
    }

    @Test
    void gridFromLogSpacedCentresRecoversTheLogSpacedBoundaries() {
        SphericalGrid g = SphericalGrid.logSpaced(2, 69, 1250, 40);
        double[] c = g.shellGeometry().centers();
        SphericalGrid back = SphericalGrid.fromCentres(2, c);
        org.junit.jupiter.api.Assertions.assertArrayEquals(g.boundaries(), back.boundaries(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> SphericalGrid.fromCentres(2, 5, 4));
    }

    @Test
    void rejectsInvalidGrids() {
        assertThrows(IllegalArgumentException.class, () -> SphericalGrid.of(3, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> SphericalGrid.of(2, 1));
        assertThrows(IllegalArgumentException.class, () -> SphericalGrid.of(2, 1, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> SphericalGrid.logSpaced(2, 0, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> SphericalGrid.logSpaced(2, 1, 3, 0));
    }
}
