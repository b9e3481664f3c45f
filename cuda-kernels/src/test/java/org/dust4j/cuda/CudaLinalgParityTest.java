package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.abs;
import static org.dust4j.cuda.GpuTests.as;
import static org.dust4j.cuda.GpuTests.assertClose;
import static org.dust4j.cuda.GpuTests.normal;
import static org.dust4j.cuda.GpuTests.poisoned;
import static org.dust4j.cuda.GpuTests.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dust4j.core.DType;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.cuda.GpuTests.Scope;
import org.junit.jupiter.api.Test;

/**
 * Batched linear algebra against the CPU backend in FLOAT64: matrix products (cuBLAS), Cholesky and
 * triangular solves (small-matrix kernels up to n = 64, cuSOLVER / cuBLAS above), symmetric eigen (cuSOLVER).
 * Errors are measured against the natural scale of each result (|A||B| for products, the largest element of
 * each factor or solution), so they bound what any summation order may do; FLOAT64 within 1e-12, FLOAT32
 * within 1e-5 (products), and for factorisations of order n the same times max(1, sqrt(n / 16)).
 */
class CudaLinalgParityTest extends GpuSuite {
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};

    private static double tol(DType d, int n) {
        return (d == DType.FLOAT32 ? 1e-5 : 1e-12) * Math.max(1, Math.sqrt(n / 16.0));
    }

    private static Shape batched(int[] batch, int rows, int cols) {
        int[] dims = Arrays.copyOf(batch, batch.length + 2);
        dims[batch.length] = rows;
        dims[batch.length + 1] = cols;
        return Shape.of(dims);
    }

    /** count symmetric positive-definite matrices B B^T / n + I, row-major one after another. */
    private static double[] spd(int count, int n, long seed) {
        double[] b = normal(count * n * n, seed);
        double[] a = new double[count * n * n];
        for (int m = 0; m < count; m++) {
            int o = m * n * n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += b[o + i * n + k] * b[o + j * n + k];
                    }
                    s = s / n + (i == j ? 1 : 0);
                    a[o + i * n + j] = s;
                    a[o + j * n + i] = s;
                }
            }
        }
        return a;
    }

    /** Largest |element| of each matrix, repeated for each of its elements (the normwise scale). */
    private static double[] perMatrixMax(double[] x, int each) {
        double[] s = new double[x.length];
        for (int m = 0; each > 0 && m < x.length / each; m++) {
            double mx = 0;
            for (int i = 0; i < each; i++) {
                mx = Math.max(mx, Math.abs(x[m * each + i]));
            }
            Arrays.fill(s, m * each, (m + 1) * each, mx);
        }
        return s;
    }

    private static int count(int[] batch) {
        int c = 1;
        for (int b : batch) {
            c *= b;
        }
        return c;
    }

    // ---------------------------------------------------------------- matmul

    @Test
    void matmulAllTransposesAndBatchLayouts() {
        int[][] sizes = {{1, 1, 1}, {3, 4, 5}, {31, 17, 64}, {200, 300, 100}, {0, 4, 5}, {3, 0, 5}, {2, 3, 0}};
        int[][][] batches = {{{}, {}}, {{2}, {2}}, {{2, 3}, {2, 3}}, {{4}, {}}, {{}, {4}}, {{0}, {0}}};
        for (DType d : FLOATS) {
            for (int[] mkn : sizes) {
                for (int[][] bb : batches) {
                    for (boolean ta : new boolean[] {false, true}) {
                        for (boolean tb : new boolean[] {false, true}) {
                            matmulCase(d, mkn[0], mkn[1], mkn[2], bb[0], bb[1], ta, tb);
                        }
                    }
                }
            }
        }
    }

    private static void matmulCase(DType d, int m, int k, int n, int[] batchA, int[] batchB, boolean ta, boolean tb) {
        Shape sa = ta ? batched(batchA, k, m) : batched(batchA, m, k);
        Shape sb = tb ? batched(batchB, n, k) : batched(batchB, k, n);
        int[] batch = batchA.length > 0 ? batchA : batchB;
        Shape so = batched(batch, m, n);
        String what = "matmul " + sa + (ta ? "^T" : "") + " x " + sb + (tb ? "^T" : "") + " " + d;
        double[] a = as(d, normal((int) sa.size(), 40));
        double[] b = as(d, normal((int) sb.size(), 41));
        try (Scope scope = new Scope()) {
            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, so));
            cpu.matmul(put(cpu, scope, a, DType.FLOAT64, sa), ta, put(cpu, scope, b, DType.FLOAT64, sb), tb, cout);
            Tensor scale = scope.track(cpu.zeros(DType.FLOAT64, so));
            cpu.matmul(put(cpu, scope, abs(a), DType.FLOAT64, sa), ta, put(cpu, scope, abs(b), DType.FLOAT64, sb), tb, scale);
            Tensor gout = poisoned(gpu, scope, d, so);
            gpu.matmul(put(gpu, scope, a, d, sa), ta, put(gpu, scope, b, d, sb), tb, gout);
            assertClose(what, cout.toDoubleArray(), gout.toDoubleArray(), d, d == DType.FLOAT32 ? 1e-5 : 1e-12,
                    scale.toDoubleArray());
        }
    }

    // ---------------------------------------------------------------- Cholesky

    @Test
    void choleskySmallKernelAndCusolver() {
        int[][] batches = {{}, {3}, {2, 2}};
        for (DType d : FLOATS) {
            for (int n : new int[] {1, 2, 17, 32, 33, 64, 65, 130, 300}) {
                for (int[] batch : batches) {
                    choleskyCase(d, n, batch, false);
                }
            }
            choleskyCase(d, 8, new int[] {2000}, false);
            choleskyCase(d, 64, new int[] {300}, true);
            choleskyCase(d, 100, new int[] {2}, true);
        }
    }

    private static void choleskyCase(DType d, int n, int[] batch, boolean inPlace) {
        Shape s = batched(batch, n, n);
        double[] a = as(d, spd(count(batch), n, 50 + n));
        double[] withGarbage = a.clone();
        for (int i = 0; i < a.length; i++) {
            if (i % n > i / n % n) {
                withGarbage[i] = Double.NaN;  // only the lower triangle may be read
            }
        }
        String what = "cholesky " + s + " " + d + (inPlace ? " in place" : "");
        try (Scope scope = new Scope()) {
            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, s));
            cpu.cholesky(put(cpu, scope, a, DType.FLOAT64, s), cout);
            double[] ref = cout.toDoubleArray();
            Tensor ga = put(gpu, scope, withGarbage, d, s);
            Tensor gout = inPlace ? ga : poisoned(gpu, scope, d, s);
            gpu.cholesky(ga, gout);
            assertClose(what, ref, gout.toDoubleArray(), d, tol(d, n), perMatrixMax(ref, n * n));
        }
    }

    @Test
    void notPositiveDefiniteNamesTheLowestFailingMatrixAndPivotLikeTheCpu() {
        for (DType d : FLOATS) {
            for (int n : new int[] {5, 70}) {
                double[] a = spd(3, n, 60);
                a[n * n + 2 * n + 2] = -1;          // matrix 1, pivot 2
                a[2 * n * n + 3 * n + 3] = -5;      // matrix 2 fails too, but later in the batch
                Shape s = Shape.of(3, n, n);
                try (Scope scope = new Scope()) {
                    NotPositiveDefiniteException want = assertThrows(NotPositiveDefiniteException.class,
                            () -> cpu.cholesky(put(cpu, scope, a, d, s), scope.track(cpu.zeros(d, s))));
                    NotPositiveDefiniteException got = assertThrows(NotPositiveDefiniteException.class,
                            () -> gpu.cholesky(put(gpu, scope, a, d, s), poisoned(gpu, scope, d, s)));
                    assertEquals(want.batchIndex(), got.batchIndex(), "batch index, n=" + n + " " + d);
                    assertEquals(want.pivot(), got.pivot(), "pivot, n=" + n + " " + d);
                }
                double[] nan = spd(1, n, 61);
                nan[(n - 1) * n + 3] = Double.NaN;  // row n-1: the last pivot becomes NaN
                try (Scope scope = new Scope()) {
                    NotPositiveDefiniteException got = assertThrows(NotPositiveDefiniteException.class,
                            () -> gpu.cholesky(put(gpu, scope, nan, d, Shape.of(n, n)), poisoned(gpu, scope, d, Shape.of(n, n))));
                    assertEquals(n - 1, got.pivot(), "a NaN pivot fails, n=" + n + " " + d);
                }
            }
        }
    }

    // ---------------------------------------------------------------- triangular solve

    @Test
    void triangularSolvesBothTrianglesTransposedBatchedSharedAndInPlace() {
        for (DType d : FLOATS) {
            for (int n : new int[] {1, 5, 33, 64, 65, 150}) {
                for (int k : new int[] {1, 7, 300}) {
                    for (int[] batch : new int[][] {{}, {3}}) {
                        for (boolean shared : new boolean[] {false, true}) {
                            if (shared && batch.length == 0) {
                                continue;
                            }
                            for (boolean lower : new boolean[] {true, false}) {
                                for (boolean transpose : new boolean[] {false, true}) {
                                    solveCase(d, n, k, batch, shared, lower, transpose);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void solveCase(DType d, int n, int k, int[] batch, boolean shared, boolean lower, boolean transpose) {
        int matrices = shared ? 1 : count(batch);
        Shape st = shared ? Shape.of(n, n) : batched(batch, n, n);
        Shape sb = batched(batch, n, k);
        // a well-conditioned triangle: a Cholesky factor (or its transpose), garbage in the other triangle
        double[] spd = spd(matrices, n, 70 + n);
        double[] t = new double[spd.length];
        try (Scope scope = new Scope()) {
            Tensor l = scope.track(cpu.zeros(DType.FLOAT64, st));
            cpu.cholesky(put(cpu, scope, spd, DType.FLOAT64, st), l);
            double[] lv = l.toDoubleArray();
            for (int m = 0; m < matrices; m++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int o = m * n * n;
                        boolean referenced = lower ? j <= i : j >= i;
                        t[o + i * n + j] = referenced ? (lower ? lv[o + i * n + j] : lv[o + j * n + i]) : Double.NaN;
                    }
                }
            }
        }
        t = as(d, t);
        double[] b = as(d, normal((int) sb.size(), 71));
        String what = "triangularSolve " + st + " " + sb + (lower ? " lower" : " upper") + (transpose ? " transposed " : " ")
                + d;
        try (Scope scope = new Scope()) {
            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, sb));
            cpu.triangularSolve(put(cpu, scope, t, DType.FLOAT64, st), lower, transpose, put(cpu, scope, b, DType.FLOAT64, sb), cout);
            double[] ref = cout.toDoubleArray();
            Tensor gt = put(gpu, scope, t, d, st);
            Tensor gout = poisoned(gpu, scope, d, sb);
            gpu.triangularSolve(gt, lower, transpose, put(gpu, scope, b, d, sb), gout);
            double[] scale = perMatrixMax(ref, n * k);
            assertClose(what, ref, gout.toDoubleArray(), d, tol(d, n), scale);
            Tensor gb = put(gpu, scope, b, d, sb);
            gpu.triangularSolve(gt, lower, transpose, gb, gb);
            assertClose(what + " in place", ref, gb.toDoubleArray(), d, tol(d, n), scale);
        }
    }

    // ---------------------------------------------------------------- symmetric eigen

    @Test
    void symmetricEigenAgreesWithTheCpuAndIsAnOrthonormalDecomposition() {
        for (DType d : FLOATS) {
            for (int n : new int[] {1, 2, 5, 16, 32, 33, 64, 100}) {
                for (int[] batch : new int[][] {{}, {4}}) {
                    eigenCase(d, n, batch);
                }
            }
            eigenCase(d, 4, new int[] {500});
        }
    }

    private static void eigenCase(DType d, int n, int[] batch) {
        Shape s = batched(batch, n, n);
        Shape sw = s.without(-1);
        int count = count(batch);
        double[] a = as(d, normal(count * n * n, 80 + n));
        for (int m = 0; m < count; m++) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    a[m * n * n + i * n + j] = Double.NaN;  // only the lower triangle may be read
                }
            }
        }
        String what = "symmetricEigen " + s + " " + d;
        try (Scope scope = new Scope()) {
            Tensor cw = scope.track(cpu.zeros(DType.FLOAT64, sw));
            Tensor cv = scope.track(cpu.zeros(DType.FLOAT64, s));
            cpu.symmetricEigen(put(cpu, scope, a, DType.FLOAT64, s), cw, cv);
            Tensor gw = poisoned(gpu, scope, d, sw);
            Tensor gv = poisoned(gpu, scope, d, s);
            gpu.symmetricEigen(put(gpu, scope, a, d, s), gw, gv);
            double[] w = gw.toDoubleArray();
            double[] v = gv.toDoubleArray();
            double[] refW = cw.toDoubleArray();
            double[] refV = cv.toDoubleArray();
            double tol = tol(d, n);
            for (int m = 0; m < count; m++) {
                int o = m * n * n;
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        norm = Math.max(norm, Math.abs(a[o + i * n + j]));
                    }
                }
                norm *= n;  // a bound of the 2-norm
                double minGap = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    assertEquals(refW[m * n + j], w[m * n + j], tol * norm, what + " eigenvalue " + j + " of matrix " + m);
                    if (j > 0) {
                        assertTrue(w[m * n + j] >= w[m * n + j - 1], what + ": eigenvalues ascend");
                        minGap = Math.min(minGap, refW[m * n + j] - refW[m * n + j - 1]);
                    }
                }
                for (int j = 0; j < n; j++) {
                    double residual = 0;
                    int largest = 0;
                    for (int i = 0; i < n; i++) {
                        double av = 0;
                        for (int k = 0; k < n; k++) {
                            double aik = k <= i ? a[o + i * n + k] : a[o + k * n + i];
                            av += aik * v[o + k * n + j];
                        }
                        residual = Math.max(residual, Math.abs(av - w[m * n + j] * v[o + i * n + j]));
                        if (Math.abs(v[o + i * n + j]) > Math.abs(v[o + largest * n + j])) {
                            largest = i;
                        }
                        double dot = 0;
                        for (int k = 0; k < n; k++) {
                            dot += v[o + k * n + i] * v[o + k * n + j];
                        }
                        assertEquals(i == j ? 1 : 0, dot, tol * n, what + ": columns " + i + ", " + j + " orthonormal");
                    }
                    assertTrue(residual <= tol * norm, what + ": residual " + residual + " of eigenpair " + j);
                    assertTrue(v[o + largest * n + j] > 0, what + ": largest component of eigenvector " + j + " positive");
                    if (minGap > 1e-3 * norm) {
                        double vecTol = tol * norm / minGap;
                        for (int i = 0; i < n; i++) {
                            assertEquals(refV[o + i * n + j], v[o + i * n + j], vecTol, what + ": eigenvector " + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void eigenRejectsNonFiniteInputInItsLowerTriangle() {
        try (Scope scope = new Scope()) {
            double[] a = {1, Double.NaN, Double.POSITIVE_INFINITY, 2};  // infinity below the diagonal
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> gpu.symmetricEigen(
                    put(gpu, scope, a, DType.FLOAT64, Shape.of(2, 2)), poisoned(gpu, scope, DType.FLOAT64, Shape.of(2)),
                    poisoned(gpu, scope, DType.FLOAT64, Shape.of(2, 2))));
            assertTrue(e.getMessage().contains("matrix 0"), e.getMessage());
        }
    }
}
