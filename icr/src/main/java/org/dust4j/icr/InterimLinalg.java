package org.dust4j.icr;

import org.dust4j.core.NotPositiveDefiniteException;

/**
 * INTERIM: batched dense linear algebra on host arrays, with the contracts of {@link org.dust4j.core.Backend}'s
 * {@code cholesky}, {@code triangularSolve}, {@code matmul} and {@code symmetricEigen} (batches of row-major
 * matrices). It exists only until core's CPU linear algebra lands; {@link RefinementMatrices} then calls the backend
 * instead and this class is deleted.
 */
final class InterimLinalg {
    private InterimLinalg() {
    }

    /**
     * Lower Cholesky factors of the matrices first … first + count - 1 of [batch, n, n]; throws at the first matrix
     * that is not positive definite, with its index relative to {@code first} (as for a slice of the batch).
     */
    static void cholesky(double[] a, double[] out, int first, int count, int n) {
        for (int b = 0; b < count; b++) {
            int o = (first + b) * n * n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = a[o + i * n + j];
                    for (int k = 0; k < j; k++) {
                        s -= out[o + i * n + k] * out[o + j * n + k];
                    }
                    if (i == j) {
                        if (!(s > 0)) {
                            throw new NotPositiveDefiniteException(b, i, s);
                        }
                        out[o + i * n + i] = Math.sqrt(s);
                    } else {
                        out[o + i * n + j] = s / out[o + j * n + j];
                    }
                }
                for (int j = i + 1; j < n; j++) {
                    out[o + i * n + j] = 0;
                }
            }
        }
    }

    /** Solves L X = B (transpose: Lᵀ X = B) for lower-triangular L [batch, n, n] and B [batch, n, k]. */
    static void solveLower(double[] l, boolean transpose, double[] b, double[] out, int batch, int n, int k) {
        for (int q = 0; q < batch; q++) {
            int lo = q * n * n;
            int bo = q * n * k;
            for (int c = 0; c < k; c++) {
                if (!transpose) {
                    for (int i = 0; i < n; i++) {
                        double s = b[bo + i * k + c];
                        for (int j = 0; j < i; j++) {
                            s -= l[lo + i * n + j] * out[bo + j * k + c];
                        }
                        out[bo + i * k + c] = s / l[lo + i * n + i];
                    }
                } else {
                    for (int i = n - 1; i >= 0; i--) {
                        double s = b[bo + i * k + c];
                        for (int j = i + 1; j < n; j++) {
                            s -= l[lo + j * n + i] * out[bo + j * k + c];
                        }
                        out[bo + i * k + c] = s / l[lo + i * n + i];
                    }
                }
            }
        }
    }

    /** out = aᵀ b for a [batch, k, m], b [batch, k, n], out [batch, m, n]. */
    static void matmulTransposeA(double[] a, double[] b, double[] out, int batch, int k, int m, int n) {
        for (int q = 0; q < batch; q++) {
            int ao = q * k * m;
            int bo = q * k * n;
            int oo = q * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ao + p * m + i] * b[bo + p * n + j];
                    }
                    out[oo + i * n + j] = s;
                }
            }
        }
    }

    /**
     * Eigenvalues (ascending) and eigenvectors (columns) of one symmetric n×n matrix by cyclic Jacobi rotations.
     */
    static void symmetricEigen(double[] a, double[] w, double[] v, int n) {
        double[] m = a.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i * n + j] = i == j ? 1 : 0;
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i * n + i] * m[i * n + i];
                for (int j = i + 1; j < n; j++) {
                    off += m[i * n + j] * m[i * n + j];
                }
            }
            if (off <= 1e-32 * diag || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k * n + p];
                        double mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p * n + k];
                        double mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        // sort ascending
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(m[x * n + x], m[y * n + y]));
        double[] vs = v.clone();
        for (int j = 0; j < n; j++) {
            w[j] = m[order[j] * n + order[j]];
            for (int i = 0; i < n; i++) {
                v[i * n + j] = vs[i * n + order[j]];
            }
        }
    }
}
