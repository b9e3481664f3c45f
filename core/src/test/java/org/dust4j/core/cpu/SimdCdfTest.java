package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.dust4j.core.SymmetricCdfTable;
import org.junit.jupiter.api.Test;

/**
 * The vector G of {@link SimdCdf} gives the same bits as the scalar {@link SymmetricCdfTable#cdf(double[], double,
 * int, double)} (NaN for NaN), on arguments around the cut ±zMax, on and between the nodes, at 0, tiny, huge and
 * infinite, for every count modulo the vector length and with offsets; it writes nothing beyond its n results. Runs
 * where module {@code jdk.incubator.vector} is resolved, whatever {@link Simd#CDF} says (without 512-bit vectors the
 * Vector API runs its per-lane fallback, which must give the same bits too).
 */
class SimdCdfTest {
    private static final double SENTINEL = -777.25;

    /** The logistic distribution: a symmetric G with a closed-form density. */
    private static SymmetricCdfTable logistic(double zMax, int perUnit) {
        return SymmetricCdfTable.of(zMax, perUnit, z -> 1 / (1 + Math.exp(-z)),
                z -> Math.exp(-Math.abs(z)) / Math.pow(1 + Math.exp(-Math.abs(z)), 2));
    }

    private static double[] padded(SymmetricCdfTable cdf) {
        double[] t = cdf.table();
        double[] p = Arrays.copyOf(t, t.length + SimdCdf.padding());
        Arrays.fill(p, t.length, p.length, Double.NaN); // read with weight 0 only: must not show
        return p;
    }

    /** Arguments that probe every branch and edge of the table lookup. */
    private static double[] arguments(SymmetricCdfTable cdf, Random rnd) {
        double zMax = cdf.zMax();
        double h = 1.0 / cdf.perUnit();
        List<Double> z = new ArrayList<>(List.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
                1e-300, -1e-300, 1e-17, -1e-17, 1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, zMax, -zMax,
                Math.nextUp(zMax), Math.nextDown(zMax), Math.nextUp(-zMax), Math.nextDown(-zMax), h, -h,
                Math.nextUp(h), Math.nextDown(-h), 2 * zMax, -2 * zMax, 3e9, -3e9));
        for (double node = -zMax; node <= zMax; node += h * 7) {
            z.add(node);
            z.add(Math.nextUp(node));
            z.add(Math.nextDown(node));
            z.add(-node);
        }
        for (int i = 0; i < 20_000; i++) {
            z.add(switch (i % 4) {
                case 0 -> rnd.nextGaussian() * zMax / 2;
                case 1 -> (rnd.nextDouble() * 2 - 1) * (zMax + 1);
                case 2 -> (rnd.nextDouble() * 2 - 1) * 1e-6;
                default -> -zMax + rnd.nextInt((int) Math.round(2 * zMax / h) + 1) * h;
            });
        }
        return z.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theVectorFunctionGivesTheScalarBits() {
        assumeTrue(ModuleLayer.boot().findModule(Simd.MODULE).isPresent(), "needs " + Simd.MODULE);
        Random rnd = new Random(11);
        for (SymmetricCdfTable cdf : new SymmetricCdfTable[] {logistic(9, 256), logistic(2, 3), logistic(0.5, 2)}) {
            double[] table = padded(cdf);
            double[] z = arguments(cdf, rnd);
            double[] f = new double[z.length];
            SimdCdf.cdf(table, cdf.zMax(), cdf.perUnit(), z, 0, 1, 0, f, 0, z.length);
            for (int i = 0; i < z.length; i++) {
                Fixtures.assertSameBits(SymmetricCdfTable.cdf(cdf.table(), cdf.zMax(), cdf.perUnit(), z[i]), f[i],
                        "zMax " + cdf.zMax() + ", z = " + z[i]);
            }
        }
    }

    @Test
    void slopeShiftCountsAndOffsetsAreThoseOfTheScalarLoop() {
        assumeTrue(ModuleLayer.boot().findModule(Simd.MODULE).isPresent(), "needs " + Simd.MODULE);
        SymmetricCdfTable cdf = logistic(5, 64);
        double[] plain = cdf.table();
        double[] table = padded(cdf);
        Random rnd = new Random(5);
        for (int n = 0; n <= 40; n++) {
            int uo = rnd.nextInt(5);
            int fo = rnd.nextInt(5);
            double[] u = new double[uo + n + rnd.nextInt(3)];
            double u0 = rnd.nextDouble() * 3;
            for (int j = 0; j < u.length; j++) {
                u0 += rnd.nextDouble() * 0.4;
                u[j] = u0;
            }
            double a = rnd.nextBoolean() ? 1 + rnd.nextDouble() * 4 : -(1 + rnd.nextDouble() * 4);
            double b = (rnd.nextDouble() * 2 - 1) * 10;
            double[] f = new double[fo + n + 9];
            Arrays.fill(f, SENTINEL);
            SimdCdf.cdf(table, cdf.zMax(), cdf.perUnit(), u, uo, a, b, f, fo, n);
            for (int j = 0; j < f.length; j++) {
                double expected = j >= fo && j < fo + n
                        ? SymmetricCdfTable.cdf(plain, cdf.zMax(), cdf.perUnit(), u[uo + j - fo] * a - b) : SENTINEL;
                Fixtures.assertSameBits(expected, f[j], "n " + n + ", element " + j);
            }
        }
    }
}
