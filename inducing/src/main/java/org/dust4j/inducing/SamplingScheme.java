package org.dust4j.inducing;

/**
 * How the Monte-Carlo samples of φ = log10 ρ over the training cells are drawn for the expected log-likelihood of
 * the ELBO.
 */
public enum SamplingScheme {
    /**
     * Jointly: v ~ q(v) = N(m, L Lᵀ), then φ = c + K_xu L_uu⁻ᵀ v for all cells at once (u = L_uu v is the
     * whitened inducing value). Neighbouring cells of a line of sight are correlated as the posterior says, and
     * the cost is O(N M S) for N cells, M inducing points and S samples.
     */
    JOINT,
    /**
     * Cell by cell, as the authors' code (GPyTorch's variational strategy under a Pyro plate) did: every cell's
     * φ_i is drawn independently from its marginal N(μ_i, σ_i²), μ_i = c + a_iᵀ m,
     * σ_i² = α(1 + jitter) − |a_i|² + |Lᵀ a_i|², a_i = L_uu⁻¹ k_u(x_i). Correlations along a line of sight are
     * lost (the spread of a sum of cells is underestimated) and the conditional variance α − |a_i|² is added;
     * the cost is O(M² N) per iteration.
     */
    MARGINAL
}
