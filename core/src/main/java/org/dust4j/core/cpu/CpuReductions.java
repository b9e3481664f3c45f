package org.dust4j.core.cpu;

import org.dust4j.core.*;

/** PLACEHOLDER: to be implemented (work in progress, not merged to a release). */
final class CpuReductions {
    private CpuReductions() {
    }

    static void reduceAll(ReduceOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void dot(Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
