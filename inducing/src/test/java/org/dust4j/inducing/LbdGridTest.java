package org.dust4j.inducing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.io.fits.Grid3D;
import org.junit.jupiter.api.Test;

class LbdGridTest {
    @Test
    void sineSpacingGivesEqualSolidAngles() {
        double[] b = GridAxis.sine(4, -30, 30).bounds();
        assertEquals(-30, b[0], 0);
        assertEquals(30, b[4], 0);
        for (int i = 0; i < 4; i++) {
            double ds = Math.sin(Math.toRadians(b[i + 1])) - Math.sin(Math.toRadians(b[i]));
            assertEquals(0.25, ds, 1e-12, "cell " + i);
        }
        assertArrayEquals(new double[] {0, 7.5, 15, 22.5, 30}, GridAxis.linear(4, 0, 30).bounds(), 1e-12);
        double[] logc = GridAxis.logarithmic(2, 10, 1000).centres();
        assertArrayEquals(new double[] {Math.sqrt(1000), Math.sqrt(1e5)}, logc, 1e-9);
    }

    @Test
    void ghostCellsPrecedeTheRegionAndReceiveNoStars() {
        LbdGrid g = LbdGrid.of(GridAxis.linear(2, 10, 20), GridAxis.linear(3, -3, 3), GridAxis.linear(4, 100, 300))
                .withGhostCells(2, 20);
        assertEquals(6, g.depth());
        assertEquals(36, g.cellCount());
        assertArrayEquals(new double[] {20, 60, 100, 150, 200, 250, 300}, g.distanceBounds(), 1e-12);
        assertEquals(g.cellIndex(1, 2, 3), g.locate(15, 2.5, 160));
        assertEquals((1 * 3 + 2) * 6 + 3, g.cellIndex(1, 2, 3));
        assertEquals(-1, g.locate(15, 2.5, 80), "a star in the ghost region is not used");
        assertEquals(-1, g.locate(15, 2.5, 300), "upper bounds are exclusive");
        assertEquals(-1, g.locate(21, 0, 150));
        assertEquals(g.cellIndex(0, 0, 2), g.locate(10, -3, 100), "lower bounds are inclusive");
        double[][] xyz = g.cartesianCentres();
        int c = g.cellIndex(1, 1, 4);
        double d = 225;
        assertEquals(d * Math.cos(Math.toRadians(17.5)), xyz[0][c], 1e-9);
        assertEquals(d * Math.sin(Math.toRadians(17.5)), xyz[1][c], 1e-9);
        assertEquals(0, xyz[2][c], 1e-9);
    }

    @Test
    void defaultSpacingsAreLinearSineLinear() {
        LbdGrid g = LbdGrid.of(20, 40, 100, 20, -20, 20, 35, 100, 600);
        assertEquals(Spacing.LINEAR, g.l().spacing());
        assertEquals(Spacing.SINE, g.b().spacing());
        assertEquals(Spacing.LINEAR, g.d().spacing());
        assertEquals(0, g.ghostCells());
        assertEquals(14000, g.cellCount());
    }

    @Test
    void longitudesWrapAcrossZero() {
        LbdGrid g = LbdGrid.of(GridAxis.linear(4, -20, 20), GridAxis.linear(1, -5, 5), GridAxis.linear(1, 10, 20));
        assertEquals(g.cellIndex(0, 0, 0), g.locate(345, 0, 15));
        assertEquals(g.cellIndex(3, 0, 0), g.locate(15, 0, 15));
        assertEquals(g.cellIndex(3, 0, 0), g.locate(375, 0, 15));
        assertEquals(-1, g.locate(30, 0, 15));
    }

    @Test
    void productGridNeedsLinearAxes() {
        LbdGrid g = LbdGrid.of(GridAxis.linear(4, 0, 40), GridAxis.sine(2, -10, 10), GridAxis.linear(5, 10, 110))
                .withGhostCells(1, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, g::toGrid3D);
        assertTrue(e.getMessage().contains("b SINE"), e.getMessage());
        Grid3D grid = g.withSpacings(Spacing.LINEAR, Spacing.LINEAR, Spacing.LINEAR).toGrid3D();
        assertEquals(new Grid3D.Axis(4, 5, 35), grid.axis(1));
        assertEquals(new Grid3D.Axis(2, -5, 5), grid.axis(2));
        assertEquals(new Grid3D.Axis(5, 20, 100), grid.axis(3));
    }

    @Test
    void invalidGridsAreRejectedWithTheOffendingValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GridAxis.linear(0, 0, 1)).getMessage()
                .contains("0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GridAxis.logarithmic(2, 0, 1)).getMessage()
                .contains("positive lower bound"));
        GridAxis d = GridAxis.linear(3, 100, 200);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LbdGrid.of(GridAxis.linear(1, 0, 1), GridAxis.linear(1, 0, 1), d).withGhostCells(2, 150))
                .getMessage().contains("150"));
    }
}
