package org.dust4j.cli.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A colour-mapped image of a 2-D array on axes, with a colour bar: distance slices, the face-on (X, Y) view of a
 * dust cube, 2-D histograms. Cell (i, j) of an nx × ny array ({@code values[j·nx + i]}, i along x) covers the i-th of
 * nx equal steps of the x axis and the j-th of ny equal steps of the y axis counted upwards (row 0 at the bottom),
 * equal in the axis' scale (so in log space on a logarithmic axis).
 *
 * <p>By default one data unit takes the same length on both axes (the face-on view is not distorted), the colour
 * bar stands to the right, the colour scale is linear over the finite values and the colour map is magma. Values the
 * scale cannot place show in the map's NaN colour. Immutable; build with {@link #builder(double[], int, int)}.
 */
public final class ImagePlot implements Plot {
    private final double[] values;
    private final int nx;
    private final int ny;
    private final Scale xAxis;
    private final Scale yAxis;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String label;
    private final String unit;
    private final ColorMap colorMap;
    private final Scale scale;
    private final ColorBar.Orientation colorBar;
    private final boolean equalAspect;
    private final List<Overlay> overlays;

    private ImagePlot(Builder b) {
        this.values = b.values;
        this.nx = b.nx;
        this.ny = b.ny;
        this.xAxis = b.xAxis != null ? b.xAxis : Scale.linear(0, nx);
        this.yAxis = b.yAxis != null ? b.yAxis : Scale.linear(0, ny);
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.label = b.label;
        this.unit = b.unit;
        this.colorMap = b.colorMap;
        this.scale = b.scale != null ? b.scale : Scale.linearOf(b.values);
        this.colorBar = b.colorBar;
        this.equalAspect = b.equalAspect;
        this.overlays = List.copyOf(b.overlays);
    }

    /**
     * A builder for the nx × ny array {@code values} (row-major, x fastest, row 0 at the bottom). The array is not
     * copied; do not change it while the plot is in use.
     *
     * @throws IllegalArgumentException if nx or ny is not positive or the length is not nx·ny
     */
    public static Builder builder(double[] values, int nx, int ny) {
        return new Builder().values(values, nx, ny);
    }

    /** A builder with this plot's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values = values;
        b.nx = nx;
        b.ny = ny;
        b.xAxis = xAxis;
        b.yAxis = yAxis;
        b.title = title;
        b.xLabel = xLabel;
        b.yLabel = yLabel;
        b.label = label;
        b.unit = unit;
        b.colorMap = colorMap;
        b.scale = scale;
        b.colorBar = colorBar;
        b.equalAspect = equalAspect;
        b.overlays.addAll(overlays);
        return b;
    }

    /** The values (not copied). */
    double[] values() {
        return values;
    }

    /** Columns of the image. */
    public int nx() {
        return nx;
    }

    /** Rows of the image. */
    public int ny() {
        return ny;
    }

    /** The colour scale (explicit, or linear over the finite values). */
    public Scale scale() {
        return scale;
    }

    /** The colour map. */
    public ColorMap colorMap() {
        return colorMap;
    }

    /** The colour bar of this plot (drawn in its orientation, or by a caller sharing it between panels). */
    public ColorBar colorBar() {
        return ColorBar.of(colorMap, scale).withLabel(label, unit)
                .withOrientation(colorBar != null ? colorBar : ColorBar.Orientation.VERTICAL).withLength(1);
    }

    @Override
    public void paint(Graphics2D g, Rectangle2D bounds) {
        Layout lay = layout(g, bounds);
        Draw.title(g, bounds, title);
        Rectangle2D area = lay.area;
        Draw.raster(g, area, (xs, ys, argb) -> {
            int w = xs.length;
            int[] col = new int[w];
            for (int i = 0; i < w; i++) {
                col[i] = cell((xs[i] - area.getX()) / area.getWidth(), nx);
            }
            for (int j = 0; j < ys.length; j++) {
                int row = cell((area.getMaxY() - ys[j]) / area.getHeight(), ny);
                for (int i = 0; i < w; i++) {
                    argb[j * w + i] = colorMap.argb(values[row * nx + col[i]], scale);
                }
            }
        });
        Axes.clipped(g, area, () -> overlays.forEach(o -> o.paint(g, area, xAxis, yAxis)));
        lay.axes.drawFrame(g, area, bounds);
        if (lay.colorBar != null) {
            colorBar().paint(g, lay.colorBar);
        }
    }

    /** The plot area and the colour bar's rectangle (null without bar). */
    record Layout(Axes axes, Rectangle2D area, Rectangle2D colorBar) {
    }

    Layout layout(Graphics2D g, Rectangle2D bounds) {
        Rectangle2D rest = new Rectangle2D.Double(bounds.getX(), bounds.getY() + Draw.titleRoom(g, title),
                bounds.getWidth(), Math.max(1, bounds.getHeight() - Draw.titleRoom(g, title)));
        Axes axes = new Axes(xAxis, yAxis, xLabel, yLabel, false);
        ColorBar bar = colorBar();
        Rectangle2D area;
        double t = 0;
        if (colorBar == ColorBar.Orientation.VERTICAL) {
            t = bar.thickness(g, rest.getHeight());
            area = axes.plotArea(g, rest, t + 3 * Draw.PAD);
        } else if (colorBar == ColorBar.Orientation.HORIZONTAL) {
            t = bar.thickness(g, rest.getWidth());
            area = axes.plotArea(g, new Rectangle2D.Double(rest.getX(), rest.getY(), rest.getWidth(),
                    Math.max(1, rest.getHeight() - t)), 8);
        } else {
            area = axes.plotArea(g, rest, 8);
        }
        if (equalAspect) {
            double aspect = xAxis.extent() / yAxis.extent();
            double w = area.getWidth();
            double h = area.getHeight();
            if (w / h > aspect) {
                double nw = h * aspect;
                area = new Rectangle2D.Double(area.getX() + (w - nw) / 2, area.getY(), nw, h);
            } else {
                area = new Rectangle2D.Double(area.getX(), area.getY(), w, w / aspect);
            }
        }
        Rectangle2D barRect = null;
        if (colorBar == ColorBar.Orientation.VERTICAL) {
            barRect = new Rectangle2D.Double(area.getMaxX() + 2 * Draw.PAD, area.getY(), t, area.getHeight());
        } else if (colorBar == ColorBar.Orientation.HORIZONTAL) {
            barRect = new Rectangle2D.Double(area.getX(), area.getMaxY() + axes.bottomRoom(g), area.getWidth(), t);
        }
        return new Layout(axes, area, barRect);
    }

    /** The cell of fraction f ∈ [0, 1) along an axis of n cells. */
    private static int cell(double f, int n) {
        int c = (int) Math.floor(f * n);
        return c < 0 ? 0 : c >= n ? n - 1 : c;
    }

    /** Builder of an {@link ImagePlot}. */
    public static final class Builder {
        private double[] values;
        private int nx;
        private int ny;
        private Scale xAxis;
        private Scale yAxis;
        private String title;
        private String xLabel = "";
        private String yLabel = "";
        private String label = "";
        private String unit = "";
        private ColorMap colorMap = ColorMap.magma();
        private Scale scale;
        private ColorBar.Orientation colorBar = ColorBar.Orientation.VERTICAL;
        private boolean equalAspect = true;
        private final List<Overlay> overlays = new ArrayList<>();

        private Builder() {
        }

        /**
         * The array to show.
         *
         * @throws IllegalArgumentException if nx or ny is not positive or the length is not nx·ny
         */
        public Builder values(double[] newValues, int newNx, int newNy) {
            Objects.requireNonNull(newValues, "values");
            if (newNx < 1 || newNy < 1 || (long) newNx * newNy != newValues.length) {
                throw new IllegalArgumentException("an image of " + newNx + " x " + newNy + " needs "
                        + ((long) newNx * newNy) + " values, got " + newValues.length);
            }
            this.values = newValues;
            this.nx = newNx;
            this.ny = newNy;
            return this;
        }

        /** The x axis from the left edge of the first column to the right edge of the last (default 0 .. nx). */
        public Builder xAxis(Scale axis) {
            this.xAxis = Objects.requireNonNull(axis, "axis");
            return this;
        }

        /** The y axis from the bottom edge of row 0 to the top edge of the last row (default 0 .. ny). */
        public Builder yAxis(Scale axis) {
            this.yAxis = Objects.requireNonNull(axis, "axis");
            return this;
        }

        /**
         * A linear x axis whose columns are centred on nx equally spaced coordinates from {@code first} to
         * {@code last} (a grid axis such as the release's interp2box X axis).
         *
         * @throws IllegalArgumentException unless first &lt; last (or first is finite when nx = 1)
         */
        public Builder xCenters(double first, double last) {
            this.xAxis = centers(first, last, nx, "x");
            return this;
        }

        /** Like {@link #xCenters} for the rows (from the bottom row to the top row). */
        public Builder yCenters(double first, double last) {
            this.yAxis = centers(first, last, ny, "y");
            return this;
        }

        /** Title above the plot (none by default). */
        public Builder title(String newTitle) {
            this.title = newTitle;
            return this;
        }

        /** Axis labels, e.g. "X [pc]" and "Y [pc]". */
        public Builder axisLabels(String x, String y) {
            this.xLabel = x;
            this.yLabel = y;
            return this;
        }

        /** Colour bar label and unit, shown as "label [unit]". */
        public Builder label(String newLabel, String newUnit) {
            this.label = newLabel;
            this.unit = newUnit;
            return this;
        }

        /** The colour map (magma by default). */
        public Builder colorMap(ColorMap newColorMap) {
            this.colorMap = Objects.requireNonNull(newColorMap, "colorMap");
            return this;
        }

        /** The colour scale; by default {@link Scale#linearOf} the values. */
        public Builder scale(Scale newScale) {
            this.scale = Objects.requireNonNull(newScale, "scale");
            return this;
        }

        /** Where the colour bar goes, or null for none (panels sharing one bar). Default vertical (right). */
        public Builder colorBar(ColorBar.Orientation orientation) {
            this.colorBar = orientation;
            return this;
        }

        /**
         * Whether a data unit (a decade on a logarithmic axis) takes the same length on both axes; default true, so
         * that a face-on view is not distorted.
         */
        public Builder equalAspect(boolean equal) {
            this.equalAspect = equal;
            return this;
        }

        /** Adds something to draw over the image in data coordinates (e.g. {@link Overlay#marker}). */
        public Builder overlay(Overlay overlay) {
            this.overlays.add(Objects.requireNonNull(overlay, "overlay"));
            return this;
        }

        /**
         * The plot.
         *
         * @throws IllegalStateException if no values were given
         */
        public ImagePlot build() {
            if (values == null) {
                throw new IllegalStateException("no image values given");
            }
            return new ImagePlot(this);
        }

        private static Scale centers(double first, double last, int n, String axis) {
            if (n == 1) {
                if (!Double.isFinite(first) || first != last) {
                    throw new IllegalArgumentException("a single " + axis + " centre needs first == last, got "
                            + first + " .. " + last);
                }
                return Scale.linear(first - 0.5, first + 0.5);
            }
            if (!(first < last) || !Double.isFinite(first) || !Double.isFinite(last)) {
                throw new IllegalArgumentException(axis + " centres must increase from first to last, got "
                        + first + " .. " + last);
            }
            double half = (last - first) / (n - 1) / 2;
            return Scale.linear(first - half, last + half);
        }
    }
}
