package org.dust4j.core.cpu;

/**
 * Factorisations of small dense float64 matrices held in a plain row-major {@code double[]}, for callers that factor
 * many of them one at a time (a few dozen rows each, e.g. the covariance of one refinement window), where a
 * {@link org.dust4j.core.Tensor} per matrix would cost more than the arithmetic.
 *
 * <p>Each operation has one order of arithmetic, done either by scalar loops or, where the CPU backend's vector matrix
 * kernels are on ({@code Simd.GEMM}: module {@code jdk.incubator.vector} resolved, not switched off with
 * {@code -Ddust4j.cpu.simd=false}), a vector at a time on the incubating Vector API with masked tails; the vector
 * loops do the scalar loops' operations element by element, in the same order and without fused multiply-adds, so
 * both give the same bits (tested in both kinds of JVM).
 */
public final class SmallDense {
    private SmallDense() {
    }

    /**
     * In-place Cholesky factorisation L Lᵀ of the lower triangle of the m × m row-major matrix x (stride m): after
     * each column the trailing rows are updated, x[i][j] −= l_ik·l_jk for k &lt; j ≤ i, k ascending; the strict upper
     * triangle is neither read nor written.
     *
     * @param col scratch of length ≥ m
     * @return the first column whose pivot is not &gt; 0 (or NaN), or -1 if the factorisation succeeded; the columns
     *         before a failed one hold their final factor
     */
    public static int cholesky(double[] x, int m, double[] col) {
        check(x.length >= m * m && col.length >= m, "cholesky", m);
        return Simd.GEMM ? SimdSmallDense.cholesky(x, m, col) : choleskyScalar(x, m, col);
    }

    static int choleskyScalar(double[] x, int m, double[] col) {
        for (int k = 0; k < m; k++) {
            double pivot = x[k * m + k];
            if (!(pivot > 0)) {
                return k;
            }
            double lkk = Math.sqrt(pivot);
            double inv = 1 / lkk;
            x[k * m + k] = lkk;
            for (int i = k + 1; i < m; i++) {
                double v = x[i * m + k] * inv;
                x[i * m + k] = v;
                col[i] = v;
            }
            for (int i = k + 1; i < m; i++) {
                double lik = col[i];
                int ri = i * m;
                for (int j = k + 1; j <= i; j++) {
                    x[ri + j] -= lik * col[j];
                }
            }
        }
        return -1;
    }

    /**
     * Solves Lᵀ Y = B in place for Y, with L the leading p × p lower triangle of the row-major x (stride m) and B,
     * p × w, in b (row k at b[k·w …]): back substitution, b[k] /= l_kk, then b[q] −= l_kq·b[k] for q &lt; k, k
     * descending.
     */
    public static void solveTransposedLower(double[] x, int m, int p, double[] b, int w) {
        check(p <= m && x.length >= m * m && b.length >= p * w, "solveTransposedLower", m);
        if (Simd.GEMM) {
            SimdSmallDense.solveTransposedLower(x, m, p, b, w);
        } else {
            solveTransposedLowerScalar(x, m, p, b, w);
        }
    }

    static void solveTransposedLowerScalar(double[] x, int m, int p, double[] b, int w) {
        for (int k = p - 1; k >= 0; k--) {
            double lkk = x[k * m + k];
            int bk = k * w;
            for (int j = 0; j < w; j++) {
                b[bk + j] /= lkk;
            }
            for (int q = 0; q < k; q++) {
                double lkq = x[k * m + q];
                int bq = q * w;
                for (int j = 0; j < w; j++) {
                    b[bq + j] -= lkq * b[bk + j];
                }
            }
        }
    }

    private static void check(boolean ok, String what, int m) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": arrays too short for a " + m + " × " + m + " matrix");
        }
    }
}
