package org.dust4j.inducing;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;

/**
 * The Monte-Carlo expected Gaussian log-likelihood of the stars' extinctions as a function of S samples of
 * φ = log10 ρ over the training cells, Φ [N, S]:
 * ℓ(Φ) = (1/S) Σ_s Σ_i [−½ ((A_i − A_is(10^Φ_s)) / σ_i)²] − Σ_i log σ_i − (n/2) log 2π,
 * with A(ρ) from {@link LineOfSight}. Fused by hand: the reverse pass is Ā = (A_obs − A)/(S σ²), ρ̄ = Aᵀ Ā
 * (scatter-adds and a reverse cumulative sum), Φ̄ = ln 10 · ρ ⊙ ρ̄; tests check it against finite differences.
 */
final class LineOfSightLikelihood extends Operator {
    private final LineOfSight los;
    private final Tensor scaledData;
    private final Tensor inverseSigma;
    private final double constant;
    private final int samples;

    /**
     * @param scaledData   A_obs/σ per star, repeated over the samples [n, S] (referenced)
     * @param inverseSigma 1/σ per star, repeated over the samples [n, S] (referenced)
     * @param constant     −Σ log σ − (n/2) log 2π
     */
    LineOfSightLikelihood(Space domain, LineOfSight los, Tensor scaledData, Tensor inverseSigma, double constant) {
        super(domain, Space.scalar(domain.dtype()), "expectedLogLikelihood[" + los.stars() + " stars]");
        this.los = los;
        this.scaledData = scaledData;
        this.inverseSigma = inverseSigma;
        this.constant = constant;
        this.samples = domain.shape().dim(1);
    }

    /** The standardised residuals z = (A_obs − A)/σ [n, S] for densities ρ. */
    private Tensor residuals(Tensor rho) {
        Backend be = rho.backend();
        Tensor z = los.extinction(rho);
        be.binary(BinaryOp.MUL, z, inverseSigma, z);
        be.binary(BinaryOp.SUB, scaledData, z, z);
        return z;
    }

    /** −½ |z|² / S + constant as a new scalar, computed on the backend. */
    private Tensor value(Tensor z) {
        Backend be = z.backend();
        Tensor t = target().zeros(be);
        be.dot(z, z, t);
        be.binaryScalar(BinaryOp.MUL, t, -0.5 / samples, t);
        be.binaryScalar(BinaryOp.ADD, t, constant, t);
        return t;
    }

    @Override
    protected Tensor compute(Tensor phi) {
        try (Tensor rho = LineOfSight.density(phi); Tensor z = residuals(rho)) {
            return value(z);
        }
    }

    @Override
    protected Linearization linearizeAt(Tensor phi) {
        Backend be = phi.backend();
        Tensor rho = LineOfSight.density(phi);
        Tensor z = residuals(rho);
        Tensor value = value(z);
        // ∂ℓ/∂A = z / (S σ), kept in z
        be.binary(BinaryOp.MUL, z, inverseSigma, z);
        LineOfSight.scale(z, 1.0 / samples);
        return new Linearization(value, new Jacobian(rho, z), rho, z);
    }

    private final class Jacobian extends LinearOperator {
        private final Tensor rho;
        private final Tensor dA;

        Jacobian(Tensor rho, Tensor dA) {
            super(LineOfSightLikelihood.this.domain(), LineOfSightLikelihood.this.target(),
                    "J" + LineOfSightLikelihood.this);
            this.rho = rho;
            this.dA = dA;
        }

        @Override
        protected Tensor compute(Tensor dPhi) {
            try (Tensor dRho = dPhi.mul(rho)) {
                LineOfSight.scale(dRho, Math.log(10));
                try (Tensor a = los.extinction(dRho)) {
                    Tensor out = target().zeros(a.backend());
                    a.backend().dot(a, dA, out);
                    return out;
                }
            }
        }

        @Override
        protected Tensor computeAdjoint(Tensor w) {
            try (Tensor aBar = dA.mul(w)) {
                Tensor out = los.adjoint(aBar);
                out.backend().binary(BinaryOp.MUL, out, rho, out);
                LineOfSight.scale(out, Math.log(10));
                return out;
            }
        }
    }
}
