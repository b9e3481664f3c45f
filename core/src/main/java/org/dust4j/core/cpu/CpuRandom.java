package org.dust4j.core.cpu;

import org.dust4j.core.*;

/** PLACEHOLDER: to be implemented (work in progress, not merged to a release). */
final class CpuRandom {
    private CpuRandom() {
    }

    static void normal(long seed, long offset, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    static void uniform(long seed, long offset, Tensor out) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
