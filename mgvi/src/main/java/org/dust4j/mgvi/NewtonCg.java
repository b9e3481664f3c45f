package org.dust4j.mgvi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;

/**
 * Newton-CG minimisation of an energy with a metric, the metric serving as the Hessian (for MGVI the
 * sample-averaged metric of {@link SampledKl}).
 *
 * <p>Each step solves M p = −g by conjugate gradients from p = 0 with the relative tolerance
 * η = min(maxForcing, √‖g‖) (an inexact Newton method whose accuracy grows as the gradient shrinks), then tries
 * x + α p for α = 1, 1/2, …, 2^−maxHalvings and accepts the first that lowers the energy. When none does (or p
 * is not a descent direction, gᵀp ≥ 0) it tries steepest descent −g from the Cauchy step length
 * α₀ = gᵀg / gᵀMg with the same halvings; when that fails too, the minimisation stops with
 * {@link MinimizerResult.StopReason#NO_DECREASE}. Energies are compared with {@link EnergyOperator#value}, so
 * the reported energies decrease strictly.
 */
public final class NewtonCg {
    private NewtonCg() {
    }

    /**
     * Minimises {@code energy} from x, which is overwritten by the final position.
     *
     * @param energy   an energy whose {@link EnergyOperator#at} has a metric
     * @param x        the starting position, overwritten
     * @param settings stopping rules and inner CG limits
     * @param onStep   called after each accepted step
     * @return the steps, energies and the reason for stopping
     */
    public static MinimizerResult minimize(EnergyOperator energy, Tensor x, NewtonSettings settings,
                                           Consumer<NewtonStep> onStep) {
        if (!energy.domain().contains(x)) {
            throw new IllegalArgumentException("Newton-CG: the position must lie in the energy's domain "
                    + energy.domain() + ", got " + x.shape() + " " + x.dtype());
        }
        Backend be = x.backend();
        List<NewtonStep> steps = new ArrayList<>();
        double initial = energy.value(x);
        double current = initial;
        double gradientNorm = Double.NaN;
        MinimizerResult.StopReason reason;
        try (Tensor candidate = x.zerosLike(); Tensor direction = x.zerosLike()) {
            while (true) {
                if (steps.size() == settings.maxSteps()) {
                    reason = MinimizerResult.StopReason.MAX_STEPS;
                    break;
                }
                NewtonStep step;
                double xNorm = Math.sqrt(x.dot(x));
                try (Energy e = energy.at(x)) {
                    if (!e.hasMetric()) {
                        throw new IllegalArgumentException("Newton-CG needs an energy with a metric, " + energy
                                + " has none");
                    }
                    Tensor g = e.gradient();
                    double gg = g.dot(g);
                    gradientNorm = Math.sqrt(gg);
                    if (gradientNorm <= settings.gradientTolerance()) {
                        reason = MinimizerResult.StopReason.GRADIENT_TOLERANCE;
                        break;
                    }
                    be.fill(direction, 0);
                    CgResult cg;
                    try (Tensor negG = g.mul(-1)) {
                        cg = ConjugateGradient.solve(e.metric(), negG, direction, settings.directionCg(gradientNorm));
                    }
                    boolean steepest = false;
                    Trial trial = g.dot(direction) < 0
                            ? search(energy, x, direction, 1, current, settings.maxHalvings(), candidate) : null;
                    if (trial == null) {
                        steepest = true;
                        be.binaryScalar(BinaryOp.MUL, g, -1, direction);
                        double curvature;
                        try (Tensor mg = e.metric().apply(g)) {
                            curvature = g.dot(mg);
                        }
                        double alpha0 = curvature > 0 ? gg / curvature : 1 / gradientNorm;
                        trial = search(energy, x, direction, alpha0, current, settings.maxHalvings(), candidate);
                    }
                    if (trial == null) {
                        reason = MinimizerResult.StopReason.NO_DECREASE;
                        break;
                    }
                    double stepLength = trial.alpha * Math.sqrt(direction.dot(direction));
                    step = new NewtonStep(steps.size() + 1, current, trial.energy, gradientNorm, stepLength, cg,
                            steepest, trial.halvings);
                }
                be.copy(candidate, x);
                steps.add(step);
                onStep.accept(step);
                current = step.energyAfter();
                if (step.energyDecrease() < settings.energyTolerance()) {
                    reason = MinimizerResult.StopReason.ENERGY_TOLERANCE;
                    break;
                }
                if (step.stepLength() <= settings.stepTolerance() * (1 + xNorm)) {
                    reason = MinimizerResult.StopReason.STEP_TOLERANCE;
                    break;
                }
            }
        }
        return new MinimizerResult(steps, initial, current, gradientNorm, reason);
    }

    private record Trial(int halvings, double alpha, double energy) {
    }

    /**
     * The first of x + α₀ 2^−h d, h = 0 … maxHalvings, whose energy is below {@code current} (written to
     * candidate), or null.
     */
    private static Trial search(EnergyOperator energy, Tensor x, Tensor d, double alpha0, double current,
                                int maxHalvings, Tensor candidate) {
        double alpha = alpha0;
        for (int h = 0; h <= maxHalvings; h++, alpha /= 2) {
            x.backend().axpby(1, x, alpha, d, candidate);
            double value = energy.value(candidate);
            if (value < current) {
                return new Trial(h, alpha, value);
            }
        }
        return null;
    }
}
