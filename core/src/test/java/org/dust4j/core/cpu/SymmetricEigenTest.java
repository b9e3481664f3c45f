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

    @Test
    void zeroMatrixGivesZeroEigenvaluesAndTheIdentity() {
        int n = 5;
        try (Tensor t = CPU.zeros(DType.FLOAT64, Shape.of(n, n)); Tensor w = CPU.fromHost(new double[] {7, 7, 7, 7, 7}, DType.FLOAT64, Shape.of(n));
                Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(n, n))) {
            CPU.symmetricEigen(t, w, v);
            assertArrayEquals(new double[n], w.toDoubleArray());
            double[] identity = new double[n * n];
            for (int i = 0; i < n; i++) {
                identity[i * n + i] = 1;
            }
            assertArrayEquals(identity, v.toDoubleArray());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void oneByOneMatricesAreTheirOwnEigenvalue(DType dtype) {
        double[] a = {-3.5, 0, 2.25};
        Tensor t = view(a, dtype, PAD, 3, 1, 1);
        Tensor w = view(new double[3], dtype, PAD, 3, 1);
        Tensor v = view(new double[3], dtype, PAD, 3, 1, 1);
        CPU.symmetricEigen(t, w, v);
        assertArrayEquals(a, w.toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1}, v.toDoubleArray());
        assertPadding(w, PAD);
        assertPadding(v, PAD);
    }

    @Test
    void diagonalMatrixWithTiesKeepsTheOrderOfEqualEigenvalues() {
        double[] diagonal = {2, -1, 2, 0, -1};
        int n = diagonal.length;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = diagonal[i];
        }
        try (Tensor t = CPU.fromHost(a, DType.FLOAT64, Shape.of(n, n)); Tensor w = CPU.zeros(DType.FLOAT64, Shape.of(n));
                Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(n, n))) {
            CPU.symmetricEigen(t, w, v);
            assertArrayEquals(new double[] {-1, -1, 0, 2, 2}, w.toDoubleArray());
            int[] source = {1, 4, 3, 0, 2}; // eigenvector j is the unit vector e_source[j]
            double[] expected = new double[n * n];
            for (int j = 0; j < n; j++) {
                expected[source[j] * n + j] = 1;
            }
            assertArrayEquals(expected, v.toDoubleArray());
        }
    }

    /**
     * The Wilkinson matrix W₂₁⁺ (tridiagonal, diagonal |10 − i|, off-diagonal 1): its largest eigenvalues come in
     * pairs that agree to about 1e-13, the classic hard case for the eigenvectors of close eigenvalues.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void wilkinsonMatrixWithNearlyEqualPairs(DType dtype) {
        int n = 21;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            a[i * n + i] = Math.abs(10 - i);
            if (i > 0) {
                a[i * n + i - 1] = 1;
                a[(i - 1) * n + i] = 1;
            }
        }
        check(dtype, a, 1, n, null);
    }

    /** A matrix whose rows and columns 0..2 and 3..5 are uncoupled: the QL iteration splits at the zero. */
    @Test
    void blockDiagonalMatrixSplits() {
        int n = 6;
        double[] a = new double[n * n];
        double[] block = {4, 1, 0.5, 1, 3, 0.25, 0.5, 0.25, 1};
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    a[(3 * b + i) * n + 3 * b + j] = (b == 0 ? 1 : -2) * block[i * 3 + j];
                }
            }
        }
        check(DType.FLOAT64, a, 1, n, null);
    }

    /**
     * Kernel matrices as the ICR eigen fallbacks see them: a HEALPix window's 27 coarse points (9 directions 0.5°
     * apart × 3 shells at 100, 110 and 121 pc) under a squared-exponential kernel of length scale 5 to 40 pc, smooth
     * on the window's scale, so that the matrices are positive semi-definite with eigenvalues spanning many decades
     * down to the rounding level: the eigenvalues must not go below −tol ‖A‖.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void nearlySingularKernelMatricesOfAnIcrWindow(DType dtype) {
        int n = 27;
        double[] lengths = {5, 10, 20, 40};
        double[] a = new double[lengths.length * n * n];
        double[] x = new double[n * 3];
        double step = Math.toRadians(0.5);
        for (int p = 0; p < n; p++) {
            double theta = Math.PI / 3 + step * (p % 3 - 1);
            double phi = 1 + step * ((p / 3) % 3 - 1);
            double r = 100 * Math.pow(1.1, p / 9);
            x[3 * p] = r * Math.sin(theta) * Math.cos(phi);
            x[3 * p + 1] = r * Math.sin(theta) * Math.sin(phi);
            x[3 * p + 2] = r * Math.cos(theta);
        }
        for (int b = 0; b < lengths.length; b++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double r2 = 0;
                    for (int k = 0; k < 3; k++) {
                        double t = x[3 * i + k] - x[3 * j + k];
                        r2 += t * t;
                    }
                    a[b * n * n + i * n + j] = Math.exp(-r2 / (2 * lengths[b] * lengths[b]));
                }
            }
        }
        double[] w = check(dtype, a, lengths.length, n, null);
        double tol = dtype == DType.FLOAT64 ? 1e-13 : 1e-5;
        for (int b = 0; b < lengths.length; b++) {
            assertTrue(w[b * n] >= -tol * n, "ℓ = " + lengths[b] + ": smallest eigenvalue " + w[b * n]);
            assertTrue(w[b * n] <= 1e-6 * w[b * n + n - 1], "ℓ = " + lengths[b] + " should be nearly singular: "
                    + w[b * n] + " against " + w[b * n + n - 1]);
        }
    }

    /** Scaling A by 2^990 or 2^-960 scales the eigenvalues alike and leaves the eigenvectors: no overflow or underflow. */
    @Test
    void extremeScalesNeitherOverflowNorUnderflow() {
        int n = 9;
        double[] a = new double[n * n];
        double[] m = random(new Random(11), n * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i * n + j] = m[i * n + j];
                a[j * n + i] = m[i * n + j];
            }
        }
        double[] w1 = check(DType.FLOAT64, a, 1, n, null);
        for (double scale : new double[] {0x1p990, 0x1p-960}) {
            double[] scaled = a.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= scale;
            }
            double[] ws = check(DType.FLOAT64, scaled, 1, n, null);
            for (int j = 0; j < n; j++) {
                assertEquals(w1[j], ws[j] / scale, 1e-13 * maxAbs(a), "scale " + scale + ", eigenvalue " + j);
            }
        }
    }

    /**
     * Decomposes a batch whose strict upper triangles hold NaN (only the lower triangle may be read) and checks
     * ascending eigenvalues (equal to {@code expected} when given), ‖A V - V diag(w)‖ and ‖VᵀV - I‖ against
     * ‖A‖, and the sign convention (largest component of each eigenvector positive); returns the eigenvalues.
     */
    private static double[] check(DType dtype, double[] symmetric, int batch, int n, double[] expected) {
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
        return wv;
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

    @Test
    void nonFiniteDiagonalElementNamesItsMatrix() {
        double[] a = new double[3 * 4];
        for (int b = 0; b < 3; b++) {
            a[b * 4] = 1;
            a[b * 4 + 3] = 1;
        }
        a[2 * 4 + 3] = Double.NaN;
        Tensor t = view(a, DType.FLOAT32, PAD, 3, 2, 2);
        Tensor w = view(new double[6], DType.FLOAT32, PAD, 3, 2);
        Tensor v = view(new double[12], DType.FLOAT32, PAD, 3, 2, 2);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> CPU.symmetricEigen(t, w, v));
        assertTrue(e.getMessage().contains("matrix 2") && e.getMessage().contains("(1, 1)"), e.getMessage());
    }
}
