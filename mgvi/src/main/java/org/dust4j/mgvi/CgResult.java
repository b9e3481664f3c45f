package org.dust4j.mgvi;

/**
 * The outcome of a conjugate-gradient solve of A x = b.
 *
 * @param iterations   the iterations run (applications of A after the initial residual)
 * @param converged    whether the stopping tolerance was met; false when the iteration cap was reached or the
 *                     operator showed non-positive curvature pᵀ A p ≤ 0 (see {@code breakdown})
 * @param residualNorm the final residual norm ‖b − A x‖ as tracked by the recurrence
 * @param rhsNorm      ‖b‖
 * @param breakdown    whether the solve stopped because pᵀ A p was not positive (A not positive definite
 *                     in floating point, or NaN)
 */
public record CgResult(int iterations, boolean converged, double residualNorm, double rhsNorm, boolean breakdown) {
    /** ‖b − A x‖ / ‖b‖ (0 when b = 0). */
    public double relativeResidual() {
        return rhsNorm == 0 ? 0 : residualNorm / rhsNorm;
    }

    @Override
    public String toString() {
        return (converged ? "converged" : breakdown ? "broke down (non-positive curvature)" : "NOT converged")
                + " after " + iterations + " iterations, relative residual " + relativeResidual();
    }
}
