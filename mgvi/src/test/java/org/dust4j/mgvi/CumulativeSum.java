package org.dust4j.mgvi;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;

/**
 * Line-of-sight integration along axis 0 as a linear operator: y_i = Σ_{j ≤ i} x_j (inclusive forward cumulative
 * sum); the adjoint is the inclusive reverse cumulative sum (Aᵀy)_j = Σ_{i ≥ j} y_i.
 */
final class CumulativeSum extends LinearOperator {
    CumulativeSum(Space space) {
        super(space, space, "cumsum" + space);
    }

    @Override
    protected Tensor compute(Tensor x) {
        Tensor out = x.zerosLike();
        x.backend().cumsum(x, 0, false, false, out);
        return out;
    }

    @Override
    protected Tensor computeAdjoint(Tensor y) {
        Tensor out = y.zerosLike();
        y.backend().cumsum(y, 0, false, true, out);
        return out;
    }
}
