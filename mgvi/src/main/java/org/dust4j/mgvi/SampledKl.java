package org.dust4j.mgvi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Space;

/**
 * The MGVI estimate of the Kullback-Leibler divergence (up to constants) as an energy of the position x: the
 * average of the Hamiltonian H over the antithetic sample positions x ± s_k,
 * <pre>
 *   KL(x) = 1/(2K) Σ_k [H(x + s_k) + H(x − s_k)],
 * </pre>
 * with the residual samples s_k held fixed. Its gradient and metric are the averages of H's gradients and
 * metrics, M̄ = 1/(2K) Σ_i M_i; the metric square root is the block row [S_1, …, S_2K]/√(2K) on the
 * concatenation of the samples' square-root domains.
 *
 * <p>Memory: {@link #at} evaluates the samples one by one, accumulating value and gradient. It keeps the
 * energies (linearizations) of the first {@code maxHeld} samples alive for the metric; the others are closed at
 * once and re-linearized whenever the metric (or its square root) is applied, which bounds the memory at the price
 * of extra evaluations. The result is bit-identical either way. Keep the position and the residuals alive while
 * the returned {@link Energy} is used.
 */
public final class SampledKl extends EnergyOperator {
    private final EnergyOperator hamiltonian;
    private final List<Tensor> residuals;
    private final int maxHeld;

    private SampledKl(EnergyOperator hamiltonian, List<Tensor> residuals, int maxHeld) {
        super(hamiltonian.domain(), "kl[" + 2 * residuals.size() + " samples](" + hamiltonian + ")");
        this.hamiltonian = hamiltonian;
        this.residuals = residuals;
        this.maxHeld = maxHeld;
    }

    /**
     * The sample-averaged energy of {@code hamiltonian} over x ± s_k.
     *
     * @param hamiltonian the energy H (likelihood plus prior), with a metric for {@link #at}
     * @param residuals   the residual samples s_k (at least one), in H's domain; referenced, not copied
     * @param maxHeld     how many sample linearizations {@link #at} keeps alive (≥ 0); the rest are recomputed on
     *                    each metric application
     */
    public static SampledKl of(EnergyOperator hamiltonian, List<Tensor> residuals, int maxHeld) {
        Objects.requireNonNull(hamiltonian, "hamiltonian");
        if (residuals.isEmpty()) {
            throw new IllegalArgumentException("a sampled KL needs at least one residual sample");
        }
        for (int k = 0; k < residuals.size(); k++) {
            if (!hamiltonian.domain().contains(residuals.get(k))) {
                throw new IllegalArgumentException("residual sample " + k + " must lie in " + hamiltonian.domain()
                        + ", got " + residuals.get(k).shape() + " " + residuals.get(k).dtype());
            }
        }
        if (maxHeld < 0) {
            throw new IllegalArgumentException("maxHeld must be >= 0, got " + maxHeld);
        }
        return new SampledKl(hamiltonian, List.copyOf(residuals), maxHeld);
    }

    /** The number of sample positions, 2K. */
    public int sampleCount() {
        return 2 * residuals.size();
    }

    /** Sample position i of this KL: x + s_{i/2} for even i, x − s_{i/2} for odd i, as a new tensor. */
    private Tensor samplePosition(Tensor x, int i) {
        return samplePosition(x, residuals, i);
    }

    /** Antithetic sample position i: x + s_{i/2} for even i, x − s_{i/2} for odd i, as a new tensor. */
    static Tensor samplePosition(Tensor x, List<Tensor> residuals, int i) {
        Tensor out = x.zerosLike();
        x.backend().axpby(1, x, i % 2 == 0 ? 1 : -1, residuals.get(i / 2), out);
        return out;
    }

    @Override
    protected double valueAt(Tensor x) {
        double sum = 0;
        for (int i = 0; i < sampleCount(); i++) {
            try (Tensor xi = samplePosition(x, i)) {
                sum += hamiltonian.value(xi);
            }
        }
        return sum / sampleCount();
    }

    @Override
    protected Energy energyAt(Tensor x) {
        int n = sampleCount();
        Backend be = x.backend();
        Samples samples = new Samples(x, Math.min(maxHeld, n));
        Tensor gradient = x.zerosLike();
        try {
            double sum = 0;
            Space rootDomain = null;
            for (int i = 0; i < n; i++) {
                Tensor xi = samplePosition(x, i);
                Energy e;
                try {
                    e = hamiltonian.at(xi);
                } catch (RuntimeException ex) {
                    xi.close();
                    throw ex;
                }
                if (i < samples.held.length) {
                    samples.held[i] = e;
                    samples.owned.add(e);
                    samples.owned.add(xi);
                }
                try {
                    if (!e.hasMetric()) {
                        throw new IllegalArgumentException("the sampled KL needs a Hamiltonian with a metric, "
                                + hamiltonian + " has none");
                    }
                    if (i == 0) {
                        rootDomain = e.metricSqrt().domain();
                    }
                    sum += e.value();
                    be.axpby(1, gradient, 1, e.gradient(), gradient);
                } finally {
                    if (i >= samples.held.length) {
                        e.close();
                        xi.close();
                    }
                }
            }
            be.binaryScalar(BinaryOp.MUL, gradient, 1.0 / n, gradient);
            return Energy.of(sum / n, gradient, new AveragedMetric(samples), new AveragedRoot(samples, rootDomain),
                    samples.owned.toArray(AutoCloseable[]::new));
        } catch (RuntimeException ex) {
            samples.owned.add(gradient);
            Closeables.closeAllAfter(ex, samples.owned);
            throw ex;
        }
    }

    /** The per-sample energies at one position: the held ones, or recomputed on demand. */
    private final class Samples {
        final Tensor x;
        final Energy[] held;
        /** The held energies and the sample positions their linearizations reference. */
        final List<AutoCloseable> owned = new ArrayList<>();

        Samples(Tensor x, int held) {
            this.x = x;
            this.held = new Energy[held];
        }

        /** f applied to the energy of sample i; a recomputed energy is released afterwards. */
        <R> R apply(int i, Function<Energy, R> f) {
            if (i < held.length) {
                return f.apply(held[i]);
            }
            try (Tensor xi = samplePosition(x, i); Energy e = hamiltonian.at(xi)) {
                return f.apply(e);
            }
        }

        /** c · Σ_i term(E_i, input(i)) as a new tensor in {@code space}, summed in sample order. */
        Tensor average(Space space, Backend be, double c, BiFunction<Energy, Tensor, Tensor> term,
                       IntFunction<Tensor> input) {
            Tensor acc = space.zeros(be);
            try {
                for (int i = 0; i < sampleCount(); i++) {
                    Tensor in = input.apply(i);
                    try (Tensor t = apply(i, e -> term.apply(e, in))) {
                        be.axpby(1, acc, 1, t, acc);
                    }
                }
                be.binaryScalar(BinaryOp.MUL, acc, c, acc);
                return acc;
            } catch (RuntimeException ex) {
                acc.close();
                throw ex;
            }
        }
    }

    /** v ↦ 1/N Σ_i M_i v. */
    private final class AveragedMetric extends LinearOperator {
        private final Samples samples;

        AveragedMetric(Samples samples) {
            super(SampledKl.this.domain(), SampledKl.this.domain(),
                    "averagedMetric[" + samples.held.length + " held of " + SampledKl.this.sampleCount() + "]");
            this.samples = samples;
        }

        @Override
        protected Tensor compute(Tensor v) {
            return samples.average(domain(), v.backend(), 1.0 / sampleCount(), (e, in) -> e.metric().apply(in),
                    i -> v);
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            return compute(y);
        }
    }

    /** ξ = (ξ_1, …, ξ_N) ↦ 1/√N Σ_i S_i ξ_i, and its adjoint v ↦ (S_iᵀ v)/√N. */
    private final class AveragedRoot extends LinearOperator {
        private final Samples samples;
        private final Blocks blocks;

        AveragedRoot(Samples samples, Space rootDomain) {
            this(samples,
                    Blocks.of(Collections.nCopies(SampledKl.this.sampleCount(), rootDomain).toArray(Space[]::new)));
        }

        private AveragedRoot(Samples samples, Blocks blocks) {
            super(blocks.space(), SampledKl.this.domain(),
                    "averagedMetricSqrt[" + SampledKl.this.sampleCount() + " samples]");
            this.samples = samples;
            this.blocks = blocks;
        }

        @Override
        protected Tensor compute(Tensor xi) {
            return samples.average(target(), xi.backend(), 1 / Math.sqrt(sampleCount()),
                    (e, part) -> e.metricSqrt().apply(part), i -> blocks.view(xi, i));
        }

        @Override
        protected Tensor computeAdjoint(Tensor v) {
            int n = sampleCount();
            Backend be = v.backend();
            Tensor out = domain().zeros(be);
            try {
                for (int i = 0; i < n; i++) {
                    Tensor part = blocks.view(out, i);
                    try (Tensor stv = samples.apply(i, e -> e.metricSqrt().adjoint(v))) {
                        be.binaryScalar(BinaryOp.MUL, stv, 1 / Math.sqrt(n), part);
                    }
                }
                return out;
            } catch (RuntimeException ex) {
                out.close();
                throw ex;
            }
        }
    }
}
