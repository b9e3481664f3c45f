package org.dust4j.cli.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.dust4j.healpix.Healpix;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;

/**
 * A full-sky Mollweide map of a HEALPix map in Galactic coordinates, e.g. the integrated extinction to a distance:
 * l = 0 at the centre, l increasing to the left (astronomical convention), north up; a graticule (by default every
 * 60° in l and 30° in b) with labels, a horizontal colour bar with label and unit, and a title.
 *
 * <p>The map is rasterised by inverse projection: every output pixel inside the ellipse is mapped back to (l, b) and
 * shows the value of the HEALPix pixel containing that direction, so the picture is exact for any nside and either
 * ordering (no resampling or smoothing). Values the {@link Scale} cannot place (NaN, and non-positive values on a
 * logarithmic scale) show in the colour map's NaN colour.
 *
 * <p>Immutable; build with {@link #builder(double[], Ordering)}.
 */
public final class SkyMap implements Plot {
    /** Graticule on mostly dark and on mostly light maps. */
    private static final Color GRATICULE_ON_DARK = new Color(255, 255, 255, 120);
    private static final Color GRATICULE_ON_LIGHT = new Color(0, 0, 0, 70);
    private static final Color HALO_ON_DARK = new Color(0, 0, 0, 150);
    private static final Color HALO_ON_LIGHT = new Color(255, 255, 255, 200);

    private final double[] values;
    private final HealpixGrid grid;
    private final String title;
    private final String label;
    private final String unit;
    private final ColorMap colorMap;
    private final Scale scale;
    private final boolean colorBar;
    private final double lonStep;
    private final double latStep;
    private final boolean graticuleLabels;

    private SkyMap(Builder b) {
        this.values = b.values;
        this.grid = b.grid;
        this.title = b.title;
        this.label = b.label;
        this.unit = b.unit;
        this.colorMap = b.colorMap;
        this.scale = b.scale != null ? b.scale : Scale.linearOf(b.values);
        this.colorBar = b.colorBar;
        this.lonStep = b.lonStep;
        this.latStep = b.latStep;
        this.graticuleLabels = b.graticuleLabels;
    }

    /**
     * A builder for the map {@code values} (12·nside² entries, nside a power of two) in the given pixel ordering.
     * The array is not copied; do not change it while the map is in use.
     *
     * @throws IllegalArgumentException if the length is not a valid HEALPix pixel count
     */
    public static Builder builder(double[] values, Ordering ordering) {
        return new Builder().values(values, ordering);
    }

    /** A builder with this map's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values = values;
        b.grid = grid;
        b.title = title;
        b.label = label;
        b.unit = unit;
        b.colorMap = colorMap;
        b.scale = scale;
        b.colorBar = colorBar;
        b.lonStep = lonStep;
        b.latStep = latStep;
        b.graticuleLabels = graticuleLabels;
        return b;
    }

    /** The map values (not copied). */
    double[] values() {
        return values;
    }

    /** The HEALPix grid of the values. */
    public HealpixGrid grid() {
        return grid;
    }

    /** The colour scale (explicit, or linear over the finite values). */
    public Scale scale() {
        return scale;
    }

    /** The colour map. */
    public ColorMap colorMap() {
        return colorMap;
    }

    /** The colour bar this map draws (or would draw) under itself. */
    public ColorBar colorBar() {
        return ColorBar.of(colorMap, scale).withLabel(label, unit);
    }

    @Override
    public void paint(Graphics2D g, Rectangle2D bounds) {
        Layout lay = layout(g, bounds);
        Draw.title(g, bounds, title);
        Rectangle2D e = lay.ellipse;
        double[] meanLuminance = {0};
        Draw.raster(g, e, (xs, ys, argb) -> meanLuminance[0] = fill(xs, ys, argb, e));
        drawGraticule(g, e, meanLuminance[0] > 0.55);
        var savedStroke = g.getStroke();
        g.setStroke(Draw.stroke(1));
        g.setColor(Draw.INK);
        g.draw(new Ellipse2D.Double(e.getX(), e.getY(), e.getWidth(), e.getHeight()));
        g.setStroke(savedStroke);
        if (lay.colorBar != null) {
            colorBar().paint(g, lay.colorBar);
        }
    }

    /** Where the parts go: the projection's bounding box (2:1) and the colour bar's strip. */
    record Layout(Rectangle2D ellipse, Rectangle2D colorBar) {
    }

    Layout layout(Graphics2D g, Rectangle2D bounds) {
        double top = bounds.getY() + Math.max(Draw.PAD, Draw.titleRoom(g, title));
        double bottom = bounds.getMaxY();
        Rectangle2D bar = null;
        if (colorBar) {
            double t = colorBar().thickness(g, bounds.getWidth());
            bar = new Rectangle2D.Double(bounds.getX(), bottom - t, bounds.getWidth(), t);
            bottom -= t;
        }
        double side = graticuleLabels ? Draw.width(g, Draw.font(Draw.SMALL), "\u221290\u00b0") + 2 * Draw.PAD
                : Draw.PAD;
        double availW = Math.max(2, bounds.getWidth() - 2 * side);
        double availH = Math.max(1, bottom - top - Draw.PAD);
        double h = Math.min(availH, availW / 2);
        double w = 2 * h;
        double x = bounds.getCenterX() - w / 2;
        double y = top + (availH - h) / 2;
        return new Layout(new Rectangle2D.Double(x, y, w, h), bar);
    }

    /** Screen position of (l, b) in an ellipse box: l grows to the left, b upwards. */
    static double[] toScreen(Rectangle2D e, double lonDeg, double latDeg) {
        double[] p = Mollweide.forward(lonDeg, latDeg);
        return new double[] {e.getCenterX() - p[0] / Mollweide.X_MAX * e.getWidth() / 2,
            e.getCenterY() - p[1] / Mollweide.Y_MAX * e.getHeight() / 2};
    }

    /** Rasterises the map; returns the mean luminance of the pixels drawn. */
    private double fill(double[] xs, double[] ys, int[] argb, Rectangle2D e) {
        int w = xs.length;
        int h = ys.length;
        int[] where = new int[w * h];
        double[] lon = new double[w * h];
        double[] lat = new double[w * h];
        int n = 0;
        for (int j = 0; j < h; j++) {
            double y = (e.getCenterY() - ys[j]) / (e.getHeight() / 2) * Mollweide.Y_MAX;
            for (int i = 0; i < w; i++) {
                double x = (e.getCenterX() - xs[i]) / (e.getWidth() / 2) * Mollweide.X_MAX;
                double[] ll = Mollweide.inverse(x, y);
                if (ll != null) {
                    where[n] = j * w + i;
                    lon[n] = ll[0];
                    lat[n] = ll[1];
                    n++;
                }
            }
        }
        lon = Arrays.copyOf(lon, n);
        lat = Arrays.copyOf(lat, n);
        long[] pix = new long[n];
        grid.lonLatToPix(lon, lat, pix);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            int c = colorMap.argb(values[(int) pix[k]], scale);
            argb[where[k]] = c;
            sum += luminance(c);
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Relative luminance in [0, 1] of an sRGB colour (Rec. 709 weights on the gamma-encoded channels). */
    static double luminance(int rgb) {
        return (0.2126 * ((rgb >> 16) & 0xFF) + 0.7152 * ((rgb >> 8) & 0xFF) + 0.0722 * (rgb & 0xFF)) / 255;
    }

    /** The colour the map shows at (l, b). */
    private int colorAt(double lonDeg, double latDeg) {
        return colorMap.argb(values[(int) grid.lonLatToPix(lonDeg, latDeg)], scale);
    }

    private void drawGraticule(Graphics2D g, Rectangle2D e, boolean lightMap) {
        if (lonStep <= 0 && latStep <= 0) {
            return;
        }
        var savedStroke = g.getStroke();
        g.setStroke(Draw.stroke(0.8));
        g.setColor(lightMap ? GRATICULE_ON_LIGHT : GRATICULE_ON_DARK);
        if (latStep > 0) {
            for (double b = -90 + latStep; b < 90 - 1e-9; b += latStep) {
                Path2D.Double path = new Path2D.Double();
                for (int k = 0; k <= 360; k++) {
                    double[] p = toScreen(e, 180 - k * (360.0 - 1e-9) / 360, b);
                    if (k == 0) {
                        path.moveTo(p[0], p[1]);
                    } else {
                        path.lineTo(p[0], p[1]);
                    }
                }
                g.draw(path);
            }
        }
        if (lonStep > 0) {
            for (double l = lonStep; l < 360 - 1e-9; l += lonStep) {
                if (Math.abs(l - 180) < 1e-9) {
                    continue; // the outline
                }
                drawMeridian(g, e, l);
            }
            drawMeridian(g, e, 0);
        }
        g.setStroke(savedStroke);
        if (graticuleLabels) {
            drawGraticuleLabels(g, e);
        }
    }

    private static void drawMeridian(Graphics2D g, Rectangle2D e, double l) {
        Path2D.Double path = new Path2D.Double();
        for (int k = 0; k <= 180; k++) {
            double[] p = toScreen(e, l, -90 + k);
            if (k == 0) {
                path.moveTo(p[0], p[1]);
            } else {
                path.lineTo(p[0], p[1]);
            }
        }
        g.draw(path);
    }

    private void drawGraticuleLabels(Graphics2D g, Rectangle2D e) {
        Font f = Draw.font(Draw.SMALL);
        if (lonStep > 0) {
            for (double l = 0; l < 360 - 1e-9; l += lonStep) {
                if (Math.abs(l - 180) < 1e-9) {
                    continue;
                }
                double[] p = toScreen(e, l, 0);
                // dark text on light map colours, white text on dark ones, judged where the label goes
                boolean light = luminance(colorAt(l - 2, -3)) > 0.55;
                Draw.haloText(g, f, degrees(l), p[0] + 3, p[1] + 3, 0, 0, light ? Draw.INK : Color.WHITE,
                        light ? HALO_ON_LIGHT : HALO_ON_DARK);
            }
        }
        if (latStep > 0) {
            g.setColor(Draw.INK);
            for (double b = -90 + latStep; b < 90 - 1e-9; b += latStep) {
                double[] p = toScreen(e, 180 - 1e-9, b); // the left edge (l just below 180)
                Draw.text(g, f, degrees(b), p[0] - Draw.PAD, p[1], 1, 0.5);
            }
        }
    }

    private static String degrees(double v) {
        String s = Math.rint(v) == v ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
        return Scale.minus(s) + "\u00b0";
    }

    /** Builder of a {@link SkyMap}; defaults: magma, linear scale over the finite values, graticule 60°/30°. */
    public static final class Builder {
        private double[] values;
        private HealpixGrid grid;
        private String title;
        private String label = "";
        private String unit = "";
        private ColorMap colorMap = ColorMap.magma();
        private Scale scale;
        private boolean colorBar = true;
        private double lonStep = 60;
        private double latStep = 30;
        private boolean graticuleLabels = true;

        private Builder() {
        }

        /**
         * The map to show: 12·nside² values in {@code ordering}.
         *
         * @throws IllegalArgumentException if the length is not a valid HEALPix pixel count
         */
        public Builder values(double[] newValues, Ordering ordering) {
            Objects.requireNonNull(newValues, "values");
            Objects.requireNonNull(ordering, "ordering");
            long nside;
            try {
                nside = Healpix.nsideOfNpix(newValues.length);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("a HEALPix map needs 12*nside^2 values, got " + newValues.length, ex);
            }
            this.values = newValues;
            this.grid = HealpixGrid.of(nside, ordering);
            return this;
        }

        /** Title above the map (none by default). */
        public Builder title(String newTitle) {
            this.title = newTitle;
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

        /** Whether to draw the colour bar under the map (default true; off for panels sharing one bar). */
        public Builder colorBar(boolean show) {
            this.colorBar = show;
            return this;
        }

        /**
         * Graticule spacing in degrees of longitude and latitude (0 leaves that family out).
         *
         * @throws IllegalArgumentException if a step is negative or does not divide 360 (lon) or 180 (lat)
         */
        public Builder graticule(double newLonStep, double newLatStep) {
            checkStep(newLonStep, 360, "longitude");
            checkStep(newLatStep, 180, "latitude");
            this.lonStep = newLonStep;
            this.latStep = newLatStep;
            return this;
        }

        /** Whether to label the graticule lines (default true). */
        public Builder graticuleLabels(boolean show) {
            this.graticuleLabels = show;
            return this;
        }

        /**
         * The map.
         *
         * @throws IllegalStateException if no values were given
         * @throws IllegalArgumentException if no scale was given and no value is finite
         */
        public SkyMap build() {
            if (values == null) {
                throw new IllegalStateException("no map values given");
            }
            return new SkyMap(this);
        }

        private static void checkStep(double step, double whole, String what) {
            if (step == 0) {
                return;
            }
            double k = whole / step;
            if (!(step > 0) || Math.abs(k - Math.rint(k)) > 1e-9) {
                throw new IllegalArgumentException(what + " graticule step must be 0 or divide " + (int) whole
                        + " degrees, got " + step);
            }
        }
    }
}
