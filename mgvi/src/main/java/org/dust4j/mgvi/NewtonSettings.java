package org.dust4j.mgvi;

import java.io.DataOutput;
import java.io.IOException;

/**
 * Settings of the Newton-CG minimiser ({@link NewtonCg}). Immutable; change fields with the {@code with…}
 * methods, e.g. {@code NewtonSettings.defaults().withMaxSteps(10)}.
 *
 * <p>A step stops the minimisation when the energy decreased by less than {@code energyTolerance}, when the
 * step length ‖Δx‖ is at most {@code stepTolerance}·(1 + ‖x‖), when the gradient norm is at most
 * {@code gradientTolerance} (checked before each step), or when {@code maxSteps} steps have been taken.
 *
 * @param maxSteps          the step cap, ≥ 1
 * @param energyTolerance   absolute energy decrease below which a step ends the minimisation, ≥ 0
 * @param stepTolerance     relative step length below which a step ends the minimisation, ≥ 0
 * @param gradientTolerance gradient norm at or below which the minimisation ends without a step, ≥ 0
 * @param cgMaxIterations   iteration cap of the inner CG solve for the Newton direction, ≥ 1
 * @param maxForcing        the largest inner CG relative tolerance η: the solve of M p = −g stops at
 *                          ‖M p + g‖ ≤ min(maxForcing, √‖g‖)·‖g‖, in (0, 1)
 * @param maxHalvings       how often the line search halves the step before it falls back to steepest descent,
 *                          ≥ 0
 */
public record NewtonSettings(int maxSteps, double energyTolerance, double stepTolerance, double gradientTolerance,
                             int cgMaxIterations, double maxForcing, int maxHalvings) {
    /**
     * The defaults: at most 35 steps, stop when the energy decreases by less than 0.1 or the relative step is
     * below 1e-10, no gradient criterion, inner CG up to 200 iterations with forcing cap 0.5, 9 halvings.
     */
    public static final NewtonSettings DEFAULT = new NewtonSettings(35, 0.1, 1e-10, 0, 200, 0.5, 9);

    public NewtonSettings {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("Newton maxSteps must be >= 1, got " + maxSteps);
        }
        requireNonNegative("energyTolerance", energyTolerance);
        requireNonNegative("stepTolerance", stepTolerance);
        requireNonNegative("gradientTolerance", gradientTolerance);
        if (cgMaxIterations < 1) {
            throw new IllegalArgumentException("Newton cgMaxIterations must be >= 1, got " + cgMaxIterations);
        }
        if (!(maxForcing > 0 && maxForcing < 1)) {
            throw new IllegalArgumentException("Newton maxForcing must lie in (0, 1), got " + maxForcing);
        }
        if (maxHalvings < 0) {
            throw new IllegalArgumentException("Newton maxHalvings must be >= 0, got " + maxHalvings);
        }
    }

    private static void requireNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Newton " + name + " must be finite and >= 0, got " + v);
        }
    }

    /** {@link #DEFAULT}. */
    public static NewtonSettings defaults() {
        return DEFAULT;
    }

    public NewtonSettings withMaxSteps(int v) {
        return new NewtonSettings(v, energyTolerance, stepTolerance, gradientTolerance, cgMaxIterations, maxForcing,
                maxHalvings);
    }

    public NewtonSettings withEnergyTolerance(double v) {
        return new NewtonSettings(maxSteps, v, stepTolerance, gradientTolerance, cgMaxIterations, maxForcing,
                maxHalvings);
    }

    public NewtonSettings withStepTolerance(double v) {
        return new NewtonSettings(maxSteps, energyTolerance, v, gradientTolerance, cgMaxIterations, maxForcing,
                maxHalvings);
    }

    public NewtonSettings withGradientTolerance(double v) {
        return new NewtonSettings(maxSteps, energyTolerance, stepTolerance, v, cgMaxIterations, maxForcing,
                maxHalvings);
    }

    public NewtonSettings withCgMaxIterations(int v) {
        return new NewtonSettings(maxSteps, energyTolerance, stepTolerance, gradientTolerance, v, maxForcing,
                maxHalvings);
    }

    public NewtonSettings withMaxForcing(double v) {
        return new NewtonSettings(maxSteps, energyTolerance, stepTolerance, gradientTolerance, cgMaxIterations, v,
                maxHalvings);
    }

    public NewtonSettings withMaxHalvings(int v) {
        return new NewtonSettings(maxSteps, energyTolerance, stepTolerance, gradientTolerance, cgMaxIterations,
                maxForcing, v);
    }

    /** The inner CG settings for a gradient of norm {@code gradientNorm}: tolerance min(maxForcing, √‖g‖). */
    CgSettings directionCg(double gradientNorm) {
        return new CgSettings(Math.min(maxForcing, Math.sqrt(gradientNorm)), cgMaxIterations, 1);
    }

    /** Writes the fields for the configuration hash. */
    void hashInto(DataOutput out) throws IOException {
        out.writeInt(maxSteps);
        out.writeDouble(energyTolerance);
        out.writeDouble(stepTolerance);
        out.writeDouble(gradientTolerance);
        out.writeInt(cgMaxIterations);
        out.writeDouble(maxForcing);
        out.writeInt(maxHalvings);
    }
}
