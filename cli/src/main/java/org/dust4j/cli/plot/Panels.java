package org.dust4j.cli.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Objects;

/**
 * Compositions of plots into multi-panel figures: rows and columns of panels with relative sizes, and panels that
 * share one colour bar. Each composition is itself a {@link Plot}, so they nest (a row of columns, ...).
 */
public final class Panels {
    private Panels() {
    }

    /** Panels side by side, equally wide. */
    public static Plot row(Plot... plots) {
        return row(equal(plots.length), plots);
    }

    /**
     * Panels side by side with widths proportional to {@code weights}.
     *
     * @throws IllegalArgumentException if the counts differ, there is no panel or a weight is not positive
     */
    public static Plot row(double[] weights, Plot... plots) {
        return new Split(true, check(weights, plots), List.of(plots));
    }

    /** Panels stacked top to bottom, equally high. */
    public static Plot column(Plot... plots) {
        return column(equal(plots.length), plots);
    }

    /**
     * Panels stacked top to bottom with heights proportional to {@code weights}.
     *
     * @throws IllegalArgumentException if the counts differ, there is no panel or a weight is not positive
     */
    public static Plot column(double[] weights, Plot... plots) {
        return new Split(false, check(weights, plots), List.of(plots));
    }

    /**
     * {@code content} with {@code bar} under it (horizontal bar) or to its right (vertical bar), the bar taking
     * exactly the room it needs: how several panels share one colour bar.
     */
    public static Plot withColorBar(Plot content, ColorBar bar) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(bar, "bar");
        return (g, b) -> {
            if (bar.orientation() == ColorBar.Orientation.HORIZONTAL) {
                double t = Math.min(bar.thickness(g, b.getWidth()), b.getHeight() / 2);
                content.paint(g, new Rectangle2D.Double(b.getX(), b.getY(), b.getWidth(), b.getHeight() - t));
                bar.paint(g, new Rectangle2D.Double(b.getX(), b.getMaxY() - t, b.getWidth(), t));
            } else {
                double t = Math.min(bar.thickness(g, b.getHeight()), b.getWidth() / 2);
                content.paint(g, new Rectangle2D.Double(b.getX(), b.getY(), b.getWidth() - t, b.getHeight()));
                bar.paint(g, new Rectangle2D.Double(b.getMaxX() - t, b.getY(), t, b.getHeight()));
            }
        };
    }

    /** An empty panel (keeps a cell of a row or column blank). */
    public static Plot empty() {
        return (g, b) -> { };
    }

    private static double[] equal(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    private static double[] check(double[] weights, Plot[] plots) {
        if (plots.length == 0) {
            throw new IllegalArgumentException("a row or column needs at least one panel");
        }
        if (weights.length != plots.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + plots.length + " panels");
        }
        for (int i = 0; i < plots.length; i++) {
            Objects.requireNonNull(plots[i], "panel " + i);
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight " + i + " must be positive and finite, got " + weights[i]);
            }
        }
        return weights.clone();
    }

    private record Split(boolean horizontal, double[] weights, List<Plot> plots) implements Plot {
        @Override
        public void paint(Graphics2D g, Rectangle2D b) {
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            double pos = horizontal ? b.getX() : b.getY();
            double length = horizontal ? b.getWidth() : b.getHeight();
            for (int i = 0; i < plots.size(); i++) {
                double size = length * weights[i] / total;
                Rectangle2D cell = horizontal ? new Rectangle2D.Double(pos, b.getY(), size, b.getHeight())
                        : new Rectangle2D.Double(b.getX(), pos, b.getWidth(), size);
                plots.get(i).paint(g, cell);
                pos += size;
            }
        }
    }
}
