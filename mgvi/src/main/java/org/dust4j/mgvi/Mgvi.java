package org.dust4j.mgvi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;

/**
 * Metric Gaussian variational inference (Knollmüller &amp; Enßlin 2019) for a standardised model: a likelihood
 * energy L(ξ) with a metric (for instance {@code EnergyOperator.gaussian(d, N).after(response)}) on a latent
 * space whose prior is standard normal, so that the Hamiltonian is H(ξ) = L(ξ) + ½|ξ|² with metric
 * M = Jᵀ F J + 1.
 *
 * <p>Each global iteration draws K antithetic pairs of residual samples around the current position x —
 * t = Jᵀ F^{1/2} η₁ + η₂ with standard-normal excitations η₁ (in the space of L's metric square root) and η₂
 * (latent), then M s = t solved by conjugate gradients from s = η₂, so that s ~ N(0, M⁻¹) — and then minimises
 * the sampled KL {@link SampledKl} over x with {@link NewtonCg}, the residuals held fixed. Point-estimate
 * coordinates ({@link PointEstimates}) are masked out of the sampling (P M P s = P t with the projection P), so
 * the residuals vanish there.
 *
 * <p>Randomness: the excitations come from the Philox stream of {@link MgviConfig#seed()} via
 * {@link Backend#randomNormal}; pair k consumes the counters [o, o + |η₁|) for η₁ and [o + |η₁|, o + |η₁| + |ξ|)
 * for η₂ and advances the offset o, which the {@link MgviState} carries. Runs are therefore reproducible, and a
 * run resumed from a checkpoint continues bit-identically on the same backend.
 *
 * <p>A checkpoint is written after every global iteration when the configuration names a file; progress is
 * reported to an {@link MgviListener}.
 */
public final class Mgvi {
    private final EnergyOperator likelihood;
    private final EnergyOperator hamiltonian;
    private final MgviConfig config;
    private final Space space;

    /**
     * @param likelihood the likelihood energy on the latent space (its {@link EnergyOperator#at} must provide a
     *                   metric and its square root); the engine adds the standard-normal prior
     * @param config     the run configuration
     */
    public Mgvi(EnergyOperator likelihood, MgviConfig config) {
        this(likelihood, likelihood, config);
    }

    /**
     * MGVI whose samples use the metric of {@code likelihood} and whose KL minimisation uses the metric of
     * {@code minimisation} as Newton's curvature. The two must have the same value and gradient (not checked: only
     * their metrics may differ), so the KL and its minimum are those of {@code likelihood}; a curvature closer to
     * the KL's Hessian than the Fisher metric (where the model fits the data badly) gives better Newton steps without
     * changing MGVI's posterior approximation.
     *
     * @param likelihood   the likelihood whose metric defines the samples (MGVI's Fisher metric)
     * @param minimisation the same likelihood with the curvature for Newton's method
     * @param config       the run configuration
     */
    public Mgvi(EnergyOperator likelihood, EnergyOperator minimisation, MgviConfig config) {
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.config = Objects.requireNonNull(config, "config");
        this.space = likelihood.domain();
        if (!minimisation.domain().equals(space)) {
            throw new IllegalArgumentException("the minimisation likelihood " + minimisation + " must live on the "
                    + "latent space " + space + ", it lives on " + minimisation.domain());
        }
        this.hamiltonian = minimisation.plus(EnergyOperator.standardNormal(space));
        config.pointEstimates().requireWithin(space);
    }

    /** The latent space. */
    public Space space() {
        return space;
    }

    /**
     * The Hamiltonian H = L + ½|ξ|² whose sample average is minimised (with the minimisation likelihood's
     * curvature).
     */
    public EnergyOperator hamiltonian() {
        return hamiltonian;
    }

    public MgviConfig config() {
        return config;
    }

    /** Runs all global iterations from {@code initial} (not modified) without progress events. */
    public MgviResult run(Tensor initial) {
        return run(initial, MgviListener.NONE);
    }

    /**
     * Runs all global iterations from {@code initial} (not modified), reporting progress to the listener. The run
     * takes place on the backend of {@code initial}, where the model's tensors must live too.
     */
    public MgviResult run(Tensor initial, MgviListener listener) {
        requireLatent("the initial position", initial);
        return iterate(0, 0, initial.copy(), new ArrayList<>(), listener);
    }

    /**
     * Continues a run from a state (typically read by {@link Checkpoint#read}) up to the configured number of
     * global iterations. The state is copied, not consumed. Its configuration hash must equal
     * {@link MgviConfig#hash} of this configuration for the completed iterations.
     */
    public MgviResult resume(MgviState state, MgviListener listener) {
        requireResumable(state);
        List<Tensor> residuals = new ArrayList<>();
        Tensor position = state.position().copy();
        try {
            for (Tensor r : state.residuals()) {
                residuals.add(r.copy());
            }
        } catch (RuntimeException e) {
            residuals.add(position);
            Closeables.closeAllAfter(e, residuals);
            throw e;
        }
        return iterate(state.completedIterations(), state.rngOffset(), position, residuals, listener);
    }

    /**
     * Reads a checkpoint onto {@code backend} and continues the run (see {@link #resume(MgviState, MgviListener)});
     * the tensors read are used directly, without copies.
     *
     * @throws IllegalArgumentException "cannot resume CHECKPOINT: ..." if the state does not continue this
     *     configuration (latent space or dtype, seed, more iterations than configured, other settings)
     */
    public MgviResult resume(Path checkpoint, Backend backend, MgviListener listener) throws IOException {
        MgviState state = Checkpoint.read(checkpoint, backend);
        try {
            requireResumable(state);
        } catch (RuntimeException e) {
            state.close();
            throw e instanceof IllegalArgumentException ? new IllegalArgumentException("cannot resume " + checkpoint
                    + ": " + e.getMessage(), e) : e;
        }
        return iterate(state.completedIterations(), state.rngOffset(), state.position(),
                new ArrayList<>(state.residuals()), listener);
    }

    private void requireResumable(MgviState state) {
        requireLatent("the checkpointed position", state.position());
        int completed = state.completedIterations();
        if (completed > config.globalIterations()) {
            throw new IllegalArgumentException("the state has completed " + completed
                    + " global iterations, more than the " + config.globalIterations() + " configured");
        }
        if (state.seed() != config.seed()) {
            throw new IllegalArgumentException("the state was drawn with seed " + state.seed()
                    + ", the configuration has seed " + config.seed());
        }
        long expected = config.hash(space, completed);
        if (state.configHash() != expected) {
            throw new IllegalArgumentException("the state was produced by another configuration: its hash "
                    + Long.toHexString(state.configHash()) + " differs from " + Long.toHexString(expected)
                    + ", this configuration's hash of the first " + completed + " iterations (latent space, seed, "
                    + "point estimates and iteration settings must agree)");
        }
    }

    private void requireLatent(String what, Tensor t) {
        if (!space.contains(t)) {
            throw new IllegalArgumentException("MGVI: " + what + " must lie in the latent space " + space + ", got "
                    + t.shape() + " " + t.dtype());
        }
    }

    /** Runs global iterations from {@code completed} on; takes ownership of position and residuals. */
    private MgviResult iterate(int completed, long rngOffset, Tensor position, List<Tensor> residuals,
                               MgviListener listener) {
        long start = System.nanoTime();
        List<IterationReport> reports = new ArrayList<>();
        long offset = rngOffset;
        try (Tensor mask = config.pointEstimates().isEmpty() ? null
                : config.pointEstimates().sampledMask(space, position.backend())) {
            for (int g = completed; g < config.globalIterations(); g++) {
                long iterationStart = System.nanoTime();
                IterationSettings it = config.iteration(g);
                listener.onEvent(new MgviEvent.IterationStarted(g, config.globalIterations(), it.samplePairs(),
                        since(start)));
                // the previous residuals are not needed for drawing the new ones: release them first
                Closeables.closeAll(residuals);
                residuals.clear();
                List<CgResult> solves = new ArrayList<>();
                offset = drawSamples(position, it, mask, offset, g, residuals, solves, listener, start);
                int iteration = g;
                SampledKl kl = SampledKl.of(hamiltonian, residuals, config.maxHeldLinearizations());
                MinimizerResult minimum = NewtonCg.minimize(kl, position, it.minimizer(),
                        step -> listener.onEvent(new MgviEvent.MinimizerStepped(iteration, step, since(start))));
                IterationReport report = new IterationReport(g, solves, minimum, since(iterationStart));
                reports.add(report);
                listener.onEvent(new MgviEvent.IterationFinished(g, config.globalIterations(), report, since(start)));
                if (config.checkpoint().isPresent()) {
                    Path file = config.checkpoint().get();
                    // a view of the live tensors: not closed here
                    MgviState snapshot = new MgviState(g + 1, config.seed(), offset, config.hash(space, g + 1),
                            position, residuals);
                    try {
                        Checkpoint.write(file, snapshot);
                    } catch (IOException e) {
                        throw new UncheckedIOException("writing the MGVI checkpoint " + file + " after global "
                                + "iteration " + g + " failed", e);
                    }
                    listener.onEvent(new MgviEvent.CheckpointWritten(g, file, since(start)));
                }
            }
            int total = config.globalIterations();
            return new MgviResult(new MgviState(total, config.seed(), offset, config.hash(space, total), position,
                    residuals), reports);
        } catch (RuntimeException e) {
            residuals.add(position);
            Closeables.closeAllAfter(e, residuals);
            throw e;
        }
    }

    /**
     * Draws the residual samples of one iteration around x into {@code drawn} (which owns them from the moment
     * they are allocated, so that the caller releases them on failure), their CG outcomes into {@code solves};
     * returns the advanced Philox offset.
     */
    private long drawSamples(Tensor x, IterationSettings it, Tensor mask, long offset, int iteration,
                             List<Tensor> drawn, List<CgResult> solves, MgviListener listener, long start) {
        Backend be = x.backend();
        long seed = config.seed();
        try (Energy e = likelihood.at(x)) {
            if (!e.hasMetric()) {
                throw new IllegalArgumentException("MGVI needs a likelihood with a metric, " + likelihood
                        + " has none");
            }
            LinearOperator metric = e.metric().plus(LinearOperator.identity(space));
            if (mask != null) {
                LinearOperator p = LinearOperator.diagonal(mask);
                metric = p.after(metric).after(p);
            }
            LinearOperator root = e.metricSqrt();
            Space rootSpace = root.domain();
            for (int k = 0; k < it.samplePairs(); k++) {
                Tensor s = space.zeros(be);
                drawn.add(s);
                try (Tensor eta1 = rootSpace.zeros(be)) {
                    be.randomNormal(seed, offset, eta1);
                    offset += rootSpace.size();
                    be.randomNormal(seed, offset, s);
                    offset += space.size();
                    try (Tensor t = root.apply(eta1)) {
                        be.axpby(1, t, 1, s, t);
                        if (mask != null) {
                            be.binary(BinaryOp.MUL, t, mask, t);
                            be.binary(BinaryOp.MUL, s, mask, s);
                        }
                        CgResult cg = ConjugateGradient.solve(metric, t, s, it.sampling());
                        solves.add(cg);
                        listener.onEvent(new MgviEvent.SampleDrawn(iteration, k, it.samplePairs(), cg, since(start)));
                    }
                }
            }
        }
        return offset;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
