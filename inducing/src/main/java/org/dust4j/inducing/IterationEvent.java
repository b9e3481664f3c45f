package org.dust4j.inducing;

/**
 * Progress of a fit after one AdamW iteration, with the values at the parameters the gradient was taken at.
 *
 * @param iteration             number of iterations completed (1 after the first)
 * @param elbo                  the Monte-Carlo ELBO estimate
 * @param expectedLogLikelihood its expected log-likelihood part
 * @param kl                    its KL part, KL(q(v) ‖ N(0, I))
 * @param hyperparameters       c, α and γ
 * @param elapsedSeconds        wall-clock seconds since the fit (or its resumption) started
 */
public record IterationEvent(int iteration, double elbo, double expectedLogLikelihood, double kl,
                             Hyperparameters hyperparameters, double elapsedSeconds) {
}
