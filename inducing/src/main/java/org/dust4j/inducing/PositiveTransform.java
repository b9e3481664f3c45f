package org.dust4j.inducing;

import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Pointwise;
import org.dust4j.core.op.Space;

/**
 * How a positive quantity (the kernel amplitude α, the length scales γ, the diagonal of the variational
 * Cholesky factor) is represented by an unconstrained raw parameter that the optimiser updates.
 */
public enum PositiveTransform {
    /** value = exp(raw): an optimiser step changes the value by a fixed factor, whatever its scale. */
    LOG,
    /** value = log(1 + exp(raw)) (softplus, GPyTorch's default): raw ≈ value for values well above 1. */
    SOFTPLUS;

    /** The value of a raw parameter. */
    public double value(double raw) {
        return this == LOG ? Math.exp(raw) : (raw > 30 ? raw : Math.log1p(Math.exp(raw)));
    }

    /** The raw parameter of a positive value. */
    public double raw(double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("a positive parameter must be positive and finite, got " + value);
        }
        return this == LOG ? Math.log(value) : (value > 30 ? value : Math.log(Math.expm1(value)));
    }

    /** The elementwise map raw ↦ value on a space, as a differentiable operator. */
    Operator operator(Space s) {
        return this == LOG ? Pointwise.exp(s) : Pointwise.softplus(s);
    }
}
