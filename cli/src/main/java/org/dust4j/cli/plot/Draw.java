package org.dust4j.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Shared drawing helpers: the headless switch, fonts, text placement and device-resolution rasters. */
final class Draw {
    static {
        // rendering needs no display; must be set before the first AWT graphics environment is created
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Font sizes in logical pixels. */
    static final float TITLE = 15f;
    static final float LABEL = 13f;
    static final float TICK = 11f;
    static final float SMALL = 10f;
    /** Text and axis colour. */
    static final Color INK = new Color(0x22, 0x22, 0x22);
    /** Gap between text and what it labels. */
    static final double PAD = 4;

    private Draw() {
    }

    /** An opaque RGB image; white. */
    static BufferedImage newImage(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Antialiased shapes and text with fractional metrics. */
    static void prepare(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /** The JDK's logical sans-serif font. */
    static Font font(float size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(size);
    }

    static Font font(float size) {
        return font(size, false);
    }

    static double width(Graphics2D g, Font font, String s) {
        return s.isEmpty() ? 0 : font.getStringBounds(s, g.getFontRenderContext()).getWidth();
    }

    /** Height of one line of text (ascent + descent). */
    static double lineHeight(Graphics2D g, Font font) {
        var lm = font.getLineMetrics("Hg", g.getFontRenderContext());
        return lm.getAscent() + lm.getDescent();
    }

    /** The height of capital letters and digits. */
    static double capHeight(Graphics2D g, Font font) {
        return font.createGlyphVector(g.getFontRenderContext(), "H").getVisualBounds().getHeight();
    }

    /**
     * Draws {@code s} with its anchor point at (x, y): {@code ax} 0 puts the left edge there, ½ the centre, 1 the
     * right edge; {@code ay} 0 puts the top of the capitals there, ½ their middle, 1 the baseline.
     */
    static void text(Graphics2D g, Font font, String s, double x, double y, double ax, double ay) {
        if (s == null || s.isEmpty()) {
            return;
        }
        Font saved = g.getFont();
        g.setFont(font);
        double w = width(g, font, s);
        double cap = capHeight(g, font);
        g.drawString(s, (float) (x - ax * w), (float) (y + (1 - ay) * cap));
        g.setFont(saved);
    }

    /** Draws {@code s} rotated a quarter turn counter-clockwise, centred on (x, y) (for vertical axis labels). */
    static void verticalText(Graphics2D g, Font font, String s, double x, double y) {
        if (s == null || s.isEmpty()) {
            return;
        }
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        text(g, font, s, 0, 0, 0.5, 0.5);
        g.setTransform(saved);
    }

    /** Text in {@code fill} with a soft outline in {@code halo}, legible on any background. */
    static void haloText(Graphics2D g, Font font, String s, double x, double y, double ax, double ay,
            Color fill, Color halo) {
        FontRenderContext frc = g.getFontRenderContext();
        TextLayout layout = new TextLayout(s, font, frc);
        double w = layout.getAdvance();
        double cap = capHeight(g, font);
        Shape outline = layout.getOutline(AffineTransform.getTranslateInstance(x - ax * w, y + (1 - ay) * cap));
        var savedStroke = g.getStroke();
        var savedPaint = g.getPaint();
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(halo);
        g.draw(outline);
        g.setColor(fill);
        g.fill(outline);
        g.setStroke(savedStroke);
        g.setPaint(savedPaint);
    }

    /**
     * Fills a raster of device pixels: {@code argb[j·w + i]} is the pixel whose centre lies at logical coordinates
     * ({@code xs[i]}, {@code ys[j]}).
     */
    @FunctionalInterface
    interface Filler {
        void fill(double[] xs, double[] ys, int[] argb);
    }

    /**
     * Draws a raster computed at the device resolution of {@code rect} (so it stays sharp when the figure is scaled),
     * nearest-neighbour, exactly covering the device pixels the rectangle rounds to. The current transform must be a
     * scale and translation.
     */
    static void raster(Graphics2D g, Rectangle2D rect, Filler filler) {
        AffineTransform t = g.getTransform();
        Rectangle2D dev = t.createTransformedShape(rect).getBounds2D();
        int x0 = (int) Math.round(dev.getMinX());
        int y0 = (int) Math.round(dev.getMinY());
        int w = (int) Math.round(dev.getMaxX()) - x0;
        int h = (int) Math.round(dev.getMaxY()) - y0;
        if (w <= 0 || h <= 0) {
            return;
        }
        double[] xs = new double[w];
        double[] ys = new double[h];
        for (int i = 0; i < w; i++) {
            xs[i] = (x0 + i + 0.5 - t.getTranslateX()) / t.getScaleX();
        }
        for (int j = 0; j < h; j++) {
            ys[j] = (y0 + j + 0.5 - t.getTranslateY()) / t.getScaleY();
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] argb = new int[w * h];
        filler.fill(xs, ys, argb);
        img.setRGB(0, 0, w, h, argb, 0, w);
        g.setTransform(AffineTransform.getTranslateInstance(x0, y0));
        Object interp = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, null);
        if (interp != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interp);
        }
        g.setTransform(t);
    }

    /** A thin solid stroke of the given logical width. */
    static BasicStroke stroke(double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    }

    /** A stroke with round caps and joins for data lines. */
    static BasicStroke lineStroke(double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** A dashed stroke. */
    static BasicStroke dashed(double width, double dash) {
        return new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {(float) dash, (float) dash}, 0f);
    }

    /** The room a panel title takes at the top of a panel (0 for none). */
    static double titleRoom(Graphics2D g, String title) {
        return title == null || title.isBlank() ? 0 : PAD + lineHeight(g, font(TITLE, true)) + PAD;
    }

    /** Draws a panel title centred at the top of {@code bounds}; returns the rest of the bounds below it. */
    static Rectangle2D title(Graphics2D g, Rectangle2D bounds, String title) {
        double room = titleRoom(g, title);
        if (room > 0) {
            g.setColor(INK);
            Font f = font(TITLE, true);
            text(g, f, fit(g, f, title, bounds.getWidth() - 2 * PAD), bounds.getCenterX(), bounds.getY() + PAD, 0.5,
                    0);
        }
        return new Rectangle2D.Double(bounds.getX(), bounds.getY() + room, bounds.getWidth(),
                Math.max(1, bounds.getHeight() - room));
    }

    /** {@code s}, shortened with an ellipsis where it is wider than {@code maxWidth} in font {@code f}. */
    static String fit(Graphics2D g, Font f, String s, double maxWidth) {
        if (width(g, f, s) <= maxWidth) {
            return s;
        }
        int n = s.length();
        while (n > 0 && width(g, f, s.substring(0, n).stripTrailing() + "\u2026") > maxWidth) {
            n--;
        }
        return s.substring(0, n).stripTrailing() + "\u2026";
    }

    /** "label [unit]", or the label alone when the unit is blank. */
    static String withUnit(String label, String unit) {
        String l = label == null ? "" : label;
        if (unit == null || unit.isBlank()) {
            return l;
        }
        return l.isBlank() ? "[" + unit + "]" : l + " [" + unit + "]";
    }
}
