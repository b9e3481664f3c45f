package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

import org.dust4j.healpix.Ordering;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void residuals() {
        double[] t = {1, 2, 0, -1, 4};
        double[] r = {1.5, 2, 3, 1, 0.4};
        assertArrayEquals(new double[] {0.5, 0, 3, 2, -3.6}, Comparison.residual(t, r,
                Comparison.Residual.DIFFERENCE), 1e-15);
        double[] lr = Comparison.residual(t, r, Comparison.Residual.LOG10_RATIO);
        assertEquals(Math.log10(1.5), lr[0], 1e-15);
        assertEquals(0, lr[1]);
        assertTrue(Double.isNaN(lr[2]) && Double.isNaN(lr[3]));
        assertEquals(-1, lr[4], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Comparison.residual(t, new double[2],
                Comparison.Residual.DIFFERENCE));
    }

    @Test
    void perfectSkyReconstructionHasAWhiteResidualPanel() {
        int npix = 12 * 8 * 8;
        double[] truth = new double[npix];
        for (int i = 0; i < npix; i++) {
            truth[i] = i % 17;
        }
        SkyMap t = SkyMap.builder(truth, Ordering.RING).graticule(0, 0).label("A", "mag").build();
        int w = 1200;
        int h = 300;
        BufferedImage img = Render.plot(Comparison.skyMaps(t, truth.clone(), Comparison.Residual.DIFFERENCE), w, h);
        assertEquals(w, img.getWidth());
        // the residual panel (right third) at its map centre: zero on a symmetric scale is RdBu's middle colour
        int mid = ColorMap.rdBu().reversed().argb(0.5);
        int found = 0;
        for (int y = 40; y < 200; y++) {
            if (Render.at(img, w * 5 / 6.0, y) == mid) {
                found++;
            }
        }
        assertTrue(found > 50, "residual centre column shows the zero colour in " + found + " rows");
    }

    @Test
    void imageComparisonRenders() {
        double[] truth = {1, 2, 3, 4, 5, 6};
        ImagePlot t = ImagePlot.builder(truth, 3, 2).label("rho", "mag/kpc").build();
        BufferedImage img = Render.plot(Comparison.images(t, new double[] {1, 2, 3, 4, 5, 7},
                Comparison.Residual.LOG10_RATIO), 900, 300);
        assertEquals(300, img.getHeight());
        assertThrows(IllegalArgumentException.class,
                () -> Comparison.images(t, new double[5], Comparison.Residual.DIFFERENCE));
    }
}
