package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.LinalgFixtures.CPU;
import static org.dust4j.core.cpu.LinalgFixtures.assertPadding;
import static org.dust4j.core.cpu.LinalgFixtures.maxAbs;
import static org.dust4j.core.cpu.LinalgFixtures.naiveProduct;
import static org.dust4j.core.cpu.LinalgFixtures.spd;
import static org.dust4j.core.cpu.LinalgFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.dust4j.core.DType;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CholeskyTest {
    private static final double PAD = 777.25;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void factorsReconstructTheMatrices(DType dtype) {
        for (int n : new int[] {1, 2, 5, 31, 33, 100, 150}) {
            checkFactor(dtype, 3, n, n);
        }
    }

    @Test
    void largeSingleMatrixUsesTheParallelPath() {
        checkFactor(DType.FLOAT64, 1, 300, 17);
    }

    @Test
    void manySmallMatricesAreSplitOverTheBatch() {
        checkFactor(DType.FLOAT64, 40, 12, 18);
    }

    /**
     * Factors a batch of random SPD matrices whose strict upper triangles hold NaN (only the lower triangle may be
     * read), then checks L lower with a positive diagonal and exact zeros above, and ‖L Lᵀ - A‖ <= tol ‖A‖.
     */
    private static void checkFactor(DType dtype, int batch, int n, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[batch * n * n];
        for (int b = 0; b < batch; b++) {
            double[] m = spd(rnd, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[b * n * n + i * n + j] = j > i ? Double.NaN : m[i * n + j];
                }
            }
        }
        Tensor in = view(a, dtype, PAD, batch, n, n);
        Tensor out = view(new double[a.length], dtype, PAD, batch, n, n);
        CPU.cholesky(in, out);
        double[] l = out.toDoubleArray();
        double[] ain = in.toDoubleArray();
        double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
        for (int b = 0; b < batch; b++) {
            int o = b * n * n;
            for (int i = 0; i < n; i++) {
                assertTrue(l[o + i * n + i] > 0, "diagonal " + i);
                for (int j = i + 1; j < n; j++) {
                    assertEquals(0, l[o + i * n + j], "upper element (" + i + ", " + j + ")");
                }
            }
            double[] llt = naiveProduct(l, o, false, l, o, true, n, n, n, false);
            double[] diff = new double[n * n];
            double[] full = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double aij = ain[o + Math.max(i, j) * n + Math.min(i, j)];
                    full[i * n + j] = aij;
                    diff[i * n + j] = llt[i * n + j] - aij;
                }
            }
            double err = maxAbs(diff) / maxAbs(full);
            assertTrue(err <= tol, "matrix " + b + " of order " + n + ": relative reconstruction error " + err);
        }
        assertPadding(out, PAD);
        assertPadding(in, PAD);
    }

    @Test
    void inPlaceFactorisation() {
        int n = 45;
        double[] a = spd(new Random(4), n);
        try (Tensor t = CPU.fromHost(a, DType.FLOAT64, Shape.of(n, n)); Tensor ref = CPU.zeros(DType.FLOAT64, Shape.of(n, n))) {
            CPU.cholesky(t, ref);
            CPU.cholesky(t, t);
            org.junit.jupiter.api.Assertions.assertArrayEquals(ref.toDoubleArray(), t.toDoubleArray());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void notPositiveDefiniteNamesTheMatrixAndThePivot(DType dtype) {
        int n = 6;
        double[] a = new double[3 * n * n];
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < n; i++) {
                a[b * n * n + i * n + i] = 1;
            }
        }
        a[n * n + 2 * n + 2] = -1; // matrix 1, pivot 2
        a[2 * n * n + 4 * n + 4] = 0; // matrix 2, pivot 4: reported after the lower batch index
        try (Tensor in = CPU.fromHost(a, dtype, Shape.of(3, n, n)); Tensor out = CPU.zeros(dtype, Shape.of(3, n, n))) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> CPU.cholesky(in, out));
            assertEquals(1, e.batchIndex());
            assertEquals(2, e.pivot());
            assertTrue(e.getMessage().contains("matrix 1") && e.getMessage().contains("pivot 2"), e.getMessage());
        }
    }

    @Test
    void nanPivotIsAFailure() {
        double[] a = {4, 0, 0, 2, Double.NaN, 0, 1, 1, 9};
        try (Tensor in = CPU.fromHost(a, DType.FLOAT64, Shape.of(3, 3)); Tensor out = CPU.zeros(DType.FLOAT64, Shape.of(3, 3))) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> CPU.cholesky(in, out));
            assertEquals(0, e.batchIndex());
            assertEquals(1, e.pivot());
        }
    }

    @Test
    void failureDeepInsideABlockedFactorisationReportsTheGlobalPivot() {
        int n = 120;
        double[] a = spd(new Random(5), n);
        // copy row and column 90 onto 91, then lower A[91][91]: the Schur complement at pivot 91 becomes -1e-3
        for (int j = 0; j < n; j++) {
            a[91 * n + j] = a[90 * n + j];
            a[j * n + 91] = a[j * n + 90];
        }
        a[91 * n + 91] = a[90 * n + 90] - 1e-3;
        try (Tensor in = CPU.fromHost(a, DType.FLOAT64, Shape.of(n, n)); Tensor out = CPU.zeros(DType.FLOAT64, Shape.of(n, n))) {
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class, () -> CPU.cholesky(in, out));
            assertEquals(91, e.pivot());
        }
    }

    @Test
    void rejectsPartialOverlap() {
        try (Tensor s = CPU.zeros(DType.FLOAT64, Shape.of(5, 4))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CPU.cholesky(s.slice(0, 4), s.slice(1, 5)));
            assertTrue(e.getMessage().contains("partially overlap"), e.getMessage());
        }
    }
}
