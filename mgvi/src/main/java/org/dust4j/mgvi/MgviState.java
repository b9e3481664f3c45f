package org.dust4j.mgvi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.Space;

/**
 * The state of an MGVI run after a number of global iterations, which is what a checkpoint holds: the latent
 * position, the residual samples s_k of the last iteration (the samples are x ± s_k), the offset of the next
 * excitation in the Philox stream and the configuration hash ({@link MgviConfig#hash}). Owns its tensors; close
 * it to release them.
 */
public final class MgviState implements AutoCloseable {
    private final int completedIterations;
    private final long seed;
    private final long rngOffset;
    private final long configHash;
    private final Tensor position;
    private final List<Tensor> residuals;

    /**
     * @param position  the latent position; owned from now on
     * @param residuals the residual samples (may be empty before the first iteration); owned from now on
     */
    MgviState(int completedIterations, long seed, long rngOffset, long configHash, Tensor position,
              List<Tensor> residuals) {
        this.completedIterations = completedIterations;
        this.seed = seed;
        this.rngOffset = rngOffset;
        this.configHash = configHash;
        this.position = Objects.requireNonNull(position, "position");
        this.residuals = List.copyOf(residuals);
        Space space = Space.of(position);
        for (int k = 0; k < this.residuals.size(); k++) {
            if (!space.contains(this.residuals.get(k))) {
                throw new IllegalArgumentException("residual " + k + " must lie in " + space + " like the position, got "
                        + this.residuals.get(k).shape() + " " + this.residuals.get(k).dtype());
            }
        }
    }

    /** The number of global iterations completed. */
    public int completedIterations() {
        return completedIterations;
    }

    /** The seed of the Philox stream. */
    public long seed() {
        return seed;
    }

    /** The Philox counter offset at which the next excitation will be drawn. */
    public long rngOffset() {
        return rngOffset;
    }

    /** {@link MgviConfig#hash} of the configuration that produced this state. */
    public long configHash() {
        return configHash;
    }

    /** The latent position (owned by this state). */
    public Tensor position() {
        return position;
    }

    /** The residual samples s_k of the last iteration (owned by this state). */
    public List<Tensor> residuals() {
        return residuals;
    }

    /** The latent space. */
    public Space space() {
        return Space.of(position);
    }

    /** Releases the position and the residuals. */
    @Override
    public void close() {
        List<Tensor> all = new ArrayList<>(residuals);
        all.add(position);
        Closeables.closeAll(all);
    }
}
