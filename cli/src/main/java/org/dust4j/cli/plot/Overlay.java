package org.dust4j.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;

/**
 * Something drawn in data coordinates over the plot area of a plot with axes ({@link ImagePlot}, {@link LinePlot}):
 * a marker, the 1:1 line, points. Painting is clipped to the plot area.
 */
@FunctionalInterface
public interface Overlay {
    /**
     * Draws over {@code area}, where data coordinates map to the screen through {@code x} and {@code y}
     * (see {@link #screenX} and {@link #screenY}).
     */
    void paint(Graphics2D g, Rectangle2D area, Scale x, Scale y);

    /** Screen x of data value {@code v} in {@code area}. */
    static double screenX(Rectangle2D area, Scale x, double v) {
        return Axes.screenX(x, area, v);
    }

    /** Screen y of data value {@code v} in {@code area}. */
    static double screenY(Rectangle2D area, Scale y, double v) {
        return Axes.screenY(y, area, v);
    }

    /** A small white disc with a dark rim at (x, y) and, unless blank, a label to its right (e.g. the Sun). */
    static Overlay marker(double x, double y, String label) {
        return (g, area, xs, ys) -> {
            double sx = screenX(area, xs, x);
            double sy = screenY(area, ys, y);
            if (!Double.isFinite(sx) || !Double.isFinite(sy)) {
                return;
            }
            var savedStroke = g.getStroke();
            Ellipse2D dot = new Ellipse2D.Double(sx - 3.5, sy - 3.5, 7, 7);
            g.setColor(Color.WHITE);
            g.fill(dot);
            g.setColor(Color.BLACK);
            g.setStroke(Draw.stroke(1.2));
            g.draw(dot);
            g.setStroke(savedStroke);
            if (label != null && !label.isBlank()) {
                Font f = Draw.font(Draw.SMALL, true);
                Draw.haloText(g, f, label, sx + 6, sy, 0, 0.5, Color.WHITE, new Color(0, 0, 0, 170));
            }
        };
    }

    /** The dashed line y = x (ideal agreement of true and reconstructed values). */
    static Overlay diagonal() {
        return (g, area, xs, ys) -> {
            double lo = Math.max(xs.min(), ys.min());
            double hi = Math.min(xs.max(), ys.max());
            if (!(lo < hi)) {
                return;
            }
            var savedStroke = g.getStroke();
            g.setStroke(Draw.dashed(1.2, 5));
            g.setColor(new Color(0, 0, 0, 190));
            if (xs.type() == ys.type()) {
                g.draw(new Line2D.Double(screenX(area, xs, lo), screenY(area, ys, lo), screenX(area, xs, hi),
                        screenY(area, ys, hi)));
            } else {
                var path = new Path2D.Double();
                for (int k = 0; k <= 200; k++) {
                    double v = xs.type() == Scale.Type.LOG ? lo * Math.pow(hi / lo, k / 200.0) : lo + (hi - lo) * k / 200;
                    double px = screenX(area, xs, v);
                    double py = screenY(area, ys, v);
                    if (k == 0) {
                        path.moveTo(px, py);
                    } else {
                        path.lineTo(px, py);
                    }
                }
                g.draw(path);
            }
            g.setStroke(savedStroke);
        };
    }

    /**
     * Points (x[i], y[i]) as small filled discs of the given colour and diameter; points a scale cannot place
     * (NaN, or non-positive on a logarithmic axis) are left out.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    static Overlay points(double[] x, double[] y, Color color, double diameter) {
        Objects.requireNonNull(color, "color");
        if (x.length != y.length) {
            throw new IllegalArgumentException("points need as many x as y values, got " + x.length + " and "
                    + y.length);
        }
        double[] px = x.clone();
        double[] py = y.clone();
        return (g, area, xs, ys) -> {
            g.setColor(color);
            double r = diameter / 2;
            for (int i = 0; i < px.length; i++) {
                if (xs.accepts(px[i]) && ys.accepts(py[i])) {
                    g.fill(new Ellipse2D.Double(screenX(area, xs, px[i]) - r, screenY(area, ys, py[i]) - r,
                            diameter, diameter));
                }
            }
        };
    }
}
