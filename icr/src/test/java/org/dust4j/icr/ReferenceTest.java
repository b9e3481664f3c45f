package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/**
 * The operator against a dense reference implementation of ICR: per window R = C_fc C_cc⁻¹ by Gauss–Jordan
 * elimination and S = C_ff - R C_cf straight from the kernel (no deduplication, no Cholesky), and the implied
 * covariance propagated densely, Ĉ_{l+1} = B Ĉ_l Bᵀ + blockdiag(S_w), normalised to k(0) when asked.
 */
class ReferenceTest {
    @Test
    void operatorMatchesDenseReferenceOnChartedGrid() {
        Chart chart = GridChart.builder().shape0(5, 4).levels(2).axisMap(0, AxisMap.logarithmic(0.3, 0.2))
                .spacing(0.8).build();
        compare(chart, Kernel.matern32(1.2, 1.1));
    }

    @Test
    void operatorMatchesDenseReferenceOnHealpix() {
        Chart chart = HealpixChart.builder().nside0(1).levels(2).shells0(4)
                .radialMap(AxisMap.logarithmic(0.4, 0.5)).build();
        compare(chart, Kernel.matern52(0.9, 1.5));
    }

    /** A linear radius: windows along it differ (their chords grow with the radius) although their spacing does not. */
    @Test
    void operatorMatchesDenseReferenceOnHealpixWithLinearRadius() {
        Chart chart = HealpixChart.builder().nside0(1).levels(1).shells0(6).radialMap(AxisMap.affine(1.0, 2.0))
                .build();
        compare(chart, Kernel.matern32(1.0, 1.5));
    }

    @Test
    void operatorMatchesDenseReferenceWithFiveFourWindows() {
        Chart chart = GridChart.builder().shape0(6).levels(2).window(5, 4).build();
        compare(chart, Kernel.matern12(1.0, 2.0));
    }

    private static void compare(Chart chart, Kernel kernel) {
        for (Normalisation norm : Normalisation.values()) {
            IcrPrior prior = IcrPrior.builder(chart, kernel).normalisation(norm).build();
            assertEquals(0, prior.coarseFallbacks() + prior.schurFallbacks());
            double[] ref = reference(prior, norm == Normalisation.EXACT_VARIANCE);
            int n = prior.fieldSize();
            double[] got = Implied.covariance(Implied.rows(prior.operator(DType.FLOAT64), Implied.all(n)));
            double worst = 0;
            for (int i = 0; i < got.length; i++) {
                worst = Math.max(worst, Math.abs(got[i] - ref[i]));
            }
            assertTrue(worst < 1e-11 * kernel.variance(), chart + " " + norm + ": worst deviation " + worst);
        }
    }

    /** The dense implied covariance of the chart's last level. */
    static double[] reference(IcrPrior prior, boolean normalise) {
        Chart chart = prior.chart();
        Kernel kernel = prior.kernel();
        int dim = chart.dimension();
        int n0 = chart.size(0);
        double[] cov = Implied.truth(chart, kernel, 0, Implied.all(n0));
        for (int l = 0; l < chart.levels(); l++) {
            WindowedRefinement step = prior.refinement(l);
            int nc = step.coarsePerWindow();
            int nf = step.finePerWindow();
            int nCoarse = step.coarseSize();
            int nFine = step.fineSize();
            double[] pc = chart.positions(l);
            double[] pf = chart.positions(l + 1);
            double[] b = new double[nFine * nCoarse];
            double[] e = new double[nFine * nFine];
            int[] fw = new int[chart.factors().size()];
            int[] ci = new int[nc];
            int[] fi = new int[nf];
            for (long w = 0; w < step.windows(); w++) {
                step.window(w, fw, ci, fi);
                double[] ccc = new double[nc * nc];
                double[] cfc = new double[nf * nc];
                double[] cff = new double[nf * nf];
                for (int i = 0; i < nc; i++) {
                    for (int j = 0; j < nc; j++) {
                        ccc[i * nc + j] = kernel.covariance(RefinementMatrices.distance(pc, ci[i] * dim, pc, ci[j] * dim,
                                dim));
                    }
                }
                for (int i = 0; i < nf; i++) {
                    for (int j = 0; j < nc; j++) {
                        cfc[i * nc + j] = kernel.covariance(RefinementMatrices.distance(pf, fi[i] * dim, pc, ci[j] * dim,
                                dim));
                    }
                    for (int j = 0; j < nf; j++) {
                        cff[i * nf + j] = kernel.covariance(RefinementMatrices.distance(pf, fi[i] * dim, pf, fi[j] * dim,
                                dim));
                    }
                }
                double[] r = solveRight(cfc, ccc, nf, nc);
                for (int i = 0; i < nf; i++) {
                    for (int j = 0; j < nc; j++) {
                        b[fi[i] * nCoarse + ci[j]] += r[i * nc + j];
                    }
                    for (int j = 0; j < nf; j++) {
                        double s = cff[i * nf + j];
                        for (int k = 0; k < nc; k++) {
                            s -= r[i * nc + k] * cfc[j * nc + k];
                        }
                        e[fi[i] * nFine + fi[j]] = s;
                    }
                }
            }
            double[] bc = new double[nFine * nCoarse];
            for (int i = 0; i < nFine; i++) {
                for (int k = 0; k < nCoarse; k++) {
                    double bik = b[i * nCoarse + k];
                    if (bik != 0) {
                        for (int j = 0; j < nCoarse; j++) {
                            bc[i * nCoarse + j] += bik * cov[k * nCoarse + j];
                        }
                    }
                }
            }
            double[] next = new double[nFine * nFine];
            for (int i = 0; i < nFine; i++) {
                for (int j = 0; j < nFine; j++) {
                    double s = e[i * nFine + j];
                    for (int k = 0; k < nCoarse; k++) {
                        s += bc[i * nCoarse + k] * b[j * nCoarse + k];
                    }
                    next[i * nFine + j] = s;
                }
            }
            if (normalise) {
                double[] sc = new double[nFine];
                for (int i = 0; i < nFine; i++) {
                    sc[i] = Math.sqrt(kernel.variance() / next[i * nFine + i]);
                }
                for (int i = 0; i < nFine; i++) {
                    for (int j = 0; j < nFine; j++) {
                        next[i * nFine + j] *= sc[i] * sc[j];
                    }
                }
            }
            cov = next;
        }
        return cov;
    }

    /** X = A M⁻¹ for A [m × n] and symmetric M [n × n], by Gauss–Jordan elimination with partial pivoting. */
    static double[] solveRight(double[] a, double[] mat, int m, int n) {
        // solve M Xᵀ = Aᵀ
        double[] aug = new double[n * (n + m)];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                aug[i * (n + m) + j] = mat[i * n + j];
            }
            for (int j = 0; j < m; j++) {
                aug[i * (n + m) + n + j] = a[j * n + i];
            }
        }
        int w = n + m;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(aug[i * w + c]) > Math.abs(aug[p * w + c])) {
                    p = i;
                }
            }
            for (int j = 0; j < w; j++) {
                double t = aug[c * w + j];
                aug[c * w + j] = aug[p * w + j];
                aug[p * w + j] = t;
            }
            double piv = aug[c * w + c];
            for (int j = 0; j < w; j++) {
                aug[c * w + j] /= piv;
            }
            for (int i = 0; i < n; i++) {
                if (i != c) {
                    double f = aug[i * w + c];
                    for (int j = 0; j < w; j++) {
                        aug[i * w + j] -= f * aug[c * w + j];
                    }
                }
            }
        }
        double[] x = new double[m * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                x[j * n + i] = aug[i * w + n + j];
            }
        }
        return x;
    }
}
