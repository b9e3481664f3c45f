package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.dust4j.core.DType;

/**
 * The cuBLAS functions dust4j uses (the {@code _v2} API: every call takes a handle), bound with the Foreign
 * Function and Memory API. cuBLAS is column-major; {@link CudaLinalg} maps dust4j's row-major tensors onto
 * it. Device pointers are passed as {@code long} (the same register class as a pointer on LP64 platforms);
 * scalars (alpha, beta) live in host memory (the default pointer mode).
 */
final class Cublas {
    static final int OP_N = 0;
    static final int OP_T = 1;
    static final int FILL_LOWER = 0;
    static final int FILL_UPPER = 1;
    static final int SIDE_LEFT = 0;
    static final int SIDE_RIGHT = 1;
    static final int DIAG_NON_UNIT = 0;

    private final NativeFunctions lib;
    private final MethodHandle create;
    private final MethodHandle destroy;
    private final MethodHandle setStream;
    private final MethodHandle sgemmStridedBatched;
    private final MethodHandle dgemmStridedBatched;
    private final MethodHandle strsm;
    private final MethodHandle dtrsm;

    Cublas(NativeFunctions lib) {
        this.lib = lib;
        create = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasCreate_v2");
        destroy = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cublasDestroy_v2");
        setStream = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cublasSetStream_v2");
        // (handle, transa, transb, m, n, k, alpha*, A, lda, strideA, B, ldb, strideB, beta*, C, ldc, strideC, batch)
        FunctionDescriptor gemm = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT,
                JAVA_LONG, JAVA_INT);
        sgemmStridedBatched = lib.bind(gemm, "cublasSgemmStridedBatched");
        dgemmStridedBatched = lib.bind(gemm, "cublasDgemmStridedBatched");
        // (handle, side, uplo, trans, diag, m, n, alpha*, A, lda, B, ldb); the unsuffixed names are the legacy API
        FunctionDescriptor trsm = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        strsm = lib.bind(trsm, "cublasStrsm_v2");
        dtrsm = lib.bind(trsm, "cublasDtrsm_v2");
    }

    String origin() {
        return lib.origin();
    }

    static void check(int status, String operation) {
        if (status != 0) {
            throw new CudaException(operation, status, CudaErrors.cublasName(status), null);
        }
    }


    /** A new cuBLAS handle whose work is queued on {@code stream}. */
    MemorySegment createHandle(MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) create.invokeExact(out), "cublasCreate_v2");
            MemorySegment handle = out.get(ADDRESS, 0);
            check((int) setStream.invokeExact(handle, stream), "cublasSetStream_v2");
            return handle;
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void destroyHandle(MemorySegment handle) {
        try {
            check((int) destroy.invokeExact(handle), "cublasDestroy_v2");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Scalar in host memory of the dtype's precision. */
    private static MemorySegment scalar(Arena arena, DType dtype, double value) {
        return dtype == DType.FLOAT32 ? arena.allocateFrom(JAVA_FLOAT, (float) value) : arena.allocateFrom(JAVA_DOUBLE, value);
    }

    /** Column-major C_i = alpha op(A_i) op(B_i) + beta C_i for i < batch (strides in elements; 0 shares a matrix). */
    void gemmStridedBatched(MemorySegment handle, DType dtype, int transA, int transB, int m, int n, int k, double alpha,
            long a, int lda, long strideA, long b, int ldb, long strideB, double beta, long c, int ldc, long strideC, int batch) {
        String name = dtype == DType.FLOAT32 ? "cublasSgemmStridedBatched" : "cublasDgemmStridedBatched";
        MethodHandle h = dtype == DType.FLOAT32 ? sgemmStridedBatched : dgemmStridedBatched;
        try (Arena arena = Arena.ofConfined()) {
            check((int) h.invokeExact(handle, transA, transB, m, n, k, scalar(arena, dtype, alpha), a, lda, strideA, b, ldb,
                    strideB, scalar(arena, dtype, beta), c, ldc, strideC, batch), name + "(m=" + m + ", n=" + n + ", k=" + k
                    + ", batch=" + batch + ")");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Column-major triangular solve in place: op(A) X = alpha B (side left) or X op(A) = alpha B (side right). */
    void trsm(MemorySegment handle, DType dtype, int side, int fill, int trans, int m, int n, double alpha, long a, int lda,
            long b, int ldb) {
        String name = dtype == DType.FLOAT32 ? "cublasStrsm_v2" : "cublasDtrsm_v2";
        MethodHandle h = dtype == DType.FLOAT32 ? strsm : dtrsm;
        try (Arena arena = Arena.ofConfined()) {
            check((int) h.invokeExact(handle, side, fill, trans, DIAG_NON_UNIT, m, n, scalar(arena, dtype, alpha), a, lda, b,
                    ldb), name + "(m=" + m + ", n=" + n + ")");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }
}
