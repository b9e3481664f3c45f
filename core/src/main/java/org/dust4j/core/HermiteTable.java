package org.dust4j.core;

/**
 * A function g tabulated for fast elementwise evaluation on every backend ({@link Backend#hermite}): cubic Hermite
 * interpolation of g and its derivative on nodes x_i = start + i / perUnit, i = 0 … nodes − 1, optionally returned as
 * exp(g) (for a positive function tabulated by its logarithm). The derivative returned is that of the interpolant (times
 * exp(g) in the exponential form), so value and derivative stay consistent for gradients. Outside [start, end] both are
 * NaN: the caller decides what happens there.
 *
 * <p>Table layout ({@link #table()}): interleaved (g(x_i), h·g'(x_i)), h = 1/perUnit.
 */
public final class HermiteTable {
    private final double start;
    private final int perUnit;
    private final int nodes;
    private final boolean exponential;
    private final double[] table;

    private HermiteTable(double start, int perUnit, int nodes, boolean exponential, double[] table) {
        this.start = start;
        this.perUnit = perUnit;
        this.nodes = nodes;
        this.exponential = exponential;
        this.table = table;
    }

    /**
     * The table of g with values {@code values[i]} = g(x_i) and derivatives {@code slopes[i]} = g'(x_i) at the nodes
     * x_i = start + i / perUnit (at least two, all finite); exp(g) and its derivative are returned when
     * {@code exponential}.
     */
    public static HermiteTable of(double start, int perUnit, double[] values, double[] slopes, boolean exponential) {
        if (!Double.isFinite(start) || perUnit < 1 || values.length < 2 || slopes.length != values.length) {
            throw new IllegalArgumentException("a Hermite table needs a finite start, perUnit >= 1 and at least two"
                    + " nodes with one slope each, got start " + start + ", perUnit " + perUnit + ", " + values.length
                    + " values and " + slopes.length + " slopes");
        }
        double h = 1.0 / perUnit;
        double[] t = new double[2 * values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i]) || !Double.isFinite(slopes[i])) {
                throw new IllegalArgumentException("node " + i + " has value " + values[i] + " and slope " + slopes[i]
                        + "; both must be finite");
            }
            t[2 * i] = values[i];
            t[2 * i + 1] = h * slopes[i];
        }
        return new HermiteTable(start, perUnit, values.length, exponential, t);
    }

    /** The first node. */
    public double start() {
        return start;
    }

    /** The last node, start + (nodes − 1) / perUnit. */
    public double end() {
        return start + (double) (nodes - 1) / perUnit;
    }

    /** Nodes per unit of x. */
    public int perUnit() {
        return perUnit;
    }

    /** Number of nodes. */
    public int nodes() {
        return nodes;
    }

    /** Whether exp(g) is returned. */
    public boolean exponential() {
        return exponential;
    }

    /** A copy of the interleaved table (see the class comment). */
    public double[] table() {
        return table.clone();
    }

    /** Writes the value at x to {@code out[0]} and its derivative to {@code out[1]} (NaN outside [start, end]). */
    public void evaluate(double x, double[] out) {
        evaluate(table, start, perUnit, nodes, exponential, x, out);
    }

    /** {@link #evaluate(double, double[])} from a table in the layout of {@link #table()}: every backend's arithmetic. */
    public static void evaluate(double[] table, double start, int perUnit, int nodes, boolean exponential, double x,
                                double[] out) {
        double u = (x - start) * perUnit;
        if (!(u >= 0 && u <= nodes - 1)) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            return;
        }
        int i = Math.min((int) u, nodes - 2);
        double t = u - i;
        double s = 1 - t;
        int j = 2 * i;
        double g = cubic(table, j, t);
        // dg/dt of the cubic, then dx = dt / perUnit
        double dg = (6 * t * s * (table[j + 2] - table[j]) + s * (1 - 3 * t) * table[j + 1]
                + t * (3 * t - 2) * table[j + 3]) * perUnit;
        if (exponential) {
            double f = Math.exp(g);
            out[0] = f;
            out[1] = f * dg;
        } else {
            out[0] = g;
            out[1] = dg;
        }
    }

    /**
     * The cubic Hermite interpolant at t in [0, 1] between the interleaved nodes (v0, d0) at {@code table[j]} and
     * (v1, d1) at {@code table[j + 2]} (d the slopes times the node spacing): s²((1 + 2t) v0 + t d0) +
     * t²((3 − 2t) v1 − s d1), s = 1 − t, in that order of operations. The one scalar form of the step, shared by
     * {@link SymmetricCdfTable} and {@link org.dust4j.core.cpu.LogGridSpline}, whose vector twins repeat it.
     */
    public static double cubic(double[] table, int j, double t) {
        double s = 1 - t;
        double v0 = table[j];
        double d0 = table[j + 1];
        double v1 = table[j + 2];
        double d1 = table[j + 3];
        return s * s * ((1 + 2 * t) * v0 + t * d0) + t * t * ((3 - 2 * t) * v1 - s * d1);
    }

    /** Uploads the table to {@code backend} as a FLOAT64 tensor; the caller closes the result. */
    public Tables upload(Backend backend) {
        return new Tables(this, backend.fromHost(table, DType.FLOAT64, Shape.of(table.length)));
    }

    /**
     * A table on one backend. Owns its tensor and releases it on close.
     *
     * @param layout the host table
     * @param doubles {@link #table()} on the backend
     */
    public record Tables(HermiteTable layout, Tensor doubles) implements AutoCloseable {
        /** The backend the table lives on. */
        public Backend backend() {
            return doubles.backend();
        }

        @Override
        public void close() {
            doubles.close();
        }
    }
}
