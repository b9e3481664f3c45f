package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class ImagePlotTest {
    private static final int W = 700;
    private static final int H = 500;

    private static ImagePlot.Layout layout(ImagePlot p) {
        return Render.withGraphics(g -> p.layout(g, Render.bounds(W, H)));
    }

    @Test
    void rowZeroIsAtTheBottomAndColumnZeroAtTheLeft() {
        // 2 x 2: bottom row (0, 1), top row (2, NaN)
        double[] v = {0, 1, 2, Double.NaN};
        ImagePlot p = ImagePlot.builder(v, 2, 2).xCenters(-100, 100).yCenters(-50, 50).title("quadrants")
                .axisLabels("X [pc]", "Y [pc]").label("density", "mag/kpc").colorMap(ColorMap.viridis())
                .scale(Scale.linear(0, 2)).build();
        BufferedImage img = Render.plot(p, W, H);
        Rectangle2D a = layout(p).area();
        double qx = a.getWidth() / 4;
        double qy = a.getHeight() / 4;
        ColorMap m = ColorMap.viridis();
        assertEquals(Render.hex(m.argbAt(0)), Render.hex(Render.at(img, a.getCenterX() - qx, a.getCenterY() + qy)));
        assertEquals(Render.hex(m.argb(0.5)), Render.hex(Render.at(img, a.getCenterX() + qx, a.getCenterY() + qy)));
        assertEquals(Render.hex(m.argbAt(255)), Render.hex(Render.at(img, a.getCenterX() - qx, a.getCenterY() - qy)));
        assertEquals(Render.hex(ColorMap.DEFAULT_NAN_COLOR.getRGB()),
                Render.hex(Render.at(img, a.getCenterX() + qx, a.getCenterY() - qy)));
    }

    @Test
    void equalAspectKeepsDataUnitsSquare() {
        double[] v = new double[40 * 10];
        ImagePlot p = ImagePlot.builder(v, 40, 10).xCenters(0, 390).yCenters(0, 90).build();
        Rectangle2D a = layout(p).area();
        assertEquals(4.0, a.getWidth() / a.getHeight(), 1e-9);
        Rectangle2D free = layout(p.toBuilder().equalAspect(false).build()).area();
        assertTrue(free.getHeight() > a.getHeight());
    }

    @Test
    void colourBarSitsBesideOrUnderThePlotArea() {
        double[] v = {1, 2, 3, 4, 5, 6};
        ImagePlot.Layout right = layout(ImagePlot.builder(v, 3, 2).build());
        assertTrue(right.colorBar().getX() > right.area().getMaxX());
        assertTrue(right.colorBar().getMaxX() <= W + 1e-9, "colour bar inside the figure");
        ImagePlot.Layout below = layout(ImagePlot.builder(v, 3, 2).colorBar(ColorBar.Orientation.HORIZONTAL)
                .label("a", "b").build());
        assertTrue(below.colorBar().getY() > below.area().getMaxY());
        assertTrue(below.colorBar().getMaxY() <= H + 1e-9, "colour bar inside the figure");
        assertEquals(null, layout(ImagePlot.builder(v, 3, 2).colorBar(null).build()).colorBar());
    }

    @Test
    void logScaleWithNonPositiveCells() {
        double[] v = {-1, 0, 10, 100};
        ImagePlot p = ImagePlot.builder(v, 4, 1).equalAspect(false).scale(Scale.logOf(v)).build();
        BufferedImage img = Render.plot(p, W, H);
        Rectangle2D a = layout(p).area();
        int nan = ColorMap.DEFAULT_NAN_COLOR.getRGB();
        double cell = a.getWidth() / 4;
        assertEquals(Render.hex(nan), Render.hex(Render.at(img, a.getX() + cell * 0.5, a.getCenterY())));
        assertEquals(Render.hex(nan), Render.hex(Render.at(img, a.getX() + cell * 1.5, a.getCenterY())));
        assertEquals(Render.hex(ColorMap.magma().argbAt(0)),
                Render.hex(Render.at(img, a.getX() + cell * 2.5, a.getCenterY())));
        assertEquals(Render.hex(ColorMap.magma().argbAt(255)),
                Render.hex(Render.at(img, a.getX() + cell * 3.5, a.getCenterY())));
    }

    @Test
    void badShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImagePlot.builder(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("2 x 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImagePlot.builder(new double[6], 2, 3).xCenters(5, 1));
    }
}
