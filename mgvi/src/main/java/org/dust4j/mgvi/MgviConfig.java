package org.dust4j.mgvi;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

import org.dust4j.core.op.Space;

/**
 * The configuration of an MGVI run: the schedule of global iterations (samples and minimiser settings per
 * iteration), the random seed, the point-estimate coordinates, the memory budget of the KL evaluation and an
 * optional checkpoint file. Immutable; build with {@link #builder()}:
 * <pre>{@code
 * MgviConfig config = MgviConfig.builder()
 *         .globalIterations(6)
 *         .samplePairs(4)
 *         .minimizer(NewtonSettings.defaults().withMaxSteps(10))
 *         .schedule(i -> i < 2                     // optional per-iteration overrides: cheap early iterations
 *                 ? new IterationSettings(2, CgSettings.DEFAULT.withRelativeTolerance(1e-3),
 *                         NewtonSettings.DEFAULT.withMaxSteps(5))
 *                 : null)                           // null: the settings above
 *         .seed(42)
 *         .checkpoint(Path.of("run.mgvi"))
 *         .build();
 * }</pre>
 */
public final class MgviConfig {
    private final IterationSettings base;
    private final List<IterationSettings> schedule;
    private final long seed;
    private final PointEstimates pointEstimates;
    private final int maxHeldLinearizations;
    private final Path checkpoint;

    private MgviConfig(Builder b) {
        List<IterationSettings> s = new ArrayList<>(b.globalIterations);
        this.base = new IterationSettings(b.samplePairs, b.sampling, b.minimizer);
        for (int i = 0; i < b.globalIterations; i++) {
            IterationSettings own = b.schedule == null ? null : b.schedule.apply(i);
            s.add(own == null ? base : own);
        }
        this.schedule = List.copyOf(s);
        this.seed = b.seed;
        this.pointEstimates = b.pointEstimates;
        this.maxHeldLinearizations = b.maxHeldLinearizations;
        this.checkpoint = b.checkpoint;
    }

    /** A builder with the defaults: 5 global iterations of 4 sample pairs, {@link CgSettings#DEFAULT},
     *  {@link NewtonSettings#DEFAULT}, seed 42, no point estimates, all linearizations held, no checkpoint. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's settings: the builder-level sample pairs, sampling and minimiser
     * settings, and the resolved schedule as per-iteration settings, so that iterations added by a larger
     * {@code globalIterations} get the builder-level settings.
     */
    public Builder toBuilder() {
        Builder b = new Builder().globalIterations(schedule.size()).seed(seed).pointEstimates(pointEstimates)
                .maxHeldLinearizations(maxHeldLinearizations).samplePairs(base.samplePairs())
                .sampling(base.sampling()).minimizer(base.minimizer());
        b.checkpoint = checkpoint;
        List<IterationSettings> own = schedule;
        return b.schedule(i -> i < own.size() ? own.get(i) : null);
    }

    /** The number of global iterations. */
    public int globalIterations() {
        return schedule.size();
    }

    /** The settings of global iteration i (from 0). */
    public IterationSettings iteration(int i) {
        if (i < 0 || i >= schedule.size()) {
            throw new IndexOutOfBoundsException("global iteration " + i + " of " + schedule.size());
        }
        return schedule.get(i);
    }

    /** The settings of all global iterations in order. */
    public List<IterationSettings> schedule() {
        return schedule;
    }

    /** The seed of the Philox stream the sample excitations are drawn from. */
    public long seed() {
        return seed;
    }

    public PointEstimates pointEstimates() {
        return pointEstimates;
    }

    /** How many sample linearizations the KL evaluation keeps alive at once (see {@link SampledKl}). */
    public int maxHeldLinearizations() {
        return maxHeldLinearizations;
    }

    /** The checkpoint file written after every global iteration, if any. */
    public Optional<Path> checkpoint() {
        return Optional.ofNullable(checkpoint);
    }

    /**
     * A 64-bit hash of everything that determines the state after the first {@code completedIterations} global
     * iterations: the latent space, the seed, the point estimates and the settings of those iterations (the
     * first 8 bytes of a SHA-256). The number of later iterations, their settings, the memory budget and the
     * checkpoint path do not enter, so a run may be resumed with a longer or changed tail of the schedule.
     */
    public long hash(Space latent, int completedIterations) {
        if (completedIterations < 0 || completedIterations > schedule.size()) {
            throw new IllegalArgumentException("completed iterations must lie in [0, " + schedule.size() + "], got "
                    + completedIterations);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF("dust4j-mgvi-config-v1");
            out.writeUTF(latent.dtype().name());
            int[] dims = latent.shape().dims();
            out.writeInt(dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.writeLong(seed);
            pointEstimates.hashInto(out);
            out.writeInt(completedIterations);
            for (int i = 0; i < completedIterations; i++) {
                schedule.get(i).hashInto(out);
            }
            out.flush();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            return ByteBuffer.wrap(digest).getLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "MgviConfig[" + schedule.size() + " global iterations, seed " + seed + ", " + pointEstimates
                + ", maxHeldLinearizations " + maxHeldLinearizations + ", checkpoint " + checkpoint + ", schedule "
                + schedule + "]";
    }

    /** A fluent builder of {@link MgviConfig}; {@link #build()} validates. */
    public static final class Builder {
        private int globalIterations = 5;
        private int samplePairs = 4;
        private CgSettings sampling = CgSettings.DEFAULT;
        private NewtonSettings minimizer = NewtonSettings.DEFAULT;
        private IntFunction<IterationSettings> schedule;
        private long seed = 42;
        private PointEstimates pointEstimates = PointEstimates.none();
        private int maxHeldLinearizations = Integer.MAX_VALUE;
        private Path checkpoint;

        private Builder() {
        }

        /** The number of global iterations (resample, then minimise), ≥ 1. */
        public Builder globalIterations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("globalIterations must be >= 1, got " + n);
            }
            this.globalIterations = n;
            return this;
        }

        /** The number of antithetic sample pairs per iteration (unless the schedule says otherwise), ≥ 1. */
        public Builder samplePairs(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("samplePairs must be >= 1, got " + k);
            }
            this.samplePairs = k;
            return this;
        }

        /** The CG settings of the sample solves (unless the schedule says otherwise). */
        public Builder sampling(CgSettings cg) {
            this.sampling = Objects.requireNonNull(cg, "sampling");
            return this;
        }

        /** The Newton-CG settings (unless the schedule says otherwise). */
        public Builder minimizer(NewtonSettings newton) {
            this.minimizer = Objects.requireNonNull(newton, "minimizer");
            return this;
        }

        /**
         * Per-iteration settings: {@code schedule.apply(i)} for global iteration i, or the builder's sample pairs,
         * sampling and minimiser settings where it returns null. Evaluated once, by {@link #build()}.
         */
        public Builder schedule(IntFunction<IterationSettings> schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder pointEstimates(PointEstimates p) {
            this.pointEstimates = Objects.requireNonNull(p, "pointEstimates");
            return this;
        }

        /**
         * The memory budget of the KL evaluation: how many sample linearizations are kept alive during a Newton
         * step (≥ 0; default all). Samples beyond it are re-linearized on each metric application.
         */
        public Builder maxHeldLinearizations(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxHeldLinearizations must be >= 0, got " + n);
            }
            this.maxHeldLinearizations = n;
            return this;
        }

        /** Write a checkpoint to this file after every global iteration (atomically replaced). */
        public Builder checkpoint(Path file) {
            this.checkpoint = Objects.requireNonNull(file, "checkpoint");
            return this;
        }

        public MgviConfig build() {
            return new MgviConfig(this);
        }
    }
}
