package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Pointwise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SampledKlTest {
    private LinearProblem problem;
    private final List<Tensor> residuals = new ArrayList<>();
    private Tensor x;

    @BeforeEach
    void setUp() {
        problem = new LinearProblem(10, DType.FLOAT64, 11);
        for (int k = 0; k < 3; k++) {
            Tensor r = problem.space.zeros(LinearProblem.CPU);
            LinearProblem.CPU.randomNormal(5, 100L * k, r);
            residuals.add(r);
        }
        x = problem.space.zeros(LinearProblem.CPU);
        LinearProblem.CPU.randomNormal(6, 0, x);
    }

    @AfterEach
    void tearDown() {
        Closeables.closeAll(residuals);
        x.close();
        problem.close();
    }

    private EnergyOperator hamiltonian(EnergyOperator likelihood) {
        return likelihood.plus(EnergyOperator.standardNormal(likelihood.domain()));
    }

    @Test
    void linearMetricIsTheDensePosteriorPrecision() {
        SampledKl kl = SampledKl.of(hamiltonian(problem.likelihood), residuals, Integer.MAX_VALUE);
        double[][] expected = problem.posteriorPrecision();
        try (Energy e = kl.at(x); Tensor dense = e.metric().toDense(LinearProblem.CPU)) {
            double[] m = dense.toDoubleArray();
            for (int a = 0; a < problem.n; a++) {
                for (int b = 0; b < problem.n; b++) {
                    assertEquals(expected[a][b], m[a * problem.n + b], 1e-12 * Math.abs(expected[a][b]) + 1e-14,
                            "metric[" + a + ", " + b + "]");
                }
            }
        }
    }

    @Test
    void valueAndGradientAreSampleAverages() {
        EnergyOperator h = hamiltonian(problem.likelihood);
        SampledKl kl = SampledKl.of(h, residuals, Integer.MAX_VALUE);
        assertEquals(6, kl.sampleCount());
        double value = 0;
        double[] gradient = new double[problem.n];
        for (int i = 0; i < 6; i++) {
            try (Tensor xi = x.add(residuals.get(i / 2).mul(i % 2 == 0 ? 1 : -1)); Energy e = h.at(xi)) {
                value += e.value() / 6;
                double[] g = e.gradient().toDoubleArray();
                for (int j = 0; j < problem.n; j++) {
                    gradient[j] += g[j] / 6;
                }
            }
        }
        try (Energy e = kl.at(x)) {
            assertEquals(value, e.value(), 1e-12 * Math.abs(value));
            assertEquals(value, kl.value(x), 1e-12 * Math.abs(value));
            double[] g = e.gradient().toDoubleArray();
            for (int j = 0; j < problem.n; j++) {
                assertEquals(gradient[j], g[j], 1e-12 * (1 + Math.abs(gradient[j])), "gradient[" + j + "]");
            }
        }
    }

    /** A nonlinear Hamiltonian, so that the sample metrics differ: exp inside the line-of-sight integral. */
    private EnergyOperator nonlinear() {
        return hamiltonian(EnergyOperator.gaussian(problem.dataTensor, problem.noiseTensor)
                .after(problem.response.after(Pointwise.exp(problem.space))));
    }

    @Test
    void memoryBudgetDoesNotChangeTheBits() {
        EnergyOperator h = nonlinear();
        try (Tensor v = problem.space.zeros(LinearProblem.CPU)) {
            LinearProblem.CPU.randomNormal(9, 0, v);
            double[] all;
            double[] gAll;
            double[] rootAll;
            try (Energy e = SampledKl.of(h, residuals, Integer.MAX_VALUE).at(x); Tensor mv = e.metric().apply(v);
                 Tensor sv = e.metricSqrt().adjoint(v)) {
                all = mv.toDoubleArray();
                gAll = e.gradient().toDoubleArray();
                rootAll = sv.toDoubleArray();
            }
            for (int held : new int[] {0, 1, 4}) {
                try (Energy e = SampledKl.of(h, residuals, held).at(x); Tensor mv = e.metric().apply(v);
                     Tensor sv = e.metricSqrt().adjoint(v)) {
                    assertArrayEquals(all, mv.toDoubleArray(), "metric with " + held + " held");
                    assertArrayEquals(gAll, e.gradient().toDoubleArray(), "gradient with " + held + " held");
                    assertArrayEquals(rootAll, sv.toDoubleArray(), "metric root with " + held + " held");
                }
            }
        }
    }

    @Test
    void metricFactorsThroughItsSquareRoot() {
        EnergyOperator h = nonlinear();
        try (Energy e = SampledKl.of(h, residuals, 2).at(x); Tensor v = problem.space.zeros(LinearProblem.CPU)) {
            LinearProblem.CPU.randomNormal(10, 0, v);
            try (Tensor mv = e.metric().apply(v); Tensor stv = e.metricSqrt().adjoint(v);
                 Tensor sstv = e.metricSqrt().apply(stv); Tensor diff = mv.sub(sstv)) {
                assertTrue(diff.norm() <= 1e-12 * mv.norm(), "M v - S Sᵀ v = " + diff.norm());
            }
            // the metric is the average of the per-sample metrics, which differ for a nonlinear model
            try (Tensor mv = e.metric().apply(v); Tensor x0 = x.add(residuals.get(0));
                 Energy e0 = h.at(x0); Tensor m0v = e0.metric().apply(v); Tensor d = mv.sub(m0v)) {
                assertTrue(d.norm() > 1e-3 * mv.norm(), "sample metrics should differ");
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        EnergyOperator h = hamiltonian(problem.likelihood);
        assertThrows(IllegalArgumentException.class, () -> SampledKl.of(h, List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> SampledKl.of(h, residuals, -1));
        try (Tensor wrong = LinearProblem.CPU.zeros(DType.FLOAT32, problem.space.shape())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SampledKl.of(h, List.of(wrong), 1));
            assertTrue(e.getMessage().contains("residual sample 0"), e.getMessage());
        }
    }
}
