package org.dust4j.mgvi;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.dust4j.core.Backend;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Space;

/**
 * The coordinates of the (flattened) latent space that MGVI treats as point estimates: they get no sample
 * spread (every residual sample is zero there) and are optimised through the sample-averaged KL like the
 * other coordinates. Immutable; identified by the sorted set of flat indices.
 */
public final class PointEstimates {
    private static final PointEstimates NONE = new PointEstimates(new int[0]);

    private final int[] indices;

    private PointEstimates(int[] sortedDistinct) {
        this.indices = sortedDistinct;
    }

    /** No point estimates: every coordinate is sampled. */
    public static PointEstimates none() {
        return NONE;
    }

    /** The given flat indices (any order, duplicates allowed, each ≥ 0). */
    public static PointEstimates indices(int... flatIndices) {
        for (int i = 0; i < flatIndices.length; i++) {
            if (flatIndices[i] < 0) {
                throw new IllegalArgumentException("point-estimate index " + i + " is negative: " + flatIndices[i]);
            }
        }
        return new PointEstimates(Arrays.stream(flatIndices).sorted().distinct().toArray());
    }

    /** Every coordinate of the given blocks of a {@link Blocks} layout of the latent vector. */
    public static PointEstimates blocks(Blocks layout, int... blockIndices) {
        int[][] parts = new int[blockIndices.length][];
        for (int b = 0; b < blockIndices.length; b++) {
            int offset = Math.toIntExact(layout.offset(blockIndices[b]));
            int size = Math.toIntExact(layout.block(blockIndices[b]).size());
            parts[b] = new int[size];
            Arrays.setAll(parts[b], j -> offset + j);
        }
        return indices(Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray());
    }

    /** The coordinates where {@code mask} is true. */
    public static PointEstimates mask(boolean[] mask) {
        return indices(IntStream.range(0, mask.length).filter(i -> mask[i]).toArray());
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return indices.length == 0;
    }

    /** The number of point-estimate coordinates. */
    public int count() {
        return indices.length;
    }

    /** The sorted flat indices (a copy). */
    public int[] flatIndices() {
        return indices.clone();
    }

    /** Throws unless every index lies in the space. */
    void requireWithin(Space space) {
        if (indices.length > 0 && indices[indices.length - 1] >= space.size()) {
            throw new IllegalArgumentException("point-estimate index " + indices[indices.length - 1]
                    + " lies outside the latent space " + space + " of " + space.size() + " elements");
        }
    }

    /** A tensor in {@code space} that is 0 at the point estimates and 1 elsewhere. */
    Tensor sampledMask(Space space, Backend backend) {
        requireWithin(space);
        double[] m = new double[Math.toIntExact(space.size())];
        Arrays.fill(m, 1);
        for (int i : indices) {
            m[i] = 0;
        }
        return backend.fromHost(m, space.dtype(), space.shape());
    }

    /** Writes the indices for the configuration hash. */
    void hashInto(DataOutput out) throws IOException {
        out.writeInt(indices.length);
        for (int i : indices) {
            out.writeInt(i);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointEstimates p && Arrays.equals(indices, p.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return indices.length <= 16 ? "PointEstimates" + Arrays.toString(indices)
                : "PointEstimates[" + indices.length + " coordinates]";
    }
}
