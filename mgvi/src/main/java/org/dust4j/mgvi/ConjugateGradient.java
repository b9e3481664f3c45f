package org.dust4j.mgvi;

import org.dust4j.core.Backend;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;

/**
 * The conjugate-gradient method for A x = b with a self-adjoint positive-definite {@link LinearOperator} A.
 * Vectors live on b's backend in its dtype; the scalars (inner products, step lengths) are kept in double, and
 * the backends accumulate the inner products in double for FLOAT32 too.
 */
public final class ConjugateGradient {
    private ConjugateGradient() {
    }

    /**
     * Solves A x = b starting at the given x, which is overwritten by the solution.
     *
     * <p>Iteration k updates x ← x + α p, r ← r − α A p with α = rᵀr / pᵀAp and the search direction
     * p ← r + (r_newᵀ r_new / rᵀ r) p. It stops when ‖r‖ ≤ tol·‖b‖ after at least {@code minIterations}
     * iterations, when r is exactly zero, at the iteration cap (not converged), or when pᵀAp ≤ 0 or NaN
     * (breakdown, not converged). For b = 0 the solution x = 0 is returned at once.
     *
     * @param a        self-adjoint positive-definite operator from a space to itself
     * @param b        right-hand side in that space
     * @param x        initial guess, overwritten with the solution (same space and backend as b)
     * @param settings tolerance and iteration limits
     * @return iterations, convergence and the final residual
     */
    public static CgResult solve(LinearOperator a, Tensor b, Tensor x, CgSettings settings) {
        Space space = a.domain();
        if (!a.target().equals(space)) {
            throw new IllegalArgumentException("conjugate gradient needs an operator from a space to itself, " + a
                    + " maps " + space + " -> " + a.target());
        }
        require("the right-hand side b", space, b);
        require("the initial guess x", space, x);
        if (b.backend() != x.backend()) {
            throw new IllegalArgumentException("conjugate gradient: b lives on " + b.backend().name()
                    + " but x on " + x.backend().name());
        }
        Backend be = b.backend();
        double bNorm = Math.sqrt(b.dot(b));
        if (bNorm == 0) {
            be.fill(x, 0);
            return new CgResult(0, true, 0, 0, false);
        }
        double tolerance = settings.relativeTolerance() * bNorm;
        try (Tensor r = a.apply(x); Tensor p = x.zerosLike()) {
            be.axpby(1, b, -1, r, r);
            be.copy(r, p);
            double rr = r.dot(r);
            int k = 0;
            while (true) {
                double rNorm = Math.sqrt(rr);
                if (rr == 0 || (rNorm <= tolerance && k >= settings.minIterations())) {
                    return new CgResult(k, true, rNorm, bNorm, false);
                }
                if (k == settings.maxIterations() || Double.isNaN(rr)) {
                    return new CgResult(k, false, rNorm, bNorm, Double.isNaN(rr));
                }
                try (Tensor q = a.apply(p)) {
                    double pq = p.dot(q);
                    if (!(pq > 0)) {
                        return new CgResult(k, false, rNorm, bNorm, true);
                    }
                    double alpha = rr / pq;
                    be.axpby(alpha, p, 1, x, x);
                    be.axpby(-alpha, q, 1, r, r);
                }
                k++;
                double rrNew = r.dot(r);
                be.axpby(1, r, rrNew / rr, p, p);
                rr = rrNew;
            }
        }
    }

    private static void require(String what, Space space, Tensor t) {
        if (!space.contains(t)) {
            throw new IllegalArgumentException("conjugate gradient: " + what + " must lie in " + space + ", got "
                    + t.shape() + " " + t.dtype());
        }
    }
}
