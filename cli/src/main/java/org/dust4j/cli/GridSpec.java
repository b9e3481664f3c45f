package org.dust4j.cli;

import java.util.Locale;

import org.dust4j.io.fits.Grid3D;

/**
 * Parses the grid specifications of {@code dust4j interp} into a {@link Grid3D}.
 *
 * <ul>
 *   <li>Cartesian box: {@code FIRST:LAST:STEP} per axis in pc, three comma-separated (x, y, z) or one for all
 *       three axes; the axis holds the points FIRST, FIRST ± STEP, ..., LAST, so LAST − FIRST must be a whole
 *       number of steps.</li>
 *   <li>l, b, d grid: {@code FIRST:LAST:COUNT} per axis, three comma-separated (l and b in deg, d in pc); COUNT
 *       points from FIRST to LAST inclusive, equally spaced (numpy linspace).</li>
 * </ul>
 */
final class GridSpec {
    private static final String[] BOX_AXES = {"x", "y", "z"};
    private static final String[] LBD_AXES = {"l", "b", "d"};

    private GridSpec() {
    }

    /** Makes one axis from its three numbers; {@code where} names the option and axis for messages. */
    @FunctionalInterface
    private interface AxisMaker {
        Grid3D.Axis make(double first, double last, double third, String where, String thirdText);
    }

    /**
     * A Cartesian box from {@code spec}.
     *
     * @throws IllegalArgumentException naming the option, the axis and the fault
     */
    static Grid3D box(String spec) {
        Grid3D.Axis[] a = parse(spec, "--box", BOX_AXES, "FIRST:LAST:STEP", true, (first, last, step, where, t) -> {
            if (!(step > 0)) {
                throw new IllegalArgumentException(where + ": STEP must be a positive number of pc, got " + t);
            }
            double intervals = Math.abs(last - first) / step;
            long k = Math.round(intervals);
            if (Math.abs(intervals - k) > 1e-9 * Math.max(1.0, intervals)) {
                throw new IllegalArgumentException(where + ": LAST - FIRST = " + (last - first)
                        + " pc is not a whole number of steps of " + step + " pc");
            }
            if (k + 1 > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(where + ": " + (k + 1) + " points on one axis are too many");
            }
            return new Grid3D.Axis((int) k + 1, first, k == 0 ? first : last);
        });
        return wrap(() -> Grid3D.cartesian(a[0], a[1], a[2]), "--box");
    }

    /**
     * An l, b, d grid from {@code spec}.
     *
     * @throws IllegalArgumentException naming the option, the axis and the fault
     */
    static Grid3D lbd(String spec) {
        Grid3D.Axis[] a = parse(spec, "--lbd", LBD_AXES, "FIRST:LAST:COUNT", false, (first, last, count, where, t) -> {
            if (!(count >= 1) || count != Math.rint(count) || count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(where + ": COUNT must be a whole number >= 1, got " + t);
            }
            if (count == 1 && first != last) {
                throw new IllegalArgumentException(where + ": a single point needs FIRST = LAST");
            }
            if (count > 1 && first == last) {
                throw new IllegalArgumentException(where + ": " + (long) count + " points need FIRST != LAST");
            }
            return new Grid3D.Axis((int) count, first, last);
        });
        return wrap(() -> Grid3D.lbd(a[0], a[1], a[2]), "--lbd");
    }

    /** The three axes of {@code spec}: each parsed as {@code form} and made by {@code maker}. */
    private static Grid3D.Axis[] parse(String spec, String option, String[] names, String form, boolean oneForAll,
            AxisMaker maker) {
        String[] parts = axes(spec, option, oneForAll);
        Grid3D.Axis[] axes = new Grid3D.Axis[3];
        for (int i = 0; i < 3; i++) {
            String where = option + " axis " + names[i] + " '" + parts[i] + "'";
            double[] v = numbers(parts[i], where, form);
            axes[i] = maker.make(v[0], v[1], v[2], where, parts[i].substring(parts[i].lastIndexOf(':') + 1).strip());
        }
        return axes;
    }

    /** The three axis specifications of {@code spec} (one repeated three times if {@code oneForAll}). */
    private static String[] axes(String spec, String option, boolean oneForAll) {
        String[] parts = spec.split(",", -1);
        if (parts.length == 1 && oneForAll) {
            return new String[] {parts[0], parts[0], parts[0]};
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException(option + " '" + spec + "' needs three comma-separated axes"
                    + (oneForAll ? " (or one for all three)" : "") + ", got " + parts.length);
        }
        return parts;
    }

    private static double[] numbers(String axis, String where, String form) {
        String[] fields = axis.split(":", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException(where + " must have the form " + form);
        }
        double[] v = new double[3];
        String[] names = form.split(":");
        for (int j = 0; j < 3; j++) {
            try {
                v[j] = FitConfig.number(fields[j]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + names[j] + " " + e.getMessage());
            }
        }
        return v;
    }

    private static Grid3D wrap(java.util.function.Supplier<Grid3D> grid, String option) {
        try {
            return grid.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** "n1 x n2 x n3 points (first..last step s, ...)" for messages. */
    static String describe(Grid3D grid) {
        String[] names = grid.kind() == Grid3D.Kind.CARTESIAN ? BOX_AXES : LBD_AXES;
        String[] units = grid.kind() == Grid3D.Kind.CARTESIAN ? new String[] {"pc", "pc", "pc"}
                : new String[] {"deg", "deg", "pc"};
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            Grid3D.Axis a = grid.axis(i);
            s.append(i > 1 ? ", " : "").append(String.format(Locale.ROOT, "%s %s .. %s %s (%d points, step %s)",
                    names[i - 1], Numbers.compact(a.first()), Numbers.compact(a.last()), units[i - 1], a.n(),
                    Numbers.compact(a.delta())));
        }
        return s.toString();
    }
}
