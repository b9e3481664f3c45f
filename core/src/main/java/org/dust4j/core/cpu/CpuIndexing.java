package org.dust4j.core.cpu;

import org.dust4j.core.*;

/** PLACEHOLDER: to be implemented (work in progress, not merged to a release). */
final class CpuIndexing {
    private CpuIndexing() {
    }

    static void gather(Tensor x, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void scatterAdd(Tensor src, Tensor index, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
