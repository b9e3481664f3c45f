package org.dust4j.core.cpu;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import org.dust4j.core.Checks;
import org.dust4j.core.DType;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Tensor;

/**
 * Batched linear algebra of the CPU backend. Every leading axis is a batch axis; matrices of a batch are spread
 * over the pool when there are enough of them, otherwise each matrix's own work is (see {@link Gemm} and
 * {@link DenseLinalg}).
 *
 * <p>Precision: matmul multiplies FLOAT32 in float (float accumulators). Cholesky, triangular solves and the
 * eigensolver compute FLOAT32 inputs in double precision and round the results once to float, so their FLOAT32
 * results are at least as accurate as a float algorithm's.
 *
 * <p>Aliasing: matmul's out must not overlap a or b; cholesky's out may be a itself, triangularSolve's out may be
 * b itself and symmetricEigen's eigenvectors may be a itself; any partial overlap is rejected.
 */
final class CpuLinalg {
    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        Checks.matmul(a, transposeA, b, transposeB, out);
        Checks.disjoint("a", a, "out", out);
        Checks.disjoint("b", b, "out", out);
        int m = out.shape().dim(-2);
        int n = out.shape().dim(-1);
        int k = a.shape().dim(transposeA ? -2 : -1);
        Gemm.batched(out.shape().outer(-2), m, n, k, 1, matrices(a, transposeA), matrices(b, transposeB), false,
                matrices(out, false));
    }

    static void cholesky(Tensor a, Tensor out) {
        Checks.disjointOrSame("a", a, "out", out);
        int n = a.shape().dim(-1);
        Work w = Work.of(out);
        w.load(a);
        AtomicReference<NotPositiveDefiniteException> failure = new AtomicReference<>();
        forBatch(a.shape().outer(-2), (double) n * n * n / 3, i -> {
            MatrixView m = MatrixView.rowMajor(w.data, w.off + (int) (i * n * n), n);
            try {
                DenseLinalg.cholesky(m, n, i, 0);
            } catch (NotPositiveDefiniteException e) {
                failure.accumulateAndGet(e, (x, y) -> x == null || y.batchIndex() < x.batchIndex() ? y : x);
                return;
            }
            double[] d = w.data;
            for (int r = 0; r < n; r++) {
                for (int c = r + 1; c < n; c++) {
                    d[m.index(r, c)] = 0;
                }
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        w.store();
    }

    static void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        Checks.triangularSolve(t, b);
        Checks.disjointOrSame("b", b, "out", out);
        Checks.disjoint("t", t, "out", out);
        int n = t.shape().dim(-1);
        int k = b.shape().dim(-1);
        Work tw = asDoubles(t);
        LongFunction<MatrixView> tri = matrices(tw.data, tw.off, t.rank() > 2, n, n, transpose);
        Work x = Work.of(out);
        x.load(b);
        boolean effectiveLower = lower != transpose;
        forBatch(b.shape().outer(-2), (double) n * n * k, i -> {
            MatrixView xi = MatrixView.rowMajor(x.data, x.off + (int) (i * n * k), k);
            if (effectiveLower) {
                DenseLinalg.solveLower(n, k, tri.apply(i), xi);
            } else {
                DenseLinalg.solveUpper(n, k, tri.apply(i), xi);
            }
        });
        x.store();
    }

    static void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        Checks.disjoint("a", a, "eigenvalues", eigenvalues);
        Checks.disjoint("eigenvalues", eigenvalues, "eigenvectors", eigenvectors);
        Checks.disjointOrSame("a", a, "eigenvectors", eigenvectors);
        int n = a.shape().dim(-1);
        Work aw = asDoubles(a);
        LongFunction<MatrixView> input = matrices(aw.data, aw.off, true, n, n, false);
        Work w = Work.of(eigenvalues);
        Work v = Work.of(eigenvectors);
        forBatch(a.shape().outer(-2), 10.0 * n * n * n, i -> DenseLinalg.symmetricEigen(input.apply(i), n, i, w.data,
                w.off + (int) (i * n), v.data, v.off + (int) (i * n * n)));
        w.store();
        v.store();
    }

    // ---------------------------------------------------------------- helpers

    /** Runs body for every batch index: over the pool when the batch can keep it busy, else in order here. */
    private static void forBatch(long batch, double flopsPerMatrix, LongConsumer body) {
        if (batch < Parallel.threads()) {
            for (long i = 0; i < batch; i++) {
                body.accept(i); // each matrix's own work is parallel
            }
            return;
        }
        long grain = (long) Math.max(1, Gemm.TASK_FLOPS / Math.max(1, flopsPerMatrix));
        Parallel.forRange(batch, grain, (from, to) -> {
            for (long i = from; i < to; i++) {
                body.accept(i);
            }
        });
    }

    /** Matrix i of the batched tensor t (the only matrix for every i when t has rank 2), optionally transposed. */
    private static LongFunction<MatrixView> matrices(Tensor t, boolean transpose) {
        Object data = t.dtype() == DType.FLOAT64 ? CpuBackend.doubles(t) : CpuBackend.floats(t);
        return matrices(data, CpuBackend.off(t), t.rank() > 2, t.shape().dim(-2), t.shape().dim(-1), transpose);
    }

    /** Row-major rows×cols matrices of an array from off, consecutive when batched, else all the same one. */
    private static LongFunction<MatrixView> matrices(Object data, int off, boolean batched, int rows, int cols,
            boolean transpose) {
        long stride = batched ? (long) rows * cols : 0;
        return i -> {
            MatrixView m = MatrixView.rowMajor(data, off + (int) (i * stride), cols);
            return transpose ? m.transposed() : m;
        };
    }

    /** The elements of t in double precision: t's own array when FLOAT64, else a converted copy. */
    private static Work asDoubles(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? Work.of(t) : new Work(t.toDoubleArray(), 0, t);
    }

    /**
     * A double-precision array holding the elements of {@code target} from {@code off}: target's own array when
     * it is FLOAT64, else a temporary that {@link #store} rounds into target.
     */
    private record Work(double[] data, int off, Tensor target) {
        static Work of(Tensor target) {
            return target.dtype() == DType.FLOAT64 ? new Work(CpuBackend.doubles(target), CpuBackend.off(target), target)
                    : new Work(new double[Math.toIntExact(target.size())], 0, target);
        }

        /** Copies src's elements in (nothing to do when src is target's own FLOAT64 memory). */
        void load(Tensor src) {
            if (target.dtype() == DType.FLOAT32 || src.storage() != target.storage() || src.offset() != target.offset()) {
                src.backend().copyToHost(src, data, off);
            }
        }

        /** Rounds the temporary into a FLOAT32 target. */
        void store() {
            if (target.dtype() == DType.FLOAT32) {
                double[] d = data;
                float[] f = CpuBackend.floats(target);
                int o = CpuBackend.off(target);
                for (int i = 0; i < d.length; i++) {
                    f[o + i] = (float) d[i];
                }
            }
        }
    }
}
