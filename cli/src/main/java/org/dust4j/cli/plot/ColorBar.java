package org.dust4j.cli.plot;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;

/**
 * A colour bar: the colour map drawn along a {@link Scale}'s range with ticks and a label ("label [unit]").
 * Horizontal bars lie under what they describe, vertical ones to its right. A colour bar is itself a {@link Plot},
 * so one bar can be shared by several panels ({@link Panels#withColorBar}). Immutable.
 */
public final class ColorBar implements Plot {
    /** Where the bar lies relative to what it describes. */
    public enum Orientation {
        /** Along the bottom; ticks and label below the bar. */
        HORIZONTAL,
        /** Along the right; ticks and label to the right of the bar. */
        VERTICAL
    }

    private static final double BAR = 14;
    private static final double TOP = 6;

    private final ColorMap colorMap;
    private final Scale scale;
    private final String label;
    private final Orientation orientation;
    private final double length;

    private ColorBar(ColorMap colorMap, Scale scale, String label, Orientation orientation, double length) {
        this.colorMap = Objects.requireNonNull(colorMap, "colorMap");
        this.scale = Objects.requireNonNull(scale, "scale");
        this.label = label == null ? "" : label;
        this.orientation = Objects.requireNonNull(orientation, "orientation");
        if (!(length > 0 && length <= 1)) {
            throw new IllegalArgumentException("colour bar length fraction must be in (0, 1], got " + length);
        }
        this.length = length;
    }

    /** A horizontal bar of 60 % of the available width, without label. */
    public static ColorBar of(ColorMap colorMap, Scale scale) {
        return new ColorBar(colorMap, scale, "", Orientation.HORIZONTAL, 0.6);
    }

    /** The same bar labelled "label [unit]" (the unit part is left out when blank). */
    public ColorBar withLabel(String newLabel, String unit) {
        return new ColorBar(colorMap, scale, Draw.withUnit(newLabel, unit), orientation, length);
    }

    /** The same bar in the given orientation. */
    public ColorBar withOrientation(Orientation newOrientation) {
        return new ColorBar(colorMap, scale, label, newOrientation, length);
    }

    /** The same bar spanning the given fraction (0, 1] of the length available to it. */
    public ColorBar withLength(double fraction) {
        return new ColorBar(colorMap, scale, label, orientation, fraction);
    }

    /** The colour map drawn along the bar. */
    public ColorMap colorMap() {
        return colorMap;
    }

    /** The scale of the bar's ticks (and of the colours it explains). */
    public Scale scale() {
        return scale;
    }

    /** The label, "label [unit]" (empty for none). */
    public String label() {
        return label;
    }

    /** Horizontal (under) or vertical (right). */
    public Orientation orientation() {
        return orientation;
    }

    /**
     * The room the bar needs across its length: height of a horizontal bar, width of a vertical one (whose tick
     * labels depend on its length {@code along}).
     */
    public double thickness(Graphics2D g, double along) {
        Font tick = Draw.font(Draw.TICK);
        Font lab = Draw.font(Draw.LABEL);
        double labelRoom = label.isBlank() ? 0 : Draw.lineHeight(g, lab) + Draw.PAD;
        if (orientation == Orientation.HORIZONTAL) {
            return TOP + BAR + Axes.TICK_LENGTH + Draw.PAD + Draw.capHeight(g, tick) + Draw.PAD + labelRoom
                    + Draw.PAD;
        }
        double[] ticks = Axes.fitTicks(g, tick, scale, along * length, false);
        double widest = 0;
        for (double t : ticks) {
            widest = Math.max(widest, Draw.width(g, tick, scale.label(t, ticks)));
        }
        return TOP + BAR + Axes.TICK_LENGTH + Draw.PAD + widest + Draw.PAD + labelRoom;
    }

    @Override
    public void paint(Graphics2D g, Rectangle2D bounds) {
        Font tick = Draw.font(Draw.TICK);
        Font lab = Draw.font(Draw.LABEL);
        boolean horizontal = orientation == Orientation.HORIZONTAL;
        double len = (horizontal ? bounds.getWidth() : bounds.getHeight()) * length;
        Rectangle2D bar = horizontal
                ? new Rectangle2D.Double(bounds.getCenterX() - len / 2, bounds.getY() + TOP, len, BAR)
                : new Rectangle2D.Double(bounds.getX() + TOP, bounds.getCenterY() - len / 2, BAR, len);
        Draw.raster(g, bar, (xs, ys, argb) -> {
            for (int j = 0; j < ys.length; j++) {
                for (int i = 0; i < xs.length; i++) {
                    double f = horizontal ? (xs[i] - bar.getX()) / bar.getWidth()
                            : (bar.getMaxY() - ys[j]) / bar.getHeight();
                    argb[j * xs.length + i] = colorMap.argb(f);
                }
            }
        });
        var savedStroke = g.getStroke();
        g.setStroke(Draw.stroke(0.8));
        g.setColor(Draw.INK);
        g.draw(bar);
        double[] ticks = Axes.fitTicks(g, tick, scale, len, horizontal);
        double widest = 0;
        for (double t : ticks) {
            double f = scale.fraction(t);
            String s = scale.label(t, ticks);
            if (horizontal) {
                double x = bar.getX() + f * bar.getWidth();
                g.draw(new Line2D.Double(x, bar.getMaxY(), x, bar.getMaxY() + Axes.TICK_LENGTH));
                Draw.text(g, tick, s, x, bar.getMaxY() + Axes.TICK_LENGTH + Draw.PAD, 0.5, 0);
            } else {
                double y = bar.getMaxY() - f * bar.getHeight();
                g.draw(new Line2D.Double(bar.getMaxX(), y, bar.getMaxX() + Axes.TICK_LENGTH, y));
                Draw.text(g, tick, s, bar.getMaxX() + Axes.TICK_LENGTH + Draw.PAD, y, 0, 0.5);
                widest = Math.max(widest, Draw.width(g, tick, s));
            }
        }
        if (!label.isBlank()) {
            if (horizontal) {
                double top = bar.getMaxY() + Axes.TICK_LENGTH + Draw.PAD + Draw.capHeight(g, tick) + Draw.PAD + 2;
                Draw.text(g, lab, label, bar.getCenterX(), top, 0.5, 0);
            } else {
                double x = bar.getMaxX() + Axes.TICK_LENGTH + Draw.PAD + widest + Draw.PAD
                        + Draw.lineHeight(g, lab) / 2;
                Draw.verticalText(g, lab, label, x, bar.getCenterY());
            }
        }
        g.setStroke(savedStroke);
    }
}
