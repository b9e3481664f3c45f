package org.dust4j.icr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dust4j.core.json.Json;

/**
 * A regular Cartesian grid in one to three dimensions, optionally charted: each axis d carries a map x_d(u) from
 * the index coordinate u (in level-0 pixels) to the physical coordinate, and a pixel's position is
 * (x_1(u_1), …, x_D(u_D)).
 *
 * <p>Each refinement takes windows of {@code coarse} consecutive pixels per axis (coarse^D pixels) and refines their
 * central pixel into {@code fine} pixels per axis (fine^D pixels) that split its cell evenly. With the default
 * window 3 and 2 fine pixels, the fine pixels sit at ±1/4 of a coarse spacing from the coarse centre and each level
 * loses one pixel at each border per axis: n_{l+1} = 2 (n_l - 2). Window 5 with 4 fine pixels gives
 * n_{l+1} = 4 (n_l - 4). See {@link AxisFactor} for the index coordinates of every level.
 */
public final class GridChart extends Chart {
    private final int coarse;
    private final int fine;
    private final AxisMap[] maps;

    private GridChart(List<ChartFactor> factors, int levels, int coarse, int fine, AxisMap[] maps) {
        super(factors, levels);
        this.coarse = coarse;
        this.fine = fine;
        this.maps = maps;
    }

    /** A builder; set at least {@link Builder#shape0} and {@link Builder#levels}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dimension() {
        return maps.length;
    }

    /** Coarse window width per axis. */
    public int coarseWindow() {
        return coarse;
    }

    /** Fine pixels per axis and window. */
    public int finePixels() {
        return fine;
    }

    /** The map of an axis. */
    public AxisMap axisMap(int axis) {
        return maps[axis];
    }

    /** The index coordinate (in level-0 pixels) of pixel i along an axis at a level. */
    public double indexCoordinate(int axis, int level, int i) {
        checkLevel(level);
        return ((AxisFactor) factors().get(axis)).indexCoordinate(level, i);
    }

    @Override
    void combine(double[] c, int cOff, double[] p, int pOff) {
        System.arraycopy(c, cOff, p, pOff, maps.length);
    }

    @Override
    public String describe() {
        return "GridChart(shape0=" + Arrays.toString(shape(0)) + ", levels=" + levels() + ", window " + coarse + "/"
                + fine + ", final shape=" + Arrays.toString(shape(levels())) + ", maps=" + Arrays.toString(maps) + ")";
    }

    @Override
    public Map<String, Object> toMap() {
        List<Object> m = new ArrayList<>(maps.length);
        for (AxisMap map : maps) {
            m.add(map.toMap());
        }
        return Json.object("type", "grid", "shape0", Json.array(shape(0)), "levels", levels(), "coarseWindow",
                coarse, "finePixels", fine, "axisMaps", List.copyOf(m));
    }

    /** Equal level-0 shapes, levels, windows and axis maps (hence equal positions at every level). */
    @Override
    public boolean equals(Object o) {
        return o instanceof GridChart g && Arrays.equals(g.shape(0), shape(0)) && g.levels() == levels()
                && g.coarse == coarse && g.fine == fine && Arrays.equals(g.maps, maps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(shape(0)), levels(), coarse, fine, Arrays.hashCode(maps));
    }

    /** Builder of {@link GridChart}s. */
    public static final class Builder {
        private int[] shape0;
        private int levels = -1;
        private int coarse = 3;
        private int fine = 2;
        private double spacing = 1;
        private final java.util.Map<Integer, AxisMap> maps = new java.util.HashMap<>();

        private Builder() {
        }

        /** Level-0 pixels per axis (one to three axes). */
        public Builder shape0(int... shape0) {
            if (shape0.length < 1 || shape0.length > 3) {
                throw new IllegalArgumentException("a grid chart has 1 to 3 axes, got " + shape0.length);
            }
            this.shape0 = shape0.clone();
            return this;
        }

        /** The number of refinements (≥ 0). */
        public Builder levels(int levels) {
            if (levels < 0) {
                throw new IllegalArgumentException("levels must be >= 0, got " + levels);
            }
            this.levels = levels;
            return this;
        }

        /** Coarse window width (odd, ≥ 3) and fine pixels per axis (even, ≥ 2); default 3 and 2. */
        public Builder window(int coarse, int fine) {
            this.coarse = coarse;
            this.fine = fine;
            return this;
        }

        /** Level-0 pixel spacing of every axis without an explicit map (default 1). */
        public Builder spacing(double spacing) {
            if (!(spacing > 0) || !Double.isFinite(spacing)) {
                throw new IllegalArgumentException("spacing must be finite and > 0, got " + spacing);
            }
            this.spacing = spacing;
            return this;
        }

        /** A map from index to physical coordinate for one axis (default: linear with {@link #spacing}). */
        public Builder axisMap(int axis, AxisMap map) {
            if (map == null) {
                throw new IllegalArgumentException("map of axis " + axis + " must not be null");
            }
            maps.put(axis, map);
            return this;
        }

        public GridChart build() {
            if (shape0 == null) {
                throw new IllegalStateException("shape0 is not set");
            }
            if (levels < 0) {
                throw new IllegalStateException("levels is not set");
            }
            for (int axis : maps.keySet()) {
                if (axis < 0 || axis >= shape0.length) {
                    throw new IllegalArgumentException("axis map for axis " + axis + " but the chart has "
                            + shape0.length + " axes");
                }
            }
            AxisMap[] m = new AxisMap[shape0.length];
            List<ChartFactor> factors = new ArrayList<>();
            for (int d = 0; d < shape0.length; d++) {
                m[d] = maps.getOrDefault(d, AxisMap.linear(spacing));
                factors.add(new AxisFactor(d, shape0[d], levels, coarse, fine, m[d], true));
            }
            return new GridChart(factors, levels, coarse, fine, m);
        }
    }
}
