package org.dust4j.core;

/** Element types of tensors. {@link #INT32} exists for index tensors (gather, scatter) only. */
public enum DType {
    FLOAT32(4),
    FLOAT64(8),
    INT32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for FLOAT32 and FLOAT64. */
    public boolean isFloating() {
        return this != INT32;
    }
}
