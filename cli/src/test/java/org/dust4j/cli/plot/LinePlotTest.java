package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

class LinePlotTest {
    private static final int W = 640;
    private static final int H = 400;

    @Test
    void lineIsDrawnWhereItsDataAre() {
        double[] x = {0, 10};
        LinePlot p = LinePlot.builder().series("flat", x, new double[] {1, 1}, Color.RED)
                .yAxis(Scale.linear(0, 2)).legend(false).title("t").axisLabels("iteration", "energy").build();
        BufferedImage img = Render.plot(p, W, H);
        Rectangle2D a = Render.withGraphics(g -> p.plotArea(g, Render.bounds(W, H)));
        assertEquals(Render.hex(0xFFFF0000), Render.hex(Render.at(img, a.getCenterX() + 7.3, a.getCenterY())));
        assertEquals(0xFFFFFFFF, Render.at(img, a.getCenterX() + 7.3, a.getCenterY() - a.getHeight() / 8));
    }

    @Test
    void logYSkipsNonPositivePointsAndRangesOverPositiveOnes() {
        LinePlot p = LinePlot.builder().series("e", new double[] {100, 0, 10, -4, 1, Double.NaN, 0.1}).logY(true)
                .build();
        assertEquals(Scale.Type.LOG, p.yAxis().type());
        assertTrue(p.yAxis().min() < 0.1 && p.yAxis().min() > 0.05, "5 % headroom below 0.1: " + p.yAxis());
        assertTrue(p.yAxis().max() > 100 && p.yAxis().max() < 200, "5 % headroom above 100: " + p.yAxis());
        assertEquals(0, p.xAxis().min());
        assertEquals(6, p.xAxis().max());
        BufferedImage img = Render.plot(p, W, H);
        assertEquals(W, img.getWidth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinePlot.builder().series("bad", new double[] {0, -1}).logY(true).build());
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    @Test
    void seriesCycleThroughThePaletteAndCheckLengths() {
        LinePlot p = LinePlot.builder().series("a", new double[] {1, 2}).series("b", new double[] {2, 1}).build();
        assertEquals(new Color(0x1f77b4), p.series().get(0).color());
        assertEquals(new Color(0xff7f0e), p.series().get(1).color());
        assertThrows(IllegalArgumentException.class,
                () -> LinePlot.builder().series("c", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalStateException.class, () -> LinePlot.builder().build());
    }
}
