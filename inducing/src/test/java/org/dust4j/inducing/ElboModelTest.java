package org.dust4j.inducing;

import static org.dust4j.inducing.InducingTesting.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.junit.jupiter.api.Test;

/**
 * The ELBO's parts against dense formulas computed independently: the KL term, and the jointly sampled field
 * φ = c + K_xu L_uu⁻ᵀ (m + L ε) built from host kernels and the backend's Cholesky and triangular solve; FLOAT32
 * against FLOAT64.
 */
class ElboModelTest {
    @Test
    void klMatchesTheDenseFormula() {
        try (ElboModel model = ElboModel.create(InducingTesting.smallConfig().build(), InducingTesting.smallStars(60, 1),
                CPU); Tensor theta = InducingTesting.perturbed(model, 2); Tensor kl = model.kl().apply(theta)) {
            Posterior p = new Posterior(model.config(), model.origin(), theta.toDoubleArray());
            int m = model.config().inducingPoints();
            double[] mean = p.variationalMean();
            double[] l = p.variationalFactor();
            // S = L Lᵀ, KL = ½ (tr S + mᵀm − M − log det S), log det S from a host Cholesky of S
            double[] s = new double[m * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    for (int k = 0; k < m; k++) {
                        s[i * m + j] += l[i * m + k] * l[j * m + k];
                    }
                }
            }
            double trace = 0;
            double mm = 0;
            for (int i = 0; i < m; i++) {
                trace += s[i * m + i];
                mm += mean[i] * mean[i];
            }
            double logDet = 0;
            double[] c = s.clone();
            for (int j = 0; j < m; j++) {
                double d = c[j * m + j];
                for (int k = 0; k < j; k++) {
                    d -= c[j * m + k] * c[j * m + k];
                }
                d = Math.sqrt(d);
                c[j * m + j] = d;
                logDet += 2 * Math.log(d);
                for (int i = j + 1; i < m; i++) {
                    double v = c[i * m + j];
                    for (int k = 0; k < j; k++) {
                        v -= c[i * m + k] * c[j * m + k];
                    }
                    c[i * m + j] = v / d;
                }
            }
            double expected = 0.5 * (trace + mm - m - logDet);
            assertEquals(expected, kl.item(), 1e-12 * Math.abs(expected));
            assertTrue(expected > 0.1, "the perturbed posterior differs from the prior");
        }
    }

    @Test
    void jointSamplesAreTheWhitenedProjection() {
        InducingConfig config = InducingTesting.smallConfig().build();
        Stars stars = InducingTesting.smallStars(60, 3);
        try (ElboModel model = ElboModel.create(config, stars, CPU); Tensor theta = InducingTesting.perturbed(model, 4)) {
            model.drawNoise(7);
            Posterior p = new Posterior(config, model.origin(), theta.toDoubleArray());
            Hyperparameters h = p.hyperparameters();
            int m = config.inducingPoints();
            int s = config.samples();
            double[][] x = config.trainingGrid().cartesianCentres();
            double[][] z = p.inducingPoints();
            int n = x[0].length;
            double[] kuu = new double[m * m];
            double[] kxu = new double[n * m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    kuu[i * m + j] = rbf(h, z, i, z, j) + (i == j ? h.amplitude() * config.jitter() : 0);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    kxu[i * m + j] = rbf(h, x, i, z, j);
                }
            }
            try (Tensor eps = CPU.zeros(DType.FLOAT64, Shape.of(m, s));
                 Tensor luu = CPU.fromHost(kuu, DType.FLOAT64, Shape.of(m, m));
                 Tensor l = CPU.fromHost(p.variationalFactor(), DType.FLOAT64, Shape.of(m, m));
                 Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(m, s));
                 Tensor k = CPU.fromHost(kxu, DType.FLOAT64, Shape.of(n, m));
                 Tensor expected = CPU.zeros(DType.FLOAT64, Shape.of(n, s));
                 Tensor phi = model.phi().apply(theta)) {
                CPU.randomNormal(config.seed(), 7L * m * s, eps);
                CPU.cholesky(luu, luu);
                CPU.matmul(l, false, eps, false, v);
                double[] vh = v.toDoubleArray();
                double[] mean = p.variationalMean();
                for (int i = 0; i < m; i++) {
                    for (int t = 0; t < s; t++) {
                        vh[i * s + t] += mean[i];
                    }
                }
                try (Tensor vm = CPU.fromHost(vh, DType.FLOAT64, Shape.of(m, s))) {
                    CPU.triangularSolve(luu, true, true, vm, vm);
                    CPU.matmul(k, false, vm, false, expected);
                }
                double[] e = expected.toDoubleArray();
                double[] a = phi.toDoubleArray();
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i] + h.meanLog10Density(), a[i], 1e-9, "phi element " + i);
                }
            }
        }
    }

    private static double rbf(Hyperparameters h, double[][] a, int i, double[][] b, int j) {
        double[] g = h.lengthScales();
        double d = 0;
        for (int k = 0; k < 3; k++) {
            double t = (a[k][i] - b[k][j]) / g[k];
            d += t * t;
        }
        return h.amplitude() * Math.exp(-0.5 * d);
    }

    @Test
    void float32AgreesWithFloat64() {
        Stars stars = InducingTesting.smallStars(60, 5);
        double[] values = new double[2];
        double[][] gradients = new double[2][];
        DType[] types = {DType.FLOAT64, DType.FLOAT32};
        for (int t = 0; t < 2; t++) {
            InducingConfig config = InducingTesting.smallConfig().dtype(types[t]).jitter(1e-4).build();
            try (ElboModel model = ElboModel.create(config, stars, CPU);
                 Tensor theta64 = InducingTesting.perturbed(model, 6);
                 Tensor theta = theta64.as(types[t])) {
                model.drawNoise(2);
                try (Energy e = model.negativeElbo().at(theta)) {
                    values[t] = e.value();
                    gradients[t] = e.gradient().toDoubleArray();
                }
            }
        }
        assertEquals(values[0], values[1], 1e-4 * Math.abs(values[0]), "−ELBO in float32 vs float64");
        double err = InducingTesting.relativeError(gradients[1], gradients[0]);
        assertTrue(err < 1e-2, "gradient in float32 vs float64: relative error " + err);
    }

    @Test
    void tooFewStarsForTheInducingPointsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElboModel.create(
                InducingTesting.smallConfig().inducingPoints(50).build(), InducingTesting.smallStars(20, 1), CPU));
        assertTrue(e.getMessage().contains("50 inducing points") && e.getMessage().contains("only 20"), e.getMessage());
    }
}
