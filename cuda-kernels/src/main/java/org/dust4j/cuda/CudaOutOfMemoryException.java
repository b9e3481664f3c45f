package org.dust4j.cuda;

/** A device allocation failed for lack of GPU memory, even after the memory pool was trimmed. */
public final class CudaOutOfMemoryException extends CudaException {
    private static final long serialVersionUID = 1L;
    static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    private final long requestedBytes;
    private final long freeBytes;
    private final long totalBytes;

    public CudaOutOfMemoryException(String operation, long requestedBytes, long freeBytes, long totalBytes) {
        super("out of GPU memory: " + operation + " requested " + requestedBytes + " bytes (" + mib(requestedBytes)
                        + "), " + freeBytes + " bytes (" + mib(freeBytes) + ") free of " + totalBytes + " (" + mib(totalBytes)
                        + "); release tensors you no longer need (Tensor.close) or use smaller batches",
                operation, CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY");
        this.requestedBytes = requestedBytes;
        this.freeBytes = freeBytes;
        this.totalBytes = totalBytes;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    public long requestedBytes() {
        return requestedBytes;
    }

    /** Free device memory when the allocation failed, as reported by cuMemGetInfo. */
    public long freeBytes() {
        return freeBytes;
    }

    public long totalBytes() {
        return totalBytes;
    }
}
