package org.dust4j.core.cpu;

import org.dust4j.core.NotPositiveDefiniteException;

/**
 * Dense factorisations on {@link MatrixView}s: recursive (blocked) Cholesky and lower-triangular solves whose
 * bulk of flops runs through {@link Gemm}, in the precision of the data ({@code double[]} or {@code float[]}),
 * and a Householder + QL eigensolver for small symmetric matrices in double precision. Upper-triangular solves
 * are lower ones on reversed views.
 */
final class DenseLinalg {
    /** Matrices up to this order are factored / solved by the unblocked loops. */
    private static final int BLOCK = 32;
    /** Row-block height of the symmetric rank-k update. */
    private static final int SYRK_ROWS = 64;
    /** The QL iteration gives up after this many iterations per matrix order (it takes about 1.5 to 2). */
    private static final int MAX_QL_ITERATIONS_PER_ORDER = 30;
    /** The unit roundoff of double precision, 2⁻⁵². */
    private static final double EPSILON = Math.ulp(1.0);

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
     * Eigen-decomposition of the symmetric n×n matrix whose lower triangle is in {@code a}: Householder reduction to
     * tridiagonal form with the transformations accumulated, then the implicit QL method with Wilkinson-type shifts
     * (the algorithms tred2 and tql2 of EISPACK, Wilkinson and Reinsch, Handbook for Automatic Computation II, 1971),
     * in double precision. Eigenvalues ascending into w[wo ..], eigenvectors as the columns of the row-major n×n
     * matrix at v[vo ..], each scaled so that its component of largest magnitude (the first such) is positive; with
     * {@code toFloat} the magnitudes are compared as rounded to float, so that the convention holds for the float
     * results the caller rounds them to (components that differ in double may tie in float).
     *
     * @throws ArithmeticException when the matrix has a non-finite element or the QL iteration does not converge
     */
    static void symmetricEigen(MatrixView a, int n, long batchIndex, double[] w, int wo, double[] v, int vo,
            boolean toFloat) {
        if (n == 0) {
            return;
        }
        symmetricEigen(a, n, batchIndex, w, wo, v, vo, toFloat, new double[n * n], new double[n], new double[n]);
    }

    /**
     * {@link #symmetricEigen(MatrixView, int, long, double[], int, double[], int, boolean)} with its scratch supplied
     * (z of at least n², d and e of at least n elements; their contents are overwritten), for callers that decompose
     * many small matrices.
     */
    static void symmetricEigen(MatrixView a, int n, long batchIndex, double[] w, int wo, double[] v, int vo,
            boolean toFloat, double[] z, double[] d, double[] e) {
        if (n == 0) {
            return;
        }
        java.util.Arrays.fill(z, 0, n * n, 0.0);
        java.util.Arrays.fill(d, 0, n, 0.0);
        java.util.Arrays.fill(e, 0, n, 0.0);
        double[] ad = (double[]) a.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = ad[a.index(i, j)];
                if (!Double.isFinite(x)) {
                    throw new ArithmeticException("matrix " + batchIndex + " of the batch has the non-finite element "
                            + x + " at (" + i + ", " + j + ")");
                }
                z[j * n + i] = x; // transposed: see tridiagonalise
            }
        }
        tridiagonalise(z, n, d, e);
        ql(z, n, d, e, batchIndex);
        sortAndStore(n, d, z, toFloat, w, wo, v, vo);
    }

    /**
     * Householder reduction (tred2) of the symmetric matrix A to the tridiagonal T = Qᵀ A Q: diagonal into d,
     * subdiagonal into e[1 ..] (e[0] = 0). z is row-major and holds A transposed, i.e. A(i, j) for j ≤ i at
     * z[j n + i] (row j of z is column j of A's lower triangle), so that every inner loop runs along a row of z; on
     * return row j of z is column j of Q. Each step i scales row i of A left of the diagonal by its 1-norm (against
     * under- and overflow) and annihilates it but for its last element; a row that is zero there needs no
     * reflection. The Householder vectors are kept in z's strict lower triangle until Q is accumulated.
     */
    private static void tridiagonalise(double[] z, int n, double[] d, double[] e) {
        int lastColumn = n - 1;
        for (int j = 0; j < n; j++) {
            d[j] = z[j * n + lastColumn];
        }
        for (int i = n - 1; i > 0; i--) {
            int ri = i * n;
            double scale = 0;
            double h = 0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = z[j * n + i - 1];
                    z[j * n + i] = 0;
                    z[ri + j] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = f > 0 ? -Math.sqrt(h) : Math.sqrt(h);
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                java.util.Arrays.fill(e, 0, i, 0);
                // p = A u / h into e (A restricted to rows and columns < i), u = d kept in row i of z
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    z[ri + j] = f;
                    int rj = j * n;
                    e[j] += z[rj + j] * f + CpuReductions.dot(z, rj + j + 1, d, j + 1, i - j - 1);
                    for (int k = j + 1; k < i; k++) {
                        e[k] += z[rj + k] * f;
                    }
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                // A := A - u qᵀ - q uᵀ, q = p - (uᵀp / 2h) u
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    int rj = j * n;
                    for (int k = j; k < i; k++) {
                        z[rj + k] -= f * e[k] + g * d[k];
                    }
                    d[j] = z[rj + i - 1];
                    z[rj + i] = 0;
                }
            }
            d[i] = h;
        }
        // accumulate Q (transposed) from the Householder vectors in the rows of z's strict lower triangle
        for (int i = 0; i < n - 1; i++) {
            int ri = i * n;
            int u = ri + n; // row i + 1
            z[ri + lastColumn] = z[ri + i];
            z[ri + i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = z[u + k] / h;
                }
                for (int j = 0; j <= i; j++) {
                    int rj = j * n;
                    double g = CpuReductions.dot(z, u, z, rj, i + 1);
                    for (int k = 0; k <= i; k++) {
                        z[rj + k] -= g * d[k];
                    }
                }
            }
            java.util.Arrays.fill(z, u, u + i + 1, 0);
        }
        for (int j = 0; j < n; j++) {
            d[j] = z[j * n + lastColumn];
            z[j * n + lastColumn] = 0;
        }
        z[n * n - 1] = 1;
        e[0] = 0;
    }

    /**
     * Implicit QL iteration (tql2) on the tridiagonal matrix with diagonal d and subdiagonal e[1 ..], accumulating
     * the rotations into the rows of z (which hold the columns of the tridiagonalising Q on entry): d becomes the
     * eigenvalues (unsorted) and row j of z the eigenvector of d[j]. An off-diagonal element counts as zero below
     * ε times the largest |d| + |e| met so far, so eigenvalues are accurate to a small multiple of ε ‖A‖.
     */
    private static void ql(double[] z, int n, double[] d, double[] e, long batchIndex) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double shift = 0;
        double largest = 0;
        int iterations = 0;
        for (int l = 0; l < n; l++) {
            largest = Math.max(largest, Math.abs(d[l]) + Math.abs(e[l]));
            while (true) {
                int m = l; // the block l..m is unreduced (its off-diagonal elements are not negligible, so not 0)
                while (Math.abs(e[m]) > EPSILON * largest) {
                    m++; // ends at n - 1 at the latest, where e is 0
                }
                if (m == l) {
                    break;
                }
                if (++iterations > MAX_QL_ITERATIONS_PER_ORDER * n) {
                    throw new ArithmeticException("QL eigensolver did not converge in " + MAX_QL_ITERATIONS_PER_ORDER * n
                            + " iterations for matrix " + batchIndex + " of the batch");
                }
                // shift by the eigenvalue of the leading 2×2 block nearer to d[l]
                double g = d[l];
                double p = (d[l + 1] - g) / (2 * e[l]);
                double r = hypot(p, 1);
                if (p < 0) {
                    r = -r;
                }
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                double dl1 = d[l + 1];
                double h = g - d[l];
                for (int i = l + 2; i < n; i++) {
                    d[i] -= h;
                }
                shift += h;
                // chase the bulge from m up to l by plane rotations
                p = d[m];
                double c = 1;
                double c2 = 1;
                double c3 = 1;
                double el1 = e[l + 1];
                double s = 0;
                double s2 = 0;
                for (int i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    int zi = i * n;
                    int zj = zi + n;
                    for (int k = 0; k < n; k++) {
                        double t = z[zj + k];
                        z[zj + k] = s * z[zi + k] + c * t;
                        z[zi + k] = c * z[zi + k] - s * t;
                    }
                }
                p = -s * s2 * c3 * el1 * (e[l] / dl1); // e[l] / dl1 = 1 / (p + r) first: el1 e[l] may overflow
                e[l] = s * p;
                d[l] = c * p;
            }
            d[l] += shift;
            e[l] = 0;
        }
    }

    /**
     * √(a² + b²): the plain formula where a² + b² is a finite normal number (one rounding more than
     * {@link Math#hypot}, and several times faster), else {@link Math#hypot}, which avoids overflow and underflow.
     */
    private static double hypot(double a, double b) {
        double s = a * a + b * b;
        return s >= Double.MIN_NORMAL && s <= Double.MAX_VALUE ? Math.sqrt(s) : Math.hypot(a, b);
    }

    /**
     * Sorts the eigenpairs (d[j], row j of vec) by ascending eigenvalue (a stable sort) into w and the columns of v,
     * each eigenvector signed so that its first component of largest magnitude (as a float with {@code toFloat}) is
     * positive.
     */
    private static void sortAndStore(int n, double[] d, double[] vec, boolean toFloat, double[] w, int wo, double[] v,
            int vo) {
        // a stable insertion sort by Double.compare: the order a stable library sort would give, without boxing
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int at = i;
            while (at > 0 && Double.compare(d[order[at - 1]], d[i]) > 0) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = i;
        }
        for (int col = 0; col < n; col++) {
            int src = order[col] * n;
            w[wo + col] = d[order[col]];
            int big = 0;
            double bigMagnitude = magnitude(vec[src], toFloat);
            for (int i = 1; i < n; i++) {
                double m = magnitude(vec[src + i], toFloat);
                if (m > bigMagnitude) {
                    big = i;
                    bigMagnitude = m;
                }
            }
            double sign = vec[src + big] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                v[vo + i * n + col] = sign * vec[src + i];
            }
        }
    }

    /** |x|, or |x rounded to float| with {@code toFloat}. */
    private static double magnitude(double x, boolean toFloat) {
        return toFloat ? Math.abs((float) x) : Math.abs(x);
    }
}
