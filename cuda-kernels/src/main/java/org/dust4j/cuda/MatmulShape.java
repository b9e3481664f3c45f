package org.dust4j.cuda;

import org.dust4j.core.Shape;

/**
 * The geometry of a batched matrix product out = op(a) op(b) over row-major tensors whose shapes
 * {@code Checks.matmul} accepted: a [..., m, k] (or [..., k, m] when transposed), b [..., k, n] (or
 * [..., n, k]); the batch axes of a and b match, or one of them has none and is shared by the batch.
 *
 * @param m       rows of op(a) and of each output matrix
 * @param n       columns of op(b) and of each output matrix
 * @param k       the contracted dimension
 * @param batch   number of output matrices
 * @param strideA elements between consecutive matrices of a (0 when shared)
 * @param strideB elements between consecutive matrices of b (0 when shared)
 */
record MatmulShape(int m, int n, int k, long batch, long strideA, long strideB) {
    static MatmulShape of(Shape a, boolean transposeA, Shape b, boolean transposeB) {
        int m = transposeA ? a.dim(-1) : a.dim(-2);
        int k = transposeA ? a.dim(-2) : a.dim(-1);
        int n = transposeB ? b.dim(-2) : b.dim(-1);
        Shape batched = a.rank() > 2 ? a : b;
        long batch = batched.outer(batched.rank() - 2);
        return new MatmulShape(m, n, k, batch, a.rank() > 2 ? (long) m * k : 0, b.rank() > 2 ? (long) k * n : 0);
    }
}
