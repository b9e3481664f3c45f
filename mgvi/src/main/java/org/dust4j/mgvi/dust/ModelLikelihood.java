package org.dust4j.mgvi.dust;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;
import org.dust4j.model.DustModel;

/**
 * The likelihood part of the dust model's energy, which is what the MGVI engine takes (it adds the standard-normal
 * prior itself). {@link DustModel#energy()} is the posterior energy E = L + ½|ξ|² with metric M = J_Lᵀ F J_L + 1 and
 * the left root S = [J_Lᵀ F^{1/2} | 1] on the concatenation of the [2, nstars] data space and the parameter space;
 * this energy is L = E − ½|ξ|², with gradient ∇E − ξ, metric M − 1 and root S restricted to the data block, so the
 * fused passes of the model (one per value and gradient, one per metric application) are kept. The subtraction is
 * exact up to rounding in the value (absolute error ~ 1e-16 |ξ|²), gradient and metric.
 *
 * <p>Needed because the model offers no likelihood-only energy; if it does, this adapter goes.
 */
final class ModelLikelihood extends EnergyOperator {
    private final EnergyOperator posterior;
    private final LinearOperator embedData;
    private final LinearOperator minusIdentity;

    ModelLikelihood(DustModel model) {
        super(model.parameters().space(), "likelihood(" + model.energy() + ")");
        this.posterior = model.energy();
        Space params = model.parameters().space();
        Blocks rootLayout = Blocks.of(Space.of(model.dtype(), 2, model.stars().size()), params);
        this.embedData = rootLayout.extract(0).adjoint();
        this.minusIdentity = LinearOperator.identity(params).scale(-1);
    }

    /**
     * The value; +∞ where the model cannot be evaluated because a per-star noise parameter is so far in the tail
     * that its inverse-gamma factor overflows (the model throws an {@link ArithmeticException} there, e.g. for
     * ξ_n ≈ −79, where n_i exceeds the double range and the energy is +∞ in double precision anyway). Such points
     * occur only as trial points of the line search, which then shortens the step.
     */
    @Override
    protected double valueAt(Tensor x) {
        try {
            return posterior.value(x) - 0.5 * x.dot(x);
        } catch (ArithmeticException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    @Override
    protected Energy energyAt(Tensor x) {
        Energy e = posterior.at(x);
        Tensor g = null;
        try {
            if (!e.metricSqrt().domain().equals(embedData.target())) {
                throw new IllegalStateException("the model's metric square root acts on " + e.metricSqrt().domain()
                        + ", expected the [data, parameters] layout " + embedData.target());
            }
            g = e.gradient().copy();
            x.backend().axpby(1, g, -1, x, g);
            double value = e.value() - 0.5 * x.dot(x);
            return Energy.of(value, g, e.metric().plus(minusIdentity), e.metricSqrt().after(embedData), e);
        } catch (RuntimeException ex) {
            if (g != null) {
                g.close();
            }
            e.close();
            throw ex;
        }
    }
}
