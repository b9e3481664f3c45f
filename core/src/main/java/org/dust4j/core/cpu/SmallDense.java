package org.dust4j.core.cpu;

/**
 * Factorisations of small dense float64 matrices held in a plain row-major {@code double[]}, for callers that factor
 * many of them one at a time (a few dozen rows each, e.g. the covariance of one refinement window), where a
 * {@link org.dust4j.core.Tensor} per matrix would cost more than the arithmetic.
 *
 * <p>The factor is upper triangular, U = Lᵀ (A = Uᵀ U), so that the rows the algorithms run along are contiguous: the
 * factorisation is left-looking, row j of U being row j of A less the rows above it, which a vector loop keeps in
 * registers. Each operation has one order of arithmetic, done either by scalar loops or, where the CPU backend's vector
 * matrix kernels are on ({@code Simd.GEMM}: module {@code jdk.incubator.vector} resolved, not switched off with
 * {@code -Ddust4j.cpu.simd=false}), a vector at a time on the incubating Vector API with a masked last vector per row;
 * the vector loops do the scalar loops' operations element by element, in the same order and without fused
 * multiply-adds, so both give the same bits (tested in both kinds of JVM). The order is that of the textbook
 * right-looking factorisation, each element having its updates subtracted in ascending order of the eliminated column.
 * A vector that would reach past the end of its array makes the Vector API check each lane on its own, which is slow,
 * so callers that factor many matrices should give every array {@link #PADDING} spare elements at its end (read but
 * never written).
 */
public final class SmallDense {
    /** Spare elements at the end of an array that keep the vector loops on their fast path (the widest vector). */
    public static final int PADDING = 8;

    private SmallDense() {
    }

    /**
     * In-place Cholesky factorisation A = Uᵀ U of the symmetric m × m matrix given by the upper triangle of the
     * row-major x (stride m): row j of U is (a_ji − Σ_{k&lt;j} u_ki u_kj, k ascending) / u_jj for i ≥ j, with
     * u_jj = √(a_jj − Σ_{k&lt;j} u_kj²) and the division done as a multiplication by 1/u_jj; the strict lower triangle is
     * neither read nor written.
     *
     * @return the first row whose pivot is not &gt; 0 (or NaN), or -1 if the factorisation succeeded; the rows before a
     *         failed one hold their final factor
     */
    public static int choleskyUpper(double[] x, int m) {
        check(x.length >= m * m, "choleskyUpper", m);
        return Simd.GEMM ? SimdSmallDense.choleskyUpper(x, m) : choleskyUpperScalar(x, m);
    }

    static int choleskyUpperScalar(double[] x, int m) {
        for (int j = 0; j < m; j++) {
            int rj = j * m;
            double pivot = x[rj + j];
            for (int k = 0; k < j; k++) {
                double ukj = x[k * m + j];
                pivot -= ukj * ukj;
            }
            if (!(pivot > 0)) {
                return j;
            }
            double ujj = Math.sqrt(pivot);
            double inv = 1 / ujj;
            x[rj + j] = ujj;
            for (int i = j + 1; i < m; i++) {
                double v = x[rj + i];
                for (int k = 0; k < j; k++) {
                    v -= x[k * m + i] * x[k * m + j];
                }
                x[rj + i] = v * inv;
            }
        }
        return -1;
    }

    /**
     * Solves U Y = B in place for Y, with U the leading p × p upper triangle of the row-major x (stride m) and B, p × w,
     * in b (row k at b[k·w …]): back substitution, y_q = (b_q − Σ_{k&gt;q} u_qk y_k, k descending) / u_qq.
     */
    public static void solveUpper(double[] x, int m, int p, double[] b, int w) {
        check(p <= m && x.length >= m * m && b.length >= p * w, "solveUpper", m);
        if (Simd.GEMM) {
            SimdSmallDense.solveUpper(x, m, p, b, w);
        } else {
            solveUpperScalar(x, m, p, b, w);
        }
    }

    static void solveUpperScalar(double[] x, int m, int p, double[] b, int w) {
        for (int q = p - 1; q >= 0; q--) {
            int bq = q * w;
            double uqq = x[q * m + q];
            for (int j = 0; j < w; j++) {
                double v = b[bq + j];
                for (int k = p - 1; k > q; k--) {
                    v -= x[q * m + k] * b[k * w + j];
                }
                b[bq + j] = v / uqq;
            }
        }
    }

    /**
     * The eigen-decomposition A = V W Vᵀ of the symmetric n × n matrix whose lower triangle is in the row-major a
     * (stride n; a is not changed): the eigenvalues ascending into w[0 … n), the eigenvectors as the columns of the
     * row-major v (n × n), each signed so that its first component of largest magnitude is positive. The same
     * computation, and bits, as the CPU backend's {@code symmetricEigen} on a float64 tensor (Householder
     * tridiagonalisation and implicit QL), without the tensors.
     *
     * @throws ArithmeticException when the matrix has a non-finite element or the QL iteration does not converge
     */
    public static void symmetricEigen(double[] a, int n, double[] w, double[] v) {
        symmetricEigen(a, n, w, v, new EigenScratch(n));
    }

    /** {@link #symmetricEigen(double[], int, double[], double[])} with reusable scratch (for n up to its size). */
    public static void symmetricEigen(double[] a, int n, double[] w, double[] v, EigenScratch scratch) {
        check(a.length >= n * n && w.length >= n && v.length >= n * n && scratch.d.length >= n, "symmetricEigen", n);
        DenseLinalg.symmetricEigen(MatrixView.rowMajor(a, 0, n), n, 0, w, 0, v, 0, false, scratch.z, scratch.d,
                scratch.e);
    }

    /**
     * The working arrays of {@link #symmetricEigen(double[], int, double[], double[], EigenScratch)} for matrices of up
     * to n × n: one per thread, so that decomposing many small matrices allocates only the n ints of each sort order
     * (in a fresh JVM, memory that is allocated, and first touched, costs page faults as well as collections).
     */
    public static final class EigenScratch {
        private final double[] z;
        private final double[] d;
        private final double[] e;

        /** Scratch for matrices of up to n × n. */
        public EigenScratch(int n) {
            this.z = new double[n * n];
            this.d = new double[n];
            this.e = new double[n];
        }
    }

    private static void check(boolean ok, String what, int m) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": arrays too short for a " + m + " × " + m + " matrix");
        }
    }
}
