package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Random;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.LineMoments;
import org.dust4j.core.Shape;
import org.dust4j.core.SymmetricCdfTable;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Backend#lineMoments}, its JVP, VJP and fused passes on the CPU against a literal evaluation of the
 * definition in {@link LineMoments}, the dot-product test, the backend's unfused default passes, and validation.
 */
class LineMomentsTest {
    private static final Backend CPU = Backends.cpu();
    /** The logistic distribution, symmetric, with a closed form to tabulate. */
    private static final SymmetricCdfTable LOGISTIC = SymmetricCdfTable.of(20, 64, z -> 1 / (1 + Math.exp(-z)),
            z -> Math.exp(-z) / ((1 + Math.exp(-z)) * (1 + Math.exp(-z))));

    /** A layout of 7 lines × 9 cells; items on lines 1, 1, 1, 4, 4, 6 ... with varied ranges, one with none. */
    static LineMoments layout(long seed) {
        Random rnd = new Random(seed);
        int cells = 9;
        double[] u = new double[cells + 1];
        double[] w = new double[cells];
        for (int k = 0; k <= cells; k++) {
            u[k] = 10.0 / (k + 1);
        }
        for (int k = 0; k < cells; k++) {
            w[k] = 0.5 + rnd.nextDouble();
        }
        int[] line = {1, 1, 1, 4, 4, 6, 6, 6, 6, 6};
        int n = line.length;
        double[] a = new double[n];
        double[] b = new double[n];
        int[] lo = new int[n];
        int[] hi = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = 0.5 + rnd.nextDouble();
            b[i] = 2 * rnd.nextDouble();
            lo[i] = rnd.nextInt(cells + 2);
            hi[i] = lo[i] - 1 + rnd.nextInt(cells + 2 - lo[i]);
        }
        lo[2] = 0;
        hi[2] = cells;
        lo[3] = 4;
        hi[3] = 3;
        return new LineMoments(7, u, w, line, a, b, lo, hi, LOGISTIC);
    }

    /** {mean, variance} of every item by the definition, with the layout's G. */
    static double[][] reference(LineMoments l, double[] x) {
        double[] ints = toDouble(l.packedInts());
        double[] d = l.packedDoubles();
        int n = l.items();
        int cells = l.cells();
        int groups = l.groups();
        double[][] out = new double[2][n];
        for (int g = 0; g < groups; g++) {
            int line = (int) ints[g];
            double[] c = new double[cells + 2];
            double run = 0;
            for (int k = 0; k < cells; k++) {
                double v = x[line * cells + k] * d[cells + 1 + k];
                c[k + 1] = run + v / 2;
                run += v;
            }
            c[cells + 1] = run;
            for (int i = (int) ints[groups + g]; i < ints[groups + g + 1]; i++) {
                int lo = (int) ints[2 * groups + 1 + i];
                int hi = (int) ints[2 * groups + 1 + n + i];
                double[] f = new double[cells + 3];
                for (int k = -1; k <= cells + 1; k++) {
                    double fk = k < lo ? 1 : k > hi ? 0
                            : l.cdf().cdf(d[k] * d[2 * cells + 1 + i] - d[2 * cells + 1 + n + i]);
                    f[k + 1] = fk;
                }
                double mean = 0;
                for (int k = -1; k <= cells; k++) {
                    mean += (f[k + 1] - f[k + 2]) * c[k + 1];
                }
                double var = 0;
                for (int k = -1; k <= cells; k++) {
                    var += (f[k + 1] - f[k + 2]) * (c[k + 1] - mean) * (c[k + 1] - mean);
                }
                out[0][i] = mean;
                out[1][i] = var;
            }
        }
        return out;
    }

    private static double[] toDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double[] gauss(Random rnd, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }

    private static void assertClose(String what, double[] want, double[] got, double tol) {
        for (int i = 0; i < want.length; i++) {
            int at = i;
            assertTrue(Math.abs(want[i] - got[i]) <= tol * Math.max(1, Math.abs(want[i])),
                    () -> what + ": element " + at + " is " + got[at] + ", expected " + want[at]);
        }
    }

    @Test
    void valueMatchesTheDefinitionInBothDtypes() {
        LineMoments l = layout(1);
        double[] x = gauss(new Random(2), 7 * 9);
        double[][] want = reference(l, x);
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double[] xs = dt == DType.FLOAT32 ? rounded(x) : x;
            double[][] w = dt == DType.FLOAT32 ? reference(l, xs) : want;
            try (LineMoments.Tables t = l.upload(CPU); Tensor xt = CPU.fromHost(x, dt, l.lineShape());
                 Tensor mean = CPU.zeros(dt, l.itemShape()); Tensor var = CPU.zeros(dt, l.itemShape())) {
                CPU.lineMoments(t, xt, mean, var);
                double tol = dt == DType.FLOAT64 ? 1e-13 : 1e-6;
                assertClose("mean " + dt, w[0], mean.toDoubleArray(), tol);
                assertClose("variance " + dt, w[1], var.toDoubleArray(), tol);
            }
        }
    }

    /**
     * In float64 the value pass gives the bits of {@link #reference}, which sums in the same order (its extra terms
     * outside an item's range are exact zeros): G's bits are those of {@link SymmetricCdfTable#cdf(double)} on the
     * vector path ({@link SimdCdf}) as on the scalar one (surefire runs this class in a JVM of each, see core/pom.xml).
     * Long lines give items with many boundaries and every count modulo the vector length.
     */
    @Test
    void valueGivesTheBitsOfTheDefinitionInFloat64() {
        Random rnd = new Random(21);
        int cells = 60;
        double[] u = new double[cells + 1];
        double[] w = new double[cells];
        for (int k = 0; k <= cells; k++) {
            u[k] = 0.1 + k * (0.2 + 0.01 * rnd.nextDouble());
        }
        for (int k = 0; k < cells; k++) {
            w[k] = 0.5 + rnd.nextDouble();
        }
        int n = 80;
        int[] line = new int[n];
        double[] a = new double[n];
        double[] b = new double[n];
        int[] lo = new int[n];
        int[] hi = new int[n];
        for (int i = 0; i < n; i++) {
            line[i] = i / 20;
            a[i] = (rnd.nextBoolean() ? 1 : -1) * (0.5 + 2 * rnd.nextDouble());
            b[i] = 12 * rnd.nextDouble() - 6;
            lo[i] = rnd.nextInt(cells / 2);
            hi[i] = Math.min(cells, lo[i] - 1 + i % 41);
        }
        LineMoments l = new LineMoments(4, u, w, line, a, b, lo, hi, LOGISTIC);
        double[] x = gauss(rnd, 4 * cells);
        double[][] want = reference(l, x);
        try (LineMoments.Tables t = l.upload(CPU); Tensor xt = CPU.fromHost(x, DType.FLOAT64, l.lineShape());
             Tensor mean = CPU.zeros(DType.FLOAT64, l.itemShape());
             Tensor var = CPU.zeros(DType.FLOAT64, l.itemShape())) {
            CPU.lineMoments(t, xt, mean, var);
            double[] m = mean.toDoubleArray();
            double[] v = var.toDoubleArray();
            for (int i = 0; i < n; i++) {
                assertEquals(want[0][i], m[i], 0, "mean of item " + i);
                assertEquals(want[1][i], v[i], 0, "variance of item " + i);
            }
        }
    }

    private static double[] rounded(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    @Test
    void jvpIsTheDerivativeAndVjpItsAdjoint() {
        LineMoments l = layout(3);
        Random rnd = new Random(4);
        double[] x = gauss(rnd, 63);
        double[] dx = gauss(rnd, 63);
        double[] gm = gauss(rnd, l.items());
        double[] gv = gauss(rnd, l.items());
        try (LineMoments.Tables t = l.upload(CPU); Tensor xt = CPU.fromHost(x, DType.FLOAT64, l.lineShape());
             Tensor tt = CPU.fromHost(dx, DType.FLOAT64, l.lineShape());
             Tensor da = CPU.zeros(DType.FLOAT64, l.itemShape()); Tensor dv = CPU.zeros(DType.FLOAT64, l.itemShape());
             Tensor tm = CPU.fromHost(gm, DType.FLOAT64, l.itemShape());
             Tensor tv = CPU.fromHost(gv, DType.FLOAT64, l.itemShape());
             Tensor xb = CPU.zeros(DType.FLOAT64, l.lineShape())) {
            CPU.lineMomentsJvp(t, xt, tt, da, dv);
            // central differences: the mean is linear in x, the variance quadratic, so they are exact up to rounding
            double h = 1e-3;
            double[] xp = x.clone();
            double[] xm = x.clone();
            for (int i = 0; i < x.length; i++) {
                xp[i] += h * dx[i];
                xm[i] -= h * dx[i];
            }
            double[][] p = reference(l, xp);
            double[][] m = reference(l, xm);
            double[] fdMean = new double[l.items()];
            double[] fdVar = new double[l.items()];
            for (int i = 0; i < l.items(); i++) {
                fdMean[i] = (p[0][i] - m[0][i]) / (2 * h);
                fdVar[i] = (p[1][i] - m[1][i]) / (2 * h);
            }
            assertClose("dMean", fdMean, da.toDoubleArray(), 1e-9);
            assertClose("dVariance", fdVar, dv.toDoubleArray(), 1e-9);

            CPU.lineMomentsVjp(t, xt, tm, tv, xb);
            double lhs = 0;
            double[] a = da.toDoubleArray();
            double[] b = dv.toDoubleArray();
            for (int i = 0; i < l.items(); i++) {
                lhs += a[i] * gm[i] + b[i] * gv[i];
            }
            double rhs = 0;
            double[] g = xb.toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                rhs += dx[i] * g[i];
            }
            assertEquals(lhs, rhs, 1e-12 * Math.max(1, Math.abs(lhs)), "dot-product test");
            for (int line : new int[] {0, 2, 3, 5}) {
                for (int k = 0; k < 9; k++) {
                    assertEquals(0.0, g[line * 9 + k], 0.0, "a line without items has a zero cotangent");
                }
            }
        }
    }

    /** A backend that forwards to the CPU but runs Backend's own default (unfused) methods. */
    private static Backend unfused() {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(CPU, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, h);
    }

    @Test
    void fusedPassesEqualTheirUnfusedDefaults() {
        LineMoments l = layout(5);
        Random rnd = new Random(6);
        double[] x = gauss(rnd, 63);
        double[] dx = gauss(rnd, 63);
        LineMoments.ItemCotangents loss = (i, a, v, out) -> {
            out[0] = a - i;
            out[1] = 0.25 * v;
        };
        LineMoments.ItemTangentMap map = (i, a, v, da, dv, out) -> {
            out[0] = (1 + i) * da;
            out[1] = dv / (1 + v * v);
        };
        Backend plain = unfused();
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (LineMoments.Tables t = l.upload(CPU); Tensor xt = CPU.fromHost(x, dt, l.lineShape());
                 Tensor tt = CPU.fromHost(dx, dt, l.lineShape()); Tensor fused = CPU.zeros(dt, l.lineShape());
                 Tensor split = CPU.zeros(dt, l.lineShape())) {
                double tol = dt == DType.FLOAT64 ? 1e-13 : 1e-5;
                CPU.lineMomentsPullBack(t, xt, loss, fused);
                plain.lineMomentsPullBack(t, xt, loss, split);
                assertClose("pull-back " + dt, split.toDoubleArray(), fused.toDoubleArray(), tol);
                CPU.lineMomentsPushPull(t, xt, tt, map, fused);
                plain.lineMomentsPushPull(t, xt, tt, map, split);
                assertClose("push-pull " + dt, split.toDoubleArray(), fused.toDoubleArray(), tol);
            }
        }
    }

    @Test
    void gaussianIsTheLossOfTheMomentsWithItsPullBack() {
        LineMoments l = layout(7);
        Random rnd = new Random(8);
        double[] x = new double[63];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.exp(rnd.nextGaussian());
        }
        int n = l.items();
        double[] y = gauss(rnd, n);
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = 0.1 + rnd.nextDouble();
        }
        double[][] ref = reference(l, x);
        double[] wantLoss = new double[n];
        double[] wantVBar = new double[n];
        double[] gm = new double[n];
        for (int i = 0; i < n; i++) {
            double v = e[i] + ref[1][i];
            double r = y[i] - ref[0][i];
            wantLoss[i] = 0.5 * (r * r / v + Math.log(v));
            wantVBar[i] = 0.5 / v - 0.5 * r * r / (v * v);
            gm[i] = -r / v;
        }
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dt == DType.FLOAT64 ? 1e-13 : 1e-5;
            try (LineMoments.Tables t = l.upload(CPU); Tensor xt = CPU.fromHost(x, dt, l.lineShape());
                 Tensor yt = CPU.fromHost(y, dt, l.itemShape()); Tensor et = CPU.fromHost(e, dt, l.itemShape());
                 Tensor mean = CPU.zeros(dt, l.itemShape()); Tensor var = CPU.zeros(dt, l.itemShape());
                 Tensor loss = CPU.zeros(dt, l.itemShape()); Tensor vBar = CPU.zeros(dt, l.itemShape());
                 Tensor xb = CPU.zeros(dt, l.lineShape()); Tensor tm = CPU.fromHost(gm, dt, l.itemShape());
                 Tensor tv = CPU.fromHost(wantVBar, dt, l.itemShape()); Tensor want = CPU.zeros(dt, l.lineShape())) {
                CPU.fill(xb, Double.NaN);
                CPU.lineMomentsGaussian(t, xt, yt, et, mean, var, loss, vBar, xb);
                assertClose("mean " + dt, ref[0], mean.toDoubleArray(), tol);
                assertClose("variance " + dt, ref[1], var.toDoubleArray(), tol);
                assertClose("loss " + dt, wantLoss, loss.toDoubleArray(), tol);
                assertClose("variance cotangent " + dt, wantVBar, vBar.toDoubleArray(), tol);
                CPU.lineMomentsVjp(t, xt, tm, tv, want);
                assertClose("x cotangent " + dt, want.toDoubleArray(), xb.toDoubleArray(), tol);
                Tensor[] args = {xt, yt, et, mean, var, loss, vBar, xb};
                IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                        () -> CPU.lineMomentsGaussian(t, args[0], args[1], args[2], args[3], args[3], args[5], args[6],
                                args[7]));
                assertTrue(ex.getMessage().contains("mean and variance overlap"), ex.getMessage());
            }
        }
    }

    @Test
    void diagonalPushPullIsThePushPullOfItsWeights() {
        LineMoments l = layout(9);
        Random rnd = new Random(10);
        double[] x = gauss(rnd, 63);
        double[] dx = gauss(rnd, 63);
        int n = l.items();
        double[] wm = gauss(rnd, n);
        double[] wv = gauss(rnd, n);
        double[] offset = gauss(rnd, n);
        double[] off = new double[n];
        double[] wantVBar = new double[n];
        LineMoments.ItemTangentMap map = (i, a, v, da, dv, out) -> {
            out[0] = wm[i] * da;
            out[1] = wv[i] * (dv + off[i]);
            wantVBar[i] = out[1];
        };
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double tol = dt == DType.FLOAT64 ? 1e-13 : 1e-5;
            System.arraycopy(offset, 0, off, 0, n);
            try (LineMoments.Tables t = l.upload(CPU); Tensor xt = CPU.fromHost(x, dt, l.lineShape());
                 Tensor tt = CPU.fromHost(dx, dt, l.lineShape()); Tensor m = CPU.fromHost(wm, dt, l.itemShape());
                 Tensor v = CPU.fromHost(wv, dt, l.itemShape()); Tensor o = CPU.fromHost(off, dt, l.itemShape());
                 Tensor vBar = CPU.zeros(dt, l.itemShape()); Tensor got = CPU.zeros(dt, l.lineShape());
                 Tensor want = CPU.zeros(dt, l.lineShape())) {
                CPU.lineMomentsPushPull(t, xt, tt, map, want);
                CPU.lineMomentsPushPullDiagonal(t, xt, tt, m, v, o, vBar, got);
                assertClose("x cotangent " + dt, want.toDoubleArray(), got.toDoubleArray(), tol);
                assertClose("variance cotangent " + dt, wantVBar, vBar.toDoubleArray(), tol);
                CPU.lineMomentsPushPullDiagonal(t, xt, tt, m, v, null, vBar, got);
                for (int i = 0; i < n; i++) {
                    off[i] = 0;
                }
                CPU.lineMomentsPushPull(t, xt, tt, map, want);
                assertClose("x cotangent without offset " + dt, want.toDoubleArray(), got.toDoubleArray(), tol);
            }
        }
    }

    @Test
    void layoutsAndArgumentsAreValidated() {
        double[] u = {3, 2, 1};
        double[] w = {1, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LineMoments(3, u, w,
                new int[] {2, 1}, new double[2], new double[2], new int[2], new int[] {-1, -1}, LOGISTIC));
        assertEquals("items must be sorted by line: item 1 has line 1 after 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LineMoments(3, u, w, new int[] {0}, new double[1],
                new double[1], new int[] {2}, new int[] {3}, LOGISTIC));
        assertEquals("item 0: evaluated boundaries [2, 3] must satisfy 0 <= lo <= N + 1 and lo - 1 <= hi <= N (N = 2)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LineMoments(3, u, w, new int[] {3}, new double[1],
                new double[1], new int[1], new int[] {-1}, LOGISTIC));
        assertEquals("item 0: line 3 outside [0, 3)", e.getMessage());
        LineMoments l = layout(7);
        try (LineMoments.Tables t = l.upload(CPU); Tensor x = CPU.zeros(DType.FLOAT64, l.lineShape());
             Tensor a = CPU.zeros(DType.FLOAT64, l.itemShape()); Tensor f = CPU.zeros(DType.FLOAT32, l.itemShape());
             Tensor bad = CPU.zeros(DType.FLOAT64, Shape.of(9, 7))) {
            e = assertThrows(IllegalArgumentException.class, () -> CPU.lineMoments(t, bad, a, f));
            assertEquals("x must have shape [7, 9], got [9, 7]", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.lineMoments(t, x, a, f));
            assertEquals("dtype mismatch: variance is FLOAT32, x is FLOAT64", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.lineMoments(t, x, a, a));
            assertEquals("mean and variance overlap in memory; variance must be a separate tensor", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.lineMomentsVjp(t, x, a, a, x));
            assertEquals("x and xCotangent overlap in memory; xCotangent must be a separate tensor", e.getMessage());
        }
    }
}
