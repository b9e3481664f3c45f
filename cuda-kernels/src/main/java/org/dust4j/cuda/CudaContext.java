package org.dust4j.cuda;

import java.lang.foreign.MemorySegment;

/**
 * One device as a backend sees it: the retained primary context, the backend's stream (non-blocking, so
 * it never waits for the legacy default stream), and the device's properties. All of the backend's work is
 * queued on this one stream, in order; the host waits only in {@link #synchronize()}.
 */
final class CudaContext implements AutoCloseable {
    /** The context each thread made current last, so most calls skip cuCtxSetCurrent. */
    private static final ThreadLocal<MemorySegment> CURRENT = new ThreadLocal<>();

    final CudaDriver driver;
    final int ordinal;
    final int device;
    final String deviceName;
    final int computeMajor;
    final int computeMinor;
    final int multiprocessors;
    final long totalMemory;
    final boolean memoryPools;
    private final MemorySegment context;
    private final MemorySegment stream;

    CudaContext(CudaDriver driver, int ordinal) {
        this.driver = driver;
        this.ordinal = ordinal;
        this.device = driver.device(ordinal);
        this.deviceName = driver.deviceName(device);
        this.computeMajor = driver.deviceAttribute(CudaDriver.ATTR_COMPUTE_CAPABILITY_MAJOR, device);
        this.computeMinor = driver.deviceAttribute(CudaDriver.ATTR_COMPUTE_CAPABILITY_MINOR, device);
        this.multiprocessors = driver.deviceAttribute(CudaDriver.ATTR_MULTIPROCESSOR_COUNT, device);
        this.memoryPools = driver.deviceAttribute(CudaDriver.ATTR_MEMORY_POOLS_SUPPORTED, device) != 0;
        this.totalMemory = driver.deviceTotalMemory(device);
        this.context = driver.primaryContextRetain(device);
        try {
            makeCurrent();
            this.stream = driver.streamCreate(CudaDriver.STREAM_NON_BLOCKING);
        } catch (RuntimeException e) {
            driver.primaryContextRelease(device);
            throw e;
        }
    }

    /** Makes this context current on the calling thread (cheap when it already is). */
    void makeCurrent() {
        if (!context.equals(CURRENT.get())) {
            driver.setCurrent(context);
            CURRENT.set(context);
        }
    }

    MemorySegment stream() {
        return stream;
    }

    /** Waits for all work queued on the stream; errors of earlier asynchronous work surface here. */
    void synchronize() {
        makeCurrent();
        driver.streamSynchronize(stream);
    }

    @Override
    public void close() {
        makeCurrent();
        try {
            driver.streamSynchronize(stream);
            driver.streamDestroy(stream);
        } finally {
            CURRENT.remove();
            driver.primaryContextRelease(device);
        }
    }
}
