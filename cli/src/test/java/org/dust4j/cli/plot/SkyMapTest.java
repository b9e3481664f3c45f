package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import java.util.function.BiFunction;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Pointing;
import org.junit.jupiter.api.Test;

class SkyMapTest {
    private static final int W = 640;
    private static final int H = 380;

    /** A map whose pixel values are f(l, b) of the pixel centres. */
    private static double[] map(HealpixGrid grid, BiFunction<Double, Double, Double> f) {
        double[] v = new double[(int) grid.npix()];
        for (int p = 0; p < v.length; p++) {
            Pointing c = grid.pix2ang(p);
            v[p] = f.apply(c.lonDeg(), c.latDeg());
        }
        return v;
    }

    private static SkyMap.Builder plain(double[] values, Ordering ordering) {
        return SkyMap.builder(values, ordering).graticule(0, 0).graticuleLabels(false);
    }

    private static Rectangle2D ellipse(SkyMap m) {
        return Render.withGraphics(g -> m.layout(g, Render.bounds(W, H)).ellipse());
    }

    @Test
    void northIsUpAndSouthIsDown() {
        HealpixGrid grid = HealpixGrid.of(16, Ordering.NEST);
        double[] v = map(grid, (l, b) -> b > 0 ? 1.0 : b < 0 ? 0.0 : 0.5);
        SkyMap m = plain(v, Ordering.NEST).colorMap(ColorMap.viridis()).title("north").label("x", "mag").build();
        BufferedImage img = Render.plot(m, W, H);
        Rectangle2D e = ellipse(m);
        int top = ColorMap.viridis().argbAt(255);
        int bottom = ColorMap.viridis().argbAt(0);
        for (double dy : new double[] {15, 40, 80}) {
            assertEquals(Render.hex(top), Render.hex(Render.at(img, e.getCenterX(), e.getCenterY() - dy)),
                    dy + " px above the equator");
            assertEquals(Render.hex(bottom), Render.hex(Render.at(img, e.getCenterX(), e.getCenterY() + dy)),
                    dy + " px below the equator");
        }
    }

    @Test
    void longitudeIncreasesToTheLeft() {
        HealpixGrid grid = HealpixGrid.of(16, Ordering.RING);
        double[] v = map(grid, (l, b) -> l > 0 && l < 180 ? 1.0 : 0.0); // l = +90 side is 1
        SkyMap m = plain(v, Ordering.RING).colorMap(ColorMap.magma()).build();
        BufferedImage img = Render.plot(m, W, H);
        Rectangle2D e = ellipse(m);
        double quarter = e.getWidth() / 4; // l = ±90 on the equator
        assertEquals(Render.hex(ColorMap.magma().argbAt(255)),
                Render.hex(Render.at(img, e.getCenterX() - quarter, e.getCenterY() + 20)), "l = +90 (left)");
        assertEquals(Render.hex(ColorMap.magma().argbAt(0)),
                Render.hex(Render.at(img, e.getCenterX() + quarter, e.getCenterY() + 20)), "l = 270 (right)");
        double[] p = SkyMap.toScreen(e, 90, 0);
        assertEquals(e.getCenterX() - quarter, p[0], 1e-9);
    }

    @Test
    void everyPixelCentreShowsItsOwnValueInBothOrderings() {
        HealpixGrid nest = HealpixGrid.of(4, Ordering.NEST);
        int npix = (int) nest.npix();
        // distinct values (a permutation), so a misplaced pixel shows a different colour
        double[] valuesNest = new double[npix];
        for (int i = 0; i < npix; i++) {
            valuesNest[i] = i;
        }
        Random rnd = new Random(7);
        for (int i = npix - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            double t = valuesNest[i];
            valuesNest[i] = valuesNest[j];
            valuesNest[j] = t;
        }
        double[] valuesRing = new double[npix];
        for (int p = 0; p < npix; p++) {
            valuesRing[(int) nest.nestToRing(p)] = valuesNest[p];
        }
        Scale scale = Scale.linear(0, npix - 1);
        for (Ordering o : Ordering.values()) {
            double[] values = o == Ordering.NEST ? valuesNest : valuesRing;
            SkyMap m = plain(values, o).colorMap(ColorMap.viridis()).scale(scale).colorBar(false).build();
            BufferedImage img = Render.plot(m, W, H);
            Rectangle2D e = ellipse(m);
            int checked = 0;
            for (int p = 0; p < npix; p++) {
                Pointing c = nest.pix2ang(p);
                if (Math.abs(Mollweide.wrapLongitude(c.lonDeg())) > 170) {
                    continue; // centre on the map's edge
                }
                double[] s = SkyMap.toScreen(e, c.lonDeg(), c.latDeg());
                assertEquals(Render.hex(ColorMap.viridis().argb(valuesNest[p], scale)),
                        Render.hex(Render.at(img, s[0], s[1])), o + " NEST pixel " + p + " at l = " + c.lonDeg()
                                + ", b = " + c.latDeg());
                checked++;
            }
            assertTrue(checked > 150, "checked " + checked);
        }
    }

    @Test
    void nanPixelsGetTheNanColour() {
        HealpixGrid grid = HealpixGrid.of(8, Ordering.NEST);
        double[] v = map(grid, (l, b) -> b > 0 ? Double.NaN : b);
        SkyMap m = plain(v, Ordering.NEST).build();
        BufferedImage img = Render.plot(m, W, H);
        Rectangle2D e = ellipse(m);
        assertEquals(Render.hex(ColorMap.DEFAULT_NAN_COLOR.getRGB()),
                Render.hex(Render.at(img, e.getCenterX(), e.getCenterY() - 50)));
        assertEquals(Render.hex(ColorMap.magma().argbAt(0)),
                Render.hex(Render.at(img, e.getCenterX(), e.getMaxY() - 3)), "south pole is the minimum");
    }

    @Test
    void logScaleShowsNonPositiveValuesAsNan() {
        HealpixGrid grid = HealpixGrid.of(8, Ordering.NEST);
        double[] v = map(grid, (l, b) -> b > 0 ? 0.0 : b < -45 ? -2.0 : 10.0);
        SkyMap m = plain(v, Ordering.NEST).scale(Scale.logOf(v)).build();
        assertEquals(5, m.scale().min(), 1e-12); // only 10 is usable: widened to [5, 20]
        BufferedImage img = Render.plot(m, W, H);
        Rectangle2D e = ellipse(m);
        int nan = ColorMap.DEFAULT_NAN_COLOR.getRGB();
        assertEquals(Render.hex(nan), Render.hex(Render.at(img, e.getCenterX(), e.getCenterY() - 50)), "zero");
        assertEquals(Render.hex(nan), Render.hex(Render.at(img, e.getCenterX(), e.getMaxY() - 5)), "negative");
        assertEquals(0.5, m.scale().fraction(10), 1e-12);
        assertEquals(Render.hex(ColorMap.magma().argb(10, m.scale())),
                Render.hex(Render.at(img, e.getCenterX(), e.getCenterY() + 30)), "10 in the middle of [5, 20]");
    }

    @Test
    void outsideTheEllipseStaysWhiteAndImageHasTheRequestedSize() {
        HealpixGrid grid = HealpixGrid.of(2, Ordering.NEST);
        SkyMap m = SkyMap.builder(new double[(int) grid.npix()], Ordering.NEST).title("t").label("A", "mag")
                .build();
        BufferedImage img = Render.plot(m, W, H);
        assertEquals(W, img.getWidth());
        assertEquals(H, img.getHeight());
        Rectangle2D e = ellipse(m);
        assertEquals(2 * e.getHeight(), e.getWidth(), 1e-9);
        assertEquals(0xFFFFFFFF, Render.at(img, e.getX() + 3, e.getY() + 3));
        BufferedImage big = Figure.of(m, W, H).withScale(2).render();
        assertEquals(2 * W, big.getWidth());
        assertEquals(2 * H, big.getHeight());
    }

    @Test
    void rejectsMapsOfInvalidLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SkyMap.builder(new double[100], Ordering.RING));
        assertTrue(e.getMessage().contains("100"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SkyMap.builder(new double[12], Ordering.RING).graticule(50, 30));
    }
}
