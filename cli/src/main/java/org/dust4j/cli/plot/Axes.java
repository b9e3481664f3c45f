package org.dust4j.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;

/**
 * A pair of axes (x along the bottom, y along the left) over a plot area: layout of the margins that tick labels
 * and axis labels need, and drawing of frame, ticks, labels and optional grid. Package-private helper of the
 * plots with axes.
 */
final class Axes {
    static final double TICK_LENGTH = 4;
    private static final Color GRID = new Color(0, 0, 0, 28);

    private final Scale x;
    private final Scale y;
    private final String xLabel;
    private final String yLabel;
    private final boolean grid;

    Axes(Scale x, Scale y, String xLabel, String yLabel, boolean grid) {
        this.x = x;
        this.y = y;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.grid = grid;
    }

    Scale x() {
        return x;
    }

    Scale y() {
        return y;
    }

    /**
     * The plot area inside {@code outer} once the tick labels and axis labels are given room (left and bottom) and
     * a small margin is kept at the top and right.
     */
    Rectangle2D plotArea(Graphics2D g, Rectangle2D outer, double rightMargin) {
        Font tick = Draw.font(Draw.TICK);
        Font label = Draw.font(Draw.LABEL);
        double bottom = bottomRoom(g);
        double guessHeight = Math.max(20, outer.getHeight() - bottom - 8);
        double[] yTicks = fitTicks(g, tick, y, guessHeight, false);
        double labelWidth = 0;
        for (double t : yTicks) {
            labelWidth = Math.max(labelWidth, Draw.width(g, tick, y.label(t, yTicks)));
        }
        double left = Draw.PAD + (blank(yLabel) ? 0 : Draw.lineHeight(g, label) + Draw.PAD) + labelWidth
                + Draw.PAD + TICK_LENGTH;
        double top = Draw.capHeight(g, tick) / 2 + 2;
        double right = Math.max(rightMargin, 8);
        return new Rectangle2D.Double(outer.getX() + left, outer.getY() + top,
                Math.max(1, outer.getWidth() - left - right), Math.max(1, outer.getHeight() - top - bottom));
    }

    /** The room under the plot area taken by x tick labels and the x label. */
    double bottomRoom(Graphics2D g) {
        return TICK_LENGTH + Draw.PAD + Draw.capHeight(g, Draw.font(Draw.TICK)) + Draw.PAD
                + (blank(xLabel) ? 0 : Draw.lineHeight(g, Draw.font(Draw.LABEL)) + Draw.PAD) + Draw.PAD;
    }

    /** Screen x of data value {@code v} (may lie outside the area for values outside the scale). */
    static double screenX(Scale s, Rectangle2D area, double v) {
        return area.getX() + s.unclippedFraction(v) * area.getWidth();
    }

    /** Screen y of data value {@code v} (upwards). */
    static double screenY(Scale s, Rectangle2D area, double v) {
        return area.getMaxY() - s.unclippedFraction(v) * area.getHeight();
    }

    /** Draws grid (when enabled, under everything else: call before the content) . */
    void drawGrid(Graphics2D g, Rectangle2D area) {
        if (!grid) {
            return;
        }
        Font tick = Draw.font(Draw.TICK);
        var savedStroke = g.getStroke();
        g.setStroke(Draw.stroke(0.8));
        g.setColor(GRID);
        for (double t : fitTicks(g, tick, x, area.getWidth(), true)) {
            double sx = screenX(x, area, t);
            g.draw(new Line2D.Double(sx, area.getY(), sx, area.getMaxY()));
        }
        for (double t : fitTicks(g, tick, y, area.getHeight(), false)) {
            double sy = screenY(y, area, t);
            g.draw(new Line2D.Double(area.getX(), sy, area.getMaxX(), sy));
        }
        g.setStroke(savedStroke);
    }

    /** Draws frame, ticks, tick labels and axis labels around {@code area}, placed for {@code outer}. */
    void drawFrame(Graphics2D g, Rectangle2D area, Rectangle2D outer) {
        Font tick = Draw.font(Draw.TICK);
        Font label = Draw.font(Draw.LABEL);
        var savedStroke = g.getStroke();
        g.setColor(Draw.INK);
        g.setStroke(Draw.stroke(1));
        g.draw(area);
        double[] xt = fitTicks(g, tick, x, area.getWidth(), true);
        double tickTop = area.getMaxY() + TICK_LENGTH + Draw.PAD;
        for (double t : xt) {
            double sx = screenX(x, area, t);
            g.draw(new Line2D.Double(sx, area.getMaxY(), sx, area.getMaxY() + TICK_LENGTH));
            Draw.text(g, tick, x.label(t, xt), sx, tickTop, 0.5, 0);
        }
        double[] yt = fitTicks(g, tick, y, area.getHeight(), false);
        double labelRight = area.getX() - TICK_LENGTH - Draw.PAD;
        double widest = 0;
        for (double t : yt) {
            double sy = screenY(y, area, t);
            g.draw(new Line2D.Double(area.getX() - TICK_LENGTH, sy, area.getX(), sy));
            String s = y.label(t, yt);
            widest = Math.max(widest, Draw.width(g, tick, s));
            Draw.text(g, tick, s, labelRight, sy, 1, 0.5);
        }
        if (!blank(xLabel)) {
            double top = tickTop + Draw.capHeight(g, tick) + Draw.PAD + 2;
            Draw.text(g, label, xLabel, area.getCenterX(), top, 0.5, 0);
        }
        if (!blank(yLabel)) {
            double cx = Math.max(outer.getX() + Draw.PAD + Draw.lineHeight(g, label) / 2,
                    labelRight - widest - Draw.PAD - Draw.lineHeight(g, label) / 2);
            Draw.verticalText(g, label, yLabel, cx, area.getCenterY());
        }
        g.setStroke(savedStroke);
    }

    /** Runs {@code body} clipped to {@code area}. */
    static void clipped(Graphics2D g, Rectangle2D area, Runnable body) {
        Shape saved = g.getClip();
        g.clip(area);
        body.run();
        g.setClip(saved);
    }

    /**
     * Ticks of {@code scale} for an axis {@code length} long whose labels do not overlap: starts from about one tick
     * per 70 (horizontal) or 45 (vertical) pixels and thins out until neighbouring labels keep a gap.
     */
    static double[] fitTicks(Graphics2D g, Font font, Scale scale, double length, boolean horizontal) {
        int n = Math.max(2, (int) (length / (horizontal ? 70 : 45)) + 1);
        double[] ticks = scale.ticks(n);
        while (n > 2 && overlap(g, font, scale, ticks, length, horizontal)) {
            n--;
            ticks = scale.ticks(n);
        }
        return ticks;
    }

    private static boolean overlap(Graphics2D g, Font font, Scale scale, double[] ticks, double length,
            boolean horizontal) {
        double gap = horizontal ? 8 : 4;
        double prevEnd = Double.NEGATIVE_INFINITY;
        for (double t : ticks) {
            double pos = scale.fraction(t) * length;
            double half = horizontal ? Draw.width(g, font, scale.label(t, ticks)) / 2 : Draw.capHeight(g, font) / 2;
            if (pos - half < prevEnd + gap) {
                return true;
            }
            prevEnd = pos + half;
        }
        return false;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
