package org.dust4j.core.op;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Allocating tensor helpers used by the operators of this package. Everything goes through {@link Backend}
 * primitives (no host arrays except small index and mask tables uploaded with {@code fromHost}), so the
 * operators run on every backend.
 */
final class TensorOps {
    private TensorOps() {
    }

    /** x * c as a new tensor. */
    static Tensor scale(Tensor x, double c) {
        Tensor out = x.zerosLike();
        x.backend().binaryScalar(BinaryOp.MUL, x, c, out);
        return out;
    }

    /** alpha x + beta y as a new tensor. */
    static Tensor axpby(double alpha, Tensor x, double beta, Tensor y) {
        Tensor out = x.zerosLike();
        x.backend().axpby(alpha, x, beta, y, out);
        return out;
    }

    /** acc += x in place. */
    static void addInPlace(Tensor acc, Tensor x) {
        acc.backend().binary(BinaryOp.ADD, acc, x, acc);
    }

    /** A copy of x in {@code space} (same number of elements, possibly another shape). */
    static Tensor copyInto(Tensor x, Space space) {
        Tensor out = space.zeros(x.backend());
        x.backend().copy(x, out);
        return out;
    }

    /** The shape of op(a) · op(b), validated like {@link Backend#matmul}; names both shapes on mismatch. */
    static Shape matmulShape(Shape a, boolean transposeA, Shape b, boolean transposeB) {
        if (a.rank() < 2 || b.rank() < 2) {
            throw new IllegalArgumentException("matmul needs matrices (rank >= 2): a is " + a + ", b is " + b);
        }
        int m = a.dim(transposeA ? -1 : -2);
        int ka = a.dim(transposeA ? -2 : -1);
        int kb = b.dim(transposeB ? -1 : -2);
        int n = b.dim(transposeB ? -2 : -1);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul inner dimensions differ: a " + a + (transposeA ? "ᵀ" : "")
                    + " has " + ka + " columns, b " + b + (transposeB ? "ᵀ" : "") + " has " + kb + " rows");
        }
        Shape batchA = batch(a);
        Shape batchB = batch(b);
        if (batchA.rank() > 0 && batchB.rank() > 0 && !batchA.equals(batchB)) {
            throw new IllegalArgumentException("matmul batch axes differ: a " + a + ", b " + b
                    + " (batch axes must match, or one operand must have none)");
        }
        int[] d = (batchA.rank() > 0 ? a : b).dims();
        d[d.length - 2] = m;
        d[d.length - 1] = n;
        return Shape.of(d);
    }

    /** The leading (batch) axes of a matrix shape. */
    static Shape batch(Shape s) {
        int[] d = s.dims();
        return Shape.of(java.util.Arrays.copyOf(d, d.length - 2));
    }

    /** op(a) · op(b) as a new tensor. */
    static Tensor matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB) {
        Tensor out = a.backend().zeros(a.dtype(), matmulShape(a.shape(), transposeA, b.shape(), transposeB));
        a.backend().matmul(a, transposeA, b, transposeB, out);
        return out;
    }

    /**
     * out = op(a) · op(b), where out has the product's shape or that shape without its batch axes; in the
     * latter case the product is summed over the batch. This is the adjoint of a product with respect to an
     * operand that was shared (unbatched) across a batch.
     */
    static void matmulSummed(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        Shape full = matmulShape(a.shape(), transposeA, b.shape(), transposeB);
        if (full.equals(out.shape())) {
            a.backend().matmul(a, transposeA, b, transposeB, out);
            return;
        }
        int rows = full.dim(-2);
        int cols = full.dim(-1);
        if (!out.shape().equals(Shape.of(rows, cols))) {
            throw new IllegalArgumentException("out must have shape " + full + " or " + Shape.of(rows, cols)
                    + ", got " + out.shape());
        }
        try (Tensor product = a.backend().zeros(a.dtype(), full)) {
            a.backend().matmul(a, transposeA, b, transposeB, product);
            int batches = Math.toIntExact(full.size() / ((long) rows * cols));
            a.backend().reduce(ReduceOp.SUM, product.reshape(batches, rows, cols), 0, out);
        }
    }

    /** A rank-1 tensor [n] viewed as the column [n, 1]; other tensors unchanged. */
    static Tensor asMatrix(Tensor x) {
        return x.rank() == 1 ? x.reshape(x.shape().dim(0), 1) : x;
    }

    /** A rank-1 shape [n] as the column [n, 1]; other shapes unchanged. */
    static Shape asMatrix(Shape s) {
        return s.rank() == 1 ? Shape.of(s.dim(0), 1) : s;
    }

    /** Solves op(t) X = b for triangular t as a new tensor. */
    static Tensor solve(Tensor t, boolean lower, boolean transpose, Tensor b) {
        Tensor out = b.zerosLike();
        t.backend().triangularSolve(t, lower, transpose, b, out);
        return out;
    }

    /** The transpose of the last two axes as a new tensor; the index table comes from the cache (may be null). */
    static Tensor transpose(Tensor a, TensorCache cache) {
        Shape s = a.shape();
        Tensor out = a.backend().zeros(a.dtype(), transposedShape(s));
        try (TensorCache.Table idx = TensorCache.Table.index(cache, a.backend(), new TransposeTable(s),
                () -> transposeIndex(s))) {
            gatherFlat(a, idx.tensor(), out);
        }
        return out;
    }

    /** The key of the index table of the transpose of a tensor of a shape. */
    private record TransposeTable(Shape shape) {
    }

    /** The key of a mask of {@link #triangle}. */
    private record TriangleMask(boolean lower, double diagonal) {
    }

    /** s with its last two axes swapped. */
    static Shape transposedShape(Shape s) {
        int[] d = s.dims();
        int r = d[d.length - 2];
        d[d.length - 2] = d[d.length - 1];
        d[d.length - 1] = r;
        return Shape.of(d);
    }

    /** For each element of the transpose of a [..., r, c] tensor, its flat position in the original. */
    static int[] transposeIndex(Shape s) {
        int r = s.dim(-2);
        int c = s.dim(-1);
        int size = Math.toIntExact(s.size());
        int[] idx = new int[size];
        int p = 0;
        for (int base = 0; base < size; base += r * c) {
            for (int j = 0; j < c; j++) {
                for (int i = 0; i < r; i++) {
                    idx[p++] = base + i * c + j;
                }
            }
        }
        return idx;
    }

    /** out.flat[i] = x.flat[index[i]] for an INT32 index tensor. */
    static void gatherFlat(Tensor x, Tensor index, Tensor out) {
        int n = Math.toIntExact(index.size());
        x.backend().gather(x.reshape(Math.toIntExact(x.size())), index, out.reshape(n));
    }

    /** out.flat[index[i]] += y.flat[i] for an INT32 index tensor. */
    static void scatterAddFlat(Tensor y, Tensor index, Tensor out) {
        int n = Math.toIntExact(index.size());
        y.backend().scatterAdd(y.reshape(n), index, out.reshape(Math.toIntExact(out.size())));
    }

    /** (a + aᵀ) / 2 over the last two axes, as a new tensor. */
    static Tensor symmetrize(Tensor a, TensorCache cache) {
        Tensor t = transpose(a, cache);
        a.backend().axpby(0.5, a, 0.5, t, t);
        return t;
    }

    /**
     * a multiplied by a triangular mask over the last two axes, as a new tensor: the strict lower (or upper)
     * triangle is kept, the diagonal is multiplied by {@code diagonal}, the other triangle becomes zero.
     * {@code diagonal = 0.5} with {@code lower} gives Φ of the Cholesky derivative.
     */
    static Tensor triangle(Tensor a, boolean lower, double diagonal, TensorCache cache) {
        Shape s = a.shape();
        Backend be = a.backend();
        Tensor out = a.zerosLike();
        try (TensorCache.Table m = TensorCache.Table.values(cache, be, new TriangleMask(lower, diagonal), a.dtype(), s,
                () -> triangleMask(s, lower, diagonal))) {
            be.binary(BinaryOp.MUL, a, m.tensor(), out);
        }
        return out;
    }

    /** The mask of {@link #triangle} for matrices [..., n, n]. */
    private static double[] triangleMask(Shape s, boolean lower, double diagonal) {
        int n = s.dim(-1);
        int size = Math.toIntExact(s.size());
        double[] mask = new double[size];
        for (int base = 0; base < size; base += n * n) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    mask[base + i * n + j] = i == j ? diagonal : (lower ? i > j : i < j) ? 1 : 0;
                }
            }
        }
        return mask;
    }
}
