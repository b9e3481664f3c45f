package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.LinalgFixtures.CPU;
import static org.dust4j.core.cpu.LinalgFixtures.assertPadding;
import static org.dust4j.core.cpu.LinalgFixtures.maxAbs;
import static org.dust4j.core.cpu.LinalgFixtures.random;
import static org.dust4j.core.cpu.LinalgFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TriangularSolveTest {
    private static final double PAD = 31.5;

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.LinalgFixtures#dtypesAndTwoFlags")
    void solvesMatchSubstitutionAndLeaveSmallResiduals(DType dtype, boolean lower, boolean transpose) {
        long seed = 1;
        for (int n : new int[] {1, 7, 40, 100}) {
            for (int k : new int[] {1, 3, 9}) {
                check(dtype, lower, transpose, 2, true, n, k, seed++);
                check(dtype, lower, transpose, 3, false, n, k, seed++);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.LinalgFixtures#dtypesAndTwoFlags")
    void manyRightHandSidesAndLargeOrders(DType dtype, boolean lower, boolean transpose) {
        check(dtype, lower, transpose, 1, true, 64, 200, 7);
        check(dtype, lower, transpose, 1, true, 300, 1, 8);
    }

    @Test
    void unbatchedMatrices() {
        check(DType.FLOAT64, true, false, 0, true, 20, 4, 9);
    }

    /**
     * Solves op(T) X = B for a batch (T batched or shared) with NaN in T's unreferenced triangle, and checks X
     * against forward/back substitution on the explicit op(T) and the residual ‖op(T) X - B‖.
     */
    private static void check(DType dtype, boolean lower, boolean transpose, int batch, boolean batchedT, int n, int k,
            long seed) {
        Random rnd = new Random(seed);
        int tCount = batchedT ? Math.max(batch, 1) : 1;
        double[] t = new double[tCount * n * n];
        for (int b = 0; b < tCount; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    boolean referenced = lower ? j <= i : j >= i;
                    double v = i == j ? (1 + rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1) : (2 * rnd.nextDouble() - 1) / n;
                    t[b * n * n + i * n + j] = referenced ? v : Double.NaN;
                }
            }
        }
        int count = Math.max(batch, 1);
        int[] tDims = batchedT && batch > 0 ? new int[] {batch, n, n} : new int[] {n, n};
        int[] bDims = batch > 0 ? new int[] {batch, n, k} : new int[] {n, k};
        Tensor tt = view(t, dtype, PAD, tDims);
        Tensor bt = view(random(rnd, count * n * k), dtype, PAD, bDims);
        Tensor out = view(new double[count * n * k], dtype, PAD, bDims);
        CPU.triangularSolve(tt, lower, transpose, bt, out);
        double[] tv = tt.toDoubleArray();
        double[] bv = bt.toDoubleArray();
        double[] x = out.toDoubleArray();
        double u = LinalgFixtures.unitRoundoff(dtype);
        for (int b = 0; b < count; b++) {
            double[] op = explicitOp(tv, batchedT ? b * n * n : 0, n, lower, transpose);
            double[] want = substitute(op, bv, b * n * k, n, k, lower != transpose);
            double[] diff = new double[n * k];
            double[] residual = new double[n * k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    double s = -bv[b * n * k + i * k + j];
                    for (int p = 0; p < n; p++) {
                        s += op[i * n + p] * x[b * n * k + p * k + j];
                    }
                    residual[i * k + j] = s;
                    diff[i * k + j] = x[b * n * k + i * k + j] - want[i * k + j];
                }
            }
            String what = "n=" + n + " k=" + k + " matrix " + b;
            double forward = maxAbs(diff) / maxAbs(want);
            double backward = maxAbs(residual) / (maxAbs(op) * maxAbs(want) * n);
            assertTrue(forward <= (dtype == DType.FLOAT64 ? 1e-12 : 1e-5), what + ": relative error " + forward);
            assertTrue(backward <= 10 * u, what + ": relative residual " + backward);
        }
        assertPadding(tt, PAD);
        assertPadding(bt, PAD);
        assertPadding(out, PAD);
    }

    /** op(T) as a dense n×n matrix with zeros outside the referenced triangle. */
    private static double[] explicitOp(double[] t, int o, int n, boolean lower, boolean transpose) {
        double[] op = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int r = transpose ? j : i;
                int c = transpose ? i : j;
                op[i * n + j] = (lower ? c <= r : c >= r) ? t[o + r * n + c] : 0;
            }
        }
        return op;
    }

    /** Forward (lower) or back (upper) substitution, one column at a time. */
    private static double[] substitute(double[] op, double[] b, int bo, int n, int k, boolean lowerOp) {
        double[] x = new double[n * k];
        for (int j = 0; j < k; j++) {
            for (int step = 0; step < n; step++) {
                int i = lowerOp ? step : n - 1 - step;
                double s = b[bo + i * k + j];
                for (int p = 0; p < n; p++) {
                    if (p != i) {
                        s -= op[i * n + p] * x[p * k + j];
                    }
                }
                x[i * k + j] = s / op[i * n + i];
            }
        }
        return x;
    }

    @Test
    void outMayBeTheRightHandSide() {
        int n = 50;
        int k = 6;
        Random rnd = new Random(11);
        double[] t = random(rnd, n * n);
        for (int i = 0; i < n; i++) {
            t[i * n + i] = 4;
        }
        double[] b = random(rnd, n * k);
        try (Tensor tt = CPU.fromHost(t, DType.FLOAT64, Shape.of(n, n)); Tensor bt = CPU.fromHost(b, DType.FLOAT64, Shape.of(n, k));
                Tensor ref = CPU.zeros(DType.FLOAT64, Shape.of(n, k))) {
            CPU.triangularSolve(tt, false, true, bt, ref);
            CPU.triangularSolve(tt, false, true, bt, bt);
            assertArrayEquals(ref.toDoubleArray(), bt.toDoubleArray());
        }
    }

    @Test
    void shapeErrorsNameTheOffendingOperands() {
        try (Tensor t = CPU.zeros(DType.FLOAT64, Shape.of(2, 4, 4)); Tensor b = CPU.zeros(DType.FLOAT64, Shape.of(3, 4, 2));
                Tensor b5 = CPU.zeros(DType.FLOAT64, Shape.of(2, 5, 2)); Tensor out = CPU.zeros(DType.FLOAT64, Shape.of(3, 4, 2));
                Tensor out5 = CPU.zeros(DType.FLOAT64, Shape.of(2, 5, 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CPU.triangularSolve(t, true, false, b, out));
            assertTrue(e.getMessage().contains("batch axes differ"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CPU.triangularSolve(t, true, false, b5, out5));
            assertTrue(e.getMessage().contains("b must have 4 rows"), e.getMessage());
        }
    }
}
