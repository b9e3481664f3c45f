package org.dust4j.inducing;

import java.util.ArrayList;
import java.util.List;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Operator;
import org.dust4j.core.op.Space;

/**
 * The fused projection (c, α, γ, Z, W) ↦ Φ = c + K(X, Z) W for fixed cell centres X: N cells, M inducing points,
 * W [M, S] (the whitened samples L_uu⁻ᵀ v), Φ [N, S]. The cross-covariance is built in blocks of cell rows. Reverse
 * pass per block, with G = Φ̄: W̄ += Kᵀ G, K̄ = G Wᵀ and the moments F E of E = K̄ ⊙ K (F = [X; 1; X²] per
 * block, precomputed), summed over the blocks, from which {@link RbfKernel#cotangentFromMoments} gives the kernel
 * cotangent; c̄ = Σ G.
 *
 * <p>Memory is reused across iterations: the operator owns two block buffers and, when K_xu fits the cache limit,
 * a cache of all kernel blocks that {@link #linearize} fills and the Jacobian reads (so the reverse pass does not
 * recompute the kernel). Hence only the most recent linearization is usable: using an earlier one's Jacobian
 * throws {@link IllegalStateException}. Not thread-safe; {@link #close()} releases the buffers and cell blocks.
 */
final class CrossProjection extends Operator implements AutoCloseable {
    /**
     * Elements of a block of K_xu on the CPU backend: small enough that a block's kernel, K̄ ⊙ K and the other
     * per-block operands stay in the L3 cache between the products and elementwise passes over them (4 MiB each
     * in float64), large enough that every backend call on a block still splits over the threads at little cost.
     * Measured at the Orion scale (M = 1000) on 2 cores: 2^16 to 2^17 elements were best on one thread, 2^19 to
     * 2^20 on two, 2^22 was slower on both.
     */
    private static final long CPU_BLOCK_ELEMENTS = 1L << 19;
    /**
     * Elements of a block of K_xu on other backends: large blocks, for few kernel launches (2^24 elements: 128 MiB in
     * float64, six blocks at the Orion scale).
     */
    private static final long BLOCK_ELEMENTS = 1L << 24;

    private final Blocks arguments;
    private final List<Tensor> cells;
    private final List<Tensor> factors;
    private final List<Tensor> lefts;
    private final int[] starts;
    private final int rows;
    private final int m;
    private final boolean cacheKernel;
    private final List<Tensor> cache = new ArrayList<>();
    private Tensor bufferA;
    private Tensor bufferB;
    private Tensor right;
    private long generation;

    private CrossProjection(Blocks arguments, Space target, List<Tensor> cells, List<Tensor> factors,
                            List<Tensor> lefts, int[] starts, int rows, int m, boolean cacheKernel) {
        super(arguments.space(), target, "c + K(X, Z) W [" + target.shape() + "]");
        this.arguments = arguments;
        this.cells = cells;
        this.factors = factors;
        this.lefts = lefts;
        this.starts = starts;
        this.rows = rows;
        this.m = m;
        this.cacheKernel = cacheKernel;
    }

    /** The layout of the arguments: c [1], α [1], γ [3], Z [3, M], W [M, S]. */
    static Blocks arguments(DType dtype, int m, int s) {
        return Blocks.of(dtype, Shape.of(1), Shape.of(1), Shape.of(3), Shape.of(3, m), Shape.of(m, s));
    }

    /**
     * The projection for cell centres x ([3][N] on the host, shifted like Z), uploaded in blocks to {@code be}.
     *
     * @param cacheBytes K_xu is kept between the passes if it needs at most this many bytes
     */
    static CrossProjection create(double[][] x, int m, int s, DType dtype, Backend be, long cacheBytes) {
        return create(x, m, s, dtype, be, cacheBytes, be.name().equals("cpu") ? CPU_BLOCK_ELEMENTS : BLOCK_ELEMENTS);
    }

    /**
     * {@link #create(double[][], int, int, DType, Backend, long)} with blocks of K_xu of about
     * {@code blockElements} elements ({@link #blockRows}).
     */
    static CrossProjection create(double[][] x, int m, int s, DType dtype, Backend be, long cacheBytes,
                                  long blockElements) {
        int n = x[0].length;
        int rows = blockRows(n, m, blockElements);
        List<Tensor> blocks = new ArrayList<>();
        int count = (n + rows - 1) / rows;
        int[] starts = new int[count + 1];
        for (int b = 0; b < count; b++) {
            int r0 = b * rows;
            int r1 = Math.min(n, r0 + rows);
            starts[b] = r0;
            starts[b + 1] = r1;
            double[] flat = new double[3 * (r1 - r0)];
            for (int k = 0; k < 3; k++) {
                System.arraycopy(x[k], r0, flat, k * (r1 - r0), r1 - r0);
            }
            blocks.add(be.fromHost(flat, dtype, Shape.of(3, r1 - r0)));
        }
        long bytes = (long) n * m * (dtype == DType.FLOAT32 ? 4 : 8);
        List<Tensor> factors = blocks.stream().map(RbfKernel::momentFactor).toList();
        List<Tensor> lefts = blocks.stream().map(c -> {
            Tensor left = be.zeros(dtype, Shape.of(RbfKernel.FACTOR_ROWS, c.shape().dim(1)));
            RbfKernel.leftRows(c, left);
            return left;
        }).toList();
        return new CrossProjection(arguments(dtype, m, s), Space.of(dtype, n, s), blocks, factors, lefts, starts, rows,
                m, bytes <= cacheBytes);
    }

    /**
     * Rows of a block of K_xu [n, m] with about {@code elements} elements: at most n, at least 1, and a multiple
     * of 32 when at least 32, so that blocks split evenly into the register tiles of matrix-product kernels.
     */
    static int blockRows(int n, int m, long elements) {
        long rows = Math.max(1, Math.min(n, elements / m));
        return (int) (rows >= 32 ? rows - rows % 32 : rows);
    }

    /** Releases the uploaded cell blocks, the kernel cache and the buffers. */
    @Override
    public void close() {
        cells.forEach(Tensor::close);
        factors.forEach(Tensor::close);
        lefts.forEach(Tensor::close);
        releaseBuffers();
    }

    private void releaseBuffers() {
        cache.forEach(Tensor::close);
        cache.clear();
        for (Tensor t : new Tensor[] {bufferA, bufferB, right}) {
            if (t != null) {
                t.close();
            }
        }
        bufferA = null;
        bufferB = null;
        right = null;
    }

    /** Allocates the buffers (and the cache) on {@code be} unless they already live there. */
    private void prepare(Backend be) {
        if (bufferA != null && bufferA.backend() == be) {
            return;
        }
        releaseBuffers();
        DType dt = domain().dtype();
        bufferA = be.zeros(dt, Shape.of(rows, m));
        bufferB = be.zeros(dt, Shape.of(rows, m));
        right = be.zeros(dt, Shape.of(RbfKernel.FACTOR_ROWS, m));
        if (cacheKernel) {
            for (int b = 0; b < cells.size(); b++) {
                cache.add(be.zeros(dt, Shape.of(starts[b + 1] - starts[b], m)));
            }
        }
    }

    private int blockRows(int b) {
        return starts[b + 1] - starts[b];
    }

    private RbfKernel.Params params(Tensor args) {
        return RbfKernel.Params.of(arguments.view(args, 1), arguments.view(args, 2));
    }

    @Override
    protected Tensor compute(Tensor args) {
        prepare(args.backend());
        try (RbfKernel.Params p = params(args)) {
            return project(args, p, false);
        }
    }

    /**
     * Φ; with {@code fill}, the kernel blocks are left in the cache. Leaves the kernel factors of the current
     * hyperparameters in {@link #lefts} and {@link #right} for the Jacobian.
     */
    private Tensor project(Tensor args, RbfKernel.Params p, boolean fill) {
        Backend be = args.backend();
        Tensor z = arguments.view(args, 3);
        Tensor w = arguments.view(args, 4);
        Tensor out = target().zeros(be);
        RbfKernel.rightFactor(z, p, right);
        for (int b = 0; b < cells.size(); b++) {
            Tensor k = fill ? cache.get(b) : bufferA.slice(0, blockRows(b));
            RbfKernel.leftNorms(factors.get(b).slice(4, 7), p, lefts.get(b));
            RbfKernel.evaluate(lefts.get(b), right, k);
            be.matmul(k, false, w, false, out.slice(starts[b], starts[b + 1]));
        }
        be.binary(BinaryOp.ADD, out, arguments.view(args, 0), out);
        return out;
    }

    @Override
    protected Linearization linearizeAt(Tensor args) {
        prepare(args.backend());
        generation++;
        RbfKernel.Params p = params(args);
        try {
            Tensor value = project(args, p, cacheKernel);
            return new Linearization(value, new Jacobian(args, p, generation), p);
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private final class Jacobian extends LinearOperator {
        private final Tensor args;
        private final Tensor z;
        private final Tensor w;
        private final RbfKernel.Params p;
        private final long made;

        Jacobian(Tensor args, RbfKernel.Params p, long made) {
            super(CrossProjection.this.domain(), CrossProjection.this.target(), "J" + CrossProjection.this);
            this.args = args;
            this.z = arguments.view(args, 3);
            this.w = arguments.view(args, 4);
            this.p = p;
            this.made = made;
        }

        private void requireCurrent() {
            if (made != generation || bufferA == null) {
                throw new IllegalStateException(CrossProjection.this + ": this linearization was superseded by a later "
                        + "one (or the operator was closed); its kernel buffers are gone");
            }
        }

        /** Kernel block b: from the cache, or evaluated into buffer A. */
        private Tensor kernel(int b) {
            if (cacheKernel) {
                return cache.get(b);
            }
            Tensor k = bufferA.slice(0, blockRows(b));
            RbfKernel.evaluate(lefts.get(b), right, k);
            return k;
        }

        /** Forward mode reads the hyperparameters and their tangents on the host (it is not used while fitting). */
        @Override
        protected Tensor compute(Tensor d) {
            requireCurrent();
            Backend be = d.backend();
            RbfKernel.Hyper h = RbfKernel.Hyper.read(arguments.view(args, 1), arguments.view(args, 2));
            double dAlpha = arguments.view(d, 1).item();
            double[] dGamma = arguments.view(d, 2).toDoubleArray();
            Tensor dz = arguments.view(d, 3);
            Tensor dw = arguments.view(d, 4);
            Tensor out = target().zeros(be);
            try (Tensor t = be.zeros(d.dtype(), Shape.of(rows, w.shape().dim(1)))) {
                for (int b = 0; b < cells.size(); b++) {
                    Tensor k = kernel(b);
                    Tensor dk = bufferB.slice(0, blockRows(b));
                    Tensor slice = out.slice(starts[b], starts[b + 1]);
                    Tensor tb = t.slice(0, blockRows(b));
                    RbfKernel.tangent(cells.get(b), z, h, dAlpha, dGamma, null, dz, k, dk);
                    be.matmul(dk, false, w, false, slice);
                    be.matmul(k, false, dw, false, tb);
                    be.binary(BinaryOp.ADD, slice, tb, slice);
                }
            }
            be.binary(BinaryOp.ADD, out, arguments.view(d, 0), out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor g) {
            requireCurrent();
            Backend be = g.backend();
            Tensor out = domain().zeros(be);
            Tensor zBar = arguments.view(out, 3);
            Tensor wBar = arguments.view(out, 4);
            DType dt = g.dtype();
            try (Tensor t = wBar.zerosLike(); Tensor moments = be.zeros(dt, Shape.of(RbfKernel.MOMENTS, m));
                 Tensor part = moments.zerosLike()) {
                for (int b = 0; b < cells.size(); b++) {
                    Tensor k = kernel(b);
                    Tensor e = bufferB.slice(0, blockRows(b));
                    Tensor gb = g.slice(starts[b], starts[b + 1]);
                    be.matmul(k, true, gb, false, t);
                    be.binary(BinaryOp.ADD, wBar, t, wBar);
                    be.matmul(gb, false, w, true, e);
                    be.binary(BinaryOp.MUL, e, k, e);
                    be.matmul(factors.get(b), false, e, false, part);
                    be.binary(BinaryOp.ADD, moments, part, moments);
                }
                RbfKernel.cotangentFromMoments(z, p, moments, arguments.view(out, 1), arguments.view(out, 2), zBar);
            }
            be.reduceAll(ReduceOp.SUM, g, arguments.view(out, 0));
            return out;
        }
    }
}
