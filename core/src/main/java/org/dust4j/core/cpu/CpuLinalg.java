package org.dust4j.core.cpu;

import org.dust4j.core.*;

/** PLACEHOLDER: to be implemented (work in progress, not merged to a release). */
final class CpuLinalg {
    private CpuLinalg() {
    }

    static void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void cholesky(Tensor a, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
