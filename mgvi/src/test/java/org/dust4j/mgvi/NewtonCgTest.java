package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;

class NewtonCgTest {

    @Test
    void minimisesTheLinearPosteriorToTheWienerMean() {
        try (LinearProblem p = new LinearProblem(10, DType.FLOAT64, 21); Tensor x = p.space.zeros(LinearProblem.CPU)) {
            EnergyOperator h = p.likelihood.plus(EnergyOperator.standardNormal(p.space));
            List<NewtonStep> seen = new ArrayList<>();
            MinimizerResult r = NewtonCg.minimize(h, x,
                    NewtonSettings.DEFAULT.withEnergyTolerance(0).withStepTolerance(0).withGradientTolerance(1e-11),
                    seen::add);
            // the energy (about 9) resolves decreases down to ~1e-15, i.e. gradients down to ~1e-7: the run ends
            // when no trial point is lower any more, or on the gradient criterion
            assertTrue(r.reason() == MinimizerResult.StopReason.NO_DECREASE
                    || r.reason() == MinimizerResult.StopReason.GRADIENT_TOLERANCE, r.toString());
            assertEquals(r.steps(), seen);
            assertTrue(Dense.maxAbsDiff(p.wienerMean(), x.toDoubleArray()) < 1e-7,
                    "error " + Dense.maxAbsDiff(p.wienerMean(), x.toDoubleArray()));
            double previous = r.initialEnergy();
            for (NewtonStep s : r.steps()) {
                assertEquals(previous, s.energyBefore());
                assertTrue(s.energyAfter() < s.energyBefore());
                previous = s.energyAfter();
            }
            assertEquals(previous, r.finalEnergy());
            assertEquals(0, r.unconvergedDirectionSolves());
            // the inexact Newton method converges superlinearly: the gradient norm drops by orders of magnitude
            NewtonStep last = r.steps().get(r.steps().size() - 1);
            assertTrue(last.gradientNorm() < 1e-5 * r.steps().get(0).gradientNorm(), last.toString());
        }
    }

    @Test
    void exactInnerSolveReachesTheQuadraticMinimumInOneStep() {
        try (LinearProblem p = new LinearProblem(10, DType.FLOAT64, 21); Tensor x = p.space.zeros(LinearProblem.CPU)) {
            EnergyOperator h = p.likelihood.plus(EnergyOperator.standardNormal(p.space));
            MinimizerResult r = NewtonCg.minimize(h, x, NewtonSettings.DEFAULT.withMaxSteps(1).withMaxForcing(1e-13),
                    s -> { });
            assertEquals(1, r.steps().size());
            assertFalse(r.steps().get(0).steepestDescent());
            assertEquals(0, r.steps().get(0).halvings());
            assertTrue(Dense.maxAbsDiff(p.wienerMean(), x.toDoubleArray()) < 1e-11,
                    "error " + Dense.maxAbsDiff(p.wienerMean(), x.toDoubleArray()));
        }
    }

    @Test
    void stopsWithoutDecreaseAtTheMinimum() {
        try (LinearProblem p = new LinearProblem(6, DType.FLOAT64, 22);
             Tensor x = LinearProblem.CPU.fromHost(p.wienerMean(), DType.FLOAT64, Shape.of(6))) {
            EnergyOperator h = p.likelihood.plus(EnergyOperator.standardNormal(p.space));
            MinimizerResult r = NewtonCg.minimize(h, x,
                    NewtonSettings.DEFAULT.withEnergyTolerance(0).withStepTolerance(0), s -> { });
            // at the exact minimum no trial point lowers the energy beyond rounding; at most a rounding-level step
            assertTrue(r.reason() == MinimizerResult.StopReason.NO_DECREASE, r.toString());
            assertTrue(Dense.maxAbsDiff(p.wienerMean(), x.toDoubleArray()) < 1e-12);
        }
    }

    /**
     * ½|x|² from x = (1, 0.5) with a wrong metric diag(1e-6, 1): the Newton step overshoots the first coordinate
     * by a factor 10⁶, which 9 halvings cannot repair, so the minimiser must fall back to steepest descent. Its
     * Cauchy step α₀ = gᵀg / gᵀMg ≈ 5 gives −4x and 2.5 gives −1.5x (both higher), 1.25 gives −x/4 (lower).
     */
    @Test
    void fallsBackToSteepestDescent() {
        Space s = Space.of(DType.FLOAT64, 2);
        try (Tensor metric = LinearProblem.CPU.fromHost(new double[] {1e-6, 1}, DType.FLOAT64, Shape.of(2));
             Tensor x = LinearProblem.CPU.fromHost(new double[] {1, 0.5}, DType.FLOAT64, Shape.of(2))) {
            EnergyOperator wrongMetric = new EnergyOperator(s, "wrongMetric") {
                @Override
                protected double valueAt(Tensor y) {
                    return 0.5 * y.dot(y);
                }

                @Override
                protected Energy energyAt(Tensor y) {
                    Tensor root = metric.sqrt();
                    return Energy.of(valueAt(y), y.copy(), LinearOperator.diagonal(metric),
                            LinearOperator.diagonal(root), root);
                }
            };
            MinimizerResult r = NewtonCg.minimize(wrongMetric, x, NewtonSettings.DEFAULT.withMaxSteps(1), st -> { });
            NewtonStep step = r.steps().get(0);
            assertTrue(step.steepestDescent(), step.toString());
            assertEquals(2, step.halvings());
            assertEquals(MinimizerResult.StopReason.MAX_STEPS, r.reason());
            double alpha = 1.25 / (1e-6 + 0.25) / 4;
            assertArrayEquals(new double[] {1 - alpha, 0.5 * (1 - alpha)}, x.toDoubleArray(), 1e-15);
        }
    }

    @Test
    void energyToleranceStopsEarly() {
        try (LinearProblem p = new LinearProblem(10, DType.FLOAT64, 23); Tensor x = p.space.zeros(LinearProblem.CPU)) {
            EnergyOperator h = p.likelihood.plus(EnergyOperator.standardNormal(p.space));
            MinimizerResult r = NewtonCg.minimize(h, x, NewtonSettings.DEFAULT.withEnergyTolerance(1e6), s -> { });
            assertEquals(1, r.steps().size());
            assertEquals(MinimizerResult.StopReason.ENERGY_TOLERANCE, r.reason());
        }
    }
}
