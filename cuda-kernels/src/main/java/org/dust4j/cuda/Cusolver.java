package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.dust4j.core.DType;

/**
 * The dense cuSOLVER functions dust4j uses (32-bit legacy API: Cholesky {@code potrf}, symmetric eigen
 * {@code syevd} and the batched Jacobi {@code syevjBatched}), bound with the Foreign Function and Memory API.
 * Column-major, like LAPACK; device pointers are passed as {@code long}.
 */
final class Cusolver {
    static final int EIG_MODE_VECTOR = 1;
    /** syevjBatched handles matrices up to this order. */
    static final int SYEVJ_BATCHED_MAX_N = 32;

    private final NativeFunctions lib;
    private final MethodHandle create;
    private final MethodHandle destroy;
    private final MethodHandle setStream;
    private final MethodHandle createSyevjInfo;
    private final MethodHandle destroySyevjInfo;
    private final MethodHandle syevjSetSortEig;
    private final MethodHandle[] potrfBufferSize;
    private final MethodHandle[] potrf;
    private final MethodHandle[] syevdBufferSize;
    private final MethodHandle[] syevd;
    private final MethodHandle[] syevjBatchedBufferSize;
    private final MethodHandle[] syevjBatched;

    Cusolver(NativeFunctions lib) {
        this.lib = lib;
        create = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cusolverDnCreate");
        destroy = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cusolverDnDestroy");
        setStream = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cusolverDnSetStream");
        createSyevjInfo = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cusolverDnCreateSyevjInfo");
        destroySyevjInfo = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cusolverDnDestroySyevjInfo");
        syevjSetSortEig = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cusolverDnXsyevjSetSortEig");
        // (handle, uplo, n, A, lda, int* lwork)
        potrfBufferSize = pair(lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS),
                "potrf_bufferSize");
        // (handle, uplo, n, A, lda, work, lwork, devInfo)
        potrf = pair(lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT,
                JAVA_LONG), "potrf");
        // (handle, jobz, uplo, n, A, lda, W, int* lwork)
        syevdBufferSize = pair(lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT,
                JAVA_LONG, ADDRESS), "syevd_bufferSize");
        // (handle, jobz, uplo, n, A, lda, W, work, lwork, devInfo)
        syevd = pair(lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG,
                JAVA_LONG, JAVA_INT, JAVA_LONG), "syevd");
        // (handle, jobz, uplo, n, A, lda, W, int* lwork, params, batch)
        syevjBatchedBufferSize = pair(lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG,
                JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT), "syevjBatched_bufferSize");
        // (handle, jobz, uplo, n, A, lda, W, work, lwork, info, params, batch)
        syevjBatched = pair(lib, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT,
                JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT), "syevjBatched");
    }

    /** {cusolverDnS<suffix>, cusolverDnD<suffix>}, indexed by {@link #index(DType)}. */
    private static MethodHandle[] pair(NativeFunctions lib, FunctionDescriptor fd, String suffix) {
        return new MethodHandle[] {lib.bind(fd, "cusolverDnS" + suffix), lib.bind(fd, "cusolverDnD" + suffix)};
    }

    private static int index(DType dtype) {
        return dtype == DType.FLOAT32 ? 0 : 1;
    }

    private static String name(DType dtype, String suffix) {
        return "cusolverDn" + (dtype == DType.FLOAT32 ? "S" : "D") + suffix;
    }

    String origin() {
        return lib.origin();
    }

    static void check(int status, String operation) {
        if (status != 0) {
            throw new CudaException(operation, status, CudaErrors.cusolverName(status), null);
        }
    }

    /** A new cuSOLVER handle whose work is queued on {@code stream}. */
    MemorySegment createHandle(MemorySegment stream) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) create.invokeExact(out), "cusolverDnCreate");
            MemorySegment handle = out.get(ADDRESS, 0);
            check((int) setStream.invokeExact(handle, stream), "cusolverDnSetStream");
            return handle;
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void destroyHandle(MemorySegment handle) {
        try {
            check((int) destroy.invokeExact(handle), "cusolverDnDestroy");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Parameters of syevj with eigenvalues sorted ascending (tolerance and sweeps at cuSOLVER's defaults). */
    MemorySegment createSyevjInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) createSyevjInfo.invokeExact(out), "cusolverDnCreateSyevjInfo");
            MemorySegment info = out.get(ADDRESS, 0);
            check((int) syevjSetSortEig.invokeExact(info, 1), "cusolverDnXsyevjSetSortEig");
            return info;
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void destroySyevjInfo(MemorySegment info) {
        try {
            check((int) destroySyevjInfo.invokeExact(info), "cusolverDnDestroySyevjInfo");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Workspace elements potrf needs for one n x n matrix. */
    int potrfBufferSize(MemorySegment handle, DType dtype, int fill, int n, long a, int lda) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check((int) potrfBufferSize[index(dtype)].invokeExact(handle, fill, n, a, lda, lwork), name(dtype, "potrf_bufferSize"));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Cholesky factorisation in place; the status of the factorisation lands in device int {@code info}. */
    void potrf(MemorySegment handle, DType dtype, int fill, int n, long a, int lda, long work, int lwork, long info) {
        try {
            check((int) potrf[index(dtype)].invokeExact(handle, fill, n, a, lda, work, lwork, info), name(dtype, "potrf") + "(n=" + n + ")");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    int syevdBufferSize(MemorySegment handle, DType dtype, int fill, int n, long a, int lda, long w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check((int) syevdBufferSize[index(dtype)].invokeExact(handle, EIG_MODE_VECTOR, fill, n, a, lda, w, lwork),
                    name(dtype, "syevd_bufferSize"));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Eigenvalues (ascending) into w and eigenvectors (columns, column-major) over a. */
    void syevd(MemorySegment handle, DType dtype, int fill, int n, long a, int lda, long w, long work, int lwork, long info) {
        try {
            check((int) syevd[index(dtype)].invokeExact(handle, EIG_MODE_VECTOR, fill, n, a, lda, w, work, lwork, info),
                    name(dtype, "syevd") + "(n=" + n + ")");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    int syevjBatchedBufferSize(MemorySegment handle, DType dtype, int fill, int n, long a, int lda, long w, MemorySegment params,
            int batch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment lwork = arena.allocate(JAVA_INT);
            check((int) syevjBatchedBufferSize[index(dtype)].invokeExact(handle, EIG_MODE_VECTOR, fill, n, a, lda, w, lwork,
                    params, batch), name(dtype, "syevjBatched_bufferSize"));
            return lwork.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Jacobi eigensolver for batch matrices of order n <= 32 stored one after another. */
    void syevjBatched(MemorySegment handle, DType dtype, int fill, int n, long a, int lda, long w, long work, int lwork,
            long info, MemorySegment params, int batch) {
        try {
            check((int) syevjBatched[index(dtype)].invokeExact(handle, EIG_MODE_VECTOR, fill, n, a, lda, w, work, lwork, info,
                    params, batch), name(dtype, "syevjBatched") + "(n=" + n + ", batch=" + batch + ")");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }
}
