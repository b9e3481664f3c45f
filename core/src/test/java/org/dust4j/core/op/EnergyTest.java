package org.dust4j.core.op;

import static org.dust4j.core.op.OpTesting.CPU;
import static org.dust4j.core.op.OpTesting.EXACT_TOLERANCE;
import static org.dust4j.core.op.OpTesting.assertClose;
import static org.dust4j.core.op.OpTesting.checkGradient;
import static org.dust4j.core.op.OpTesting.checkMetric;
import static org.dust4j.core.op.OpTesting.flat;
import static org.dust4j.core.op.OpTesting.matrix;
import static org.dust4j.core.op.OpTesting.random;
import static org.dust4j.core.op.OpTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class EnergyTest {
    private static final DType F64 = DType.FLOAT64;
    private static final Space DOMAIN = Space.of(F64, 5);
    private static final Space DATA = Space.of(F64, 6);

    /** A nonlinear response R(ξ) = exp(M ξ / 2) from the 5-dimensional domain to 6 data points. */
    private static Operator response(Tensor m) {
        return Pointwise.exp(DATA).after(LinearOperator.matrix(m).scale(0.5));
    }

    /** Jᵀ diag(w) J for a dense Jacobian J [rows, cols], on the host. */
    private static double[][] weightedGram(double[][] j, double[] w) {
        int cols = j[0].length;
        double[][] g = new double[cols][cols];
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < cols; b++) {
                for (int r = 0; r < j.length; r++) {
                    g[a][b] += j[r][a] * w[r] * j[r][b];
                }
            }
        }
        return g;
    }

    @Test
    void gaussianLikelihoodComposedWithAResponse() {
        try (Tensor m = random(Space.of(F64, 6, 5), 1); Tensor d = random(DATA, 2, 1, 0.5);
             Tensor noise = uniform(DATA, 3, 0.5, 2); Tensor xi = random(DOMAIN, 4, 0, 0.5)) {
            Operator r = response(m);
            EnergyOperator likelihood = EnergyOperator.gaussian(d, noise).after(r);
            double[] dh = d.toDoubleArray();
            double[] nh = noise.toDoubleArray();
            try (Tensor rx = r.apply(xi)) {
                double[] rh = rx.toDoubleArray();
                double expected = 0;
                for (int i = 0; i < 6; i++) {
                    expected += 0.5 * (dh[i] - rh[i]) * (dh[i] - rh[i]) / nh[i];
                }
                assertEquals(expected, likelihood.value(xi), 1e-14 * expected);
            }
            checkGradient(likelihood, xi, 5);
            try (Energy e = likelihood.at(xi); Linearization lin = r.linearize(xi);
                 Tensor jDense = lin.jacobian().toDense(CPU); Tensor metric = e.metric().toDense(CPU)) {
                double[] w = new double[6];
                for (int i = 0; i < 6; i++) {
                    w[i] = 1 / nh[i];
                }
                assertClose(metric.toDoubleArray(), flat(weightedGram(matrix(jDense), w)), EXACT_TOLERANCE,
                        "metric = Jᵀ N⁻¹ J");
                assertEquals(DATA, e.metricSqrt().domain(), "the square root Jᵀ N^{-1/2} acts on data space");
                checkMetric(e, 6);
            }
        }
    }

    @Test
    void standardNormalPriorAndPosteriorSum() {
        try (Tensor m = random(Space.of(F64, 6, 5), 10); Tensor d = random(DATA, 11, 1, 0.5);
             Tensor noise = uniform(DATA, 12, 0.5, 2); Tensor xi = random(DOMAIN, 13, 0, 0.5)) {
            EnergyOperator prior = EnergyOperator.standardNormal(DOMAIN);
            try (Energy e = prior.at(xi); Tensor dense = e.metric().toDense(CPU)) {
                assertEquals(0.5 * OpTesting.dot(xi, xi), e.value(), 1e-15);
                assertArrayEquals(xi.toDoubleArray(), e.gradient().toDoubleArray(), 0);
                double[] eye = new double[25];
                for (int i = 0; i < 5; i++) {
                    eye[i * 6] = 1;
                }
                assertArrayEquals(eye, dense.toDoubleArray(), 0);
                checkMetric(e, 14);
            }
            checkGradient(prior, xi, 15);

            Operator r = response(m);
            EnergyOperator likelihood = EnergyOperator.gaussian(d, noise).after(r);
            EnergyOperator posterior = likelihood.plus(prior);
            assertEquals(likelihood.value(xi) + prior.value(xi), posterior.value(xi), 1e-14);
            checkGradient(posterior, xi, 16);
            try (Energy e = posterior.at(xi); Energy el = likelihood.at(xi);
                 Tensor dense = e.metric().toDense(CPU); Tensor denseL = el.metric().toDense(CPU)) {
                double[] expected = denseL.toDoubleArray();
                for (int i = 0; i < 5; i++) {
                    expected[i * 6] += 1;
                }
                assertClose(dense.toDoubleArray(), expected, EXACT_TOLERANCE, "metric of the sum");
                assertEquals(Space.of(F64, 11), e.metricSqrt().domain(), "[S₁, S₂] acts on data ⊕ domain");
                checkMetric(e, 17);
            }
            EnergyOperator tempered = posterior.scale(0.25).plus(prior);
            checkGradient(tempered, xi, 18);
            try (Energy e = tempered.at(xi)) {
                assertEquals(Space.of(F64, 16), e.metricSqrt().domain(), "sums flatten into one block row");
                checkMetric(e, 19);
            }
        }
    }

    @Test
    void gaussianWithVariableMeanAndVarianceHasTheFisherMetric() {
        try (Tensor m1 = random(Space.of(F64, 6, 5), 20); Tensor m2 = random(Space.of(F64, 6, 5), 21);
             Tensor d = random(DATA, 22, 1, 0.5); Tensor xi = random(DOMAIN, 23, 0, 0.5)) {
            Operator mean = LinearOperator.matrix(m1);
            Operator variance = Pointwise.softplus(DATA).after(LinearOperator.matrix(m2).scale(0.5));
            EnergyOperator likelihood = EnergyOperator.gaussianWithVariance(d).after(Operator.stack(mean, variance));
            double[] dh = d.toDoubleArray();
            try (Tensor mu = mean.apply(xi); Tensor v = variance.apply(xi)) {
                double[] muh = mu.toDoubleArray();
                double[] vh = v.toDoubleArray();
                double expected = 0;
                double[] wMean = new double[6];
                double[] wVar = new double[6];
                for (int i = 0; i < 6; i++) {
                    expected += 0.5 * ((dh[i] - muh[i]) * (dh[i] - muh[i]) / vh[i] + Math.log(vh[i]));
                    wMean[i] = 1 / vh[i];
                    wVar[i] = 1 / (2 * vh[i] * vh[i]);
                }
                assertEquals(expected, likelihood.value(xi), 1e-14 * Math.abs(expected));
                checkGradient(likelihood, xi, 24);
                try (Energy e = likelihood.at(xi); Linearization lm = mean.linearize(xi);
                     Linearization lv = variance.linearize(xi); Tensor jm = lm.jacobian().toDense(CPU);
                     Tensor jv = lv.jacobian().toDense(CPU); Tensor metric = e.metric().toDense(CPU)) {
                    double[][] fm = weightedGram(matrix(jm), wMean);
                    double[][] fv = weightedGram(matrix(jv), wVar);
                    double[][] fisher = new double[5][5];
                    for (int a = 0; a < 5; a++) {
                        for (int b = 0; b < 5; b++) {
                            fisher[a][b] = fm[a][b] + fv[a][b];
                        }
                    }
                    assertClose(metric.toDoubleArray(), flat(fisher), EXACT_TOLERANCE,
                            "J_μᵀ v⁻¹ J_μ + J_vᵀ (2v²)⁻¹ J_v");
                    assertEquals(Space.of(F64, 2, 6), e.metricSqrt().domain());
                    checkMetric(e, 25);
                }
            }
            EnergyOperator posterior = likelihood.plus(EnergyOperator.standardNormal(DOMAIN));
            checkGradient(posterior, xi, 26);
            try (Energy e = posterior.at(xi)) {
                checkMetric(e, 27);
            }
        }
    }

    @Test
    void scalarOperatorEnergyHasGradientButNoMetric() {
        Operator f = LinearOperator.sum(DOMAIN).after(Pointwise.softplus(DOMAIN)).after(Pointwise.square(DOMAIN));
        EnergyOperator e = EnergyOperator.of(f);
        try (Tensor xi = random(DOMAIN, 30)) {
            checkGradient(e, xi, 31);
            try (Energy at = e.at(xi)) {
                assertFalse(at.hasMetric());
                IllegalStateException ex = assertThrows(IllegalStateException.class, at::metric);
                assertTrue(ex.getMessage().contains("no metric"), ex.getMessage());
            }
            EnergyOperator sum = e.plus(EnergyOperator.standardNormal(DOMAIN));
            checkGradient(sum, xi, 32);
            try (Energy at = sum.at(xi)) {
                assertFalse(at.hasMetric(), "a sum with a metric-free term has no metric");
            }
        }
    }

    @Test
    void float32EnergyFollowsFloat64() {
        Space data32 = Space.of(DType.FLOAT32, 6);
        try (Tensor m = random(Space.of(F64, 6, 5), 40); Tensor d = random(DATA, 41, 1, 0.5);
             Tensor noise = uniform(DATA, 42, 0.5, 2); Tensor xi = random(DOMAIN, 43, 0, 0.5);
             Tensor m32 = m.as(DType.FLOAT32); Tensor d32 = d.as(DType.FLOAT32);
             Tensor noise32 = noise.as(DType.FLOAT32); Tensor xi32 = xi.as(DType.FLOAT32)) {
            EnergyOperator e64 = EnergyOperator.gaussian(d, noise).after(response(m))
                    .plus(EnergyOperator.standardNormal(DOMAIN));
            EnergyOperator e32 = EnergyOperator.gaussian(d32, noise32)
                    .after(Pointwise.exp(data32).after(LinearOperator.matrix(m32).scale(0.5)))
                    .plus(EnergyOperator.standardNormal(Space.of(DType.FLOAT32, 5)));
            try (Energy a = e64.at(xi); Energy b = e32.at(xi32); Tensor g32 = b.gradient().as(F64)) {
                assertEquals(DType.FLOAT32, b.gradient().dtype());
                assertEquals(a.value(), b.value(), 1e-5 * Math.abs(a.value()));
                assertClose(g32, a.gradient(), 1e-5, "float32 gradient");
            }
        }
    }

    @Test
    void mismatchesAreRejectedNamingTheSpaces() {
        try (Tensor d = random(DATA, 50); Tensor badNoise = random(Space.of(F64, 5), 51);
             Tensor xi = random(Space.of(F64, 4), 52)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EnergyOperator.gaussian(d, badNoise));
            assertTrue(e.getMessage().contains("[6] FLOAT64") && e.getMessage().contains("[5] FLOAT64"), e.getMessage());
            EnergyOperator g = EnergyOperator.gaussian(d, d);
            e = assertThrows(IllegalArgumentException.class, () -> g.after(Pointwise.exp(DOMAIN)));
            assertTrue(e.getMessage().contains("[5] FLOAT64") && e.getMessage().contains("[6] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.plus(EnergyOperator.standardNormal(DOMAIN)));
            assertTrue(e.getMessage().contains("[5] FLOAT64") && e.getMessage().contains("[6] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> EnergyOperator.standardNormal(DOMAIN).at(xi));
            assertTrue(e.getMessage().contains("[5] FLOAT64") && e.getMessage().contains("[4] FLOAT64"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> g.scale(0));
            assertTrue(e.getMessage().contains("c > 0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> EnergyOperator.of(Pointwise.exp(DOMAIN)));
            assertTrue(e.getMessage().contains("single-element"), e.getMessage());
        }
    }
}
