package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;

/** One refinement of a single window reproduces the kernel covariance exactly. */
class SingleWindowTest {
    private static final Kernel KERNEL = Kernel.matern32(1.0, 1.5);

    /**
     * The joint covariance of a window's coarse values s0 = L0 ξ0 and fine values R s0 + D ξ1 is
     * [[K0, K0 Rᵀ], [R K0, R K0 Rᵀ + D Dᵀ]]; it must equal the kernel matrix of all 27 + 8 points.
     */
    @Test
    void jointCovarianceOfCoarseAndFineIsTheKernel() {
        for (Chart chart : new Chart[] {
                GridChart.builder().shape0(3, 3, 3).levels(1).spacing(0.7).build(),
                GridChart.builder().shape0(3, 3, 3).levels(1).axisMap(2, AxisMap.logarithmic(0.4, 0.1)).build(),
                GridChart.builder().shape0(5, 5).levels(1).window(5, 4).build()}) {
            IcrPrior prior = IcrPrior.builder(chart, KERNEL).normalisation(Normalisation.NONE).build();
            WindowedRefinement step = prior.refinement(0);
            assertEquals(1, step.windows(), chart.describe());
            int nc = step.coarsePerWindow();
            int nf = step.finePerWindow();
            double[] l0 = prior.levelZeroSqrt();
            double[] k0 = new double[nc * nc];
            for (int i = 0; i < nc; i++) {
                for (int j = 0; j < nc; j++) {
                    for (int k = 0; k < nc; k++) {
                        k0[i * nc + j] += l0[i * nc + k] * l0[j * nc + k];
                    }
                }
            }
            // the window's coarse points are level 0 in order; the fine points are level 1 in the window's order
            int[] fw = new int[chart.factors().size()];
            int[] ci = new int[nc];
            int[] fi = new int[nf];
            step.window(0, fw, ci, fi);
            double[] r = step.r();
            double[] d = step.d();
            int n = nc + nf;
            double[] joint = new double[n * n];
            double[] rk = new double[nf * nc];
            for (int j = 0; j < nf; j++) {
                for (int c = 0; c < nc; c++) {
                    for (int k = 0; k < nc; k++) {
                        rk[j * nc + c] += r[j * nc + k] * k0[ci[k] * nc + ci[c]];
                    }
                }
            }
            for (int a = 0; a < nc; a++) {
                for (int b = 0; b < nc; b++) {
                    joint[a * n + b] = k0[ci[a] * nc + ci[b]];
                }
            }
            for (int j = 0; j < nf; j++) {
                for (int c = 0; c < nc; c++) {
                    joint[(nc + j) * n + c] = rk[j * nc + c];
                    joint[c * n + nc + j] = rk[j * nc + c];
                }
                for (int q = 0; q < nf; q++) {
                    double s = 0;
                    for (int k = 0; k < nc; k++) {
                        s += rk[j * nc + k] * r[q * nc + k];
                    }
                    for (int k = 0; k < nf; k++) {
                        s += d[j * nf + k] * d[q * nf + k];
                    }
                    joint[(nc + j) * n + nc + q] = s;
                }
            }
            double[] p0 = chart.positions(0);
            double[] p1 = chart.positions(1);
            int dim = chart.dimension();
            double worst = 0;
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double[] pa = a < nc ? p0 : p1;
                    double[] pb = b < nc ? p0 : p1;
                    int ia = a < nc ? ci[a] : fi[a - nc];
                    int ib = b < nc ? ci[b] : fi[b - nc];
                    double t = KERNEL.covariance(RefinementMatrices.distance(pa, ia * dim, pb, ib * dim, dim));
                    worst = Math.max(worst, Math.abs(joint[a * n + b] - t));
                }
            }
            assertTrue(worst < 1e-12, chart.describe() + ": worst deviation " + worst);
            assertEquals(0, prior.coarseFallbacks());
            assertEquals(0, prior.schurFallbacks());
        }
    }

    /** The operator's implied covariance of the fine level equals C_ff, with and without normalisation. */
    @Test
    void operatorImpliesTheFineKernelMatrix() {
        Chart chart = GridChart.builder().shape0(3, 3, 3).levels(1).spacing(0.7).build();
        for (Normalisation norm : Normalisation.values()) {
            IcrPrior prior = IcrPrior.builder(chart, KERNEL).normalisation(norm).build();
            IcrOperator op = prior.operator(DType.FLOAT64);
            int[] px = Implied.all(prior.fieldSize());
            double[] c = Implied.covariance(Implied.rows(op, px));
            double[] t = Implied.truth(chart, KERNEL, 1, px);
            for (int i = 0; i < c.length; i++) {
                assertEquals(t[i], c[i], 1e-12, norm + " entry " + i);
            }
        }
    }
}
