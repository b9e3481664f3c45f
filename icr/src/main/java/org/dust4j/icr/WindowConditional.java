package org.dust4j.icr;

import org.dust4j.core.cpu.SmallDense;

/**
 * The refinement matrices of one window in float64, from the positions of its nc coarse and nf fine points: the
 * kriging filter R = C_fc C_cc⁻¹ [nf × nc] and a square root D [nf × nf] of the Schur complement
 * S = C_ff - C_fc C_cc⁻¹ C_cf.
 *
 * <p>One Cholesky factorisation of the joint covariance of the window's points gives both:
 * <pre>
 *   [C_cc C_cf]   [L11   0 ] [L11ᵀ L21ᵀ]
 *   [C_fc C_ff] = [L21  L22] [ 0   L22ᵀ],   L21 = C_fc L11⁻ᵀ,  L22 L22ᵀ = C_ff - L21 L21ᵀ = S,
 * </pre>
 * so D = L22 and R = L21 L11⁻¹ (nf back substitutions with L11ᵀ). The joint covariance is held as a full symmetric
 * matrix; core's {@link SmallDense#choleskyUpper} factors its upper triangle into U = Lᵀ (rows contiguous, vector
 * loops) and leaves the lower triangle, the covariances, for the fallbacks.
 *
 * <p>Fallbacks (counted by the caller from the returned flags): if a pivot of the C_cc block is not positive, R and S
 * come from the pseudo-inverse of C_cc (its eigendecomposition, eigenvalues below nc·ε·w_max dropped); if S is not
 * numerically positive definite, D = V·diag(√max(w, 0)) from S = V W Vᵀ. A pivot "fails" exactly as in the CPU
 * backend's Cholesky: when it is not &gt; 0 (or NaN).
 *
 * <p>An instance holds scratch arrays: use one per thread.
 */
final class WindowConditional {
    /** Flag: C_cc was not numerically positive definite; R and S come from its pseudo-inverse. */
    static final int COARSE_FALLBACK = 1;
    /** Flag: S was not numerically positive definite; D is its eigen square root. */
    static final int SCHUR_FALLBACK = 2;

    private final int nc;
    private final int nf;
    private final int n;
    private final int dim;
    /** The joint covariance (row-major n × n), then its Cholesky factor Lᵀ in the upper triangle. */
    private final double[] a;
    /** Rᵀ [nc × nf] while it is solved for. */
    private final double[] rt;
    /** The squared distances of the point pairs (i, j &lt; i) in row order. */
    private final double[] pairs;
    /** Their covariances. */
    private final double[] pairCovariances;
    /** The positions one axis after the other: coordinate c of point i at c·n + i. */
    private final double[] axes;
    /** The kernel's variance k(0) of the window being computed. */
    private double variance;
    /** The fallbacks' working arrays, made at the first fallback. */
    private Fallback fallback;

    /**
     * The fallbacks' working arrays: a kernel that sends many classes to the fallbacks would otherwise allocate some
     * 30 KB per class, gigabytes per dust-map level, which in a fresh JVM costs page faults as well as collections.
     */
    private static final class Fallback {
        final double[] ccc;
        final double[] w;
        final double[] v;
        final double[] inv;
        final double[] yt;
        final double[] vwt;
        final double[] s;
        final double[] u;
        final double[] sw;
        final double[] sv;
        final SmallDense.EigenScratch eigen;

        Fallback(int nc, int nf) {
            ccc = new double[nc * nc];
            w = new double[nc];
            v = new double[nc * nc];
            inv = new double[nc];
            yt = new double[nf * nc];
            vwt = new double[nc * nc];
            s = new double[nf * nf];
            u = new double[nf * nf + SmallDense.PADDING];
            sw = new double[nf];
            sv = new double[nf * nf];
            eigen = new SmallDense.EigenScratch(Math.max(nc, nf));
        }
    }

    private Fallback fallback() {
        if (fallback == null) {
            fallback = new Fallback(nc, nf);
        }
        return fallback;
    }

    /**
     * @param nc  coarse points per window
     * @param nf  fine points per window
     * @param dim coordinates per position
     */
    WindowConditional(int nc, int nf, int dim) {
        this.nc = nc;
        this.nf = nf;
        this.n = nc + nf;
        this.dim = dim;
        this.a = new double[n * n + SmallDense.PADDING];
        this.rt = new double[nc * nf + SmallDense.PADDING];
        this.pairs = new double[n * (n - 1) / 2 + SmallDense.PADDING];
        this.pairCovariances = new double[pairs.length];
        this.axes = new double[dim * n];
    }

    /**
     * Computes the matrices of the window whose positions are pos[(nc + nf) × dim] (coarse points first).
     *
     * @param r  receives R at r[ro …] ([nf × nc] row-major)
     * @param d  receives D at d[dOff …] ([nf × nf] row-major; lower triangular unless the Schur fallback was needed)
     * @return a combination of {@link #COARSE_FALLBACK} and {@link #SCHUR_FALLBACK}, 0 if none was needed
     */
    int compute(Kernel kernel, double[] pos, double[] r, int ro, double[] d, int dOff) {
        assemble(kernel, pos);
        int failed = SmallDense.choleskyUpper(a, n);
        if (failed >= 0 && failed < nc) {
            return pseudoInverse(r, ro, d, dOff);
        }
        // R L11 = L21, i.e. U11 Rᵀ = L21ᵀ = U12 (U = Lᵀ): back substitution on all nf columns of Rᵀ at once
        for (int k = 0; k < nc; k++) {
            System.arraycopy(a, k * n + nc, rt, k * nf, nf);
        }
        SmallDense.solveUpper(a, n, nc, rt, nf);
        for (int j = 0; j < nf; j++) {
            for (int k = 0; k < nc; k++) {
                r[ro + j * nc + k] = rt[k * nf + j];
            }
        }
        if (failed < 0) {
            for (int j = 0; j < nf; j++) {
                for (int q = 0; q < nf; q++) {
                    d[dOff + j * nf + q] = q <= j ? a[(nc + q) * n + nc + j] : 0; // L22 = U22ᵀ
                }
            }
            return 0;
        }
        // C_cc factorised but S not: S = C_ff - L21 L21ᵀ from C_ff (still in the lower triangle) and the finished U12
        double[] s = fallback().s;
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < nf; j++) {
                double v = covariance(nc + i, nc + j);
                for (int k = 0; k < nc; k++) {
                    v -= a[k * n + nc + i] * a[k * n + nc + j];
                }
                s[i * nf + j] = v;
            }
        }
        eigenSqrt(s, d, dOff);
        return SCHUR_FALLBACK;
    }

    /**
     * The joint covariance of the window's points into a, and the covariances of its point pairs into
     * {@link #pairCovariances}: the squared distances first (those of point i to all points before it in one loop per
     * coordinate, from the coordinates laid out one axis after the other, which the JIT vectorises; the sums in the
     * order of {@link RefinementMatrices#squaredDistance}), then the kernel on all of them in one batch.
     */
    private void assemble(Kernel kernel, double[] pos) {
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < dim; c++) {
                axes[c * n + i] = pos[i * dim + c];
            }
        }
        int at = 0;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(pairs, at, at + i, 0.0);
            for (int c = 0; c < dim; c++) {
                int ac = c * n;
                double xi = axes[ac + i];
                for (int j = 0; j < i; j++) {
                    double t = xi - axes[ac + j];
                    pairs[at + j] += t * t;
                }
            }
            at += i;
        }
        covariancesOfSquares(kernel, pairs, pairCovariances, at);
        variance = kernel.covariance(0);
        scatter();
    }

    /**
     * The covariance of points i and j from the lower triangle of a, which the factorisation leaves alone (the
     * diagonal, which it overwrites, is the kernel's variance).
     */
    private double covariance(int i, int j) {
        return i == j ? variance : a[Math.max(i, j) * n + Math.min(i, j)];
    }

    /** The symmetric joint covariance into a: both triangles from {@link #pairCovariances}, the variance on the diagonal. */
    private void scatter() {
        int at = 0;
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int j = 0; j < i; j++) {
                double c = pairCovariances[at++];
                a[ri + j] = c;
                a[j * n + i] = c;
            }
            a[ri + i] = variance;
        }
    }

    /**
     * out[k] = kernel.covariance(√q[k]) for k &lt; count, bit for bit (out and q distinct): in one batch for the
     * tabulated kernels (spectral ones included), one by one for the others.
     */
    static void covariancesOfSquares(Kernel kernel, double[] q, double[] out, int count) {
        TabulatedKernel table = kernel instanceof SpectralKernel s ? s.table()
                : kernel instanceof TabulatedKernel t ? t : null;
        if (table != null) {
            table.covariancesOfSquares(q, out, count);
        } else {
            for (int k = 0; k < count; k++) {
                out[k] = kernel.covariance(Math.sqrt(q[k]));
            }
        }
    }

    /**
     * The coarse fallback: with C_cc = V W Vᵀ and W₊^{-1/2} the inverse root of the eigenvalues above nc·ε·w_max
     * (0 for the others), Y = W₊^{-1/2} Vᵀ C_cf, Rᵀ = V W₊^{-1/2} Y and S = C_ff - Yᵀ Y; D = chol(S) or its eigen
     * square root.
     */
    private int pseudoInverse(double[] r, int ro, double[] d, int dOff) {
        // the factorisation overwrote the upper triangle only: the lower one still holds the covariances
        Fallback f = fallback();
        double[] ccc = f.ccc;
        for (int i = 0; i < nc; i++) {
            for (int j = 0; j <= i; j++) {
                ccc[i * nc + j] = covariance(i, j);
            }
        }
        double[] w = f.w;
        double[] v = f.v;
        SmallDense.symmetricEigen(ccc, nc, w, v, f.eigen);
        double cut = nc * Math.ulp(1.0) * w[nc - 1];
        double[] inv = f.inv;
        for (int i = 0; i < nc; i++) {
            inv[i] = w[i] > cut ? 1 / Math.sqrt(w[i]) : 0;
        }
        // Y [nc × nf], Y[i][j] = W₊^{-1/2}_i Σ_k V[k][i] C_fc[j][k], and Rᵀ[k][j] = Σ_i V[k][i] W₊^{-1/2}_i Y[i][j], each
        // sum accumulated in ascending order as a multiply-add along a row (loops the JIT vectorises): yt = Yᵀ [nf × nc]
        double[] yt = f.yt;
        java.util.Arrays.fill(yt, 0.0);
        for (int j = 0; j < nf; j++) {
            int cj = (nc + j) * n;
            int yj = j * nc;
            for (int k = 0; k < nc; k++) {
                double c = a[cj + k];
                int vk = k * nc;
                for (int i = 0; i < nc; i++) {
                    yt[yj + i] += v[vk + i] * c;
                }
            }
            for (int i = 0; i < nc; i++) {
                yt[yj + i] = inv[i] * yt[yj + i];
            }
        }
        double[] vwt = f.vwt; // row i: column i of V times W₊^{-1/2}_i
        for (int k = 0; k < nc; k++) {
            for (int i = 0; i < nc; i++) {
                vwt[i * nc + k] = v[k * nc + i] * inv[i];
            }
        }
        for (int j = 0; j < nf; j++) {
            int rj = ro + j * nc;
            java.util.Arrays.fill(r, rj, rj + nc, 0.0);
            for (int i = 0; i < nc; i++) {
                double y = yt[j * nc + i];
                int wi = i * nc;
                for (int k = 0; k < nc; k++) {
                    r[rj + k] += vwt[wi + k] * y;
                }
            }
        }
        double[] s = f.s;
        for (int i = 0; i < nf; i++) {
            for (int j = 0; j < nf; j++) {
                double x = covariance(nc + i, nc + j);
                for (int k = 0; k < nc; k++) {
                    x -= yt[i * nc + k] * yt[j * nc + k];
                }
                s[i * nf + j] = x;
            }
        }
        double[] u = f.u;
        System.arraycopy(s, 0, u, 0, nf * nf);
        if (SmallDense.choleskyUpper(u, nf) < 0) {
            for (int j = 0; j < nf; j++) {
                for (int q = 0; q < nf; q++) {
                    d[dOff + j * nf + q] = q <= j ? u[q * nf + j] : 0;
                }
            }
            return COARSE_FALLBACK;
        }
        eigenSqrt(s, d, dOff);
        return COARSE_FALLBACK | SCHUR_FALLBACK;
    }

    /** d[dOff …] = V·diag(√max(w, 0)) for the symmetric nf × nf matrix s = V W Vᵀ. */
    private void eigenSqrt(double[] s, double[] d, int dOff) {
        Fallback f = fallback();
        RefinementMatrices.eigenSqrt(s, nf, d, dOff, f.sw, f.sv, f.eigen);
    }
}
