package org.dust4j.core.op;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import org.dust4j.core.Backend;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * The layout of a flat vector that concatenates blocks of several shapes (one dtype): block i occupies the
 * elements [offset(i), offset(i) + size(i)) in row-major order. This is how operators with several arguments
 * or several results meet the single-tensor operator algebra: a parameter vector θ = [m, L, hyperparameters]
 * is one flat tensor, {@link #extract} gives the linear operators that pick its parts, {@link #view} reads them
 * without copying, and {@link #pack} builds such a vector. {@link Operator#concat},
 * {@link LinearOperator#blockColumn} and {@link LinearOperator#blockRow} use the same layout.
 */
public final class Blocks {
    private final Space[] blocks;
    private final long[] offsets;
    private final Space space;

    private Blocks(Space[] blocks) {
        this.blocks = blocks;
        this.offsets = new long[blocks.length + 1];
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i].dtype() != blocks[0].dtype()) {
                throw new IllegalArgumentException("blocks need one dtype: block 0 is " + blocks[0] + ", block " + i
                        + " is " + blocks[i]);
            }
            offsets[i + 1] = offsets[i] + blocks[i].size();
        }
        this.space = Space.of(blocks[0].dtype(), Math.toIntExact(offsets[blocks.length]));
    }

    /** The layout of the concatenation of elements of the given spaces (at least one, one dtype). */
    public static Blocks of(Space... blocks) {
        if (blocks.length == 0) {
            throw new IllegalArgumentException("a block layout needs at least one block");
        }
        return new Blocks(blocks.clone());
    }

    /** The layout of blocks of the given shapes and one dtype. */
    public static Blocks of(DType dtype, Shape... shapes) {
        return of(Arrays.stream(shapes).map(s -> new Space(dtype, s)).toArray(Space[]::new));
    }

    /** The flat space [total size] of the concatenation. */
    public Space space() {
        return space;
    }

    /** Number of blocks. */
    public int count() {
        return blocks.length;
    }

    /** The space of block i. */
    public Space block(int i) {
        return blocks[checkIndex(i)];
    }

    /** The spaces of all blocks. */
    public List<Space> blocks() {
        return List.of(blocks);
    }

    /** Offset of block i in the flat vector, in elements. */
    public long offset(int i) {
        return offsets[checkIndex(i)];
    }

    /**
     * A view (no copy) of block i of x, shaped like the block. x may have any shape with the layout's total
     * size and dtype (a stacked [k, ...] tensor, for instance).
     */
    public Tensor view(Tensor x, int i) {
        checkIndex(i);
        if (x.dtype() != space.dtype() || x.size() != space.size()) {
            throw new IllegalArgumentException("a tensor of blocks " + this + " must be " + space.dtype() + " with "
                    + space.size() + " elements, got " + x.shape() + " " + x.dtype());
        }
        Tensor flat = x.reshape(Math.toIntExact(space.size()));
        return flat.slice((int) offsets[i], (int) offsets[i + 1]).reshape(blocks[i].shape().dims());
    }

    /** The linear operator that picks block i out of the flat vector (a copy); its adjoint embeds with zeros. */
    public LinearOperator extract(int i) {
        checkIndex(i);
        return new Extract(i);
    }

    /** A new flat tensor holding the parts, which must lie in the blocks' spaces, on the first part's backend. */
    public Tensor pack(Tensor... parts) {
        if (parts.length != blocks.length) {
            throw new IllegalArgumentException("pack needs " + blocks.length + " parts for " + this + ", got "
                    + parts.length);
        }
        for (int i = 0; i < parts.length; i++) {
            if (!blocks[i].contains(parts[i])) {
                throw new IllegalArgumentException("pack: part " + i + " must be " + blocks[i] + ", got "
                        + parts[i].shape() + " " + parts[i].dtype());
            }
        }
        Tensor out = space.zeros(parts[0].backend());
        for (int i = 0; i < parts.length; i++) {
            out.backend().copy(parts[i], view(out, i));
        }
        return out;
    }

    /**
     * A new tensor in {@code target} (a space of the layout's size) whose block i is a copy of part(i); each part
     * is closed once copied.
     */
    Tensor assemble(Space target, Backend backend, IntFunction<Tensor> part) {
        Tensor out = target.zeros(backend);
        for (int i = 0; i < blocks.length; i++) {
            try (Tensor p = part.apply(i)) {
                backend.copy(p, view(out, i));
            }
        }
        return out;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= blocks.length) {
            throw new IndexOutOfBoundsException("block " + i + " of " + blocks.length);
        }
        return i;
    }

    @Override
    public String toString() {
        return "Blocks" + Arrays.toString(blocks);
    }

    private final class Extract extends LinearOperator {
        private final int i;

        Extract(int i) {
            super(space, blocks[i], "extract(" + i + " of " + Blocks.this + ")");
            this.i = i;
        }

        @Override
        protected Tensor compute(Tensor x) {
            return TensorOps.copyInto(view(x, i), blocks[i]);
        }

        @Override
        protected Tensor computeAdjoint(Tensor y) {
            Tensor out = space.zeros(y.backend());
            y.backend().copy(y, view(out, i));
            return out;
        }
    }
}
