package org.dust4j.mgvi;

import java.util.List;

/**
 * The outcome of a Newton-CG minimisation.
 *
 * @param steps            the accepted steps in order (energies strictly decreasing)
 * @param initialEnergy    the energy at the starting position
 * @param finalEnergy      the energy at the final position
 * @param lastGradientNorm the gradient norm at the last position where the gradient was evaluated: the final
 *                         position when the minimisation stopped on {@link StopReason#GRADIENT_TOLERANCE} or
 *                         {@link StopReason#NO_DECREASE}, otherwise the start of the last step
 * @param reason           why the minimisation stopped
 */
public record MinimizerResult(List<NewtonStep> steps, double initialEnergy, double finalEnergy,
                              double lastGradientNorm, StopReason reason) {
    public MinimizerResult {
        steps = List.copyOf(steps);
    }

    /** Why a minimisation stopped. */
    public enum StopReason {
        /** The last step decreased the energy by less than the energy tolerance. */
        ENERGY_TOLERANCE,
        /** The last step was shorter than the step tolerance. */
        STEP_TOLERANCE,
        /** The gradient norm fell to the gradient tolerance. */
        GRADIENT_TOLERANCE,
        /** The step cap was reached before any other criterion held. */
        MAX_STEPS,
        /**
         * Neither the halved Newton steps nor the halved steepest-descent steps decreased the energy: the position
         * is a minimum to within the floating-point resolution of the energy, or the metric is a poor model of
         * the curvature there.
         */
        NO_DECREASE
    }

    /** The number of steps whose inner CG solve did not converge. */
    public long unconvergedDirectionSolves() {
        return steps.stream().filter(s -> !s.cg().converged()).count();
    }
}
