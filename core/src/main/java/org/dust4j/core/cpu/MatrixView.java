package org.dust4j.core.cpu;

/**
 * A strided matrix inside a Java array ({@code double[]} or {@code float[]}): element (i, j) is
 * {@code data[off + i * rs + j * cs]}. Transposing swaps the strides and reversing negates them, so the
 * kernels of {@link Gemm} and {@link DenseLinalg} serve every transpose and triangle combination.
 */
record MatrixView(Object data, int off, int rs, int cs) {
    /** A row-major matrix with {@code cols} columns starting at {@code off}. */
    static MatrixView rowMajor(Object data, int off, int cols) {
        return new MatrixView(data, off, cols, 1);
    }

    /** Index of element (i, j) in {@link #data}. */
    int index(int i, int j) {
        return off + i * rs + j * cs;
    }

    /** The submatrix whose element (0, 0) is this matrix's element (i, j). */
    MatrixView at(int i, int j) {
        return new MatrixView(data, index(i, j), rs, cs);
    }

    /** The transpose: element (i, j) of the result is element (j, i) of this matrix. */
    MatrixView transposed() {
        return new MatrixView(data, off, cs, rs);
    }

    /** The n×n matrix with rows and columns in reverse order: element (i, j) is this matrix's (n-1-i, n-1-j). */
    MatrixView reversed(int n) {
        return new MatrixView(data, index(n - 1, n - 1), -rs, -cs);
    }

    /** The matrix with its {@code rows} rows in reverse order: element (i, j) is this matrix's (rows-1-i, j). */
    MatrixView reversedRows(int rows) {
        return new MatrixView(data, index(rows - 1, 0), -rs, cs);
    }
}
