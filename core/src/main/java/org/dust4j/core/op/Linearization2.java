package org.dust4j.core.op;

import java.util.List;
import java.util.Objects;

import org.dust4j.core.Tensor;

/**
 * The value of an {@link Operator2} at a pair (a, b) with its two partial Jacobians: d f = J_a da + J_b db.
 * Like {@link Linearization} it owns its value and the listed resources and releases them on {@link #close()}.
 */
public final class Linearization2 implements AutoCloseable {
    private final Tensor value;
    private final LinearOperator jacobianFirst;
    private final LinearOperator jacobianSecond;
    private final List<AutoCloseable> resources;

    /**
     * @param value          the value; owned by this linearization
     * @param jacobianFirst  ∂f/∂a, from the first argument's space to the value's space
     * @param jacobianSecond ∂f/∂b, from the second argument's space to the value's space
     * @param resources      further things released by {@link #close()}
     */
    public Linearization2(Tensor value, LinearOperator jacobianFirst, LinearOperator jacobianSecond,
                          AutoCloseable... resources) {
        this.value = Objects.requireNonNull(value, "value");
        this.jacobianFirst = Objects.requireNonNull(jacobianFirst, "jacobianFirst");
        this.jacobianSecond = Objects.requireNonNull(jacobianSecond, "jacobianSecond");
        this.resources = List.of(resources);
        if (!jacobianFirst.target().contains(value) || !jacobianSecond.target().contains(value)) {
            throw new IllegalArgumentException("the partial Jacobians map to " + jacobianFirst.target() + " and "
                    + jacobianSecond.target() + " but the value is " + value.shape() + " " + value.dtype());
        }
    }

    public Tensor value() {
        return value;
    }

    /** The partial Jacobian with respect to the first argument. */
    public LinearOperator jacobianFirst() {
        return jacobianFirst;
    }

    /** The partial Jacobian with respect to the second argument. */
    public LinearOperator jacobianSecond() {
        return jacobianSecond;
    }

    @Override
    public void close() {
        value.close();
        Resources.closeAll(resources);
    }
}
