package org.dust4j.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;

/**
 * A 2-D histogram of reconstructed against true values (a density scatter plot that stays readable for millions of
 * voxels), with the dashed 1:1 line. Both axes share one range, linear or logarithmic; bins are square in that
 * scale; counts are coloured on a logarithmic scale and empty bins are left white. Pairs either axis cannot place
 * (NaN, or non-positive values on logarithmic axes) are left out and counted in {@link #dropped()}.
 * Immutable; build with {@link #builder(double[], double[])}.
 */
public final class Histogram2DPlot implements Plot {
    private final ImagePlot image;
    private final long counted;
    private final long dropped;

    private Histogram2DPlot(Builder b) {
        Scale.Type type = b.log ? Scale.Type.LOG : Scale.Type.LINEAR;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < b.x.length; i++) {
            if (usable(type, b.x[i], b.y[i])) {
                lo = Math.min(lo, Math.min(b.x[i], b.y[i]));
                hi = Math.max(hi, Math.max(b.x[i], b.y[i]));
            }
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("no pair of " + (b.log ? "positive finite" : "finite")
                    + " values among " + b.x.length + " to histogram");
        }
        Scale axis = b.range != null ? b.range : Scale.of(type, lo, hi);
        int n = b.bins;
        double[] counts = new double[n * n];
        long c = 0;
        long d = 0;
        for (int i = 0; i < b.x.length; i++) {
            if (!usable(type, b.x[i], b.y[i])) {
                d++;
                continue;
            }
            double fx = axis.unclippedFraction(b.x[i]);
            double fy = axis.unclippedFraction(b.y[i]);
            if (fx < 0 || fx > 1 || fy < 0 || fy > 1) {
                d++;
                continue;
            }
            int ix = Math.min(n - 1, (int) (fx * n));
            int iy = Math.min(n - 1, (int) (fy * n));
            counts[iy * n + ix]++;
            c++;
        }
        double max = 1;
        for (int k = 0; k < counts.length; k++) {
            max = Math.max(max, counts[k]);
            if (counts[k] == 0) {
                counts[k] = Double.NaN; // empty bins: white
            }
        }
        this.counted = c;
        this.dropped = d;
        this.image = ImagePlot.builder(counts, n, n)
                .xAxis(axis).yAxis(axis)
                .title(b.title)
                .axisLabels(Draw.withUnit(b.xLabel, b.unit), Draw.withUnit(b.yLabel, b.unit))
                .label("count per bin", "")
                .colorMap(b.colorMap.withNanColor(Color.WHITE))
                .scale(Scale.of(Scale.Type.LOG, 1, Math.max(max, 10)))
                .overlay(Overlay.diagonal())
                .build();
    }

    /**
     * A builder for pairs (truth[i], reconstructed[i]).
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static Builder builder(double[] truth, double[] reconstructed) {
        if (truth.length != reconstructed.length) {
            throw new IllegalArgumentException("truth has " + truth.length + " values but reconstruction has "
                    + reconstructed.length);
        }
        return new Builder(truth, reconstructed);
    }

    /** The number of pairs in the histogram. */
    public long counted() {
        return counted;
    }

    /** The number of pairs left out (not placeable, or outside an explicit range). */
    public long dropped() {
        return dropped;
    }

    @Override
    public void paint(Graphics2D g, Rectangle2D bounds) {
        image.paint(g, bounds);
    }

    private static boolean usable(Scale.Type type, double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && (type == Scale.Type.LINEAR || (a > 0 && b > 0));
    }

    /** Builder of a {@link Histogram2DPlot}; defaults: 80 bins, linear axes, viridis, labels "true"/"reconstructed". */
    public static final class Builder {
        private final double[] x;
        private final double[] y;
        private int bins = 80;
        private boolean log;
        private Scale range;
        private String title;
        private String xLabel = "true";
        private String yLabel = "reconstructed";
        private String unit = "";
        private ColorMap colorMap = ColorMap.viridis();

        private Builder(double[] x, double[] y) {
            this.x = x;
            this.y = y;
        }

        /**
         * Bins per axis.
         *
         * @throws IllegalArgumentException unless 1 ≤ bins ≤ 4096
         */
        public Builder bins(int n) {
            if (n < 1 || n > 4096) {
                throw new IllegalArgumentException("bins per axis must be in [1, 4096], got " + n);
            }
            this.bins = n;
            return this;
        }

        /** Whether both axes are logarithmic (default linear). */
        public Builder log(boolean logAxes) {
            this.log = logAxes;
            return this;
        }

        /** An explicit common range (and type) of both axes instead of the data range; pairs outside are dropped. */
        public Builder range(Scale axis) {
            this.range = Objects.requireNonNull(axis, "axis");
            this.log = axis.type() == Scale.Type.LOG;
            return this;
        }

        /** Title above the plot (none by default). */
        public Builder title(String newTitle) {
            this.title = newTitle;
            return this;
        }

        /** Axis labels (default "true" and "reconstructed") and the unit of both. */
        public Builder axisLabels(String truthLabel, String reconstructedLabel, String newUnit) {
            this.xLabel = truthLabel;
            this.yLabel = reconstructedLabel;
            this.unit = newUnit;
            return this;
        }

        /** The colour map of the counts (viridis by default; empty bins stay white). */
        public Builder colorMap(ColorMap newColorMap) {
            this.colorMap = Objects.requireNonNull(newColorMap, "colorMap");
            return this;
        }

        /**
         * Bins the pairs.
         *
         * @throws IllegalArgumentException if no pair can be placed on the axes
         */
        public Histogram2DPlot build() {
            return new Histogram2DPlot(this);
        }
    }
}
