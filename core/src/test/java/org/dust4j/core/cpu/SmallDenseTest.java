package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link SmallDense}: the factor and the solution are right (L Lᵀ = A, Lᵀ Y = B), a failing pivot is reported by its
 * column, the strict upper triangle is left alone, and the vector loops give the scalar loops' bits (this class also
 * runs in core's scalar JVMs, where {@link SmallDense} takes the scalar loops).
 */
class SmallDenseTest {
    /** A random symmetric positive definite m × m matrix, row-major, with NaN in its strict upper triangle. */
    private static double[] spd(int m, Random rnd) {
        double[] g = new double[m * m];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        double[] a = new double[m * m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double s = i == j ? m : 0;
                for (int k = 0; k < m; k++) {
                    s += g[i * m + k] * g[j * m + k];
                }
                a[i * m + j] = j <= i ? s : Double.NaN;
            }
        }
        return a;
    }

    @Test
    void factorsAndSolves() {
        Random rnd = new Random(3);
        for (int m = 1; m <= 40; m++) {
            double[] a = spd(m, rnd);
            double[] l = a.clone();
            assertEquals(-1, SmallDense.cholesky(l, m, new double[m]), "m = " + m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (j > i) {
                        assertTrue(Double.isNaN(l[i * m + j]), "upper triangle written at " + i + ", " + j);
                        continue;
                    }
                    double s = 0;
                    for (int k = 0; k <= j; k++) {
                        s += l[i * m + k] * l[j * m + k];
                    }
                    assertEquals(a[i * m + j], s, 1e-12 * m * m, "(L Lᵀ)[" + i + "][" + j + "], m = " + m);
                }
            }
            for (int p : new int[] {m, (m + 1) / 2}) {
                for (int w : new int[] {1, 3, 8, 9, 17}) {
                    double[] b = new double[p * w];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = rnd.nextGaussian();
                    }
                    double[] y = b.clone();
                    SmallDense.solveTransposedLower(l, m, p, y, w);
                    for (int k = 0; k < p; k++) {
                        for (int j = 0; j < w; j++) {
                            double s = 0;
                            for (int i = k; i < p; i++) {
                                s += l[i * m + k] * y[i * w + j];
                            }
                            assertEquals(b[k * w + j], s, 1e-10, "(Lᵀ Y)[" + k + "][" + j + "], m = " + m);
                        }
                    }
                }
            }
        }
    }

    @Test
    void reportsTheFailingColumn() {
        Random rnd = new Random(4);
        double[] a = spd(12, rnd);
        a[7 * 12 + 7] = -1e6; // column 7's pivot cannot be positive
        double[] l = a.clone();
        assertEquals(7, SmallDense.cholesky(l, 12, new double[12]));
        double[] nan = spd(5, rnd);
        nan[0] = Double.NaN;
        assertEquals(0, SmallDense.cholesky(nan, 5, new double[5]));
        assertThrows(IllegalArgumentException.class, () -> SmallDense.cholesky(new double[8], 3, new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> SmallDense.solveTransposedLower(new double[9], 3, 3, new double[5], 2));
    }

    @Test
    void theVectorLoopsGiveTheScalarBits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ModuleLayer.boot().findModule(Simd.MODULE).isPresent(),
                "needs " + Simd.MODULE);
        Random rnd = new Random(5);
        for (int m = 1; m <= 40; m++) {
            double[] a = spd(m, rnd);
            if (m % 7 == 0) {
                a[(m / 2) * m + m / 2] = 0; // fails half-way: the finished columns must agree too
            }
            double[] s = a.clone();
            double[] v = a.clone();
            assertEquals(SmallDense.choleskyScalar(s, m, new double[m]), SimdSmallDense.cholesky(v, m, new double[m]));
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
                SmallDense.solveTransposedLowerScalar(s, m, m, ys, w);
                SimdSmallDense.solveTransposedLower(s, m, m, yv, w);
                assertArrayEquals(ys, yv, 0.0, "m = " + m + ", w = " + w);
            }
        }
    }
}
