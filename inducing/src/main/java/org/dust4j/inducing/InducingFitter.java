package org.dust4j.inducing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.dust4j.core.Backend;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Tensor;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Linearization;

/**
 * Fits the inducing-point model by AdamW on the Monte-Carlo ELBO: every iteration draws fresh noise, evaluates
 * −ELBO and its gradient through the operator algebra, and takes one AdamW step. Stops when
 * {@link #converged} holds (after the configured minimum of iterations) or at the iteration cap; writes
 * checkpoints atomically when configured and reports progress to a listener.
 */
public final class InducingFitter {
    /**
     * Positions in the per-iteration report: expected log-likelihood ℓ, KL, |gradient|, then c, raw α and raw γ
     * copied from θ.
     */
    private static final int REPORT_LIKELIHOOD = 0;
    private static final int REPORT_KL = 1;
    private static final int REPORT_GRADIENT = 2;
    private static final int REPORT_HYPER = 3;

    private InducingFitter() {
    }

    /** Fits from the initial parameters. */
    public static FitResult fit(InducingConfig config, Stars stars, Backend backend, ProgressListener listener) {
        return run(config, stars, backend, null, listener);
    }

    /**
     * Resumes a fit from a checkpoint written with the same configuration fingerprint; the continued run is the
     * one an uninterrupted run would have taken.
     *
     * @throws IOException if the checkpoint cannot be read
     * @throws IllegalArgumentException if it was written by a configuration with another fingerprint
     */
    public static FitResult resume(InducingConfig config, Stars stars, Backend backend, Path checkpoint,
                                   ProgressListener listener) throws IOException {
        Checkpoint c = Checkpoint.read(checkpoint);
        if (!c.fingerprint().equals(config.fingerprint())) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " belongs to another configuration: "
                    + differences(c.fingerprint(), config.fingerprint()));
        }
        return run(config, stars, backend, c, listener);
    }

    /**
     * The parts of two {@link InducingConfig#fingerprint}s that differ, "S=8 in the checkpoint, S=4 here; ..."
     * (both whole when their parts do not line up).
     */
    static String differences(String stored, String current) {
        String[] a = stored.split("\\|", -1);
        String[] b = current.split("\\|", -1);
        if (a.length != b.length) {
            return stored + " in the checkpoint, " + current + " here";
        }
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                parts.add(a[i] + " in the checkpoint, " + b[i] + " here");
            }
        }
        return String.join("; ", parts);
    }

    /**
     * The stopping rule: over the last {@code window} values of the history, (max − min) / |median| &lt; tolerance.
     * False while fewer than {@code window} values exist.
     */
    public static boolean converged(double[] history, int count, int window, double tolerance) {
        if (count < window) {
            return false;
        }
        double[] last = Arrays.copyOfRange(history, count - window, count);
        Arrays.sort(last);
        double median = window % 2 == 1 ? last[window / 2] : 0.5 * (last[window / 2 - 1] + last[window / 2]);
        return (last[window - 1] - last[0]) < tolerance * Math.abs(median);
    }

    private static FitResult run(InducingConfig config, Stars stars, Backend backend, Checkpoint start,
                                 ProgressListener listener) {
        Objects.requireNonNull(listener, "listener");
        long t0 = System.nanoTime();
        int max = config.maxIterations();
        double[] elbo = new double[max];
        double[] kl = new double[max];
        int done = 0;
        try (ElboModel model = ElboModel.create(config, stars, backend);
             Tensor theta = start == null ? model.initialParameters()
                     : backend.fromHost(start.theta(), config.dtype(), model.layout().space().shape());
             Tensor mask = model.learningRateScale();
             AdamW adam = new AdamW(config.adamW(), theta, mask)) {
            if (start != null) {
                if (start.theta().length != model.layout().space().size()) {
                    throw new IllegalArgumentException("the checkpoint holds " + start.theta().length
                            + " parameters, the model needs " + model.layout().space().size());
                }
                adam.restore(start.adamSteps(), start.firstMoment(), start.secondMoment());
                done = Math.min(start.iterations(), max);
                System.arraycopy(start.elbo(), 0, elbo, 0, done);
                System.arraycopy(start.kl(), 0, kl, 0, done);
            }
            FitResult.StopReason reason = FitResult.StopReason.ITERATION_CAP;
            if (done >= config.minIterations() && converged(elbo, done, config.window(), config.tolerance())) {
                reason = FitResult.StopReason.CONVERGED;
            }
            Blocks layout = model.layout();
            long hyperFrom = layout.offset(ElboModel.CONSTANT);
            long hyperTo = layout.offset(ElboModel.INDUCING);
            Tensor flat = theta.reshape(Math.toIntExact(theta.size()));
            try (Tensor cotangent = backend.fromHost(new double[] {-1, 1}, config.dtype(), Shape.of(2));
                 Tensor report = backend.zeros(config.dtype(), Shape.of(REPORT_HYPER + (int) (hyperTo - hyperFrom)))) {
                while (reason != FitResult.StopReason.CONVERGED && done < max) {
                    int it = done;
                    model.drawNoise(it);
                    double[] r;
                    // everything of the iteration stays on the backend; one download of the report per iteration
                    // θ ↦ [ℓ, KL]; pulling back [−1, 1] gives the gradient of −ELBO = KL − ℓ
                    try (Linearization lin = model.terms().linearize(theta); Tensor g = lin.vjp(cotangent)) {
                        backend.copy(lin.value(), report.slice(REPORT_LIKELIHOOD, REPORT_KL + 1));
                        backend.reduceAll(ReduceOp.L2, g, report.slice(REPORT_GRADIENT, REPORT_GRADIENT + 1));
                        backend.copy(flat.slice((int) hyperFrom, (int) hyperTo), report.slice(REPORT_HYPER,
                                report.shape().dim(0)));
                        r = report.toDoubleArray();
                        double value = r[REPORT_LIKELIHOOD] - r[REPORT_KL];
                        if (!Double.isFinite(value) || !Double.isFinite(r[REPORT_GRADIENT])) {
                            throw new ArithmeticException("the ELBO or its gradient is not finite at iteration "
                                    + (it + 1) + " (ELBO " + value + ", " + hyperparameters(model, r)
                                    + "); lower the learning rate or check the data");
                        }
                        adam.step(theta, g);
                    } catch (NotPositiveDefiniteException e) {
                        throw new IllegalStateException("K_uu is not positive definite at iteration " + (it + 1) + " ("
                                + model.hyperparameters(theta) + "); increase the jitter (now " + config.jitter()
                                + ")", e);
                    }
                    double klValue = r[REPORT_KL];
                    double value = r[REPORT_LIKELIHOOD] - klValue;
                    elbo[it] = value;
                    kl[it] = klValue;
                    done = it + 1;
                    listener.onIteration(new IterationEvent(done, value, r[REPORT_LIKELIHOOD], klValue,
                            hyperparameters(model, r), (System.nanoTime() - t0) * 1e-9));
                    if (config.checkpointFile().isPresent() && done % config.checkpointEvery() == 0) {
                        checkpoint(config, theta, adam, elbo, kl, done);
                    }
                    if (done >= config.minIterations() && converged(elbo, done, config.window(), config.tolerance())) {
                        reason = FitResult.StopReason.CONVERGED;
                    }
                }
            }
            if (config.checkpointFile().isPresent() && done % config.checkpointEvery() != 0) {
                checkpoint(config, theta, adam, elbo, kl, done);
            }
            Posterior posterior = new Posterior(config, model.origin(), theta.toDoubleArray());
            return new FitResult(posterior, Arrays.copyOf(elbo, done), Arrays.copyOf(kl, done), reason,
                    model.usedStars().length, (System.nanoTime() - t0) * 1e-9);
        }
    }

    /** The hyperparameters in the report (c, raw α, raw γ from θ). */
    private static Hyperparameters hyperparameters(ElboModel model, double[] report) {
        return model.hyperparametersOfRaw(Arrays.copyOfRange(report, REPORT_HYPER, report.length));
    }

    private static void checkpoint(InducingConfig config, Tensor theta, AdamW adam, double[] elbo, double[] kl,
                                   int done) {
        Checkpoint c = new Checkpoint(config.fingerprint(), done, adam.steps(), theta.toDoubleArray(),
                adam.firstMoment().toDoubleArray(), adam.secondMoment().toDoubleArray(), Arrays.copyOf(elbo, done),
                Arrays.copyOf(kl, done));
        try {
            c.write(config.checkpointFile().orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + config.checkpointFile().orElseThrow(), e);
        }
    }
}
