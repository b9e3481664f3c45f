package org.dust4j.icr;

import java.util.Map;

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;

/**
 * Maps the regular index coordinate u of a chart axis to a physical coordinate x(u). The index coordinate counts
 * level-0 pixels: level-0 pixel i sits at u = i, and the pixels of later levels at the fractional positions the
 * refinement gives them (see {@link GridChart}). The map must be strictly monotone on the chart's range; charts check
 * this on every level's pixel positions.
 *
 * <p>A non-linear map (for example a log-spaced radius) makes the refinement matrices vary along that axis.
 */
@FunctionalInterface
public interface AxisMap {
    /** The physical coordinate at index coordinate u. */
    double toPhysical(double u);

    /** Whether this is an affine map x = a + b u (the refinement matrices are then the same along the axis). */
    default boolean isAffine() {
        return false;
    }

    /** x = spacing · u: a regular axis with the given level-0 pixel spacing (&gt; 0). */
    static AxisMap linear(double spacing) {
        return affine(0, spacing);
    }

    /** x = origin + spacing · u. */
    static AxisMap affine(double origin, double spacing) {
        return new Affine(origin, spacing);
    }

    /**
     * x = exp(a u + b): a log-spaced axis, e.g. a radius whose level-0 shells are r_i = exp(a i + b); neighbouring
     * level-0 shells differ by the factor e^a.
     */
    static AxisMap logarithmic(double a, double b) {
        return new Logarithmic(a, b);
    }

    /**
     * The structured description of this map, for model descriptions: {@code {"type": "affine", "origin": …,
     * "spacing": …}} or {@code {"type": "logarithmic", "a": …, "b": …}}; {@link #fromMap} reads it back to an equal
     * map.
     *
     * @throws UnsupportedOperationException for a map other than {@link #affine}, {@link #linear} or
     *                                       {@link #logarithmic} (a user's lambda cannot be written down)
     */
    default Map<String, Object> toMap() {
        throw new UnsupportedOperationException("axis map " + this + " (" + getClass().getName() + ") has no"
                + " structured description; only AxisMap.affine, linear and logarithmic maps can be written");
    }

    /**
     * Reads a map written by {@link #toMap()}.
     *
     * @throws IllegalArgumentException for an unknown type or a missing or ill-typed field, naming it
     */
    static AxisMap fromMap(Map<String, ?> map) {
        return Descriptions.axisMap(JsonFields.of(map, "axis map"));
    }

    /**
     * x = origin + spacing · u (from {@link #affine} and {@link #linear}).
     *
     * @param origin  x(0) (finite)
     * @param spacing the level-0 pixel spacing (finite, &gt; 0)
     */
    record Affine(double origin, double spacing) implements AxisMap {
        public Affine {
            if (!(spacing > 0) || !Double.isFinite(spacing) || !Double.isFinite(origin)) {
                throw new IllegalArgumentException("affine axis needs a finite origin and spacing > 0, got origin "
                        + origin + ", spacing " + spacing);
            }
        }

        @Override
        public double toPhysical(double u) {
            return origin + spacing * u;
        }

        @Override
        public boolean isAffine() {
            return true;
        }

        @Override
        public Map<String, Object> toMap() {
            return Json.object("type", "affine", "origin", origin, "spacing", spacing);
        }

        @Override
        public String toString() {
            return "affine(origin=" + origin + ", spacing=" + spacing + ")";
        }
    }

    /**
     * x = exp(a u + b) (from {@link #logarithmic}).
     *
     * @param a the log-step per level-0 pixel (finite, &gt; 0)
     * @param b ln x(0) (finite)
     */
    record Logarithmic(double a, double b) implements AxisMap {
        public Logarithmic {
            if (!(a > 0) || !Double.isFinite(a) || !Double.isFinite(b)) {
                throw new IllegalArgumentException("logarithmic axis needs finite a > 0 and b, got a " + a + ", b "
                        + b);
            }
        }

        @Override
        public double toPhysical(double u) {
            return Math.exp(a * u + b);
        }

        @Override
        public Map<String, Object> toMap() {
            return Json.object("type", "logarithmic", "a", a, "b", b);
        }

        @Override
        public String toString() {
            return "logarithmic(exp(" + a + " u + " + b + "))";
        }
    }
}
