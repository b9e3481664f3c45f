package org.dust4j.core.op;

import org.dust4j.core.BinaryOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Differentiable linear algebra, batched over leading axes: Cholesky factorisation, triangular solves and
 * matrix products, with exact Jacobians and adjoints.
 *
 * <p>Cholesky: L = chol(sym(A)) with sym(A) = (A + Aᵀ)/2, so the map is defined on all square matrices and
 * its gradients are symmetric. JVP: dL = L Φ(L⁻¹ sym(dA) L⁻ᵀ), Φ = lower triangle with halved diagonal.
 * VJP (Murray 2016, "Differentiation of the Cholesky decomposition", in symmetric form):
 * Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹).
 *
 * <p>Triangular solve X = U⁻¹ B with U = op(T) (T lower or upper, op = transpose when requested): only the
 * referenced triangle of T matters. JVP: dX = U⁻¹ (dB − dU X); VJP: B̄ = U⁻ᵀ X̄, Ū = −B̄ Xᵀ, and T̄ is the
 * referenced triangle of Ū (or of Ūᵀ when transposed).
 */
public final class Linalg {
    private Linalg() {
    }

    /** A ↦ chol((A + Aᵀ)/2), the lower Cholesky factor, on square matrices [..., n, n]. */
    public static Operator cholesky(Space space) {
        return cholesky(space, null);
    }

    /**
     * {@link #cholesky(Space)} with the transpose tables and triangular masks of its derivatives kept in
     * {@code cache} (null: uploaded at every call).
     */
    public static Operator cholesky(Space space, TensorCache cache) {
        square("cholesky", space.shape());
        return new Cholesky(space, cache);
    }

    /**
     * (T, B) ↦ op(T)⁻¹ B for triangular T [..., n, n] (lower or upper; op = transpose when requested) and
     * B [..., n, k] with T's batch axes (or the vector [n] for an unbatched T).
     */
    public static Operator2 triangularSolve(Space t, Space b, boolean lower, boolean transpose) {
        return triangularSolve(t, b, lower, transpose, null);
    }

    /**
     * {@link #triangularSolve(Space, Space, boolean, boolean)} with the triangular masks of its derivative kept in
     * {@code cache} (null: uploaded at every call).
     */
    public static Operator2 triangularSolve(Space t, Space b, boolean lower, boolean transpose, TensorCache cache) {
        requireSolvable(t.shape(), b.shape());
        return new TriangularSolve(t, b, lower, transpose, cache);
    }

    /**
     * (A, B) ↦ op(A) · op(B) for matrices A [..., m, k] and B [..., k, n] (op transposes the last two axes when
     * requested); batch axes are equal, or absent on one side (that operand is shared across the batch).
     */
    public static Operator2 matmul(Space a, boolean transposeA, Space b, boolean transposeB) {
        Shape out = TensorOps.matmulShape(a.shape(), transposeA, b.shape(), transposeB);
        return new Matmul(a, transposeA, b, transposeB, a.withShape(out));
    }

    private static int square(String what, Shape s) {
        if (s.rank() < 2 || s.dim(-1) != s.dim(-2)) {
            throw new IllegalArgumentException(what + " needs square matrices [..., n, n], got " + s);
        }
        return s.dim(-1);
    }

    /** Checks that op(t)⁻¹ rhs is defined: t [..., n, n], rhs [..., n, k] with t's batch axes, or [n]. */
    static void requireSolvable(Shape t, Shape rhs) {
        int n = square("triangular solve", t);
        boolean ok = rhs.rank() == 1 ? t.rank() == 2 && rhs.dim(0) == n
                : rhs.rank() == t.rank() && rhs.dim(-2) == n && TensorOps.batch(rhs).equals(TensorOps.batch(t));
        if (!ok) {
            throw new IllegalArgumentException("triangular solve: the right-hand side " + rhs + " does not fit the "
                    + "factor " + t + " (needs [..., " + n + ", k] with the factor's batch axes, or [" + n
                    + "] for an unbatched factor)");
        }
    }

    // ---------------------------------------------------------------- Cholesky

    private static final class Cholesky extends Operator {
        private final TensorCache cache;

        Cholesky(Space space, TensorCache cache) {
            super(space, space, "cholesky" + space);
            this.cache = cache;
        }

        @Override
        protected Tensor compute(Tensor a) {
            Tensor l = a.zerosLike();
            try (Tensor s = TensorOps.symmetrize(a, cache)) {
                a.backend().cholesky(s, l);
            }
            return l;
        }

        @Override
        protected Linearization linearizeAt(Tensor a) {
            Tensor l = compute(a);
            return new Linearization(l, new CholeskyJacobian(l, domain(), cache));
        }
    }

    /** dA ↦ L Φ(L⁻¹ sym(dA) L⁻ᵀ) and its adjoint L̄ ↦ sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹). */
    private static final class CholeskyJacobian extends LinearOperator {
        private final Tensor l;
        private final TensorCache cache;

        CholeskyJacobian(Tensor l, Space space, TensorCache cache) {
            super(space, space, "choleskyJacobian" + space);
            this.l = l;
            this.cache = cache;
        }

        @Override
        protected Tensor compute(Tensor da) {
            try (Tensor s = TensorOps.symmetrize(da, cache);
                 Tensor x = TensorOps.solve(l, true, false, s);
                 Tensor xt = TensorOps.transpose(x, cache);
                 Tensor y = TensorOps.solve(l, true, false, xt);
                 Tensor p = TensorOps.triangle(y, true, 0.5, cache)) {
                return TensorOps.matmul(l, false, p, false);
            }
        }

        @Override
        protected Tensor computeAdjoint(Tensor lbar) {
            try (Tensor p = TensorOps.matmul(l, true, lbar, false);
                 Tensor ybar = TensorOps.triangle(p, true, 0.5, cache);
                 Tensor z = TensorOps.solve(l, true, true, ybar);
                 Tensor zt = TensorOps.transpose(z, cache);
                 Tensor w = TensorOps.solve(l, true, true, zt)) {
                return TensorOps.symmetrize(w, cache);
            }
        }
    }

    // ---------------------------------------------------------------- triangular solve

    private static final class TriangularSolve extends Operator2 {
        private final boolean lower;
        private final boolean transpose;
        private final TensorCache cache;

        TriangularSolve(Space t, Space b, boolean lower, boolean transpose, TensorCache cache) {
            super(t, b, b, "triangularSolve(" + (lower ? "lower" : "upper") + (transpose ? "ᵀ" : "") + ")");
            this.lower = lower;
            this.transpose = transpose;
            this.cache = cache;
        }

        @Override
        protected Tensor compute(Tensor t, Tensor b) {
            Tensor out = b.zerosLike();
            t.backend().triangularSolve(t, lower, transpose, TensorOps.asMatrix(b), TensorOps.asMatrix(out));
            return out;
        }

        @Override
        protected Linearization2 linearizeAt(Tensor t, Tensor b) {
            Tensor x = compute(t, b);
            return new Linearization2(x, new FactorJacobian(t, x, lower, transpose, first(), cache),
                    LinearOperator.triangularSolve(t, lower, transpose, b.shape()));
        }
    }

    /** dT ↦ −U⁻¹ dU X with U = op(T), dU = op(tri(dT)); adjoint X̄ ↦ −tri(B̄ Xᵀ) (or −tri(X B̄ᵀ) transposed). */
    private static final class FactorJacobian extends LinearOperator {
        private final Tensor t;
        private final Tensor x;
        private final boolean lower;
        private final boolean transpose;
        private final TensorCache cache;

        FactorJacobian(Tensor t, Tensor x, boolean lower, boolean transpose, Space factor, TensorCache cache) {
            super(factor, Space.of(x), "triangularSolveFactorJacobian" + factor);
            this.t = t;
            this.x = x;
            this.lower = lower;
            this.transpose = transpose;
            this.cache = cache;
        }

        @Override
        protected Tensor compute(Tensor dt) {
            Tensor out = target().zeros(dt.backend());
            try (Tensor tri = TensorOps.triangle(dt, lower, 1, cache);
                 Tensor p = TensorOps.matmul(tri, transpose, TensorOps.asMatrix(x), false)) {
                dt.backend().triangularSolve(t, lower, transpose, p, TensorOps.asMatrix(out));
            }
            out.backend().binaryScalar(BinaryOp.MUL, out, -1, out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor xbar) {
            Tensor xm = TensorOps.asMatrix(x);
            try (Tensor bbar = TensorOps.solve(t, lower, !transpose, TensorOps.asMatrix(xbar));
                 Tensor ubar = transpose ? TensorOps.matmul(xm, false, bbar, true)
                         : TensorOps.matmul(bbar, false, xm, true)) {
                Tensor out = TensorOps.triangle(ubar, lower, 1, cache);
                out.backend().binaryScalar(BinaryOp.MUL, out, -1, out);
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- matrix product

    private static final class Matmul extends Operator2 {
        private final boolean transposeA;
        private final boolean transposeB;

        Matmul(Space a, boolean transposeA, Space b, boolean transposeB, Space target) {
            super(a, b, target, "matmul(" + a.shape() + (transposeA ? "ᵀ" : "") + ", " + b.shape()
                    + (transposeB ? "ᵀ" : "") + ")");
            this.transposeA = transposeA;
            this.transposeB = transposeB;
        }

        @Override
        protected Tensor compute(Tensor a, Tensor b) {
            return TensorOps.matmul(a, transposeA, b, transposeB);
        }

        @Override
        protected Linearization2 linearizeAt(Tensor a, Tensor b) {
            return new Linearization2(compute(a, b), new Factor(a, b, true, this), new Factor(a, b, false, this));
        }
    }

    /**
     * One factor of op(A)·op(B) varying, the other fixed: dA ↦ op(dA) op(B) or dB ↦ op(A) op(dB). The adjoints
     * follow from ⟨op(dA) op(B), Ȳ⟩ = ⟨op(dA), Ȳ op(B)ᵀ⟩ and ⟨op(A) op(dB), Ȳ⟩ = ⟨op(dB), op(A)ᵀ Ȳ⟩, summed over
     * the batch when the varying factor is shared across it.
     */
    private static final class Factor extends LinearOperator {
        private final Tensor a;
        private final Tensor b;
        private final boolean varyA;
        private final boolean ta;
        private final boolean tb;

        Factor(Tensor a, Tensor b, boolean varyA, Matmul m) {
            super(varyA ? m.first() : m.second(), m.target(), m + (varyA ? " in A" : " in B"));
            this.a = a;
            this.b = b;
            this.varyA = varyA;
            this.ta = m.transposeA;
            this.tb = m.transposeB;
        }

        @Override
        protected Tensor compute(Tensor d) {
            return varyA ? TensorOps.matmul(d, ta, b, tb) : TensorOps.matmul(a, ta, d, tb);
        }

        @Override
        protected Tensor computeAdjoint(Tensor ybar) {
            Tensor out = domain().zeros(ybar.backend());
            if (varyA) {
                if (ta) {
                    TensorOps.matmulSummed(b, tb, ybar, true, out);
                } else {
                    TensorOps.matmulSummed(ybar, false, b, !tb, out);
                }
            } else if (tb) {
                TensorOps.matmulSummed(ybar, true, a, ta, out);
            } else {
                TensorOps.matmulSummed(a, !ta, ybar, false, out);
            }
            return out;
        }
    }
}
