package org.dust4j.core;

/**
 * Memory that holds tensor elements, owned by one backend (host arrays for the CPU backend, device
 * allocations for the CUDA backend). Backends create storages; users see them only through {@link Tensor}.
 */
public interface Storage {
    /** Capacity in elements. */
    long capacity();

    DType dtype();

    /** Releases the memory; later use of the storage throws. Idempotent. */
    void release();

    boolean isReleased();
}
