package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.assertClose;

import java.util.Random;
import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code hermite} (tabulated functions, plain and exponential, without and with a per-element factor) against the CPU
 * backend in both dtypes and at every size of the suite, with points inside the table, on its nodes and ends, outside it (NaN) and NaN: the same
 * arithmetic in double, so equal to 1e-15 (FLOAT64; exp may differ in the last place) or 1e-7 (FLOAT32, one rounding).
 */
class CudaHermiteParityTest extends GpuSuite {
    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void hermiteMatchesTheCpu(DType dt, int n) {
        int nodes = 301;
        double[] v = new double[nodes];
        double[] d = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            double x = -3 + i / 50.0;
            v[i] = Math.sin(x) - 0.1 * x * x;
            d[i] = Math.cos(x) - 0.2 * x;
        }
        Random rnd = new Random(n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 7) {
                case 0 -> -3 + rnd.nextInt(nodes) / 50.0;
                case 1 -> i % 2 == 0 ? -3 : 3;
                case 2 -> 3.5 * (2 * rnd.nextDouble() - 1);
                case 3 -> Double.NaN;
                default -> 3 * (2 * rnd.nextDouble() - 1);
            };
        }
        double[] factor = new double[n];
        for (int i = 0; i < n; i++) {
            factor[i] = 4 * rnd.nextDouble() - 1;
        }
        for (boolean exponential : new boolean[] {false, true}) {
            HermiteTable h = HermiteTable.of(-3, 50, v, d, exponential);
            for (double[] f : new double[][] {null, factor}) {
                double[][] want = run(cpu, h, x, f, dt);
                double[][] got = run(gpu, h, x, f, dt);
                double tol = dt == DType.FLOAT64 ? 1e-15 : 1e-7;
                String what = "exponential " + exponential + (f == null ? "" : ", with a factor") + ", " + dt;
                assertClose("value, " + what, want[0], got[0], dt, tol, null);
                assertClose("slope, " + what, want[1], got[1], dt, tol, null);
            }
        }
    }

    private static double[][] run(Backend b, HermiteTable h, double[] x, double[] factor, DType dt) {
        Shape s = Shape.of(x.length);
        try (HermiteTable.Tables t = h.upload(b); Tensor xt = b.fromHost(x, dt, s); Tensor value = b.zeros(dt, s);
             Tensor slope = b.zeros(dt, s); Tensor f = factor == null ? null : b.fromHost(factor, dt, s)) {
            b.hermite(t, xt, f, value, slope);
            return new double[][] {value.toDoubleArray(), slope.toDoubleArray()};
        }
    }
}
