package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The device error record: kernels that validate data they cannot check on the host (gather and
 * scatter-add indices) record the first failure there (see report_index_error in common.cuh) and the host
 * reads it at the next synchronisation point, where it is thrown. The record is read only when such a
 * kernel was queued since the last check.
 */
final class DeviceErrors {
    static final int OP_GATHER = 1;
    static final int OP_SCATTER_ADD = 2;
    private static final int INTS = 5;

    private final CudaContext context;
    private final CudaMemory.Allocation record;
    private volatile boolean pending;

    DeviceErrors(CudaContext context, CudaMemory memory) {
        this.context = context;
        this.record = memory.allocateInternal(4L * INTS, "device error record");
        clear();
    }

    long address() {
        return record.address;
    }

    /** A kernel that may record an error is about to be queued. */
    void expectIndexErrors() {
        pending = true;
    }

    private void clear() {
        context.driver.memsetD8Async(record.address, (byte) 0, 4L * INTS, context.stream());
    }

    /** After a stream synchronisation: throws the recorded error, if any, and clears the record. */
    void check() {
        if (!pending) {
            return;
        }
        pending = false;
        int[] r = new int[INTS];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(4L * INTS, 4);
            context.driver.memcpyDtoHAsync(host, record.address, 4L * INTS, context.stream());
            context.synchronize();
            MemorySegment.copy(host, JAVA_INT, 0, r, 0, INTS);
        }
        if (r[0] != 0) {
            clear();
            throw new IndexOutOfBoundsException(describe(r[1], r[2], r[3], r[4]));
        }
    }

    /** The message for a recorded error: operation, position, value and the valid range. */
    static String describe(int op, int position, int value, int bound) {
        String what = switch (op) {
            case OP_GATHER -> "gather";
            case OP_SCATTER_ADD -> "scatterAdd";
            default -> "indexing operation " + op;
        };
        return what + ": index[" + position + "] = " + value + " is out of range [0, " + bound
                + ") (detected on the GPU, reported at the next synchronisation)";
    }
}
