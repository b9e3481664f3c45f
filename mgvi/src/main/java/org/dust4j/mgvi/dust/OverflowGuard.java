package org.dust4j.mgvi.dust;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;

/**
 * The model's likelihood as MGVI evaluates it, with one difference: where the model cannot be evaluated because a
 * per-star noise parameter lies so far in the tail that its inverse-gamma factor overflows (the model throws an
 * {@link ArithmeticException} there, "inverse incomplete gamma did not converge", for ξ_n ≳ 67, where n_i
 * exceeds the double range and the energy is +∞ in double precision anyway), {@link #value} is +∞. Such points occur
 * as trial points of the Newton line search, which then halves the step instead of aborting the run. Everything else
 * (the value elsewhere, gradient, metric, its square root) is the wrapped energy's.
 *
 * <p>A workaround: the model should return +∞ itself (docs/reconstruction.md, "What should change").
 */
final class OverflowGuard extends EnergyOperator {
    private final EnergyOperator likelihood;

    OverflowGuard(EnergyOperator likelihood) {
        super(likelihood.domain(), likelihood.toString());
        this.likelihood = likelihood;
    }

    @Override
    protected double valueAt(Tensor x) {
        try {
            return likelihood.value(x);
        } catch (ArithmeticException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    @Override
    protected Energy energyAt(Tensor x) {
        return likelihood.at(x);
    }
}
