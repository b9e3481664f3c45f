package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Device memory of one backend. Allocations are stream-ordered ({@code cuMemAllocAsync} from the device's
 * default memory pool, freed with {@code cuMemFreeAsync} on the backend's stream), so allocating and freeing
 * never wait for the GPU; devices without memory pools fall back to {@code cuMemAlloc}/{@code cuMemFree}.
 * The pool keeps freed memory for reuse; when an allocation fails the pool is trimmed and the allocation
 * retried once before {@link CudaOutOfMemoryException} is thrown.
 *
 * <p>Every live allocation is counted ({@link #liveAllocations()}, {@link #liveBytes()}): tests use the
 * counter to prove nothing leaks. Memory is released explicitly ({@link CudaStorage#release()}, i.e.
 * {@code Tensor.close()}); a {@link Cleaner} frees what becomes unreachable unreleased, as a safety net.
 */
final class CudaMemory {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final System.Logger LOG = System.getLogger(CudaMemory.class.getName());

    private final CudaContext context;
    private final MemorySegment pool;
    private final Set<Allocation> live = ConcurrentHashMap.newKeySet();
    private final Set<Allocation> internal = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /**
     * One device allocation; freeing it ({@link #run()} or {@link #close()}) is idempotent and stream-ordered,
     * so a temporary may be closed right after queuing the work that uses it. Holds no reference to the
     * storage that owns it (the Cleaner's rule).
     */
    final class Allocation implements Runnable, AutoCloseable {
        final long address;
        final long bytes;
        private final AtomicBoolean freed = new AtomicBoolean();

        private Allocation(long address, long bytes) {
            this.address = address;
            this.bytes = bytes;
        }

        boolean isFreed() {
            return freed.get();
        }

        /** Frees the memory (stream-ordered); later calls do nothing. */
        @Override
        public void run() {
            free(this);
        }

        @Override
        public void close() {
            free(this);
        }
    }

    CudaMemory(CudaContext context) {
        this.context = context;
        if (context.memoryPools) {
            pool = context.driver.defaultMemPool(context.device);
            // keep freed blocks in the pool instead of returning them to the driver at every synchronisation
            context.driver.memPoolSetReleaseThreshold(pool, Long.MAX_VALUE);
        } else {
            pool = null;
        }
    }

    /** Whether allocations are stream-ordered (the device supports memory pools). */
    boolean streamOrdered() {
        return pool != null;
    }

    /**
     * Allocates {@code bytes} of device memory; the contents are undefined.
     *
     * @param purpose what the memory is for, named in the out-of-memory message
     */
    Allocation allocate(long bytes, String purpose) {
        return allocate(bytes, purpose, live);
    }

    /**
     * Allocates a buffer the backend keeps for its whole life (the device error record); it is not counted
     * by {@link #liveAllocations()} and is freed by {@link #close()}.
     */
    Allocation allocateInternal(long bytes, String purpose) {
        return allocate(bytes, purpose, internal);
    }

    private Allocation allocate(long bytes, String purpose, Set<Allocation> registry) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes + " for " + purpose);
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the CUDA backend is closed; cannot allocate " + purpose);
            }
        }
        long address = bytes == 0 ? 0 : deviceAllocate(bytes, purpose);
        Allocation a = new Allocation(address, bytes);
        registry.add(a);
        return a;
    }

    private long deviceAllocate(long bytes, String purpose) {
        context.makeCurrent();
        CudaDriver driver = context.driver;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            int status = tryAllocate(out, bytes);
            if (status == CudaOutOfMemoryException.CUDA_ERROR_OUT_OF_MEMORY) {
                // let pending frees complete and give cached blocks back, then try once more
                context.synchronize();
                if (pool != null) {
                    driver.memPoolTrimTo(pool, 0);
                }
                status = tryAllocate(out, bytes);
            }
            if (status == CudaOutOfMemoryException.CUDA_ERROR_OUT_OF_MEMORY) {
                long[] info = driver.memGetInfo();
                throw new CudaOutOfMemoryException("allocating " + purpose, bytes, info[0], info[1]);
            }
            driver.check(status, pool != null ? "cuMemAllocAsync(" + bytes + " bytes)" : "cuMemAlloc(" + bytes + " bytes)");
            return out.get(JAVA_LONG, 0);
        }
    }

    private int tryAllocate(MemorySegment out, long bytes) {
        return pool != null ? context.driver.memAllocAsync(out, bytes, context.stream()) : context.driver.memAlloc(out, bytes);
    }

    /** Wraps an allocation for a tensor storage, registering the Cleaner safety net. */
    Cleaner.Cleanable register(Object owner, Allocation allocation) {
        return CLEANER.register(owner, allocation);
    }

    private void free(Allocation a) {
        if (!a.freed.compareAndSet(false, true)) {
            return;
        }
        live.remove(a);
        internal.remove(a);
        synchronized (this) {
            if (closed || a.address == 0) {
                return;  // a closed backend has freed everything already
            }
            try {
                context.makeCurrent();
                if (pool != null) {
                    context.driver.memFreeAsync(a.address, context.stream());
                } else {
                    context.driver.memFree(a.address);
                }
            } catch (RuntimeException e) {
                // runs on the Cleaner thread too, where throwing would only kill the cleanup
                LOG.log(System.Logger.Level.WARNING, "freeing " + a.bytes + " bytes of device memory failed", e);
            }
        }
    }

    /** Allocations made and not yet freed (tensors, and temporaries of operations in flight), internal ones aside. */
    long liveAllocations() {
        return live.size();
    }

    /** Bytes of the live allocations. */
    long liveBytes() {
        return live.stream().mapToLong(a -> a.bytes).sum();
    }

    /** Frees every remaining allocation; later frees are no-ops and later allocations throw. */
    void close() {
        for (Allocation a : live.toArray(new Allocation[0])) {
            free(a);
        }
        for (Allocation a : internal.toArray(new Allocation[0])) {
            free(a);
        }
        synchronized (this) {
            closed = true;
        }
    }
}
