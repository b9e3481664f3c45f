package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;

/** MGVI on the linear-Gaussian line-of-sight problem, where the exact posterior is known. */
class MgviLinearTest {
    private static final int N = 10;

    /** An accurate minimiser: inner CG to 1e-10, so the quadratic KL is minimised by the first Newton step. */
    private static final NewtonSettings EXACT = NewtonSettings.DEFAULT.withMaxForcing(1e-10);

    @Test
    void oneIterationGivesTheWienerFilterMean() {
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT64, 31); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            MgviConfig config = MgviConfig.builder().globalIterations(1).samplePairs(3).minimizer(EXACT).build();
            try (MgviResult r = new Mgvi(p.likelihood, config).run(x0)) {
                double error = Dense.maxAbsDiff(p.wienerMean(), r.position().toDoubleArray());
                assertTrue(error < 1e-8, "distance to the Wiener-filter mean " + error);
                assertTrue(r.allSamplesConverged());
                assertEquals(6, r.sampleCount());
                assertEquals(1, r.reports().size());
                // antithetic: the samples x ± s_k average to the position exactly
                try (PosteriorStatistics st = r.statistics()) {
                    assertTrue(Dense.maxAbsDiff(st.mean().toDoubleArray(), r.position().toDoubleArray()) < 1e-15);
                }
            }
            assertEquals(0, x0.norm(), "the initial position is not modified");
        }
    }

    @Test
    void float32GivesTheWienerMeanToSinglePrecision() {
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT32, 31); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            MgviConfig config = MgviConfig.builder().globalIterations(1).samplePairs(3)
                    .minimizer(NewtonSettings.DEFAULT.withMaxForcing(1e-5)).build();
            try (MgviResult r = new Mgvi(p.likelihood, config).run(x0)) {
                double[] exact = p.wienerMean();
                double scale = Math.sqrt(java.util.Arrays.stream(exact).map(v -> v * v).sum());
                double error = Dense.maxAbsDiff(exact, r.position().toDoubleArray());
                assertTrue(error < 1e-4 * scale, "float32 distance to the Wiener-filter mean " + error);
                assertEquals(DType.FLOAT32, r.position().dtype());
                assertTrue(r.allSamplesConverged(), r.reports().toString());
            }
        }
    }

    /**
     * Sample covariance of 2000 antithetic draws against the exact posterior covariance C = M⁻¹. The residuals
     * s_k of K independent pairs give Ĉ = (1/K) Σ s_k s_kᵀ (the mean is known to be the position), whose entries
     * have standard error σ_ab = √((C_ab² + C_aa C_bb)/K) for Gaussian s_k. Criterion: every entry within 5 σ_ab
     * (a false alarm among the 55 distinct entries has probability about 3e-5; the seed is fixed).
     * The same criterion rejects the prior covariance 1 and 1.3·C, which shows it has power.
     */
    @Test
    void sampleCovarianceMatchesTheExactPosteriorCovariance() {
        int pairs = 1000;
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT64, 32); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            MgviConfig config = MgviConfig.builder().globalIterations(1).samplePairs(pairs)
                    .minimizer(NewtonSettings.DEFAULT.withMaxSteps(1)).build();
            try (MgviResult r = new Mgvi(p.likelihood, config).run(x0)) {
                assertTrue(r.allSamplesConverged());
                double[][] estimate = outerProductMean(r.residuals(), N);
                double[][] exact = p.posteriorCovariance();
                double z = maxZ(estimate, exact, pairs);
                assertTrue(z < 5, "sample covariance deviates by " + z + " standard errors");
                double zPrior = maxZ(estimate, Dense.identity(N), pairs);
                assertTrue(zPrior > 5, "the prior covariance must be rejected, max z " + zPrior);
                double zInflated = maxZ(estimate, scaled(exact, 1.3), pairs);
                assertTrue(zInflated > 5, "1.3 C must be rejected, max z " + zInflated);

                // the posterior standard deviation from the Welford statistics of the 2K samples
                try (PosteriorStatistics st = r.statistics()) {
                    double[] sd = st.std().toDoubleArray();
                    for (int a = 0; a < N; a++) {
                        double expected = Math.sqrt(exact[a][a]);
                        // std of the 2K samples (K independent magnitudes): standard error ≈ σ/√(2K)
                        assertEquals(expected, sd[a], 5 * expected / Math.sqrt(2.0 * pairs), "std[" + a + "]");
                    }
                }
            }
        }
    }

    /** Point estimates get no spread; the other coordinates are sampled from the conditional posterior. */
    @Test
    void pointEstimatesHaveZeroSpread() {
        int pairs = 600;
        int[] fixed = {0, 4, 7};
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT64, 33); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            MgviConfig config = MgviConfig.builder().globalIterations(1).samplePairs(pairs)
                    .pointEstimates(PointEstimates.indices(7, 0, 4, 4))
                    .minimizer(NewtonSettings.DEFAULT.withMaxSteps(1)).build();
            try (MgviResult r = new Mgvi(p.likelihood, config).run(x0); PosteriorStatistics st = r.statistics()) {
                assertTrue(r.allSamplesConverged());
                double[] sd = st.std().toDoubleArray();
                for (Tensor s : r.residuals()) {
                    double[] v = s.toDoubleArray();
                    for (int i : fixed) {
                        assertEquals(0, v[i], 0, "residual at point estimate " + i);
                    }
                }
                for (int i = 0; i < N; i++) {
                    boolean isFixed = java.util.Arrays.binarySearch(fixed, i) >= 0;
                    assertTrue(isFixed ? sd[i] == 0 : sd[i] > 0.01, "std[" + i + "] = " + sd[i]);
                }
                // the sampled block has the covariance of the metric restricted to it: (M_SS)⁻¹
                int[] free = java.util.stream.IntStream.range(0, N).filter(i -> java.util.Arrays.binarySearch(fixed, i) < 0)
                        .toArray();
                double[][] m = p.posteriorPrecision();
                double[][] mss = new double[free.length][free.length];
                for (int a = 0; a < free.length; a++) {
                    for (int b = 0; b < free.length; b++) {
                        mss[a][b] = m[free[a]][free[b]];
                    }
                }
                double[][] conditional = Dense.solveSpd(mss, Dense.identity(free.length));
                double[][] full = outerProductMean(r.residuals(), N);
                double[][] estimate = new double[free.length][free.length];
                for (int a = 0; a < free.length; a++) {
                    for (int b = 0; b < free.length; b++) {
                        estimate[a][b] = full[free[a]][free[b]];
                    }
                }
                double z = maxZ(estimate, conditional, pairs);
                assertTrue(z < 5, "conditional covariance deviates by " + z + " standard errors");
            }
        }
    }

    @Test
    void pointEstimatesFromBlocks() {
        Blocks layout = Blocks.of(DType.FLOAT64, org.dust4j.core.Shape.of(3), org.dust4j.core.Shape.of(2, 2),
                org.dust4j.core.Shape.of(3));
        PointEstimates p = PointEstimates.blocks(layout, 1);
        assertArrayEquals(new int[] {3, 4, 5, 6}, p.flatIndices());
        assertEquals(PointEstimates.mask(new boolean[] {false, false, false, true, true, true, true}), p);
        try (LinearProblem lp = new LinearProblem(5, DType.FLOAT64, 1)) {
            MgviConfig config = MgviConfig.builder().pointEstimates(PointEstimates.indices(5)).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Mgvi(lp.likelihood, config));
            assertTrue(e.getMessage().contains("index 5"), e.getMessage());
        }
    }

    @Test
    void nonConvergedSamplesAreReported() {
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT64, 34); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            MgviConfig config = MgviConfig.builder().globalIterations(1).samplePairs(3)
                    .sampling(new CgSettings(1e-8, 2, 0)).minimizer(NewtonSettings.DEFAULT.withMaxSteps(2)).build();
            List<MgviEvent.SampleDrawn> drawn = new ArrayList<>();
            try (MgviResult r = new Mgvi(p.likelihood, config).run(x0, e -> {
                if (e instanceof MgviEvent.SampleDrawn d) {
                    drawn.add(d);
                }
            })) {
                assertFalse(r.allSamplesConverged());
                assertEquals(List.of(0, 1, 2), r.reports().get(0).unconvergedSamples());
                assertEquals(3, drawn.size());
                for (MgviEvent.SampleDrawn d : drawn) {
                    assertFalse(d.cg().converged());
                    assertEquals(2, d.cg().iterations());
                    assertTrue(d.cg().relativeResidual() > 1e-8);
                }
            }
        }
    }

    private static double[][] outerProductMean(List<Tensor> residuals, int n) {
        double[][] c = new double[n][n];
        for (Tensor s : residuals) {
            double[] v = s.toDoubleArray();
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    c[a][b] += v[a] * v[b] / residuals.size();
                }
            }
        }
        return c;
    }

    /** max over entries of |estimate_ab − C_ab| / √((C_ab² + C_aa C_bb)/K): deviations in standard errors. */
    private static double maxZ(double[][] estimate, double[][] c, int k) {
        double z = 0;
        for (int a = 0; a < estimate.length; a++) {
            for (int b = 0; b < estimate.length; b++) {
                double se = Math.sqrt((c[a][b] * c[a][b] + c[a][a] * c[b][b]) / k);
                z = Math.max(z, Math.abs(estimate[a][b] - c[a][b]) / se);
            }
        }
        return z;
    }

    private static double[][] scaled(double[][] a, double c) {
        double[][] s = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            s[i] = java.util.Arrays.stream(a[i]).map(v -> v * c).toArray();
        }
        return s;
    }

    /** The likelihood with its metric scaled by c (and its square root by √c): same value and gradient. */
    private static EnergyOperator scaledCurvature(EnergyOperator l, double c) {
        return new EnergyOperator(l.domain(), l + " with curvature x" + c) {
            @Override
            protected double valueAt(Tensor x) {
                return l.value(x);
            }

            @Override
            protected Energy energyAt(Tensor x) {
                Energy e = l.at(x);
                return Energy.of(e.value(), e.gradient().copy(), e.metric().scale(c), e.metricSqrt().scale(Math.sqrt(c)),
                        e);
            }
        };
    }

    @Test
    void samplesUseTheLikelihoodsMetricAndNewtonTheMinimisationCurvature() {
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT64, 36); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            EnergyOperator curved = scaledCurvature(p.likelihood, 4);
            MgviConfig oneStep = MgviConfig.builder().globalIterations(1).samplePairs(3)
                    .minimizer(EXACT.withMaxSteps(1)).build();
            try (MgviResult plain = new Mgvi(p.likelihood, oneStep).run(x0);
                    MgviResult other = new Mgvi(p.likelihood, curved, oneStep).run(x0)) {
                for (int k = 0; k < 3; k++) {
                    assertArrayEquals(plain.residuals().get(k).toDoubleArray(),
                            other.residuals().get(k).toDoubleArray(), "sample " + k + " uses the likelihood's metric");
                }
                // one exact Newton step with the metric reaches the Wiener mean, with 4 M_L + 1 it stops short
                assertTrue(Dense.maxAbsDiff(p.wienerMean(), plain.position().toDoubleArray()) < 1e-8);
                assertTrue(Dense.maxAbsDiff(p.wienerMean(), other.position().toDoubleArray()) > 1e-3);
            }
            // the KL is the likelihood's: with enough steps the other curvature reaches the same minimum
            MgviConfig converge = MgviConfig.builder().globalIterations(1).samplePairs(3)
                    .minimizer(EXACT.withMaxSteps(300).withEnergyTolerance(0)).build();
            try (MgviResult r = new Mgvi(p.likelihood, curved, converge).run(x0)) {
                double error = Dense.maxAbsDiff(p.wienerMean(), r.position().toDoubleArray());
                assertTrue(error < 1e-6, "distance to the Wiener-filter mean " + error);
            }
            Space other = Space.of(DType.FLOAT64, N + 1);
            assertThrows(IllegalArgumentException.class, () -> new Mgvi(p.likelihood,
                    EnergyOperator.standardNormal(other), MgviConfig.builder().build()));
        }
    }

    @Test
    void rejectsPositionsOutsideTheLatentSpace() {
        try (LinearProblem p = new LinearProblem(N, DType.FLOAT64, 35);
             Tensor wrong = LinearProblem.CPU.zeros(DType.FLOAT32, p.space.shape())) {
            Mgvi mgvi = new Mgvi(p.likelihood, MgviConfig.builder().build());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mgvi.run(wrong));
            assertTrue(e.getMessage().contains(Space.of(DType.FLOAT64, N).toString()), e.getMessage());
        }
    }
}
