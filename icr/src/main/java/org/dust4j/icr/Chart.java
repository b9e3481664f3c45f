package org.dust4j.icr;

import java.util.List;
import java.util.Map;

import org.dust4j.core.json.JsonFields;

/**
 * The geometry of an ICR prior: nested pixel sets, one per level 0 … {@link #levels()}, each with Cartesian
 * positions, and the refinement windows that connect consecutive levels. A chart is the product of factors
 * (one-dimensional axes, the HEALPix sphere); a level's pixels are stored row-major over the factors with the first
 * factor slowest, so a level has the shape {@link #shape(int)}.
 *
 * <p>Charts are immutable and know nothing about kernels: {@link IcrPrior} combines a chart with a kernel.
 */
public abstract sealed class Chart permits GridChart, HealpixChart {
    private final List<ChartFactor> factors;
    private final int levels;
    private final int[] sizes;

    Chart(List<ChartFactor> factors, int levels) {
        this.factors = List.copyOf(factors);
        this.levels = levels;
        this.sizes = new int[levels + 1];
        for (int l = 0; l <= levels; l++) {
            long n = 1;
            for (ChartFactor f : factors) {
                n *= f.size(l);
            }
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("level " + l + " would have " + n + " pixels, more than one array"
                        + " holds; use fewer levels");
            }
            sizes[l] = (int) n;
        }
    }

    /** The number of refinements L; the chart has levels 0 … L and the field lives on level L. */
    public final int levels() {
        return levels;
    }

    /** The pixel counts along the factors at a level. */
    public final int[] shape(int level) {
        checkLevel(level);
        int[] s = new int[factors.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = factors.get(i).size(level);
        }
        return s;
    }

    /** The number of pixels at a level. */
    public final int size(int level) {
        checkLevel(level);
        return sizes[level];
    }

    /** The number of Cartesian coordinates of a position (1 to 3). */
    public abstract int dimension();

    /** Writes the Cartesian position of pixel {@code index} of {@code level} to out[0 … dimension-1]. */
    public final void position(int level, int index, double[] out) {
        checkLevel(level);
        if (index < 0 || index >= sizes[level]) {
            throw new IndexOutOfBoundsException("pixel " + index + " of level " + level + " with " + sizes[level]
                    + " pixels");
        }
        double[] c = new double[coordinateWidth()];
        int rest = index;
        int at = c.length;
        for (int f = factors.size() - 1; f >= 0; f--) {
            ChartFactor fac = factors.get(f);
            at -= fac.coordinateDimension();
            fac.coordinate(level, rest % fac.size(level), c, at);
            rest /= fac.size(level);
        }
        combine(c, 0, out, 0);
    }

    /** The positions of all pixels of a level, [size × dimension] row-major. */
    public final double[] positions(int level) {
        int d = dimension();
        double[] all = new double[size(level) * d];
        double[] p = new double[d];
        for (int i = 0; i < sizes[level]; i++) {
            position(level, i, p);
            System.arraycopy(p, 0, all, i * d, d);
        }
        return all;
    }

    /** A one-line description of the chart. */
    public abstract String describe();

    /**
     * The structured description of this chart, complete enough to rebuild it with {@link #fromMap} (an equal chart
     * with the same positions at every level): {@code {"type": "grid", "shape0": […], "levels": …,
     * "coarseWindow": …, "finePixels": …, "axisMaps": [one per axis]}} for a {@link GridChart} and
     * {@code {"type": "healpix", "nside0": …, "levels": …, "shells0": …, "radialMap": {…}}} for a
     * {@link HealpixChart}; the axis maps as {@link AxisMap#toMap()} writes them.
     *
     * @throws UnsupportedOperationException if an axis map has no structured description (a user's lambda)
     */
    public abstract Map<String, Object> toMap();

    /**
     * Reads a chart written by {@link #toMap()}; numbers may be any {@link Number} (a JSON reader's doubles too).
     *
     * @throws IllegalArgumentException for an unknown type, a missing or ill-typed field (naming it) or an invalid
     *                                  chart
     */
    public static Chart fromMap(Map<String, ?> map) {
        return Descriptions.chart(JsonFields.of(map, "chart"));
    }

    @Override
    public String toString() {
        return describe();
    }

    final void checkLevel(int level) {
        if (level < 0 || level > levels) {
            throw new IndexOutOfBoundsException("level " + level + " outside 0 … " + levels);
        }
    }

    final List<ChartFactor> factors() {
        return factors;
    }

    /** Sum of the factors' coordinate dimensions. */
    final int coordinateWidth() {
        int w = 0;
        for (ChartFactor f : factors) {
            w += f.coordinateDimension();
        }
        return w;
    }

    /**
     * Turns the concatenated factor coordinates c[cOff …] (in factor order) of one point into its Cartesian position
     * p[pOff … pOff + dimension - 1].
     */
    abstract void combine(double[] c, int cOff, double[] p, int pOff);
}
