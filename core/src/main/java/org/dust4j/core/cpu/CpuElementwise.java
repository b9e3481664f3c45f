package org.dust4j.core.cpu;

import org.dust4j.core.*;

/** PLACEHOLDER: to be implemented (work in progress, not merged to a release). */
final class CpuElementwise {
    private CpuElementwise() {
    }

    static void copy(Tensor src, Tensor dst) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void fill(Tensor t, double value) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void unary(UnaryOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out, boolean scalarFirst) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
