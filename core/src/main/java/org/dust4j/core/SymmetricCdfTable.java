package org.dust4j.core;

import java.util.function.DoubleUnaryOperator;

/**
 * The cumulative distribution function G of a distribution symmetric about 0, tabulated for fast evaluation on every
 * backend: cubic Hermite interpolation of G and its density on nodes {@code 1/perUnit} apart over [-zMax, 0], exactly 0
 * below -zMax, and 1 - G(-z) for z &gt; 0 (so rounding near 1 stays monotone). The interpolation error is at most
 * h^4/384 max|G''''| (h = 1/perUnit); the result is continuous and costs four table reads. Used by
 * {@link LineMoments}; the backends evaluate the same interpolant (see {@link #cdf}; a backend may use fused
 * multiply-adds, so its rounding may differ).
 *
 * <p>Table layout ({@link #table()}): interleaved (G(z_i), h·g(z_i)) for the nodes z_i = -zMax + i·h, i = 0 …
 * zMax·perUnit, then a guard pair (0.5, 0) read with weight 0 at z = 0.
 */
public final class SymmetricCdfTable {
    private final double zMax;
    private final int perUnit;
    private final double[] table;

    private SymmetricCdfTable(double zMax, int perUnit, double[] table) {
        this.zMax = zMax;
        this.perUnit = perUnit;
        this.table = table;
    }

    /**
     * Tabulates {@code cdf} (with density {@code pdf}) on [-zMax, 0] with {@code perUnit} nodes per unit; zMax·perUnit
     * must be a positive integer.
     */
    public static SymmetricCdfTable of(double zMax, int perUnit, DoubleUnaryOperator cdf, DoubleUnaryOperator pdf) {
        double nodesExact = zMax * perUnit;
        if (!(zMax > 0) || perUnit < 1 || nodesExact != Math.rint(nodesExact) || nodesExact > 1 << 24) {
            throw new IllegalArgumentException("zMax * perUnit must be a positive integer up to 2^24, got zMax "
                    + zMax + ", perUnit " + perUnit);
        }
        int nodes = (int) nodesExact + 1;
        double h = 1.0 / perUnit;
        double[] t = new double[2 * nodes + 2];
        for (int i = 0; i < nodes; i++) {
            double z = -zMax + i * h;
            t[2 * i] = cdf.applyAsDouble(z);
            t[2 * i + 1] = h * pdf.applyAsDouble(z);
        }
        t[2 * nodes] = 0.5;
        return new SymmetricCdfTable(zMax, perUnit, t);
    }

    /** The cut: G = 0 below -zMax and 1 above zMax. */
    public double zMax() {
        return zMax;
    }

    /** Nodes per unit of z. */
    public int perUnit() {
        return perUnit;
    }

    /** A copy of the interleaved table (see the class comment). */
    public double[] table() {
        return table.clone();
    }

    /** G(z) from the table (NaN for NaN). */
    public double cdf(double z) {
        return cdf(table, zMax, perUnit, z);
    }

    /** G(z) from a table in the layout of {@link #table()}: the CPU backend's arithmetic. */
    public static double cdf(double[] table, double zMax, int perUnit, double z) {
        return z > 0 ? 1 - lowerHalf(table, zMax, perUnit, -z) : lowerHalf(table, zMax, perUnit, z);
    }

    private static double lowerHalf(double[] table, double zMax, int perUnit, double z) {
        if (!(z > -zMax)) {
            return Double.isNaN(z) ? Double.NaN : 0;
        }
        double x = (z + zMax) * perUnit;
        int i = (int) x;
        return HermiteTable.cubic(table, 2 * i, x - i);
    }
}
