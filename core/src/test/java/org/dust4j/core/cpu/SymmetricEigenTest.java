package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.LinalgFixtures.CPU;
import static org.dust4j.core.cpu.LinalgFixtures.assertPadding;
import static org.dust4j.core.cpu.LinalgFixtures.maxAbs;
import static org.dust4j.core.cpu.LinalgFixtures.naiveProduct;
import static org.dust4j.core.cpu.LinalgFixtures.orthogonal;
import static org.dust4j.core.cpu.LinalgFixtures.random;
import static org.dust4j.core.cpu.LinalgFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SymmetricEigenTest {
    private static final double PAD = -0.125;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void randomSymmetricMatrices(DType dtype) {
        long seed = 1;
        for (int n : new int[] {1, 2, 3, 5, 17, 64}) {
            Random rnd = new Random(seed++);
            int batch = 3;
            double[] a = new double[batch * n * n];
            for (int b = 0; b < batch; b++) {
                double[] m = random(rnd, n * n);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        a[b * n * n + i * n + j] = m[i * n + j];
                        a[b * n * n + j * n + i] = m[i * n + j];
                    }
                }
            }
            check(dtype, a, batch, n, null);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void repeatedEigenvalues(DType dtype) {
        int n = 8;
        double[] lambda = {-2, 1, 1, 1, 3, 3, 7.5, 7.5};
        double[] q = orthogonal(new Random(3), n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += q[i * n + p] * lambda[p] * q[j * n + p];
                }
                a[i * n + j] = s;
            }
        }
        for (int i = 0; i < n; i++) { // exact symmetry
            for (int j = 0; j < i; j++) {
                a[j * n + i] = a[i * n + j];
            }
        }
        check(dtype, a, 1, n, lambda);
    }

    @Test
    void diagonalMatrixGivesItsDiagonalSortedAndSignedUnitVectors() {
        double[] a = {3, 0, 0, 0, -1, 0, 0, 0, 2};
        try (Tensor t = CPU.fromHost(a, DType.FLOAT64, Shape.of(3, 3)); Tensor w = CPU.zeros(DType.FLOAT64, Shape.of(3));
                Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(3, 3))) {
            CPU.symmetricEigen(t, w, v);
            assertArrayEquals(new double[] {-1, 2, 3}, w.toDoubleArray());
            assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, v.toDoubleArray());
        }
    }

    /**
     * Decomposes a batch whose strict upper triangles hold NaN (only the lower triangle may be read) and checks
     * ascending eigenvalues (equal to {@code expected} when given), ‖A V - V diag(w)‖ and ‖VᵀV - I‖ against
     * ‖A‖, and the sign convention (largest component of each eigenvector positive).
     */
    private static void check(DType dtype, double[] symmetric, int batch, int n, double[] expected) {
        double[] lowerOnly = symmetric.clone();
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    lowerOnly[b * n * n + i * n + j] = Double.NaN;
                }
            }
        }
        Tensor a = view(lowerOnly, dtype, PAD, batch, n, n);
        Tensor w = view(new double[batch * n], dtype, PAD, batch, n);
        Tensor v = view(new double[batch * n * n], dtype, PAD, batch, n, n);
        CPU.symmetricEigen(a, w, v);
        double[] full = view(symmetric, dtype, PAD, batch * n * n).toDoubleArray(); // rounded like a
        double[] wv = w.toDoubleArray();
        double[] vv = v.toDoubleArray();
        double tol = dtype == DType.FLOAT64 ? 1e-13 : 1e-5;
        for (int b = 0; b < batch; b++) {
            String what = "n=" + n + " matrix " + b;
            double norm = Math.max(maxAbs(java.util.Arrays.copyOfRange(full, b * n * n, (b + 1) * n * n)), Double.MIN_NORMAL);
            double[] av = naiveProduct(full, b * n * n, false, vv, b * n * n, false, n, n, n, false);
            double[] vtv = naiveProduct(vv, b * n * n, true, vv, b * n * n, false, n, n, n, false);
            double residual = 0;
            double orthogonality = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    residual = Math.max(residual, Math.abs(av[i * n + j] - vv[b * n * n + i * n + j] * wv[b * n + j]));
                    orthogonality = Math.max(orthogonality, Math.abs(vtv[i * n + j] - (i == j ? 1 : 0)));
                }
            }
            assertTrue(residual <= tol * norm, what + ": ‖AV - VΛ‖ = " + residual + " for ‖A‖ = " + norm);
            assertTrue(orthogonality <= tol, what + ": ‖VᵀV - I‖ = " + orthogonality);
            for (int j = 0; j < n; j++) {
                if (j > 0) {
                    assertTrue(wv[b * n + j - 1] <= wv[b * n + j], what + ": eigenvalues not ascending at " + j);
                }
                if (expected != null) {
                    assertEquals(expected[j], wv[b * n + j], tol * norm, what + ": eigenvalue " + j);
                }
                int big = 0;
                for (int i = 1; i < n; i++) {
                    if (Math.abs(vv[b * n * n + i * n + j]) > Math.abs(vv[b * n * n + big * n + j])) {
                        big = i;
                    }
                }
                assertTrue(vv[b * n * n + big * n + j] > 0, what + ": eigenvector " + j + " sign convention");
            }
        }
        assertPadding(a, PAD);
        assertPadding(w, PAD);
        assertPadding(v, PAD);
    }

    @Test
    void eigenvectorsMayOverwriteTheInput() {
        int n = 10;
        double[] q = orthogonal(new Random(8), n);
        double[] a = naiveProduct(q, 0, false, q, 0, true, n, n, n, false);
        try (Tensor t = CPU.fromHost(a, DType.FLOAT64, Shape.of(n, n)); Tensor w = CPU.zeros(DType.FLOAT64, Shape.of(n));
                Tensor ref = CPU.zeros(DType.FLOAT64, Shape.of(n, n))) {
            CPU.symmetricEigen(t, w, ref);
            CPU.symmetricEigen(t, w, t);
            assertArrayEquals(ref.toDoubleArray(), t.toDoubleArray());
        }
    }

    @Test
    void nonFiniteInputIsReported() {
        double[] a = {1, 0, Double.POSITIVE_INFINITY, 2};
        try (Tensor t = CPU.fromHost(a, DType.FLOAT64, Shape.of(1, 2, 2)); Tensor w = CPU.zeros(DType.FLOAT64, Shape.of(1, 2));
                Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(1, 2, 2))) {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> CPU.symmetricEigen(t, w, v));
            assertTrue(e.getMessage().contains("(1, 0)"), e.getMessage());
        }
    }
}
