package org.dust4j.mgvi;

import java.util.List;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Operator;

/**
 * The outcome of an MGVI run: the final latent position x, the residual samples s_k of the last global
 * iteration (the posterior samples are x ± s_k), and a report per global iteration run. Owns its tensors; close
 * it to release them.
 */
public final class MgviResult implements AutoCloseable {
    private final MgviState state;
    private final List<IterationReport> reports;

    MgviResult(MgviState state, List<IterationReport> reports) {
        this.state = state;
        this.reports = List.copyOf(reports);
    }

    /** The final state (position, residuals, RNG offset), e.g. for {@link Checkpoint#write}; owned by this result. */
    public MgviState state() {
        return state;
    }

    /** The final latent position x (the centre of the samples); owned by this result. */
    public Tensor position() {
        return state.position();
    }

    /** The residual samples s_k; owned by this result. */
    public List<Tensor> residuals() {
        return state.residuals();
    }

    /** The number of posterior samples, 2K. */
    public int sampleCount() {
        return 2 * state.residuals().size();
    }

    /** Posterior sample i as a new tensor: x + s_{i/2} for even i, x − s_{i/2} for odd i. */
    public Tensor sample(int i) {
        if (i < 0 || i >= sampleCount()) {
            throw new IndexOutOfBoundsException("sample " + i + " of " + sampleCount());
        }
        return SampledKl.samplePosition(state.position(), state.residuals(), i);
    }

    /** Posterior mean and standard deviation of a model output f (f applied to every sample, FLOAT64 Welford). */
    public PosteriorStatistics statistics(Operator f) {
        return PosteriorStatistics.of(f, sampleCount(), this::sample);
    }

    /** Posterior mean and standard deviation of the latent coordinates themselves. */
    public PosteriorStatistics statistics() {
        return statistics(LinearOperator.identity(state.space()));
    }

    /** The reports of the global iterations run by this call (not those before a resumed checkpoint). */
    public List<IterationReport> reports() {
        return reports;
    }

    /** Whether every sample solve of every reported iteration converged. */
    public boolean allSamplesConverged() {
        return reports.stream().allMatch(r -> r.unconvergedSamples().isEmpty());
    }

    @Override
    public void close() {
        state.close();
    }
}
