package org.dust4j.core.cpu;

import java.util.Arrays;
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
 * <p>Precision: matmul, Cholesky and triangular solves compute FLOAT32 in float (float accumulators), FLOAT64 in
 * double. The eigensolver (Householder tridiagonalisation + implicit QL) always computes in double; FLOAT32 results
 * are rounded once to float.
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
        long batch = out.shape().outer(-2);
        if (b.rank() == 2 && !transposeA && n > 0) {
            // a shared b: the rows of all a's (and outs) follow each other, so the batch is one tall product
            m = Math.toIntExact(batch * m);
            batch = Math.min(batch, 1);
        }
        Gemm.batched(batch, m, n, k, 1, matrices(a, transposeA), matrices(b, transposeB), false,
                matrices(out, false));
    }

    static void cholesky(Tensor a, Tensor out) {
        Checks.disjointOrSame("a", a, "out", out);
        int n = a.shape().dim(-1);
        copyInto(a, out);
        LongFunction<MatrixView> matrix = matrices(out, false);
        Object data = array(out);
        AtomicReference<NotPositiveDefiniteException> failure = new AtomicReference<>();
        forBatch(a.shape().outer(-2), (double) n * n * n / 3, i -> {
            MatrixView m = matrix.apply(i);
            try {
                DenseLinalg.cholesky(m, n, i, 0);
            } catch (NotPositiveDefiniteException e) {
                failure.accumulateAndGet(e, (x, y) -> x == null || y.batchIndex() < x.batchIndex() ? y : x);
                return;
            }
            for (int r = 0; r < n - 1; r++) {
                int from = m.index(r, r + 1);
                if (data instanceof double[] d) {
                    Arrays.fill(d, from, from + n - 1 - r, 0);
                } else {
                    Arrays.fill((float[]) data, from, from + n - 1 - r, 0);
                }
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        Checks.triangularSolve(t, b);
        Checks.disjointOrSame("b", b, "out", out);
        Checks.disjoint("t", t, "out", out);
        int n = t.shape().dim(-1);
        int k = b.shape().dim(-1);
        copyInto(b, out);
        LongFunction<MatrixView> tri = matrices(t, transpose);
        LongFunction<MatrixView> x = matrices(out, false);
        boolean effectiveLower = lower != transpose;
        forBatch(b.shape().outer(-2), (double) n * n * k, i -> {
            if (effectiveLower) {
                DenseLinalg.solveLower(n, k, tri.apply(i), x.apply(i));
            } else {
                DenseLinalg.solveUpper(n, k, tri.apply(i), x.apply(i));
            }
        });
    }

    static void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        Checks.disjoint("a", a, "eigenvalues", eigenvalues);
        Checks.disjoint("eigenvalues", eigenvalues, "eigenvectors", eigenvectors);
        Checks.disjointOrSame("a", a, "eigenvectors", eigenvectors);
        int n = a.shape().dim(-1);
        LongFunction<MatrixView> input = a.dtype() == DType.FLOAT64 ? matrices(a, false)
                : matrices(a.toDoubleArray(), 0, true, n, n, false);
        DoubleOutput w = DoubleOutput.of(eigenvalues);
        DoubleOutput v = DoubleOutput.of(eigenvectors);
        boolean toFloat = eigenvectors.dtype() == DType.FLOAT32;
        forBatch(a.shape().outer(-2), 10.0 * n * n * n, i -> DenseLinalg.symmetricEigen(input.apply(i), n, i, w.data,
                w.off + (int) (i * n), v.data, v.off + (int) (i * n * n), toFloat));
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
        return matrices(array(t), CpuBackend.off(t), t.rank() > 2, t.shape().dim(-2), t.shape().dim(-1), transpose);
    }

    /** The Java array behind a floating tensor. */
    private static Object array(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? CpuBackend.doubles(t) : CpuBackend.floats(t);
    }

    /** dst := src for tensors of one dtype and size (nothing to do when they are the same elements). */
    private static void copyInto(Tensor src, Tensor dst) {
        if (src.storage() != dst.storage() || src.offset() != dst.offset()) {
            System.arraycopy(array(src), CpuBackend.off(src), array(dst), CpuBackend.off(dst), Math.toIntExact(src.size()));
        }
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

    /**
     * Where a double-precision algorithm writes the elements of {@code target}, from {@code off}: target's own
     * array when it is FLOAT64, else a temporary that {@link #store} rounds into target.
     */
    private record DoubleOutput(double[] data, int off, Tensor target) {
        static DoubleOutput of(Tensor target) {
            return target.dtype() == DType.FLOAT64
                    ? new DoubleOutput(CpuBackend.doubles(target), CpuBackend.off(target), target)
                    : new DoubleOutput(new double[Math.toIntExact(target.size())], 0, target);
        }

        /** Rounds the temporary into a FLOAT32 target. */
        void store() {
            if (target.dtype() == DType.FLOAT32) {
                float[] f = CpuBackend.floats(target);
                int o = CpuBackend.off(target);
                for (int i = 0; i < data.length; i++) {
                    f[o + i] = (float) data[i];
                }
            }
        }
    }
}
