package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.dust4j.core.DType;
import org.dust4j.core.NotPositiveDefiniteException;
import org.dust4j.core.Tensor;

/**
 * Batched linear algebra of the CUDA backend. cuBLAS and cuSOLVER are column-major and dust4j is
 * row-major: a row-major matrix read column-major is its transpose, so
 * <ul>
 *   <li>matmul computes out^T = op(b)^T op(a)^T, i.e. calls gemm with the operands swapped;</li>
 *   <li>Cholesky factors the row-major lower triangle as the column-major upper one (A^T = A) and gets
 *       U = L^T back, which read row-major is L;</li>
 *   <li>a triangular solve op(T) X = B becomes X^T op(T)^T = B^T, a right-side trsm on the transposes;</li>
 *   <li>eigenvectors come back as column-major columns and are transposed in place.</li>
 * </ul>
 * Matrices of order at most {@value #SMALL_N} are factored and solved by the batched small-matrix kernels
 * (one thread block per matrix, in shared memory) instead, which suits thousands of small systems. Calls are
 * serialised: a cuBLAS/cuSOLVER handle is used by one thread at a time.
 */
final class CudaLinalg {
    /** Largest order handled by the small-matrix kernels ((64 * 64 + 64) doubles fit in 48 KiB of shared memory). */
    static final int SMALL_N = 64;

    private final CudaBackend backend;
    private final CudaContext context;
    private final CudaMemory memory;
    private final Kernels kernels;
    private final Cublas cublas;
    private final Cusolver cusolver;
    private final MemorySegment blasHandle;
    private final MemorySegment solverHandle;
    private MemorySegment syevjParams;

    CudaLinalg(CudaBackend backend, CudaContext context, CudaMemory memory, Kernels kernels, Cublas cublas, Cusolver cusolver) {
        this.backend = backend;
        this.context = context;
        this.memory = memory;
        this.kernels = kernels;
        this.cublas = cublas;
        this.cusolver = cusolver;
        this.blasHandle = cublas.createHandle(context.stream());
        try {
            this.solverHandle = cusolver.createHandle(context.stream());
        } catch (RuntimeException e) {
            cublas.destroyHandle(blasHandle);
            throw e;
        }
    }

    private static long address(Tensor t) {
        return CudaBackend.address(t);
    }

    /**
     * A tensor [..., rows, cols] seen as {@code count} row-major matrices one after another.
     *
     * @param address device address of the first matrix
     * @param stride  bytes from one matrix to the next
     */
    private record Matrices(int rows, int cols, long count, DType dtype, long address, long stride) {
        static Matrices of(Tensor t) {
            int rows = t.shape().dim(-2);
            int cols = t.shape().dim(-1);
            long each = (long) rows * cols;
            return new Matrices(rows, cols, each == 0 ? 0 : t.size() / each, t.dtype(), CudaBackend.address(t),
                    each * t.dtype().byteSize());
        }

        /** Device address of matrix i. */
        long at(long i) {
            return address + i * stride;
        }

        int elementSize() {
            return dtype.byteSize();
        }
    }

    // ---------------------------------------------------------------- matmul

    synchronized void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        MatmulShape s = MatmulShape.of(a.shape(), transposeA, b.shape(), transposeB);
        if (s.batch() == 0 || s.m() == 0 || s.n() == 0) {
            return;
        }
        if (s.k() == 0) {
            backend.fill(out, 0.0);  // an empty sum; not every BLAS writes C when k = 0
            return;
        }
        int es = out.dtype().byteSize();
        long strideOut = (long) s.m() * s.n();
        // column-major: out^T (n x m) = op(b)^T (n x k) * op(a)^T (k x m)
        for (long first = 0; first < s.batch(); first += Integer.MAX_VALUE) {
            int count = (int) Math.min(Integer.MAX_VALUE, s.batch() - first);
            cublas.gemmStridedBatched(blasHandle, out.dtype(),
                    transposeB ? Cublas.OP_T : Cublas.OP_N, transposeA ? Cublas.OP_T : Cublas.OP_N,
                    s.n(), s.m(), s.k(), 1.0,
                    address(b) + first * s.strideB() * es, transposeB ? s.k() : s.n(), s.strideB(),
                    address(a) + first * s.strideA() * es, transposeA ? s.m() : s.k(), s.strideA(),
                    0.0, address(out) + first * strideOut * es, s.n(), strideOut, count);
        }
    }

    // ---------------------------------------------------------------- Cholesky

    synchronized void cholesky(Tensor a, Tensor out) {
        Matrices m = Matrices.of(out);
        int n = m.rows();
        long nn = (long) n * n;
        long count = m.count();
        if (count == 0) {
            return;
        }
        DType dtype = m.dtype();
        int es = m.elementSize();
        try (CudaMemory.Allocation info = memory.allocate(4 * count, "Cholesky status");
             CudaMemory.Allocation pivots = memory.allocate((long) es * count, "Cholesky pivots")) {
            if (n <= SMALL_N) {
                kernels.launch(Kernels.typed("cholesky_small", dtype), blocks(count), n <= 32 ? 32 : 64,
                        (int) ((nn + n) * es), context.stream(), KernelArgs.args().i64(address(a)).i64(address(out)).i32(n)
                                .i64(count).i64(info.address).i64(pivots.address));
            } else {
                backend.copyDevice(a, out);
                // row-major lower triangle = column-major upper triangle
                int lwork = cusolver.potrfBufferSize(solverHandle, dtype, Cublas.FILL_UPPER, n, m.address(), n);
                try (CudaMemory.Allocation work = memory.allocate((long) Math.max(lwork, 1) * es, "potrf workspace")) {
                    for (long i = 0; i < count; i++) {
                        cusolver.potrf(solverHandle, dtype, Cublas.FILL_UPPER, n, m.at(i), n, work.address, lwork,
                                info.address + 4 * i);
                    }
                }
                kernels.launch(Kernels.typed("zero_upper", dtype), count * nn, context.stream(),
                        KernelArgs.args().i64(m.address()).i64(n).i64(count));
                // potrf lets NaN through: a factor whose diagonal is not positive failed all the same
                kernels.launch(Kernels.typed("cholesky_check", dtype), count, context.stream(),
                        KernelArgs.args().i64(m.address()).i64(n).i64(count).i64(info.address));
            }
            int[] status = download(info, count);
            for (int i = 0; i < status.length; i++) {
                if (status[i] > 0) {
                    int pivot = status[i] - 1;
                    double value = n <= SMALL_N ? element(pivots.address + (long) i * es, dtype)
                            : element(m.at(i) + ((long) pivot * n + pivot) * es, dtype);
                    throw new NotPositiveDefiniteException(i, pivot, value);
                }
                if (status[i] < 0) {
                    throw new IllegalStateException("potrf rejected parameter " + -status[i] + " for matrix " + i);
                }
            }
        }
    }

    /** Blocks for a one-block-per-matrix kernel (each block loops over matrices beyond the grid). */
    private static int blocks(long matrices) {
        return (int) Math.min(matrices, 1 << 20);
    }

    /** Waits for the stream and reads {@code count} ints from the device. */
    private int[] download(CudaMemory.Allocation buffer, long count) {
        int[] host = new int[Math.toIntExact(count)];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(4L * count, 4);
            context.driver.memcpyDtoHAsync(staging, buffer.address, 4L * count, context.stream());
            context.synchronize();
            MemorySegment.copy(staging, JAVA_INT, 0, host, 0, host.length);
        }
        return host;
    }

    /** Reads one element at a device address (synchronising). */
    private double element(long address, DType dtype) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment staging = arena.allocate(8, 8);
            context.driver.memcpyDtoHAsync(staging, address, dtype.byteSize(), context.stream());
            context.synchronize();
            return dtype == DType.FLOAT32 ? staging.get(JAVA_FLOAT, 0) : staging.get(JAVA_DOUBLE, 0);
        }
    }

    // ---------------------------------------------------------------- triangular solve

    synchronized void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        int n = t.shape().dim(-1);
        boolean shared = t.rank() == 2;
        Matrices rhs = Matrices.of(out);
        int k = rhs.cols();
        long count = rhs.count();
        if (count == 0) {
            return;
        }
        DType dtype = rhs.dtype();
        int es = rhs.elementSize();
        long tStride = shared ? 0 : (long) n * n;
        if (n <= SMALL_N) {
            int threads = (int) Math.min(256, (k + 31) / 32 * 32);
            kernels.launch(Kernels.typed("triangular_solve_small", dtype), blocks(count), threads, n * n * es,
                    context.stream(), KernelArgs.args().i64(address(t)).i64(tStride).i64(address(b)).i64(address(out))
                            .i32(n).i64(k).i64(count).flag(lower).flag(transpose));
            return;
        }
        backend.copyDevice(b, out);
        // column-major: X^T (k x n) op(T)^T = B^T, with T read column-major being T^T (the other triangle)
        int fill = lower ? Cublas.FILL_UPPER : Cublas.FILL_LOWER;
        int op = transpose ? Cublas.OP_T : Cublas.OP_N;
        for (long i = 0; i < count; i++) {
            cublas.trsm(blasHandle, dtype, Cublas.SIDE_RIGHT, fill, op, k, n, 1.0, address(t) + i * tStride * es, n, rhs.at(i),
                    k);
        }
    }

    // ---------------------------------------------------------------- symmetric eigendecomposition

    synchronized void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        Matrices m = Matrices.of(eigenvectors);
        int n = m.rows();
        long count = m.count();
        if (count == 0) {
            return;
        }
        DType dtype = m.dtype();
        int es = m.elementSize();
        rejectNonFinite(a, n, count);
        backend.copyDevice(a, eigenvectors);
        long v = m.address();
        long w = address(eigenvalues);
        // the row-major lower triangle is read (the column-major upper one)
        int fill = Cublas.FILL_UPPER;
        try (CudaMemory.Allocation info = memory.allocate(4 * count, "eigensolver status")) {
            if (n <= Cusolver.SYEVJ_BATCHED_MAX_N && count <= Integer.MAX_VALUE) {
                if (syevjParams == null) {
                    syevjParams = cusolver.createSyevjInfo();
                }
                int lwork = cusolver.syevjBatchedBufferSize(solverHandle, dtype, fill, n, v, n, w, syevjParams, (int) count);
                try (CudaMemory.Allocation work = memory.allocate((long) Math.max(lwork, 1) * es, "syevj workspace")) {
                    cusolver.syevjBatched(solverHandle, dtype, fill, n, v, n, w, work.address, lwork, info.address,
                            syevjParams, (int) count);
                }
            } else {
                int lwork = cusolver.syevdBufferSize(solverHandle, dtype, fill, n, v, n, w);
                try (CudaMemory.Allocation work = memory.allocate((long) Math.max(lwork, 1) * es, "syevd workspace")) {
                    for (long i = 0; i < count; i++) {
                        cusolver.syevd(solverHandle, dtype, fill, n, m.at(i), n, w + i * n * es, work.address, lwork,
                                info.address + 4 * i);
                    }
                }
            }
            // eigenvectors are columns of the column-major result, i.e. rows of what was written: transpose
            kernels.launch(Kernels.typed("transpose_square", dtype), count * n * n, context.stream(),
                    KernelArgs.args().i64(v).i64(n).i64(count));
            kernels.launch(Kernels.typed("eigenvector_signs", dtype), count * n, context.stream(),
                    KernelArgs.args().i64(v).i64(n).i64(count));
            int[] status = download(info, count);
            for (int i = 0; i < status.length; i++) {
                if (status[i] != 0) {
                    throw new ArithmeticException("symmetric eigendecomposition of matrix " + i + " of the batch failed: "
                            + (status[i] > 0 ? "the eigensolver did not converge" : "parameter " + -status[i] + " was rejected")
                            + " (cuSOLVER info " + status[i] + ")");
                }
            }
        }
    }

    /** Throws ArithmeticException naming the first matrix whose lower triangle holds NaN or an infinity. */
    private void rejectNonFinite(Tensor a, int n, long count) {
        try (CudaMemory.Allocation flags = memory.allocate(4 * count, "finiteness flags")) {
            context.driver.memsetD8Async(flags.address, (byte) 0, 4 * count, context.stream());
            kernels.launch(Kernels.typed("nonfinite_lower", a.dtype()), count * n * n, context.stream(),
                    KernelArgs.args().i64(address(a)).i64(n).i64(count).i64(flags.address));
            int[] bad = download(flags, count);
            for (int i = 0; i < bad.length; i++) {
                if (bad[i] != 0) {
                    throw new ArithmeticException("symmetric eigendecomposition: matrix " + i
                            + " of the batch has a non-finite element in its lower triangle");
                }
            }
        }
    }

    synchronized void close() {
        try {
            if (syevjParams != null) {
                cusolver.destroySyevjInfo(syevjParams);
            }
            cusolver.destroyHandle(solverHandle);
        } finally {
            cublas.destroyHandle(blasHandle);
        }
    }
}
