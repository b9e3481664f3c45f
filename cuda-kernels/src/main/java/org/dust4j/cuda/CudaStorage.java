package org.dust4j.cuda;

import java.lang.ref.Cleaner;
import org.dust4j.core.DType;
import org.dust4j.core.Storage;

/** Device memory holding a tensor's elements: one {@link CudaMemory.Allocation}. */
final class CudaStorage implements Storage {
    private final DType dtype;
    private final long capacity;
    private final CudaMemory.Allocation allocation;
    private final Cleaner.Cleanable cleanable;

    CudaStorage(CudaMemory memory, DType dtype, long capacity) {
        this.dtype = dtype;
        this.capacity = capacity;
        this.allocation = memory.allocate(Math.multiplyExact(capacity, (long) dtype.byteSize()),
                "a " + dtype + " tensor of " + capacity + " elements");
        this.cleanable = memory.register(this, allocation);
    }

    /** Device address of element 0. */
    long address() {
        if (allocation.isFreed()) {
            throw new IllegalStateException("CUDA storage used after release");
        }
        return allocation.address;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public void release() {
        cleanable.clean();
    }

    @Override
    public boolean isReleased() {
        return allocation.isFreed();
    }
}
