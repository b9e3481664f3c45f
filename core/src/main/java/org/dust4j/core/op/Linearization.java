package org.dust4j.core.op;

import java.util.List;
import java.util.Objects;

import org.dust4j.core.Tensor;

/**
 * The value of an {@link Operator} at a point together with its Jacobian there. {@link #jvp} pushes a tangent
 * forward (J v), {@link #vjp} pulls a cotangent back (Jᵀ w).
 *
 * <p>A linearization owns its value and the tensors its Jacobian holds (the "tape" of reverse mode);
 * {@link #close()} releases them. Copy the value if it must outlive the linearization.
 */
public final class Linearization implements AutoCloseable {
    private final Tensor value;
    private final LinearOperator jacobian;
    private final List<AutoCloseable> resources;

    /**
     * @param value     the operator's value; owned by this linearization
     * @param jacobian  the Jacobian at the point; its target must be the value's space
     * @param resources further things released by {@link #close()} (tensors the Jacobian references,
     *                  linearizations of sub-operators)
     */
    public Linearization(Tensor value, LinearOperator jacobian, AutoCloseable... resources) {
        this.value = Objects.requireNonNull(value, "value");
        this.jacobian = Objects.requireNonNull(jacobian, "jacobian");
        this.resources = List.of(resources);
        if (!jacobian.target().contains(value)) {
            throw new IllegalArgumentException("the Jacobian " + jacobian + " maps to " + jacobian.target()
                    + " but the value is " + value.shape() + " " + value.dtype());
        }
    }

    /** The operator's value at the point. */
    public Tensor value() {
        return value;
    }

    /** The Jacobian at the point. */
    public LinearOperator jacobian() {
        return jacobian;
    }

    /** Forward mode: J v for a tangent v in the operator's domain (a new tensor). */
    public Tensor jvp(Tensor v) {
        return jacobian.apply(v);
    }

    /** Reverse mode: Jᵀ w for a cotangent w in the operator's target (a new tensor). */
    public Tensor vjp(Tensor w) {
        return jacobian.adjoint(w);
    }

    /** Releases the value and all resources; idempotent. */
    @Override
    public void close() {
        value.close();
        Resources.closeAll(resources);
    }
}
