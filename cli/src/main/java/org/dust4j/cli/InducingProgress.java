package org.dust4j.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.dust4j.inducing.FitResult;
import org.dust4j.inducing.Hyperparameters;
import org.dust4j.inducing.IterationEvent;
import org.dust4j.inducing.ProgressListener;

/**
 * Shows the progress of an inducing-point fit ({@code InducingFitter}) on a {@link Progress}: one step per AdamW
 * iteration out of the configuration's iteration cap, with the ELBO, its KL part and the current hyperparameters.
 *
 * <ul>
 *   <li>The first event starts the progress; a resumed fit's first event is iteration k + 1 after k done before,
 *       so its estimate of the time left counts only its own iterations.</li>
 *   <li>A bar (terminal mode) is offered every iteration and redrawn by {@link Progress}'s own throttle; log lines
 *       are written for the first iteration and every {@code logEvery}-th one, so that a fit of hundreds of
 *       iterations does not flood a log.</li>
 *   <li>A fit may stop before the cap (the stopping rule): {@link #finish(FitResult)} then ends the progress with
 *       the number of iterations and the reason.</li>
 * </ul>
 */
public final class InducingProgress implements ProgressListener {
    private final Progress progress;
    private final int maxIterations;
    private final int logEvery;
    private boolean started;
    private IterationEvent last;

    /**
     * Feeds {@code progress}, which must not be started yet.
     *
     * @param maxIterations the fit's iteration cap (the total of the bar)
     * @param logEvery      in log mode, write a line every this many iterations (&ge; 1)
     */
    public InducingProgress(Progress progress, int maxIterations, int logEvery) {
        this.progress = Objects.requireNonNull(progress, "progress");
        if (maxIterations < 1 || logEvery < 1) {
            throw new IllegalArgumentException("maxIterations and logEvery must be >= 1, got " + maxIterations + " and "
                    + logEvery);
        }
        this.maxIterations = maxIterations;
        this.logEvery = logEvery;
    }

    /** Feeds {@code progress} with about twenty log lines over a fit of up to {@code maxIterations} iterations. */
    public InducingProgress(Progress progress, int maxIterations) {
        this(progress, maxIterations, Math.max(1, maxIterations / 20));
    }

    @Override
    public void onIteration(IterationEvent e) {
        if (!started) {
            progress.start(maxIterations, Math.min(maxIterations, e.iteration() - 1));
            started = true;
        }
        last = e;
        if (progress.isTerminal() || e.iteration() == 1 || e.iteration() % logEvery == 0
                || e.iteration() >= maxIterations) {
            progress.update(e.iteration(), describe(e.hyperparameters()), values(e));
        }
    }

    /** Whether an iteration was reported (a fit resumed from a finished checkpoint reports none). */
    public boolean started() {
        return started;
    }

    /**
     * Ends the progress after the fit returned: a last update with the final iteration (in log mode it may not have
     * been written) and a line with the number of iterations and why the fit stopped.
     *
     * @throws IllegalStateException if no iteration was reported
     */
    public void finish(FitResult fit) {
        if (!started) {
            throw new IllegalStateException("the inducing-point fit reported no iteration");
        }
        if (!progress.isTerminal() && last.iteration() % logEvery != 0 && last.iteration() < maxIterations) {
            progress.update(last.iteration(), describe(last.hyperparameters()), values(last));
        }
        progress.finish("AdamW stopped after " + fit.iterations() + " iterations ("
                + (fit.converged() ? "ELBO converged" : "iteration cap") + ")");
    }

    private static String describe(Hyperparameters h) {
        double[] g = h.lengthScales();
        return String.format(Locale.ROOT, "c %.3f  alpha %.3f  gamma %.0f/%.0f/%.0f pc", h.meanLog10Density(),
                h.amplitude(), g[0], g[1], g[2]);
    }

    private static Map<String, Double> values(IterationEvent e) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ELBO", e.elbo());
        m.put("KL", e.kl());
        return m;
    }
}
