package org.dust4j.cuda;

import java.util.Arrays;
import org.dust4j.core.Shape;

/**
 * The geometry of a batched matrix product out = op(a) op(b) over row-major tensors, as the Backend
 * contract defines it: a [..., m, k] (or [..., k, m] when transposed), b [..., k, n] (or [..., n, k]),
 * out [..., m, n]; the batch axes of a and b match, or one of them has none and is shared by the batch.
 *
 * @param m       rows of op(a) and of each output matrix
 * @param n       columns of op(b) and of each output matrix
 * @param k       the contracted dimension
 * @param batch   number of output matrices
 * @param strideA elements between consecutive matrices of a (0 when shared)
 * @param strideB elements between consecutive matrices of b (0 when shared)
 * @param out     the shape out must have
 */
record MatmulShape(int m, int n, int k, long batch, long strideA, long strideB, Shape out) {
    /** Validates the operands' shapes, naming the offending one. */
    static MatmulShape of(Shape a, boolean transposeA, Shape b, boolean transposeB) {
        if (a.rank() < 2) {
            throw new IllegalArgumentException("a needs at least 2 axes, got shape " + a);
        }
        if (b.rank() < 2) {
            throw new IllegalArgumentException("b needs at least 2 axes, got shape " + b);
        }
        int m = transposeA ? a.dim(-1) : a.dim(-2);
        int k = transposeA ? a.dim(-2) : a.dim(-1);
        int kb = transposeB ? b.dim(-1) : b.dim(-2);
        int n = transposeB ? b.dim(-2) : b.dim(-1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: op(a) " + a + (transposeA ? "^T" : "") + " has " + k
                    + " columns but op(b) " + b + (transposeB ? "^T" : "") + " has " + kb + " rows");
        }
        int[] batchA = Arrays.copyOf(a.dims(), a.rank() - 2);
        int[] batchB = Arrays.copyOf(b.dims(), b.rank() - 2);
        if (batchA.length > 0 && batchB.length > 0 && !Arrays.equals(batchA, batchB)) {
            throw new IllegalArgumentException("matmul: batch axes differ: a " + a + ", b " + b
                    + " (they must match, or one operand must be a single matrix)");
        }
        int[] batchDims = batchA.length > 0 ? batchA : batchB;
        int[] outDims = Arrays.copyOf(batchDims, batchDims.length + 2);
        outDims[batchDims.length] = m;
        outDims[batchDims.length + 1] = n;
        long batch = 1;
        for (int d : batchDims) {
            batch *= d;
        }
        return new MatmulShape(m, n, k, batch, batchA.length > 0 ? (long) m * k : 0, batchB.length > 0 ? (long) k * n : 0,
                Shape.of(outDims));
    }
}
