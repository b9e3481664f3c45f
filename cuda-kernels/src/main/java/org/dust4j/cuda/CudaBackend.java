package org.dust4j.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.dust4j.core.Backend;
import org.dust4j.core.BackendUnavailableException;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Checks;
import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.LineMoments;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.WindowLayout;

/**
 * The CUDA backend: tensors in device memory of one GPU, every operation a kernel of the module's fat
 * binary (elementwise, reductions, scans, indexing, Philox random numbers, batched small-matrix Cholesky
 * and triangular solves) or a cuBLAS / cuSOLVER call (matrix products, large Cholesky factorisations and
 * triangular solves, symmetric eigendecompositions), all in both FLOAT32 and FLOAT64.
 *
 * <p>All work is queued, in order, on the backend's one stream and runs asynchronously; the host waits only
 * in transfers to the host, {@link #synchronize()}, and the linear-algebra calls that must report a
 * failure (a non-positive-definite matrix, an eigensolver that did not converge). Errors the device
 * detects (a gather index out of range) are recorded on the device and thrown at the next of these
 * synchronisation points. Memory is stream-ordered (see {@link CudaMemory}); {@link #liveAllocations()}
 * counts what is allocated and not yet released.
 *
 * <p>Obtain it through {@code Backends.get("cuda")} or {@link CudaBackendProvider}.
 */
public final class CudaBackend implements Backend {
    private final CudaRuntime runtime;
    private final CudaContext context;
    private final CudaMemory memory;
    private final Kernels kernels;
    private final DeviceErrors errors;
    private final CudaLinalg linalg;
    private final String name;
    private volatile boolean closed;

    CudaBackend(CudaRuntime runtime) {
        if (!runtime.availability().available()) {
            throw new BackendUnavailableException("the CUDA backend is unavailable: " + runtime.availability().detail());
        }
        this.runtime = runtime;
        this.name = "cuda:" + runtime.ordinal;
        this.context = new CudaContext(runtime.driver, runtime.ordinal);
        CudaMemory mem = null;
        Kernels k = null;
        try {
            mem = new CudaMemory(context);
            k = new Kernels(runtime.driver, runtime.image, context.multiprocessors);
            this.errors = new DeviceErrors(context, mem);
            this.linalg = new CudaLinalg(this, context, mem, k, runtime.cublas, runtime.cusolver);
        } catch (RuntimeException e) {
            if (mem != null) {
                mem.close();
            }
            if (k != null) {
                k.close();
            }
            context.close();
            throw e;
        }
        this.memory = mem;
        this.kernels = k;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "CUDA " + runtime.availability().detail() + (memory.streamOrdered() ? ", stream-ordered memory pool" : "");
    }

    /** Device allocations not yet released: tensors, and temporaries of queued work. Zero when nothing leaks. */
    public long liveAllocations() {
        return memory.liveAllocations();
    }

    /** Bytes held by {@link #liveAllocations()}. */
    public long liveBytes() {
        return memory.liveBytes();
    }

    /** {free, total} bytes of device memory as the driver reports them (the pool's cached blocks count as used). */
    public long[] memoryInfo() {
        context.makeCurrent();
        return context.driver.memGetInfo();
    }

    @Override
    public String toString() {
        return name + " (" + context.deviceName + ")";
    }

    /**
     * GPU time of the work {@code queue} puts on this backend's stream, measured with CUDA events (for
     * benchmarks: the host's launch overhead is not counted, queued work before it is excluded).
     */
    double gpuMillis(Runnable queue) {
        enter();
        CudaDriver driver = context.driver;
        MemorySegment start = driver.eventCreate();
        MemorySegment end = driver.eventCreate();
        try {
            driver.eventRecord(start, context.stream());
            queue.run();
            driver.eventRecord(end, context.stream());
            driver.eventSynchronize(end);
            errors.check();
            return driver.eventElapsedMillis(start, end);
        } finally {
            driver.eventDestroy(start);
            driver.eventDestroy(end);
        }
    }

    // ---------------------------------------------------------------- internals shared with CudaLinalg

    /** Makes the context current and rejects use after close. */
    private void enter() {
        if (closed) {
            throw new IllegalStateException("the CUDA backend " + name + " is closed");
        }
        context.makeCurrent();
    }

    /** Device address of a tensor's first element. */
    static long address(Tensor t) {
        return ((CudaStorage) t.storage()).address() + t.offset() * t.dtype().byteSize();
    }

    /** Whether two tensors start at the same device address (an aliased output). */
    static boolean sameMemory(Tensor a, Tensor b) {
        return a.storage() == b.storage() && a.offset() == b.offset();
    }

    MemorySegment stream() {
        return context.stream();
    }

    /** Launches a grid-stride kernel over n elements. */
    private void launch(String kernel, long n, KernelArgs args) {
        kernels.launch(kernel, n, context.stream(), args);
    }

    // ---------------------------------------------------------------- memory

    /** Device memory from the pool, not cleared. */
    @Override
    public Tensor empty(DType dtype, Shape shape) {
        return allocate(dtype, shape);
    }

    @Override
    public Tensor zeros(DType dtype, Shape shape) {
        Tensor t = allocate(dtype, shape);
        long bytes = shape.size() * dtype.byteSize();
        if (bytes > 0) {
            context.driver.memsetD8Async(address(t), (byte) 0, bytes, context.stream());
        }
        return t;
    }

    /** A tensor with undefined contents. */
    Tensor allocate(DType dtype, Shape shape) {
        enter();
        return Tensor.wrap(this, new CudaStorage(memory, dtype, shape.size()), shape);
    }

    @Override
    public Tensor fromHost(double[] data, DType dtype, Shape shape) {
        return upload(MemorySegment.ofArray(data), data.length, DType.FLOAT64, dtype, shape);
    }

    @Override
    public Tensor fromHost(float[] data, DType dtype, Shape shape) {
        return upload(MemorySegment.ofArray(data), data.length, DType.FLOAT32, dtype, shape);
    }

    @Override
    public Tensor fromHost(int[] data, Shape shape) {
        return upload(MemorySegment.ofArray(data), data.length, DType.INT32, DType.INT32, shape);
    }

    /**
     * A new tensor holding host data of {@code hostType} converted (on the device) to {@code dtype}; waits for
     * the transfer.
     */
    private Tensor upload(MemorySegment host, int length, DType hostType, DType dtype, Shape shape) {
        Checks.hostLength(length, shape);
        if (dtype == DType.INT32 && hostType != DType.INT32) {
            throw new IllegalArgumentException("use fromHost(int[], shape) for INT32 tensors");
        }
        Tensor t = allocate(hostType, shape);
        try (Arena arena = Arena.ofConfined()) {
            long bytes = host.byteSize();
            if (bytes > 0) {
                MemorySegment staging = arena.allocate(bytes, 8);
                MemorySegment.copy(host, 0, staging, 0, bytes);
                context.driver.memcpyHtoDAsync(address(t), staging, bytes, context.stream());
            }
            // the staging memory must outlive the copy; this is also the transfer's synchronisation point
            synchronizeAndCheck();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        if (dtype == hostType) {
            return t;
        }
        try (t) {
            Tensor converted = allocate(dtype, shape);
            copy(t, converted);
            return converted;
        }
    }

    @Override
    public void copyToHost(Tensor src, double[] dst, int dstOffset) {
        Checks.floating("src", src);
        download(src, DType.FLOAT64, MemorySegment.ofArray(dst), dst.length, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        Checks.floating("src", src);
        download(src, DType.FLOAT32, MemorySegment.ofArray(dst), dst.length, dstOffset);
    }

    @Override
    public void copyToHost(Tensor src, int[] dst, int dstOffset) {
        Checks.dtype("src", src, DType.INT32);
        download(src, DType.INT32, MemorySegment.ofArray(dst), dst.length, dstOffset);
    }

    /**
     * Copies {@code src}, converted (on the device) to {@code hostType}, into a host array at {@code hostOffset};
     * waits for all queued work.
     */
    private void download(Tensor src, DType hostType, MemorySegment host, int hostLength, int hostOffset) {
        Checks.onBackend(this, "src", src);
        long bytes = (long) Checks.hostRange(src, hostLength, hostOffset) * hostType.byteSize();
        enter();
        try (Arena arena = Arena.ofConfined(); Tensor converted = src.dtype() == hostType ? null : allocate(hostType, src.shape())) {
            Tensor from = src;
            if (converted != null) {
                copy(src, converted);
                from = converted;
            }
            MemorySegment staging = arena.allocate(Math.max(bytes, 1), 8);
            if (bytes > 0) {
                context.driver.memcpyDtoHAsync(staging, address(from), bytes, context.stream());
            }
            synchronizeAndCheck();
            MemorySegment.copy(staging, 0, host, (long) hostOffset * hostType.byteSize(), bytes);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Checks.copyable(this, src, dst);
        enter();
        long n = src.size();
        if (src.dtype() == dst.dtype()) {
            copyDevice(src, dst);
        } else {
            String kernel = src.dtype() == DType.FLOAT32 ? "convert_f32_f64" : "convert_f64_f32";
            launch(kernel, n, KernelArgs.args().i64(address(src)).i64(address(dst)).i64(n));
        }
    }

    /**
     * Device-to-device copy of equal dtypes: nothing when src and dst are the same memory, through a temporary
     * when they partially overlap (views of one storage).
     */
    void copyDevice(Tensor src, Tensor dst) {
        long bytes = src.size() * src.dtype().byteSize();
        if (bytes == 0 || sameMemory(src, dst)) {
            return;
        }
        MemorySegment stream = context.stream();
        if (src.storage() == dst.storage() && src.offset() < dst.offset() + dst.size()
                && dst.offset() < src.offset() + src.size()) {
            try (CudaMemory.Allocation tmp = memory.allocate(bytes, "overlapping copy")) {
                context.driver.memcpyDtoDAsync(tmp.address, address(src), bytes, stream);
                context.driver.memcpyDtoDAsync(address(dst), tmp.address, bytes, stream);
            }
        } else {
            context.driver.memcpyDtoDAsync(address(dst), address(src), bytes, stream);
        }
    }

    @Override
    public void fill(Tensor t, double value) {
        Checks.onBackend(this, "t", t);
        if (t.dtype() == DType.INT32 && (int) value != value) {
            throw new IllegalArgumentException("cannot fill an INT32 tensor with " + value + ": not an int value");
        }
        enter();
        launch(Kernels.typed("fill", t.dtype()), t.size(), KernelArgs.args().i64(address(t)).i64(t.size()).f64(value));
    }

    @Override
    public void synchronize() {
        enter();
        synchronizeAndCheck();
    }

    /** Waits for the stream, then throws what the device recorded (an index out of range). */
    void synchronizeAndCheck() {
        context.synchronize();
        errors.check();
    }

    // ---------------------------------------------------------------- elementwise

    /** An operand of an elementwise operation: on this backend, floating, of out's dtype and shape. */
    private void operand(String name, Tensor t, Tensor out) {
        Checks.floatingSame(this, name, t, "out", out);
        Checks.sameShape(name, t, "out", out);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        operand("x", x, out);
        enter();
        launch(Kernels.typed("unary", out.dtype()), out.size(),
                KernelArgs.args().i32(Kernels.unaryCode(op)).i64(address(x)).i64(address(out)).i64(out.size()));
    }

    @Override
    public void unaryAffine(UnaryOp op, double scale, double shift, Tensor x, Tensor out) {
        operand("x", x, out);
        enter();
        launch(Kernels.typed("unary_affine", out.dtype()), out.size(), KernelArgs.args().i32(Kernels.unaryCode(op))
                .f64(scale).f64(shift).i64(address(x)).i64(address(out)).i64(out.size()));
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Checks.floatingSame(this, "a", a, "out", out);
        Checks.floatingSame(this, "b", b, "out", out);
        Checks.broadcastable("a", a, out);
        Checks.broadcastable("b", b, out);
        enter();
        long n = out.size();
        launch(Kernels.typed("binary", out.dtype()), n, KernelArgs.args().i32(Kernels.binaryCode(op))
                .i64(address(a)).i64(step(a, out)).i64(address(b)).i64(step(b, out)).i64(address(out)).i64(n));
    }

    /** 1, or 0 for a single-element operand broadcast over a larger output. */
    private static long step(Tensor operand, Tensor out) {
        return operand.size() == 1 && out.size() != 1 ? 0 : 1;
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out) {
        binaryScalar(op, a, s, out, false);
    }

    @Override
    public void scalarBinary(BinaryOp op, double s, Tensor a, Tensor out) {
        binaryScalar(op, a, s, out, true);
    }

    private void binaryScalar(BinaryOp op, Tensor a, double s, Tensor out, boolean scalarFirst) {
        operand("a", a, out);
        enter();
        launch(Kernels.typed("binary_scalar", out.dtype()), out.size(), KernelArgs.args().i32(Kernels.binaryCode(op))
                .i64(address(a)).f64(s).flag(scalarFirst).i64(address(out)).i64(out.size()));
    }

    @Override
    public void fma(Tensor a, Tensor b, Tensor c, Tensor out) {
        operand("a", a, out);
        operand("b", b, out);
        operand("c", c, out);
        enter();
        launch(Kernels.typed("fma", out.dtype()), out.size(), KernelArgs.args().i64(address(a)).i64(address(b))
                .i64(address(c)).i64(address(out)).i64(out.size()));
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y, Tensor out) {
        operand("x", x, out);
        operand("y", y, out);
        enter();
        launch(Kernels.typed("axpby", out.dtype()), out.size(), KernelArgs.args().f64(alpha).i64(address(x)).f64(beta)
                .i64(address(y)).i64(address(out)).i64(out.size()));
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        Checks.onBackend(this, "cond", cond);
        operand("a", a, out);
        operand("b", b, out);
        Checks.sameShape("cond", cond, "out", out);
        enter();
        String family = switch (cond.dtype()) {
            case FLOAT32 -> "where_c32";
            case FLOAT64 -> "where_c64";
            case INT32 -> "where_ci32";
        };
        launch(Kernels.typed(family, out.dtype()), out.size(), KernelArgs.args().i64(address(cond)).i64(address(a))
                .i64(address(b)).i64(address(out)).i64(out.size()));
    }

    // ---------------------------------------------------------------- elementwise passes with sums

    @Override
    public void affineExpProduct(double scale, double shift, double factor, Tensor x, Tensor g, Tensor out,
                                 Tensor sums) {
        Checks.affineExpProduct(this, x, g, out, sums);
        enter();
        fusedWithSums(Kernels.typed("affine_exp_product", x.dtype()), x.size(), 2, sums, KernelArgs.args().f64(scale)
                .f64(shift).f64(factor).i64(address(x)).i64(address(g)).i64(address(out)).i64(x.size()));
    }

    @Override
    public void axpbySquaredNorm(double alpha, Tensor x, double beta, Tensor y, Tensor out, Tensor squaredNorm) {
        Checks.axpbySquaredNorm(this, x, y, out, squaredNorm);
        enter();
        fusedWithSums(Kernels.typed("axpby_squared_norm", x.dtype()), x.size(), 1, squaredNorm, KernelArgs.args()
                .f64(alpha).i64(address(x)).f64(beta).i64(address(y)).i64(address(out)).i64(x.size()));
    }

    /**
     * One launch of an elementwise pass with {@code count} sums over n elements (a one-wave grid as for the
     * reductions; the kernel's last argument is the partials, one run of grid pairs per sum), then one final
     * reduction per sum into {@code sums[k]}.
     */
    private void fusedWithSums(String kernel, long n, int count, Tensor sums, KernelArgs args) {
        int grid = reductionGrid(kernel, n);
        try (CudaMemory.Allocation partials = memory.allocate(16L * grid * count, "fused pass partials")) {
            kernels.launch(kernel, grid, Kernels.BLOCK, 0, context.stream(), args.i64(partials.address));
            int code = Kernels.reduceCode(ReduceOp.SUM);
            for (int k = 0; k < count; k++) {
                kernels.launch(Kernels.typed("reduce_final", sums.dtype()), 1, Kernels.BLOCK, 0, context.stream(),
                        KernelArgs.args().i32(code).i64(partials.address + 16L * grid * k).i32(grid)
                                .i64(address(sums) + (long) k * sums.dtype().byteSize()));
            }
        }
    }

    // ---------------------------------------------------------------- reductions and scans

    /**
     * Blocks of the first reduction stage: one wave of as many blocks as the GPU holds at once (a second, partial
     * wave would idle most multiprocessors), never more than the final block folds well.
     */
    private int reductionGrid(String kernel, long n) {
        long wanted = (n + Kernels.BLOCK - 1) / Kernels.BLOCK;
        return (int) Math.max(1, Math.min(wanted, Math.min(1024, kernels.residentGrid(kernel))));
    }

    @Override
    public void reduceAll(ReduceOp op, Tensor x, Tensor out) {
        Checks.floatingSame(this, "x", x, "out", out);
        Checks.singleElement("out", out);
        enter();
        int code = Kernels.reduceCode(op);
        String kernel = Kernels.typed("reduce_partial", x.dtype());
        int grid = reductionGrid(kernel, x.size());
        try (CudaMemory.Allocation partials = memory.allocate(16L * grid, "reduction partials")) {
            kernels.launch(kernel, grid, Kernels.BLOCK, 0, context.stream(),
                    KernelArgs.args().i32(code).i64(address(x)).i64(x.size()).i64(partials.address));
            finishReduction(code, partials, grid, out);
        }
    }

    private void finishReduction(int code, CudaMemory.Allocation partials, int count, Tensor out) {
        kernels.launch(Kernels.typed("reduce_final", out.dtype()), 1, Kernels.BLOCK, 0, context.stream(),
                KernelArgs.args().i32(code).i64(partials.address).i32(count).i64(address(out)));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        Checks.floatingSame(this, "x", x, "out", out);
        Checks.shape("out", out, x.shape().without(axis));
        enter();
        AxisView v = AxisView.of(x.shape(), axis);
        long outputs = v.outer() * v.inner();
        if (outputs == 0) {
            return;
        }
        KernelArgs args = KernelArgs.args().i32(Kernels.reduceCode(op)).i64(address(x)).i64(v.outer()).i64(v.len())
                .i64(v.inner()).i64(address(out));
        // many outputs, or short reductions: a thread per output; few long ones: a block per output
        if (v.len() <= 32 || outputs >= 512L * context.multiprocessors) {
            launch(Kernels.typed("reduce_axis_thread", x.dtype()), outputs, args);
        } else {
            int grid = (int) Math.min(outputs, 65535L * 16);
            kernels.launch(Kernels.typed("reduce_axis_block", x.dtype()), grid, Kernels.BLOCK, 0, context.stream(), args);
        }
    }

    @Override
    public void dot(Tensor a, Tensor b, Tensor out) {
        Checks.floatingSame(this, "a", a, "out", out);
        Checks.floatingSame(this, "b", b, "out", out);
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("dot needs equal sizes: a " + a.shape() + ", b " + b.shape());
        }
        Checks.singleElement("out", out);
        enter();
        String kernel = Kernels.typed("dot_partial", a.dtype());
        int grid = reductionGrid(kernel, a.size());
        try (CudaMemory.Allocation partials = memory.allocate(16L * grid, "dot partials")) {
            kernels.launch(kernel, grid, Kernels.BLOCK, 0, context.stream(),
                    KernelArgs.args().i64(address(a)).i64(address(b)).i64(a.size()).i64(partials.address));
            finishReduction(Kernels.reduceCode(ReduceOp.SUM), partials, grid, out);
        }
    }

    @Override
    public void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        operand("x", x, out);
        enter();
        AxisView v = AxisView.of(x.shape(), axis);
        if (x.size() == 0) {
            return;
        }
        if (v.inner() == 1 && v.len() > 64) {
            // contiguous lines: a block scans each line in tiles
            int grid = (int) Math.min(v.outer(), 65535L * 16);
            kernels.launch(Kernels.typed("cumsum_lines", x.dtype()), grid, Kernels.BLOCK, 0, context.stream(),
                    KernelArgs.args().i64(address(x)).i64(address(out)).i64(v.outer()).i64(v.len()).flag(exclusive)
                            .flag(reverse));
        } else {
            launch(Kernels.typed("cumsum_strided", x.dtype()), v.outer() * v.inner(), KernelArgs.args().i64(address(x))
                    .i64(address(out)).i64(v.outer()).i64(v.len()).i64(v.inner()).flag(exclusive).flag(reverse));
        }
    }

    /** A tensor seen as [outer, len, inner] around one axis, as the axis kernels take it. */
    private record AxisView(long outer, long len, long inner) {
        static AxisView of(Shape s, int axis) {
            int ax = s.normalizeAxis(axis);
            return new AxisView(s.outer(ax), s.dim(ax), s.inner(ax));
        }
    }

    // ---------------------------------------------------------------- indexing

    @Override
    public void gather(Tensor x, Tensor index, Tensor out) {
        Checks.floatingSame(this, "x", x, "out", out);
        Checks.indexed(this, x, index, out, "x", "out");
        indexed("gather", DeviceErrors.OP_GATHER, x, index, out);
    }

    @Override
    public void scatterAdd(Tensor src, Tensor index, Tensor out) {
        Checks.floatingSame(this, "src", src, "out", out);
        Checks.indexed(this, out, index, src, "out", "src");
        indexed("scatter_add", DeviceErrors.OP_SCATTER_ADD, out, index, src);
    }

    /**
     * Launches gather (rows = table[index]) or scatter-add (table[index] += rows): table [n, r...], index [m],
     * rows [m, r...]. Rows of zero elements move nothing, but out-of-range indices are errors all the same.
     */
    private void indexed(String family, int op, Tensor table, Tensor index, Tensor rows) {
        enter();
        long n = table.shape().dim(0);
        long rowSize = table.shape().inner(0);
        long m = index.size();
        errors.expectIndexErrors();
        if (rowSize == 0) {
            launch("index_check_i32", m, KernelArgs.args().i64(address(index)).i64(m).i64(n).i32(op).i64(errors.address()));
        } else {
            launch(Kernels.typed(family, table.dtype()), m * rowSize, KernelArgs.args().i64(address(table)).i64(n)
                    .i64(rowSize).i64(address(index)).i64(m).i64(address(rows)).i64(errors.address()));
        }
    }

    // ---------------------------------------------------------------- linear algebra

    @Override
    public void matmul(Tensor a, boolean transposeA, Tensor b, boolean transposeB, Tensor out) {
        Checks.floatingSame(this, "a", a, "out", out);
        Checks.floatingSame(this, "b", b, "out", out);
        Checks.matmul(a, transposeA, b, transposeB, out);
        Checks.disjoint("a", a, "out", out);
        Checks.disjoint("b", b, "out", out);
        enter();
        linalg.matmul(a, transposeA, b, transposeB, out);
    }

    @Override
    public void cholesky(Tensor a, Tensor out) {
        Checks.floatingSame(this, "a", a, "out", out);
        Checks.square("a", a);
        Checks.sameShape("a", a, "out", out);
        Checks.disjointOrSame("a", a, "out", out);
        enter();
        linalg.cholesky(a, out);
    }

    @Override
    public void triangularSolve(Tensor t, boolean lower, boolean transpose, Tensor b, Tensor out) {
        Checks.floatingSame(this, "t", t, "out", out);
        Checks.floatingSame(this, "b", b, "out", out);
        Checks.sameShape("b", b, "out", out);
        Checks.triangularSolve(t, b);
        Checks.disjointOrSame("b", b, "out", out);
        Checks.disjoint("t", t, "out", out);
        enter();
        linalg.triangularSolve(t, lower, transpose, b, out);
    }

    @Override
    public void symmetricEigen(Tensor a, Tensor eigenvalues, Tensor eigenvectors) {
        Checks.floatingSame(this, "a", a, "eigenvectors", eigenvectors);
        Checks.floatingSame(this, "eigenvalues", eigenvalues, "eigenvectors", eigenvectors);
        Checks.square("a", a);
        Checks.sameShape("a", a, "eigenvectors", eigenvectors);
        Checks.shape("eigenvalues", eigenvalues, a.shape().without(-1));
        Checks.disjoint("a", a, "eigenvalues", eigenvalues);
        Checks.disjoint("eigenvalues", eigenvalues, "eigenvectors", eigenvectors);
        Checks.disjointOrSame("a", a, "eigenvectors", eigenvectors);
        enter();
        linalg.symmetricEigen(a, eigenvalues, eigenvectors);
    }

    // ---------------------------------------------------------------- windowed matrix-vector products

    /** The device address of an optional tensor, 0 for null. */
    private static long addressOrNull(Tensor t) {
        return t == null ? 0 : address(t);
    }

    @Override
    public void windowedMatVec(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse,
                               Tensor xi, Tensor fine) {
        Checks.windowedMatVec(this, windows, r, d, scale, "coarse", coarse, "xi", xi, "fine", fine, false);
        enter();
        WindowLayout l = windows.layout();
        WindowedLaunch fast = WindowedLaunch.of(l, fine.dtype(), false);
        if (fast != null) {
            kernels.launch(Kernels.typed(fast.kernel(), fine.dtype()), fast.grid(), fast.block(), 0,
                    context.stream(), KernelArgs.args().i64(address(windows.index())).i32(fast.kind())
                            .i32(fast.chunk()).i64(address(r)).i64(address(d)).i64(addressOrNull(scale))
                            .i64(address(coarse)).i64(address(xi)).i64(address(fine)).i64(fast.lanes()));
            return;
        }
        long total = (long) l.windows() * l.finePerWindow();
        launch(Kernels.typed("windowed_matvec", fine.dtype()), total, KernelArgs.args().i64(address(windows.index()))
                .i64(address(r)).i64(address(d)).i64(addressOrNull(scale)).i64(address(coarse)).i64(address(xi))
                .i64(address(fine)).i64(total));
    }

    /**
     * Layouts of a fast kind ({@link WindowedLaunch}): one class-major launch that adds the coarse contributions with
     * atomics (their order, hence the last bits of the coarse cotangent, varies from run to run). Other layouts: one
     * launch per colour tuple of the layout, in the order of the CPU backend, each a thread per (window, slot), each
     * coarse element receiving its windows' contributions one launch after another, without atomics. The coarse
     * cotangent is cleared first in both cases.
     */
    @Override
    public void windowedMatVecAdjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale,
                                      Tensor fineCotangent, Tensor coarseCotangent, Tensor xiCotangent) {
        Checks.windowedMatVec(this, windows, r, d, scale, "fineCotangent", fineCotangent, "coarseCotangent",
                coarseCotangent, "xiCotangent", xiCotangent, true);
        enter();
        WindowLayout l = windows.layout();
        WindowedLaunch fast = l.windows() == 0 ? null : WindowedLaunch.of(l, xiCotangent.dtype(), true);
        if (fast != null && fast.gather()) {
            windowedGatherAdjoint(windows, fast, r, d, scale, fineCotangent, coarseCotangent, xiCotangent);
            return;
        }
        fill(coarseCotangent, 0);
        if (l.windows() == 0) {
            return;
        }
        if (fast != null) {
            kernels.launch(Kernels.typed(fast.kernel(), xiCotangent.dtype()), fast.grid(),
                    fast.block(), 0, context.stream(), KernelArgs.args().i64(address(windows.index()))
                            .i32(fast.kind()).i32(fast.chunk()).i64(address(r)).i64(address(d))
                            .i64(addressOrNull(scale)).i64(address(fineCotangent)).i64(address(coarseCotangent))
                            .i64(address(xiCotangent)).i64(fast.lanes()));
            return;
        }
        int[] colour = new int[WindowLayout.MAX_FACTORS];
        int slots = l.coarsePerWindow() + l.finePerWindow();
        String kernel = Kernels.typed("windowed_matvec_adjoint", xiCotangent.dtype());
        do {
            long total = l.windowsOfColourTuple(colour) * slots;
            launch(kernel, total, KernelArgs.args().i64(address(windows.index())).i32(colour[0]).i32(colour[1])
                    .i32(colour[2]).i32(colour[3]).i64(address(r)).i64(address(d)).i64(addressOrNull(scale))
                    .i64(address(fineCotangent)).i64(address(coarseCotangent)).i64(address(xiCotangent)).i64(total));
        } while (l.nextColourTuple(colour));
    }

    /**
     * The gather adjoint (WindowedLaunch, windowed.cuh): pass 1 writes ξ̄ and every outer slot's radial sum to a part
     * buffer, pass 2 writes each coarse element's sum of its parts in the order of the layout's outer inverse (every
     * element, so no clearing first).
     */
    private void windowedGatherAdjoint(WindowLayout.Tables windows, WindowedLaunch fast, Tensor r, Tensor d,
                                       Tensor scale, Tensor fineCotangent, Tensor coarseCotangent, Tensor xiCotangent) {
        WindowLayout l = windows.layout();
        DType dtype = xiCotangent.dtype();
        long parts = WindowedLaunch.gatherParts(l);
        try (CudaMemory.Allocation part = memory.allocate(parts * dtype.byteSize(), "gather adjoint parts")) {
            kernels.launch(Kernels.typed(fast.kernel(), dtype), fast.grid(), fast.block(), 0, context.stream(),
                    KernelArgs.args().i64(address(windows.index())).i32(fast.kind()).i32(fast.chunk())
                            .i64(address(r)).i64(address(d)).i64(addressOrNull(scale)).i64(address(fineCotangent))
                            .i64(part.address).i64(address(xiCotangent)).i64(fast.lanes()));
            launch(Kernels.typed("windowed_gather_sum", dtype), l.coarseSize(), KernelArgs.args()
                    .i64(address(windows.index())).i32(l.outerInverseOffset())
                    .i32(l.factor(l.factorCount() - 1).coarseSize()).i64(part.address).i64(address(coarseCotangent))
                    .i64(l.coarseSize()));
        }
    }

    // ---------------------------------------------------------------- tabulated functions

    @Override
    public void hermite(HermiteTable.Tables table, Tensor x, Tensor factor, Tensor value, Tensor slope) {
        Checks.hermite(this, table, x, factor, value, slope);
        enter();
        HermiteTable h = table.layout();
        launch(Kernels.typed("hermite", x.dtype()), x.size(), KernelArgs.args().i64(address(table.doubles()))
                .f64(h.start()).i32(h.perUnit()).i32(h.nodes()).i32(h.exponential() ? 1 : 0).i64(address(x))
                .i64(addressOrNull(factor)).i64(address(value)).i64(address(slope)).i64(x.size()));
    }

    // ---------------------------------------------------------------- line moments

    /**
     * Threads per block of the line-moments kernel (LM_BLOCK in linemoments.cuh): one block per group, each warp a
     * share of its items.
     */
    private static final int LINE_BLOCK = 128;
    /**
     * System property choosing how the line-moments kernels share a group's items among the threads of its block,
     * read at every launch:
     * <ul>
     * <li>{@code static} (the default): a warp per item, each warp an equal count of the group's items;
     * <li>{@code balanced}: a warp per item, contiguous shares of nearly equal weight, an item weighing 2·⌈m / 31⌉ + 1
     * for m boundaries (the sweep's warp steps and its per-item work; lm_cut in linemoments.cuh). The profile of
     * session 4 put 24 % of the Gaussian pass's stall samples at the end-of-group barrier, where warps with short items
     * wait for the one with the longest;
     * <li>{@code segments}: a thread per segment of 16 consecutive terms of an item, the group's items in rounds
     * (linemoments_seg.cuh): no warp step and no warp sums spent on an item's whole range, lanes filled to
     * m / (16·⌈m / 16⌉); needs ⌈(cells + 2) / 16⌉ ≤ 256.
     * </ul>
     * Neither {@code balanced} nor {@code segments} has been timed on a GPU yet, so neither is the default.
     */
    static final String LINE_SCHEDULE_PROPERTY = "dust4j.cuda.lineMoments";

    /** The schedules {@link #LINE_SCHEDULE_PROPERTY} names, in the order of their kernel flag. */
    enum LineSchedule {
        STATIC, BALANCED, SEGMENTS;

        /** The schedule the property names now. */
        static LineSchedule current() {
            return of(System.getProperty(LINE_SCHEDULE_PROPERTY, "static"));
        }

        static LineSchedule of(String name) {
            return switch (name) {
                case "static" -> STATIC;
                case "balanced" -> BALANCED;
                case "segments" -> SEGMENTS;
                default -> throw new IllegalArgumentException(LINE_SCHEDULE_PROPERTY
                        + " must be static, balanced or segments, got '" + name + "'");
            };
        }
    }

    /** Terms per segment and segments per round of the segments schedule (LMS_SEG, LMS_CAP in linemoments_seg.cuh). */
    static final int LINE_SEGMENT = 16;
    static final int LINE_SEGMENT_CAP = 256;

    /** Dynamic shared memory a kernel may use without opting in. */
    private static final int SHARED_LIMIT = 48 * 1024;

    @Override
    public void lineMoments(LineMoments.Tables lines, Tensor x, Tensor mean, Tensor variance) {
        Checks.lineMoments(this, lines, x, new String[] {"mean", "variance"}, new Tensor[] {mean, variance},
                new boolean[] {false, false}, 2);
        lineMomentsPass(lines, x, new LinePass("line_moments_value").mean(mean, variance));
    }

    @Override
    public void lineMomentsJvp(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor dMean, Tensor dVariance) {
        Checks.lineMoments(this, lines, x, new String[] {"tangent", "dMean", "dVariance"},
                new Tensor[] {tangent, dMean, dVariance}, new boolean[] {true, false, false}, 2);
        LinePass p = new LinePass("line_moments_jvp");
        p.tangent = tangent;
        p.dMean = dMean;
        p.dVariance = dVariance;
        lineMomentsPass(lines, x, p);
    }

    @Override
    public void lineMomentsVjp(LineMoments.Tables lines, Tensor x, Tensor meanCotangent, Tensor varianceCotangent,
                               Tensor xCotangent) {
        Checks.lineMoments(this, lines, x, new String[] {"meanCotangent", "varianceCotangent", "xCotangent"},
                new Tensor[] {meanCotangent, varianceCotangent, xCotangent}, new boolean[] {false, false, true}, 1);
        LinePass p = new LinePass("line_moments_vjp");
        p.gMean = meanCotangent;
        p.gVar = varianceCotangent;
        p.xBar = xCotangent;
        lineMomentsPass(lines, x, p);
    }

    @Override
    public void lineMomentsGaussian(LineMoments.Tables lines, Tensor x, Tensor observed, Tensor extraVariance,
                                    Tensor mean, Tensor variance, Tensor loss, Tensor varianceCotangent,
                                    Tensor xCotangent) {
        Checks.lineMomentsGaussian(this, lines, x, observed, extraVariance, mean, variance, loss, varianceCotangent,
                xCotangent);
        LinePass p = new LinePass("line_moments_gaussian").mean(mean, variance);
        p.observed = observed;
        p.extraVariance = extraVariance;
        p.loss = loss;
        p.vBar = varianceCotangent;
        p.xBar = xCotangent;
        lineMomentsPass(lines, x, p);
    }

    @Override
    public void lineMomentsPushPullDiagonal(LineMoments.Tables lines, Tensor x, Tensor tangent, Tensor meanWeight,
                                            Tensor varianceWeight, Tensor varianceOffset, Tensor varianceCotangent,
                                            Tensor xCotangent) {
        Checks.lineMomentsPushPullDiagonal(this, lines, x, tangent, meanWeight, varianceWeight, varianceOffset,
                varianceCotangent, xCotangent);
        LinePass p = new LinePass("line_moments_push_pull");
        p.tangent = tangent;
        p.meanWeight = meanWeight;
        p.varianceWeight = varianceWeight;
        p.varianceOffset = varianceOffset;
        p.vBar = varianceCotangent;
        p.xBar = xCotangent;
        lineMomentsPass(lines, x, p);
    }

    /**
     * Items per warp batch of the line-moments kernels (LM_BATCH), and the warp steps per item whose p_j a pull-back
     * keeps in shared memory (LM_PSTEPS).
     */
    private static final int LINE_BATCH = 8;
    private static final int LINE_PSTEPS = 2;

    /**
     * Dynamic shared memory of a line-moments pass of the warp schedules (lm_layout in linemoments.cuh): a line's
     * cumulative sums, the tangent's when the pass has a tangent, the cell cotangents in a pull-back, the block scan's
     * scratch, and in a pull-back each warp's p_j of its batch of items.
     */
    static long lineSharedBytes(int cells, boolean tangent, boolean pull) {
        long pcache = pull ? (long) (LINE_BLOCK / 32) * LINE_BATCH * LINE_PSTEPS * 32 : 0;
        return lineSharedBase(cells, tangent, pull) + 8L * pcache;
    }

    /**
     * The same for the segments schedule (lms_layout in linemoments_seg.cuh): the arrays before the p_j cache, then a
     * round's per-item doubles (6 per item), its segments' sums (2, or 4 with a tangent, per segment) and its per-item
     * ints (3 per item).
     */
    static long lineSharedBytesSegments(int cells, boolean tangent, boolean pull) {
        long doubles = 6L * LINE_BLOCK + (long) LINE_SEGMENT_CAP * (tangent ? 4 : 2) + 3L * LINE_BLOCK / 2;
        return lineSharedBase(cells, tangent, pull) + 8L * doubles;
    }

    /** Bytes of a line's cumulative sums, the tangent's, the cell cotangents and the block scan's scratch. */
    private static long lineSharedBase(int cells, boolean tangent, boolean pull) {
        int arrays = 1 + (tangent ? 1 : 0) + (pull ? 1 : 0);
        return 8L * ((long) arrays * (cells + 2) + LINE_BLOCK / 32);
    }

    /** The kernel family of one line-moments pass and its tensors (null where the pass has none). */
    private static final class LinePass {
        final String family;
        Tensor tangent;
        Tensor gMean;
        Tensor gVar;
        Tensor observed;
        Tensor extraVariance;
        Tensor meanWeight;
        Tensor varianceWeight;
        Tensor varianceOffset;
        Tensor mean;
        Tensor variance;
        Tensor dMean;
        Tensor dVariance;
        Tensor loss;
        Tensor vBar;
        Tensor xBar;

        LinePass(String family) {
            this.family = family;
        }

        LinePass mean(Tensor m, Tensor v) {
            mean = m;
            variance = v;
            return this;
        }
    }

    /**
     * One launch of the pass's line-moments kernel; a block per group. The pull-backs write all of xBar (zero on the
     * lines without items); without any items xBar is filled here.
     */
    private void lineMomentsPass(LineMoments.Tables lines, Tensor x, LinePass p) {
        enter();
        LineMoments l = lines.layout();
        if (l.groups() == 0) {
            if (p.xBar != null) {
                fill(p.xBar, 0);
            }
            return;
        }
        LineSchedule schedule = LineSchedule.current();
        boolean segments = schedule == LineSchedule.SEGMENTS;
        long shared = segments ? lineSharedBytesSegments(l.cells(), p.tangent != null, p.xBar != null)
                : lineSharedBytes(l.cells(), p.tangent != null, p.xBar != null);
        if (shared > SHARED_LIMIT) {
            throw new IllegalArgumentException("line moments on the GPU keep a line's cumulative sums in shared"
                    + " memory: " + l.cells() + " cells need " + shared + " bytes, more than " + SHARED_LIMIT);
        }
        if (segments) {
            checkSegmentRounds(l.cells());
        }
        int grid = (int) Math.min(l.groups(), 65535L * 16);
        String family = segments ? p.family + "_seg" : p.family;
        kernels.launch(Kernels.typed(family, x.dtype()), grid, LINE_BLOCK, (int) shared, context.stream(),
                KernelArgs.args().i64(address(lines.ints())).i64(address(lines.doubles())).i32(l.lines()).i32(l.groups())
                        .i32(l.items()).i32(l.cells()).f64(l.cdf().zMax()).i32(l.cdf().perUnit()).i64(address(x))
                        .i64(addressOrNull(p.tangent)).i64(addressOrNull(p.gMean)).i64(addressOrNull(p.gVar))
                        .i64(addressOrNull(p.observed)).i64(addressOrNull(p.extraVariance))
                        .i64(addressOrNull(p.meanWeight)).i64(addressOrNull(p.varianceWeight))
                        .i64(addressOrNull(p.varianceOffset))
                        .i64(addressOrNull(p.mean)).i64(addressOrNull(p.variance)).i64(addressOrNull(p.dMean))
                        .i64(addressOrNull(p.dVariance)).i64(addressOrNull(p.loss)).i64(addressOrNull(p.vBar))
                        .i64(addressOrNull(p.xBar)).i32(schedule == LineSchedule.BALANCED ? 1 : 0));
    }

    /**
     * The segments schedule takes an item's segments into one round, so an item's most segments, ⌈(cells + 2) / 16⌉,
     * must fit in a round's 256.
     */
    static void checkSegmentRounds(int cells) {
        long most = ((long) cells + 2 + LINE_SEGMENT - 1) / LINE_SEGMENT;
        if (most > LINE_SEGMENT_CAP) {
            throw new IllegalArgumentException(LINE_SCHEDULE_PROPERTY + "=segments takes at most "
                    + (LINE_SEGMENT * LINE_SEGMENT_CAP - 2) + " cells per line (an item's " + LINE_SEGMENT
                    + "-term segments must fit in one round of " + LINE_SEGMENT_CAP + "), got " + cells);
        }
    }

    // ---------------------------------------------------------------- random

    @Override
    public void randomNormal(long seed, long offset, Tensor out) {
        random("random_normal", seed, offset, out);
    }

    @Override
    public void randomUniform(long seed, long offset, Tensor out) {
        random("random_uniform", seed, offset, out);
    }

    private void random(String family, long seed, long offset, Tensor out) {
        Checks.onBackend(this, "out", out);
        Checks.floating("out", out);
        enter();
        launch(Kernels.typed(family, out.dtype()), out.size(),
                KernelArgs.args().i64(seed).i64(offset).i64(address(out)).i64(out.size()));
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Waits for queued work, then frees all device memory of this backend (tensors still open become
     * unusable), its cuBLAS/cuSOLVER handles, its kernels and its stream, and releases the primary context.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        context.makeCurrent();
        try {
            context.synchronize();
        } finally {
            closed = true;
            linalg.close();
            memory.close();
            kernels.close();
            context.close();
        }
    }
}
