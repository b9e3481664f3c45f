package org.dust4j.cli.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.function.Function;

/** Test helper: renders plots and computes their layouts with the same graphics set-up as {@link Figure}. */
final class Render {
    private Render() {
    }

    static BufferedImage plot(Plot plot, int width, int height) {
        return Figure.of(plot, width, height).render();
    }

    /** Runs {@code f} on a prepared graphics of the figure's kind (for layout queries). */
    static <T> T withGraphics(Function<Graphics2D, T> f) {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            Draw.prepare(g);
            return f.apply(g);
        } finally {
            g.dispose();
        }
    }

    static Rectangle2D bounds(int width, int height) {
        return new Rectangle2D.Double(0, 0, width, height);
    }

    /** The pixel's colour as opaque ARGB. */
    static int at(BufferedImage img, double x, double y) {
        return img.getRGB((int) Math.floor(x), (int) Math.floor(y)) | 0xFF000000;
    }

    static String hex(int argb) {
        return String.format("#%06X", argb & 0xFFFFFF);
    }
}
