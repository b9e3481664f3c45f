package org.dust4j.mgvi;

/**
 * One accepted step of the Newton-CG minimiser.
 *
 * @param index           the step number, from 1
 * @param energyBefore    the energy before the step
 * @param energyAfter     the energy after the step (strictly lower)
 * @param gradientNorm    the gradient norm ‖g‖ before the step
 * @param stepLength      the length ‖Δx‖ of the step taken
 * @param cg              the inner CG solve of M p = −g for the Newton direction
 * @param steepestDescent whether the Newton direction failed and a steepest-descent step was taken
 * @param halvings        how often the step was halved before the energy decreased
 */
public record NewtonStep(int index, double energyBefore, double energyAfter, double gradientNorm, double stepLength,
                         CgResult cg, boolean steepestDescent, int halvings) {
    /** energyBefore − energyAfter (positive). */
    public double energyDecrease() {
        return energyBefore - energyAfter;
    }
}
