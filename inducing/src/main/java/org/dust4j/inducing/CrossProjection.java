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
 * W [M, S] (the whitened samples L_uu⁻ᵀ v), Φ [N, S]. The cross-covariance is built in blocks of cell rows, so that
 * memory stays at one block of K unless the whole K_xu is cached between the forward and the reverse pass
 * (then the reverse pass does not recompute it). Reverse pass per block, with G = Φ̄: W̄ += Kᵀ G,
 * K̄ = G Wᵀ, and the kernel cotangent of E = K̄ ⊙ K ({@link RbfKernel#cotangent}); c̄ = Σ G.
 */
final class CrossProjection extends Operator implements AutoCloseable {
    private static final long BLOCK_ELEMENTS = 1L << 22;

    private final Blocks arguments;
    private final List<Tensor> cells;
    private final int[] starts;
    private final boolean cache;

    private CrossProjection(Blocks arguments, Space target, List<Tensor> cells, int[] starts, boolean cache) {
        super(arguments.space(), target, "c + K(X, Z) W [" + target.shape() + "]");
        this.arguments = arguments;
        this.cells = cells;
        this.starts = starts;
        this.cache = cache;
    }

    /** The layout of the arguments: c [1], α [1], γ [3], Z [3, M], W [M, S]. */
    static Blocks arguments(DType dtype, int m, int s) {
        return Blocks.of(dtype, Shape.of(1), Shape.of(1), Shape.of(3), Shape.of(3, m), Shape.of(m, s));
    }

    /**
     * The projection for cell centres x ([3][N] on the host, centred like Z), uploaded in blocks to {@code be}.
     * The blocks are owned by the caller through {@link #close()}.
     *
     * @param cacheBytes K_xu is kept between the passes if it needs at most this many bytes
     */
    static CrossProjection create(double[][] x, int m, int s, DType dtype, Backend be, long cacheBytes) {
        int n = x[0].length;
        int rows = (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / m));
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
        return new CrossProjection(arguments(dtype, m, s), Space.of(dtype, n, s), blocks, starts, bytes <= cacheBytes);
    }

    /** Releases the uploaded cell blocks. */
    @Override
    public void close() {
        cells.forEach(Tensor::close);
    }

    private RbfKernel.Hyper hyper(Tensor args) {
        return RbfKernel.Hyper.read(arguments.view(args, 1), arguments.view(args, 2));
    }

    @Override
    protected Tensor compute(Tensor args) {
        return project(args, null);
    }

    /** Φ, keeping the kernel blocks in {@code keep} when it is not null. */
    private Tensor project(Tensor args, List<Tensor> keep) {
        Backend be = args.backend();
        Tensor z = arguments.view(args, 3);
        Tensor w = arguments.view(args, 4);
        RbfKernel.Hyper h = hyper(args);
        Tensor out = target().zeros(be);
        for (int b = 0; b < cells.size(); b++) {
            Tensor k = RbfKernel.evaluate(cells.get(b), z, h);
            be.matmul(k, false, w, false, out.slice(starts[b], starts[b + 1]));
            if (keep != null) {
                keep.add(k);
            } else {
                k.close();
            }
        }
        be.binary(BinaryOp.ADD, out, arguments.view(args, 0), out);
        return out;
    }

    @Override
    protected Linearization linearizeAt(Tensor args) {
        List<Tensor> kept = cache ? new ArrayList<>() : null;
        Tensor value = project(args, kept);
        Jacobian j = new Jacobian(args, hyper(args), kept);
        return kept == null ? new Linearization(value, j) : new Linearization(value, j, kept.toArray(Tensor[]::new));
    }

    private final class Jacobian extends LinearOperator {
        private final Tensor z;
        private final Tensor w;
        private final RbfKernel.Hyper h;
        private final List<Tensor> kept;

        Jacobian(Tensor args, RbfKernel.Hyper h, List<Tensor> kept) {
            super(CrossProjection.this.domain(), CrossProjection.this.target(), "J" + CrossProjection.this);
            this.z = arguments.view(args, 3);
            this.w = arguments.view(args, 4);
            this.h = h;
            this.kept = kept;
        }

        /** Kernel block b: the cached one (not to be closed) or a fresh one (closed by the caller). */
        private Tensor kernel(int b) {
            return kept != null ? kept.get(b) : RbfKernel.evaluate(cells.get(b), z, h);
        }

        private void release(Tensor k) {
            if (kept == null) {
                k.close();
            }
        }

        @Override
        protected Tensor compute(Tensor d) {
            Backend be = d.backend();
            double dAlpha = arguments.view(d, 1).item();
            double[] dGamma = arguments.view(d, 2).toDoubleArray();
            Tensor dz = arguments.view(d, 3);
            Tensor dw = arguments.view(d, 4);
            Tensor out = target().zeros(be);
            for (int b = 0; b < cells.size(); b++) {
                Tensor k = kernel(b);
                Tensor slice = out.slice(starts[b], starts[b + 1]);
                try (Tensor dk = k.zerosLike(); Tensor t = slice.zerosLike()) {
                    RbfKernel.tangent(cells.get(b), z, h, dAlpha, dGamma, null, dz, k, dk);
                    be.matmul(dk, false, w, false, slice);
                    be.matmul(k, false, dw, false, t);
                    be.binary(BinaryOp.ADD, slice, t, slice);
                } finally {
                    release(k);
                }
            }
            be.binary(BinaryOp.ADD, out, arguments.view(d, 0), out);
            return out;
        }

        @Override
        protected Tensor computeAdjoint(Tensor g) {
            Backend be = g.backend();
            Tensor out = domain().zeros(be);
            Tensor zBar = arguments.view(out, 3);
            Tensor wBar = arguments.view(out, 4);
            RbfKernel.HyperBar hb = new RbfKernel.HyperBar();
            try (Tensor t = wBar.zerosLike()) {
                for (int b = 0; b < cells.size(); b++) {
                    Tensor k = kernel(b);
                    Tensor gb = g.slice(starts[b], starts[b + 1]);
                    try (Tensor e = k.zerosLike()) {
                        be.matmul(k, true, gb, false, t);
                        be.binary(BinaryOp.ADD, wBar, t, wBar);
                        be.matmul(gb, false, w, true, e);
                        be.binary(BinaryOp.MUL, e, k, e);
                        RbfKernel.cotangent(cells.get(b), z, h, e, hb, null, zBar);
                    } finally {
                        release(k);
                    }
                }
            }
            be.reduceAll(ReduceOp.SUM, g, arguments.view(out, 0));
            KernelOperator.writeHyper(arguments, out, 1, hb);
            return out;
        }
    }
}
