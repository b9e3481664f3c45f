package org.dust4j.inducing;

import java.util.Objects;

/**
 * The outcome of a fit: the posterior, the ELBO and KL of every iteration, why it stopped and how long it took.
 *
 * @param posterior      the fitted posterior and hyperparameters
 * @param elbo           the Monte-Carlo ELBO estimate of every iteration (resumed fits include the earlier ones)
 * @param kl             the KL term of every iteration
 * @param stopReason     why the fit stopped
 * @param starsUsed      number of stars inside the training region
 * @param seconds        wall-clock seconds of this run (since the start or the resumption)
 */
public record FitResult(Posterior posterior, double[] elbo, double[] kl, StopReason stopReason, int starsUsed,
                        double seconds) {
    /** Why a fit stopped. */
    public enum StopReason {
        /** The ELBO spread over the stopping window fell below the tolerance. */
        CONVERGED,
        /** The iteration cap was reached first. */
        ITERATION_CAP
    }

    /** Copies the histories. */
    public FitResult {
        Objects.requireNonNull(posterior, "posterior");
        Objects.requireNonNull(stopReason, "stopReason");
        elbo = elbo.clone();
        kl = kl.clone();
    }

    @Override
    public double[] elbo() {
        return elbo.clone();
    }

    @Override
    public double[] kl() {
        return kl.clone();
    }

    /** Number of iterations completed. */
    public int iterations() {
        return elbo.length;
    }

    /** Whether the stopping rule (rather than the cap) ended the fit. */
    public boolean converged() {
        return stopReason == StopReason.CONVERGED;
    }
}
