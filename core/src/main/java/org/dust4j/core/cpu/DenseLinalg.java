package org.dust4j.core.cpu;

import org.dust4j.core.NotPositiveDefiniteException;

/**
 * Dense factorisations on {@link MatrixView}s: recursive (blocked) Cholesky and lower-triangular solves whose
 * bulk of flops runs through {@link Gemm}, in the precision of the data ({@code double[]} or {@code float[]}),
 * and a cyclic Jacobi eigensolver for small symmetric matrices in double precision. Upper-triangular solves
 * are lower ones on reversed views.
 */
final class DenseLinalg {
    /** Matrices up to this order are factored / solved by the unblocked loops. */
    private static final int BLOCK = 32;
    /** Row-block height of the symmetric rank-k update. */
    private static final int SYRK_ROWS = 64;
    /** Jacobi gives up after this many sweeps (convergence takes some 6 to 12). */
    private static final int MAX_SWEEPS = 100;

    private DenseLinalg() {
    }

    // ---------------------------------------------------------------- Cholesky

    /**
     * Overwrites the lower triangle of the n×n matrix {@code a} with its Cholesky factor L (A = L Lᵀ), reading
     * only the lower triangle. The strict upper triangle is left with scratch values. Pivots are numbered from
     * {@code base}; a pivot that is not positive (or NaN) throws naming {@code batchIndex} and the pivot.
     */
    static void cholesky(MatrixView a, int n, long batchIndex, int base) {
        if (n <= BLOCK) {
            choleskyUnblocked(a, n, batchIndex, base);
            return;
        }
        int n1 = n / 2;
        int n2 = n - n1;
        cholesky(a, n1, batchIndex, base);
        MatrixView a21 = a.at(n1, 0);
        // A21 := A21 L11^-T, i.e. L11 X = A21^T with X = A21^T in place
        solveLower(n1, n2, a, a21.transposed());
        // A22 := A22 - A21 A21^T on the lower triangle
        syrkLower(n2, n1, a21, a.at(n1, n1));
        cholesky(a.at(n1, n1), n2, batchIndex, base + n1);
    }

    private static void choleskyUnblocked(MatrixView a, int n, long batchIndex, int base) {
        if (a.data() instanceof double[] d) {
            for (int j = 0; j < n; j++) {
                int rowJ = a.index(j, 0);
                double pivot = d[a.index(j, j)];
                for (int p = 0; p < j; p++) {
                    double l = d[rowJ + p * a.cs()];
                    pivot -= l * l;
                }
                if (!(pivot > 0)) {
                    throw new NotPositiveDefiniteException(batchIndex, base + j, pivot);
                }
                double ljj = Math.sqrt(pivot);
                d[a.index(j, j)] = ljj;
                for (int i = j + 1; i < n; i++) {
                    int rowI = a.index(i, 0);
                    double s = d[rowI + j * a.cs()];
                    for (int p = 0; p < j; p++) {
                        s -= d[rowI + p * a.cs()] * d[rowJ + p * a.cs()];
                    }
                    d[rowI + j * a.cs()] = s / ljj;
                }
            }
        } else {
            float[] f = (float[]) a.data(); // the FLOAT32 twin of the loop above
            for (int j = 0; j < n; j++) {
                int rowJ = a.index(j, 0);
                float pivot = f[a.index(j, j)];
                for (int p = 0; p < j; p++) {
                    float l = f[rowJ + p * a.cs()];
                    pivot -= l * l;
                }
                if (!(pivot > 0)) {
                    throw new NotPositiveDefiniteException(batchIndex, base + j, pivot);
                }
                float ljj = (float) Math.sqrt(pivot);
                f[a.index(j, j)] = ljj;
                for (int i = j + 1; i < n; i++) {
                    int rowI = a.index(i, 0);
                    float s = f[rowI + j * a.cs()];
                    for (int p = 0; p < j; p++) {
                        s -= f[rowI + p * a.cs()] * f[rowJ + p * a.cs()];
                    }
                    f[rowI + j * a.cs()] = s / ljj;
                }
            }
        }
    }

    /** C := C - A Aᵀ on the lower triangle of the n×n matrix C (plus scratch above the diagonal); A is n×k. */
    private static void syrkLower(int n, int k, MatrixView a, MatrixView c) {
        int blocks = (int) Gemm.ceilDiv(n, SYRK_ROWS);
        long flops = (long) SYRK_ROWS * n * k; // average block: half of 2·rows·n·k
        Parallel.forRange(blocks, Math.max(1, Gemm.TASK_FLOPS / Math.max(1, flops)), (from, to) -> {
            for (int blk = (int) from; blk < to; blk++) {
                int i0 = blk * SYRK_ROWS;
                int i1 = Math.min(n, i0 + SYRK_ROWS);
                Gemm.multiply(i1 - i0, i1, k, -1, a.at(i0, 0), a.transposed(), true, c.at(i0, 0));
            }
        });
    }

    // ---------------------------------------------------------------- triangular solves

    /**
     * Solves L X = B in place for the lower-triangular n×n matrix L (only its lower triangle is read) and the
     * n×k matrix B held in x; columns of B are split over the pool.
     */
    static void solveLower(int n, int k, MatrixView l, MatrixView x) {
        long flops = Math.max(1, (long) n * n);
        Parallel.forRange(k, Math.max(Gemm.panelWidth(x.data()), Gemm.TASK_FLOPS / flops),
                (from, to) -> solveLowerBlocked(n, (int) (to - from), l, x.at(0, (int) from)));
    }

    /** Solves U X = B in place for the upper-triangular U (only its upper triangle is read): L X' = B' reversed. */
    static void solveUpper(int n, int k, MatrixView u, MatrixView x) {
        if (n > 0) {
            solveLower(n, k, u.reversed(n), x.reversedRows(n));
        }
    }

    private static void solveLowerBlocked(int n, int k, MatrixView l, MatrixView x) {
        if (n <= BLOCK) {
            solveLowerUnblocked(n, k, l, x);
            return;
        }
        int n1 = n / 2;
        solveLowerBlocked(n1, k, l, x);
        Gemm.multiplyParallel(n - n1, k, n1, -1, l.at(n1, 0), x, true, x.at(n1, 0));
        solveLowerBlocked(n - n1, k, l.at(n1, n1), x.at(n1, 0));
    }

    private static void solveLowerUnblocked(int n, int k, MatrixView l, MatrixView x) {
        if (x.cs() == 1) {
            solveLowerByRows(n, k, l, x);
            return;
        }
        if (x.data() instanceof double[] xd) {
            double[] ld = (double[]) l.data();
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    int li = l.index(i, 0);
                    double s = xd[x.index(i, j)];
                    for (int p = 0; p < i; p++) {
                        s -= ld[li + p * l.cs()] * xd[x.index(p, j)];
                    }
                    xd[x.index(i, j)] = s / ld[li + i * l.cs()];
                }
            }
        } else {
            float[] xf = (float[]) x.data(); // the FLOAT32 twin of the loop above
            float[] lf = (float[]) l.data();
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    int li = l.index(i, 0);
                    float s = xf[x.index(i, j)];
                    for (int p = 0; p < i; p++) {
                        s -= lf[li + p * l.cs()] * xf[x.index(p, j)];
                    }
                    xf[x.index(i, j)] = s / lf[li + i * l.cs()];
                }
            }
        }
    }

    /**
     * {@link #solveLowerUnblocked} for an X with unit column stride: row i of X is updated by whole rows,
     * X[i, :] −= L(i, p) X[p, :] for p &lt; i, each a vector multiply-add of the {@link Gemm} kernel, then divided by
     * L(i, i): per element the operations of the loop by columns in the same order, as fused multiply-adds.
     */
    private static void solveLowerByRows(int n, int k, MatrixView l, MatrixView x) {
        Gemm.Kernel kernel = Gemm.Kernel.of(x.data());
        for (int i = 0; i < n; i++) {
            int xi = x.index(i, 0);
            for (int p = 0; p < i; p++) {
                kernel.axpy(-element(l, i, p), x.data(), x.index(p, 0), x.data(), xi, k);
            }
            if (x.data() instanceof double[] xd) {
                double d = element(l, i, i);
                for (int j = 0; j < k; j++) {
                    xd[xi + j] /= d;
                }
            } else {
                float[] xf = (float[]) x.data();
                float d = (float) element(l, i, i);
                for (int j = 0; j < k; j++) {
                    xf[xi + j] /= d;
                }
            }
        }
    }

    /** Element (i, j) of a matrix of doubles or floats. */
    private static double element(MatrixView m, int i, int j) {
        return m.data() instanceof double[] d ? d[m.index(i, j)] : ((float[]) m.data())[m.index(i, j)];
    }

    // ---------------------------------------------------------------- symmetric eigenproblem

    /**
     * Eigen-decomposition of the symmetric n×n matrix whose lower triangle is in {@code a} by the cyclic Jacobi
     * method with thresholds (Rutishauser, Handbook for Automatic Computation II, 1971): eigenvalues ascending
     * into w[wo ..], eigenvectors as the columns of the row-major n×n matrix at v[vo ..], each scaled so that its
     * component of largest magnitude (the first such) is positive.
     *
     * @throws ArithmeticException when the matrix has a non-finite element or the sweeps do not converge
     */
    static void symmetricEigen(MatrixView a, int n, long batchIndex, double[] w, int wo, double[] v, int vo) {
        double[] m = new double[n * n]; // upper triangle holds the iterate
        double[] ad = (double[]) a.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double e = ad[a.index(i, j)];
                if (!Double.isFinite(e)) {
                    throw new ArithmeticException("matrix " + batchIndex + " of the batch has the non-finite element "
                            + e + " at (" + i + ", " + j + ")");
                }
                m[j * n + i] = e;
            }
        }
        double[] vec = new double[n * n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            vec[i * n + i] = 1;
            d[i] = m[i * n + i];
        }
        jacobi(m, n, d, vec, batchIndex);
        sortAndStore(n, d, vec, w, wo, v, vo);
    }

    private static void jacobi(double[] m, int n, double[] d, double[] vec, long batchIndex) {
        double[] b = d.clone();
        double[] z = new double[n];
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += Math.abs(m[p * n + q]);
                }
            }
            if (off == 0) {
                return;
            }
            double threshold = sweep < 3 ? 0.2 * off / ((double) n * n) : 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    double g = 100 * Math.abs(apq);
                    if (sweep > 3 && Math.abs(d[p]) + g == Math.abs(d[p]) && Math.abs(d[q]) + g == Math.abs(d[q])) {
                        m[p * n + q] = 0; // negligible against both diagonal elements
                    } else if (Math.abs(apq) > threshold) {
                        double h = d[q] - d[p];
                        double t;
                        if (Math.abs(h) + g == Math.abs(h)) {
                            t = apq / h;
                        } else {
                            double theta = 0.5 * h / apq;
                            t = 1 / (Math.abs(theta) + Math.hypot(1, theta));
                            if (theta < 0) {
                                t = -t;
                            }
                        }
                        double c = 1 / Math.sqrt(1 + t * t);
                        double s = t * c;
                        double tau = s / (1 + c);
                        h = t * apq;
                        z[p] -= h;
                        z[q] += h;
                        d[p] -= h;
                        d[q] += h;
                        m[p * n + q] = 0;
                        for (int j = 0; j < p; j++) {
                            rotate(m, j * n + p, j * n + q, s, tau);
                        }
                        for (int j = p + 1; j < q; j++) {
                            rotate(m, p * n + j, j * n + q, s, tau);
                        }
                        for (int j = q + 1; j < n; j++) {
                            rotate(m, p * n + j, q * n + j, s, tau);
                        }
                        for (int j = 0; j < n; j++) {
                            rotate(vec, j * n + p, j * n + q, s, tau);
                        }
                    }
                }
            }
            for (int p = 0; p < n; p++) {
                b[p] += z[p];
                d[p] = b[p];
                z[p] = 0;
            }
        }
        throw new ArithmeticException("Jacobi eigensolver did not converge in " + MAX_SWEEPS + " sweeps for matrix "
                + batchIndex + " of the batch");
    }

    /** The plane rotation of elements x[i], x[j] by (c, s), written with tau = s / (1 + c). */
    private static void rotate(double[] x, int i, int j, double s, double tau) {
        double g = x[i];
        double h = x[j];
        x[i] = g - s * (h + g * tau);
        x[j] = h + s * (g - h * tau);
    }

    private static void sortAndStore(int n, double[] d, double[] vec, double[] w, int wo, double[] v, int vo) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        for (int col = 0; col < n; col++) {
            int src = order[col];
            w[wo + col] = d[src];
            int big = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(vec[i * n + src]) > Math.abs(vec[big * n + src])) {
                    big = i;
                }
            }
            double sign = vec[big * n + src] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                v[vo + i * n + col] = sign * vec[i * n + src];
            }
        }
    }
}
