package org.dust4j.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Line plots of one or more series with a legend: convergence curves (energy or ELBO against iteration), profiles.
 * Either axis may be logarithmic. Points an axis cannot place (NaN, ±∞, and zero or negative values on a
 * logarithmic axis) break the line there. Ranges default to the data (y with 5 % headroom each side). The legend
 * goes into the corner of the plot area that hides the fewest points. Immutable; build with {@link #builder()}.
 */
public final class LinePlot implements Plot {
    /** matplotlib's default "tab10" colour cycle. */
    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf};
    private static final double LINE_WIDTH = 1.8;

    /** One series: a name for the legend, x and y values and its colour. */
    public record Series(String name, double[] x, double[] y, Color color) {
        /**
         * @throws IllegalArgumentException if x and y differ in length
         */
        public Series {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(color, "color");
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values but "
                        + y.length + " y values");
            }
            x = x.clone();
            y = y.clone();
        }
    }

    private final List<Series> series;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Scale xAxis;
    private final Scale yAxis;
    private final boolean legend;
    private final List<Overlay> overlays;

    private LinePlot(Builder b) {
        this.series = List.copyOf(b.series);
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.xAxis = b.xAxis != null ? b.xAxis : range(b.xType, true, b.series);
        this.yAxis = b.yAxis != null ? b.yAxis : range(b.yType, false, b.series);
        this.legend = b.legend;
        this.overlays = List.copyOf(b.overlays);
    }

    /** A builder; add at least one series. */
    public static Builder builder() {
        return new Builder();
    }

    /** The series, in legend order. */
    public List<Series> series() {
        return series;
    }

    /** The x axis (explicit, or the data range). */
    public Scale xAxis() {
        return xAxis;
    }

    /** The y axis (explicit, or the data range with 5 % headroom). */
    public Scale yAxis() {
        return yAxis;
    }

    @Override
    public void paint(Graphics2D g, Rectangle2D bounds) {
        Rectangle2D rest = Draw.title(g, bounds, title);
        Axes axes = new Axes(xAxis, yAxis, xLabel, yLabel, true);
        Rectangle2D area = plotArea(g, bounds);
        axes.drawGrid(g, area);
        Axes.clipped(g, area, () -> {
            var savedStroke = g.getStroke();
            g.setStroke(Draw.lineStroke(LINE_WIDTH));
            for (Series s : series) {
                g.setColor(s.color());
                drawSeries(g, area, s);
            }
            g.setStroke(savedStroke);
            overlays.forEach(o -> o.paint(g, area, xAxis, yAxis));
        });
        axes.drawFrame(g, area, rest);
        if (legend && !series.isEmpty()) {
            drawLegend(g, area);
        }
    }

    /** The plot area inside {@code bounds}. */
    Rectangle2D plotArea(Graphics2D g, Rectangle2D bounds) {
        double room = Draw.titleRoom(g, title);
        Rectangle2D rest = new Rectangle2D.Double(bounds.getX(), bounds.getY() + room, bounds.getWidth(),
                Math.max(1, bounds.getHeight() - room));
        return new Axes(xAxis, yAxis, xLabel, yLabel, true).plotArea(g, rest, 12);
    }

    private void drawSeries(Graphics2D g, Rectangle2D area, Series s) {
        Path2D.Double path = new Path2D.Double();
        int run = 0;
        double lastX = 0;
        double lastY = 0;
        for (int i = 0; i <= s.x().length; i++) {
            boolean ok = i < s.x().length && xAxis.accepts(s.x()[i]) && yAxis.accepts(s.y()[i]);
            if (ok) {
                double px = Axes.screenX(xAxis, area, s.x()[i]);
                double py = Axes.screenY(yAxis, area, s.y()[i]);
                if (run == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
                lastX = px;
                lastY = py;
                run++;
            } else {
                if (run == 1) {
                    double r = LINE_WIDTH * 1.2;
                    g.fill(new Ellipse2D.Double(lastX - r, lastY - r, 2 * r, 2 * r));
                }
                run = 0;
            }
        }
        g.draw(path);
    }

    private void drawLegend(Graphics2D g, Rectangle2D area) {
        Font f = Draw.font(Draw.TICK + 1);
        double lineH = Draw.lineHeight(g, f);
        double sample = 22;
        double widest = 0;
        for (Series s : series) {
            widest = Math.max(widest, Draw.width(g, f, s.name()));
        }
        double w = Draw.PAD * 3 + sample + widest + Draw.PAD;
        double h = Draw.PAD * 2 + lineH * series.size();
        double m = 8;
        Rectangle2D[] corners = {
            new Rectangle2D.Double(area.getMaxX() - m - w, area.getY() + m, w, h),
            new Rectangle2D.Double(area.getX() + m, area.getY() + m, w, h),
            new Rectangle2D.Double(area.getMaxX() - m - w, area.getMaxY() - m - h, w, h),
            new Rectangle2D.Double(area.getX() + m, area.getMaxY() - m - h, w, h)};
        Rectangle2D box = corners[0];
        long fewest = Long.MAX_VALUE;
        for (Rectangle2D c : corners) {
            long hidden = pointsInside(area, c);
            if (hidden < fewest) {
                fewest = hidden;
                box = c;
            }
        }
        var savedStroke = g.getStroke();
        RoundRectangle2D frame = new RoundRectangle2D.Double(box.getX(), box.getY(), box.getWidth(), box.getHeight(),
                6, 6);
        g.setColor(new Color(255, 255, 255, 215));
        g.fill(frame);
        g.setColor(new Color(0, 0, 0, 70));
        g.setStroke(Draw.stroke(0.8));
        g.draw(frame);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            double cy = box.getY() + Draw.PAD + lineH * (k + 0.5);
            g.setColor(s.color());
            g.setStroke(Draw.lineStroke(LINE_WIDTH));
            double x0 = box.getX() + Draw.PAD * 2;
            g.draw(new Line2D.Double(x0, cy, x0 + sample, cy));
            g.setColor(Draw.INK);
            Draw.text(g, f, s.name(), x0 + sample + Draw.PAD * 1.5, cy, 0, 0.5);
        }
        g.setStroke(savedStroke);
    }

    private long pointsInside(Rectangle2D area, Rectangle2D box) {
        long n = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (xAxis.accepts(s.x()[i]) && yAxis.accepts(s.y()[i])
                        && box.contains(Axes.screenX(xAxis, area, s.x()[i]), Axes.screenY(yAxis, area, s.y()[i]))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The data range of x (exact) or y (with 5 % headroom in the scale's space) over all series. */
    private static Scale range(Scale.Type type, boolean isX, List<Series> all) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : all) {
            for (int i = 0; i < s.x().length; i++) {
                double xv = s.x()[i];
                double yv = s.y()[i];
                boolean xOk = Double.isFinite(xv) && (type != Scale.Type.LOG || !isX || xv > 0);
                boolean yOk = Double.isFinite(yv) && (type != Scale.Type.LOG || isX || yv > 0);
                if (xOk && yOk) {
                    double v = isX ? xv : yv;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("no " + (type == Scale.Type.LOG ? "positive finite" : "finite")
                    + " " + (isX ? "x" : "y") + " value in the series to set the axis range from; give the range");
        }
        Scale s = Scale.of(type, lo, hi);
        if (isX) {
            return s;
        }
        return Scale.of(type, s.valueAt(-0.05), s.valueAt(1.05));
    }

    /** Builder of a {@link LinePlot}. */
    public static final class Builder {
        private final List<Series> series = new ArrayList<>();
        private final List<Overlay> overlays = new ArrayList<>();
        private String title;
        private String xLabel = "";
        private String yLabel = "";
        private Scale.Type xType = Scale.Type.LINEAR;
        private Scale.Type yType = Scale.Type.LINEAR;
        private Scale xAxis;
        private Scale yAxis;
        private boolean legend = true;

        private Builder() {
        }

        /** Adds a series in the next colour of the cycle. */
        public Builder series(String name, double[] x, double[] y) {
            return series(name, x, y, new Color(PALETTE[series.size() % PALETTE.length]));
        }

        /** Adds a series of y against its index 0, 1, 2, ... (e.g. an energy per iteration). */
        public Builder series(String name, double[] y) {
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            return series(name, x, y);
        }

        /** Adds a series in the given colour. */
        public Builder series(String name, double[] x, double[] y, Color color) {
            series.add(new Series(name, x, y, color));
            return this;
        }

        /** Title above the plot (none by default). */
        public Builder title(String newTitle) {
            this.title = newTitle;
            return this;
        }

        /** Axis labels, e.g. "iteration" and "energy". */
        public Builder axisLabels(String x, String y) {
            this.xLabel = x;
            this.yLabel = y;
            return this;
        }

        /** Whether the y axis is logarithmic (default linear); its range then covers the positive values. */
        public Builder logY(boolean log) {
            this.yType = log ? Scale.Type.LOG : Scale.Type.LINEAR;
            return this;
        }

        /** Whether the x axis is logarithmic (default linear). */
        public Builder logX(boolean log) {
            this.xType = log ? Scale.Type.LOG : Scale.Type.LINEAR;
            return this;
        }

        /** An explicit x axis (range and type), instead of the data range. */
        public Builder xAxis(Scale axis) {
            this.xAxis = Objects.requireNonNull(axis, "axis");
            return this;
        }

        /** An explicit y axis (range and type), instead of the data range. */
        public Builder yAxis(Scale axis) {
            this.yAxis = Objects.requireNonNull(axis, "axis");
            return this;
        }

        /** Whether to draw the legend (default true). */
        public Builder legend(boolean show) {
            this.legend = show;
            return this;
        }

        /** Adds something to draw over the lines in data coordinates. */
        public Builder overlay(Overlay overlay) {
            this.overlays.add(Objects.requireNonNull(overlay, "overlay"));
            return this;
        }

        /**
         * @throws IllegalStateException if no series was added
         * @throws IllegalArgumentException if an axis range is not given and no point can be placed on it
         */
        public LinePlot build() {
            if (series.isEmpty()) {
                throw new IllegalStateException("a line plot needs at least one series");
            }
            return new LinePlot(this);
        }
    }
}
