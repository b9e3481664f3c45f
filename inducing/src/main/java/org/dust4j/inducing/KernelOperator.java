package org.dust4j.inducing;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;
import org.dust4j.core.op.TensorCache;

/**
 * The kernel matrix as a differentiable function of the kernel arguments (α, γ, Z), flattened as
 * {@link #arguments}: either the inducing covariance K_uu = K(Z, Z) + α·jitter·I ([M, M]) or the cross-covariance
 * K_ux = K(Z, X) ([M, N]) with fixed points X. Value, Jacobian and adjoint come from {@link RbfKernel}; value and
 * adjoint keep the hyperparameters on the backend (no synchronisation with a GPU).
 */
final class KernelOperator extends Operator {
    private final Blocks arguments;
    private final Tensor fixed;
    private final double jitter;
    private final TensorCache cache;

    private KernelOperator(Blocks arguments, Space target, Tensor fixed, double jitter, TensorCache cache,
                           String name) {
        super(arguments.space(), target, name);
        this.arguments = arguments;
        this.fixed = fixed;
        this.jitter = jitter;
        this.cache = cache;
    }

    /** The layout of the kernel arguments: α [1], γ [3], Z [3, M]. */
    static Blocks arguments(DType dtype, int m) {
        return Blocks.of(dtype, Shape.of(1), Shape.of(3), Shape.of(3, m));
    }

    /**
     * (α, γ, Z) ↦ K(Z, Z) + α·jitter·I.
     *
     * @param cache keeps the diagonal's index table (null: uploaded at every evaluation)
     */
    static KernelOperator gram(DType dtype, int m, double jitter, TensorCache cache) {
        return new KernelOperator(arguments(dtype, m), Space.of(dtype, m, m), null, jitter, cache, "Kuu[" + m + "]");
    }

    /** (α, γ, Z) ↦ K(Z, X) for fixed points x [3, N] (referenced, not copied). */
    static KernelOperator cross(int m, Tensor x) {
        int n = x.shape().dim(1);
        return new KernelOperator(arguments(x.dtype(), m), Space.of(x.dtype(), m, n), x, 0, null,
                "Kux[" + m + ", " + n + "]");
    }

    private Tensor other(Tensor z) {
        return fixed != null ? fixed : z;
    }

    private RbfKernel.Params params(Tensor args) {
        return RbfKernel.Params.of(arguments.view(args, 0), arguments.view(args, 1));
    }

    @Override
    protected Tensor compute(Tensor args) {
        try (RbfKernel.Params p = params(args)) {
            return kernel(args, p);
        }
    }

    private Tensor kernel(Tensor args, RbfKernel.Params p) {
        Tensor z = arguments.view(args, 2);
        Tensor k = RbfKernel.evaluate(z, other(z), p);
        if (fixed == null && jitter > 0) {
            addToDiagonal(k, p.alpha, jitter, cache);
        }
        return k;
    }

    /** The key of the index table of the diagonal of an n × n matrix. */
    private record DiagonalTable(int n) {
    }

    /**
     * Adds scale·value to the diagonal of the square matrix k, for a single-element tensor value on k's backend.
     *
     * @param cache keeps the diagonal's index table (null: uploaded for this call)
     */
    static void addToDiagonal(Tensor k, Tensor value, double scale, TensorCache cache) {
        Backend be = k.backend();
        int n = k.shape().dim(0);
        try (TensorCache local = cache == null ? new TensorCache() : null;
             Tensor v = be.zeros(k.dtype(), Shape.of(n))) {
            Tensor index = (cache != null ? cache : local).index(be, new DiagonalTable(n), () -> {
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = i * (n + 1);
                }
                return idx;
            });
            be.fill(v, scale);
            be.binary(BinaryOp.MUL, v, value, v);
            be.scatterAdd(v, index, k.reshape(n * n));
        }
    }

    @Override
    protected Linearization linearizeAt(Tensor args) {
        RbfKernel.Params p = params(args);
        try {
            Tensor k = kernel(args, p);
            return new Linearization(k, new Jacobian(args, k, p), p);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private final class Jacobian extends LinearOperator {
        private final Tensor args;
        private final Tensor z;
        private final Tensor k;
        private final RbfKernel.Params p;

        Jacobian(Tensor args, Tensor k, RbfKernel.Params p) {
            super(KernelOperator.this.domain(), KernelOperator.this.target(), "J" + KernelOperator.this);
            this.args = args;
            this.z = arguments.view(args, 2);
            this.k = k;
            this.p = p;
        }

        /** Forward mode reads the hyperparameters and their tangents on the host (it is not used while fitting). */
        @Override
        protected Tensor compute(Tensor d) {
            Tensor out = target().zeros(d.backend());
            Tensor dz = arguments.view(d, 2);
            RbfKernel.Hyper h = RbfKernel.Hyper.read(arguments.view(args, 0), arguments.view(args, 1));
            RbfKernel.tangent(z, other(z), h, arguments.view(d, 0).item(), arguments.view(d, 1).toDoubleArray(), dz,
                    fixed == null ? dz : null, k, out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor kBar) {
            Backend be = kBar.backend();
            Tensor out = domain().zeros(be);
            Tensor zBar = arguments.view(out, 2);
            try (Tensor e = kBar.zerosLike()) {
                be.binary(BinaryOp.MUL, kBar, k, e);
                RbfKernel.cotangent(z, other(z), p, e, arguments.view(out, 0), arguments.view(out, 1), zBar,
                        fixed == null ? zBar : null);
            }
            return out;
        }
    }
}
