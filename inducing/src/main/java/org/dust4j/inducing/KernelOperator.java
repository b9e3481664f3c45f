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

/**
 * The kernel matrix as a differentiable function of the kernel arguments (α, γ, Z), flattened as
 * {@link #arguments}: either the inducing covariance K_uu = K(Z, Z) + α·jitter·I ([M, M]) or the cross-covariance
 * K_ux = K(Z, X) ([M, N]) with fixed points X. Value, Jacobian and adjoint come from {@link RbfKernel}.
 */
final class KernelOperator extends Operator {
    private final Blocks arguments;
    private final Tensor fixed;
    private final double jitter;

    private KernelOperator(Blocks arguments, Space target, Tensor fixed, double jitter, String name) {
        super(arguments.space(), target, name);
        this.arguments = arguments;
        this.fixed = fixed;
        this.jitter = jitter;
    }

    /** The layout of the kernel arguments: α [1], γ [3], Z [3, M]. */
    static Blocks arguments(DType dtype, int m) {
        return Blocks.of(dtype, Shape.of(1), Shape.of(3), Shape.of(3, m));
    }

    /** (α, γ, Z) ↦ K(Z, Z) + α·jitter·I. */
    static KernelOperator gram(DType dtype, int m, double jitter) {
        return new KernelOperator(arguments(dtype, m), Space.of(dtype, m, m), null, jitter, "Kuu[" + m + "]");
    }

    /** (α, γ, Z) ↦ K(Z, X) for fixed points x [3, N] (referenced, not copied). */
    static KernelOperator cross(int m, Tensor x) {
        int n = x.shape().dim(1);
        return new KernelOperator(arguments(x.dtype(), m), Space.of(x.dtype(), m, n), x, 0, "Kux[" + m + ", " + n + "]");
    }

    private Tensor other(Tensor z) {
        return fixed != null ? fixed : z;
    }

    @Override
    protected Tensor compute(Tensor args) {
        Tensor z = arguments.view(args, 2);
        RbfKernel.Hyper h = RbfKernel.Hyper.read(arguments.view(args, 0), arguments.view(args, 1));
        Tensor k = RbfKernel.evaluate(z, other(z), h);
        if (fixed == null && jitter > 0) {
            addToDiagonal(k, h.alpha() * jitter);
        }
        return k;
    }

    /** Adds value to the diagonal of the square matrix k. */
    static void addToDiagonal(Tensor k, double value) {
        Backend be = k.backend();
        int n = k.shape().dim(0);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i * (n + 1);
        }
        try (Tensor index = be.fromHost(idx, Shape.of(n)); Tensor v = be.zeros(k.dtype(), Shape.of(n))) {
            be.fill(v, value);
            be.scatterAdd(v, index, k.reshape(n * n));
        }
    }

    @Override
    protected Linearization linearizeAt(Tensor args) {
        Tensor k = compute(args);
        RbfKernel.Hyper h = RbfKernel.Hyper.read(arguments.view(args, 0), arguments.view(args, 1));
        return new Linearization(k, new Jacobian(arguments.view(args, 2), h, k));
    }

    /** Writes the cotangents of α and γ into the first four elements of a flat argument cotangent. */
    static void writeHyper(Blocks layout, Tensor out, int alphaBlock, RbfKernel.HyperBar hb) {
        Backend be = out.backend();
        try (Tensor a = be.fromHost(new double[] {hb.alpha}, out.dtype(), Shape.of(1));
             Tensor g = be.fromHost(hb.gamma, out.dtype(), Shape.of(3))) {
            be.copy(a, layout.view(out, alphaBlock));
            be.copy(g, layout.view(out, alphaBlock + 1));
        }
    }

    private final class Jacobian extends LinearOperator {
        private final Tensor z;
        private final RbfKernel.Hyper h;
        private final Tensor k;

        Jacobian(Tensor z, RbfKernel.Hyper h, Tensor k) {
            super(KernelOperator.this.domain(), KernelOperator.this.target(), "J" + KernelOperator.this);
            this.z = z;
            this.h = h;
            this.k = k;
        }

        @Override
        protected Tensor compute(Tensor d) {
            Tensor out = target().zeros(d.backend());
            Tensor dz = arguments.view(d, 2);
            RbfKernel.tangent(z, other(z), h, arguments.view(d, 0).item(), arguments.view(d, 1).toDoubleArray(), dz,
                    fixed == null ? dz : null, k, out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor kBar) {
            Backend be = kBar.backend();
            Tensor out = domain().zeros(be);
            RbfKernel.HyperBar hb = new RbfKernel.HyperBar();
            Tensor zBar = arguments.view(out, 2);
            try (Tensor e = kBar.zerosLike()) {
                be.binary(BinaryOp.MUL, kBar, k, e);
                RbfKernel.cotangent(z, other(z), h, e, hb, zBar, fixed == null ? zBar : null);
            }
            writeHyper(arguments, out, 0, hb);
            return out;
        }
    }
}
