package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link SmallDense}: the factor and the solution are right (Uᵀ U = A, U Y = B), a failing pivot is reported by its
 * row, the strict lower triangle is left alone, the factor has the bits of the textbook right-looking lower
 * factorisation (the order the class documents), and the vector loops give the scalar loops' bits (this class also
 * runs in core's scalar JVMs, where {@link SmallDense} takes the scalar loops).
 */
class SmallDenseTest {
    /** A random symmetric positive definite m × m matrix, row-major, with NaN in its strict lower triangle. */
    private static double[] spd(int m, Random rnd) {
        double[] g = new double[m * m];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        double[] a = new double[m * m + SmallDense.PADDING];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = i == j ? m : 0;
                for (int k = 0; k < m; k++) {
                    s += g[i * m + k] * g[j * m + k];
                }
                a[i * m + j] = j >= i ? s : Double.NaN;
            }
        }
        return a;
    }

    /** The right-looking lower factorisation of the transposed matrix, as a reference for the bits. */
    private static double[] rightLookingLower(double[] upper, int m) {
        double[] x = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                x[i * m + j] = upper[j * m + i];
            }
        }
        double[] col = new double[m];
        for (int k = 0; k < m; k++) {
            double lkk = Math.sqrt(x[k * m + k]);
            double inv = 1 / lkk;
            x[k * m + k] = lkk;
            for (int i = k + 1; i < m; i++) {
                col[i] = x[i * m + k] * inv;
                x[i * m + k] = col[i];
            }
            for (int i = k + 1; i < m; i++) {
                for (int j = k + 1; j <= i; j++) {
                    x[i * m + j] -= col[i] * col[j];
                }
            }
        }
        return x;
    }

    @Test
    void factorsAndSolves() {
        Random rnd = new Random(3);
        for (int m = 1; m <= 40; m++) {
            double[] a = spd(m, rnd);
            double[] u = a.clone();
            assertEquals(-1, SmallDense.choleskyUpper(u, m), "m = " + m);
            double[] lower = rightLookingLower(a, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (j < i) {
                        assertTrue(Double.isNaN(u[i * m + j]), "lower triangle written at " + i + ", " + j);
                        continue;
                    }
                    double s = 0;
                    for (int k = 0; k <= i; k++) {
                        s += u[k * m + i] * u[k * m + j];
                    }
                    assertEquals(a[i * m + j], s, 1e-12 * m * m, "(Uᵀ U)[" + i + "][" + j + "], m = " + m);
                    assertEquals(Double.doubleToRawLongBits(lower[j * m + i]), Double.doubleToRawLongBits(u[i * m + j]),
                            "bits of U[" + i + "][" + j + "], m = " + m);
                }
            }
            for (int p : new int[] {m, (m + 1) / 2}) {
                for (int w : new int[] {1, 3, 8, 9, 17}) {
                    double[] b = new double[p * w];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = rnd.nextGaussian();
                    }
                    double[] y = b.clone();
                    SmallDense.solveUpper(u, m, p, y, w);
                    for (int q = 0; q < p; q++) {
                        for (int j = 0; j < w; j++) {
                            double s = 0;
                            for (int k = q; k < p; k++) {
                                s += u[q * m + k] * y[k * w + j];
                            }
                            assertEquals(b[q * w + j], s, 1e-10, "(U Y)[" + q + "][" + j + "], m = " + m);
                        }
                    }
                }
            }
        }
    }

    @Test
    void reportsTheFailingRow() {
        Random rnd = new Random(4);
        double[] a = spd(12, rnd);
        a[7 * 12 + 7] = -1e6; // row 7's pivot cannot be positive
        assertEquals(7, SmallDense.choleskyUpper(a.clone(), 12));
        double[] nan = spd(5, rnd);
        nan[0] = Double.NaN;
        assertEquals(0, SmallDense.choleskyUpper(nan, 5));
        assertThrows(IllegalArgumentException.class, () -> SmallDense.choleskyUpper(new double[8], 3));
        assertThrows(IllegalArgumentException.class, () -> SmallDense.solveUpper(new double[9], 3, 3, new double[5], 2));
    }

    @Test
    void theVectorLoopsGiveTheScalarBits() {
        assumeTrue(ModuleLayer.boot().findModule(Simd.MODULE).isPresent(), "needs " + Simd.MODULE);
        Random rnd = new Random(5);
        for (int m = 1; m <= 40; m++) {
            double[] a = spd(m, rnd);
            if (m % 7 == 0) {
                a[(m / 2) * m + m / 2] = 0; // fails half-way: the finished rows must agree too
            }
            double[] s = a.clone();
            double[] v = a.clone();
            assertEquals(SmallDense.choleskyUpperScalar(s, m), SimdSmallDense.choleskyUpper(v, m));
            assertArrayEquals(s, v, 0.0, "m = " + m);
            if (m % 7 == 0) {
                continue;
            }
            for (int w : new int[] {1, 5, 8, 16, 19}) {
                double[] b = new double[m * w];
                for (int i = 0; i < b.length; i++) {
                    b[i] = rnd.nextGaussian();
                }
                double[] ys = b.clone();
                double[] yv = b.clone();
                SmallDense.solveUpperScalar(s, m, m, ys, w);
                SimdSmallDense.solveUpper(s, m, m, yv, w);
                assertArrayEquals(ys, yv, 0.0, "m = " + m + ", w = " + w);
            }
        }
    }

    @Test
    void theEigenDecompositionIsTheBackendsBitForBit() {
        Random rnd = new Random(6);
        org.dust4j.core.Backend cpu = org.dust4j.core.Backends.cpu();
        for (int n : new int[] {1, 2, 8, 27}) {
            double[] a = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i * n + j] = rnd.nextGaussian();
                    a[j * n + i] = a[i * n + j];
                }
            }
            if (n == 27) {
                for (int i = 0; i < n; i++) { // rank 1 plus tiny noise: the ill-conditioned case the fallbacks meet
                    for (int j = 0; j < n; j++) {
                        a[i * n + j] = 1 + (i == j ? 1e-14 : 0);
                    }
                }
            }
            double[] w = new double[n];
            double[] v = new double[n * n];
            double[] before = a.clone();
            SmallDense.symmetricEigen(a, n, w, v);
            assertArrayEquals(before, a, 0.0, "a changed");
            try (org.dust4j.core.Tensor t = cpu.fromHost(a, org.dust4j.core.DType.FLOAT64, org.dust4j.core.Shape.of(n, n));
                 org.dust4j.core.Tensor tw = cpu.zeros(org.dust4j.core.DType.FLOAT64, org.dust4j.core.Shape.of(n));
                 org.dust4j.core.Tensor tv = cpu.zeros(org.dust4j.core.DType.FLOAT64, org.dust4j.core.Shape.of(n, n))) {
                cpu.symmetricEigen(t, tw, tv);
                assertArrayEquals(tw.toDoubleArray(), w, 0.0, "eigenvalues, n = " + n);
                assertArrayEquals(tv.toDoubleArray(), v, 0.0, "eigenvectors, n = " + n);
            }
            for (int i = 0; i < n; i++) { // A v_j = w_j v_j
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += a[i * n + k] * v[k * n + j];
                    }
                    assertEquals(w[j] * v[i * n + j], s, 1e-12 * n, "(A V − V W)[" + i + "][" + j + "]");
                }
            }
        }
    }
}
