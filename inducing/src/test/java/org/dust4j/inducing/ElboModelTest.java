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
            int m = config.inducingPoints();
            int s = config.samples();
            try (Tensor eps = CPU.zeros(DType.FLOAT64, Shape.of(m, s));
                 Tensor l = CPU.fromHost(p.variationalFactor(), DType.FLOAT64, Shape.of(m, m));
                 Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(m, s));
                 Tensor phi = model.phi().apply(theta)) {
                CPU.randomNormal(config.seed(), 7L * m * s, eps);
                CPU.matmul(l, false, eps, false, v);
                double[] vh = v.toDoubleArray();
                double[] mean = p.variationalMean();
                for (int i = 0; i < m; i++) {
                    for (int t = 0; t < s; t++) {
                        vh[i * s + t] += mean[i];
                    }
                }
                double[] e = InducingTesting.projection(p, config.trainingGrid().cartesianCentres(), vh, s);
                double[] a = phi.toDoubleArray();
                for (int i = 0; i < e.length; i++) {
                    assertEquals(e[i], a[i], 1e-9, "phi element " + i);
                }
            }
        }
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
    void antitheticNoiseComesInOppositePairs() {
        for (SamplingScheme scheme : SamplingScheme.values()) {
            InducingConfig config = InducingTesting.smallConfig().sampling(scheme).samples(5).antithetic(true).build();
            try (ElboModel model = ElboModel.create(config, InducingTesting.smallStars(60, 1), CPU)) {
                model.drawNoise(3);
                double[] e = model.noise().toDoubleArray();
                int rows = model.noise().shape().dim(0);
                for (int i = 0; i < rows; i++) {
                    assertEquals(-e[i * 5], e[i * 5 + 2], 0, scheme + " row " + i);
                    assertEquals(-e[i * 5 + 1], e[i * 5 + 3], 0);
                    assertTrue(Math.abs(e[i * 5 + 4]) != Math.abs(e[i * 5]), "the odd sample is drawn alone");
                }
            }
        }
    }

    @Test
    void learningRateScaleFreezesAndScalesGroups() {
        InducingConfig config = InducingTesting.smallConfig().learningRate(0.02).offDiagonalLearningRate(0.005)
                .learnInducingPoints(false).build();
        try (ElboModel model = ElboModel.create(config, InducingTesting.smallStars(60, 1), CPU);
             Tensor scale = model.learningRateScale()) {
            double[] r = scale.toDoubleArray();
            int factor = (int) model.layout().offset(ElboModel.FACTOR);
            assertEquals(1, r[factor], 0, "L_00");
            assertEquals(0.25, r[factor + 1], 0, "L_10");
            assertEquals(1, r[factor + 2], 0, "L_11");
            assertEquals(1, r[0], 0, "m");
            assertEquals(1, r[(int) model.layout().offset(ElboModel.LENGTH_SCALES)], 0, "gamma");
            assertEquals(0, r[(int) model.layout().offset(ElboModel.INDUCING)], 0, "Z frozen");
        }
    }

    @Test
    void distanceErrorsInflateTheExtinctionErrors() {
        Stars stars = InducingTesting.smallStars(60, 8);
        double rho = 2e-3;
        double[] err = stars.extinctionError();
        double[] de = stars.distanceError();
        for (int i = 0; i < err.length; i++) {
            err[i] = Math.sqrt(err[i] * err[i] + rho * de[i] * rho * de[i]);
        }
        Stars inflated = Stars.of(stars.l(), stars.b(), stars.distance(), new double[err.length], stars.extinction(), err);
        double[] values = new double[2];
        InducingConfig[] configs = {InducingTesting.smallConfig().distanceInflationDensity(rho).build(),
            InducingTesting.smallConfig().build()};
        Stars[] inputs = {stars, inflated};
        for (int t = 0; t < 2; t++) {
            try (ElboModel model = ElboModel.create(configs[t], inputs[t], CPU);
                 Tensor theta = InducingTesting.perturbed(model, 9)) {
                model.drawNoise(4);
                try (Tensor v = model.elbo().apply(theta)) {
                    values[t] = v.item();
                }
            }
        }
        assertEquals(values[1], values[0], 1e-12 * Math.abs(values[1]));
    }

    @Test
    void tooFewStarsForTheInducingPointsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElboModel.create(
                InducingTesting.smallConfig().inducingPoints(50).build(), InducingTesting.smallStars(20, 1), CPU));
        assertTrue(e.getMessage().contains("50 inducing points") && e.getMessage().contains("only 20"), e.getMessage());
    }
}
