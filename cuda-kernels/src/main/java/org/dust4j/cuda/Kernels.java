package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.UnaryOp;

/**
 * The compiled kernels (src/main/cuda, built by nvcc into the resource {@value #IMAGE}) loaded into one
 * context: every kernel is looked up when the backend starts, so a missing one fails early and clearly.
 * Also maps the core operation enums onto the kernels' operation codes.
 */
final class Kernels implements AutoCloseable {
    static final String IMAGE = "/org/dust4j/cuda/dust4j_kernels.fatbin";
    static final String IMAGE_PROPERTIES = "/org/dust4j/cuda/dust4j_kernels.properties";
    /** Threads per block of the elementwise kernels. */
    static final int BLOCK = 256;

    /** Kernel families instantiated for float and double as {@code <family>_f32} and {@code <family>_f64}. */
    static final List<String> TYPED_FAMILIES = List.of("fill", "unary", "unary_affine", "binary", "binary_scalar", "fma", "axpby",
            "where_c32", "where_c64", "where_ci32", "zero_upper", "transpose_square", "reduce_partial", "dot_partial",
            "reduce_final", "reduce_axis_thread", "reduce_axis_block", "cumsum_lines", "cumsum_strided", "gather",
            "scatter_add", "random_uniform", "random_normal", "cholesky_small", "triangular_solve_small", "cholesky_check",
            "nonfinite_lower", "eigenvector_signs", "windowed_matvec", "windowed_matvec_adjoint",
            "windowed_matvec_fast", "windowed_matvec_adjoint_fast", "windowed_matvec_wide",
            "windowed_matvec_adjoint_wide", "windowed_matvec_split", "windowed_matvec_pipe_k1",
            "windowed_matvec_pipe_k2", "windowed_matvec_pipe_k3", "windowed_matvec_pipe_k4",
            "windowed_matvec_adjoint_pipe_k1", "windowed_matvec_adjoint_pipe_k2", "windowed_matvec_adjoint_pipe_k3",
            "windowed_matvec_adjoint_pipe_k4", "windowed_matvec_adjoint_gather", "windowed_gather_sum",
            "line_moments_value", "line_moments_jvp", "line_moments_vjp", "line_moments_gaussian",
            "line_moments_push_pull", "line_moments_value_seg", "line_moments_jvp_seg", "line_moments_vjp_seg",
            "line_moments_gaussian_seg", "line_moments_push_pull_seg", "hermite", "affine_exp_product", "axpby_squared_norm");
    /** Kernels with a fixed signature. */
    static final List<String> SINGLE_KERNELS = List.of("fill_i32", "convert_f32_f64", "convert_f64_f32", "index_check_i32");

    private final CudaDriver driver;
    private final MemorySegment module;
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final int maxGrid;
    private final int multiprocessors;
    private final Map<String, Integer> residentGrids = new HashMap<>();

    /** Loads the image into the current context and looks up every kernel. */
    Kernels(CudaDriver driver, byte[] image, int multiprocessors) {
        this.driver = driver;
        this.multiprocessors = Math.max(1, multiprocessors);
        this.maxGrid = this.multiprocessors * 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native_ = arena.allocate(image.length + 16L, 16);
            MemorySegment.copy(MemorySegment.ofArray(image), 0, native_, 0, image.length);
            module = driver.moduleLoadData(native_);
        }
        for (String name : names()) {
            functions.put(name, driver.moduleGetFunction(module, name));
        }
    }

    /** Every kernel name the backend uses. */
    static List<String> names() {
        List<String> all = new ArrayList<>();
        for (String family : TYPED_FAMILIES) {
            all.add(family + "_f32");
            all.add(family + "_f64");
        }
        all.addAll(SINGLE_KERNELS);
        return all;
    }

    /** {@code family_f32} or {@code family_f64}. */
    static String typed(String family, DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> family + "_f32";
            case FLOAT64 -> family + "_f64";
            case INT32 -> family + "_i32";
        };
    }

    /** The kernel image built into this jar, if nvcc was present when it was built. */
    static Optional<byte[]> image() {
        try (InputStream in = Kernels.class.getResourceAsStream(IMAGE)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel image " + IMAGE, e);
        }
    }

    /** What built the image (nvcc version, architectures); empty when there is no image. */
    static Properties imageProperties() {
        Properties p = new Properties();
        try (InputStream in = Kernels.class.getResourceAsStream(IMAGE_PROPERTIES)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + IMAGE_PROPERTIES, e);
        }
        return p;
    }

    /** Grid for a grid-stride kernel over n elements. */
    int gridFor(long n) {
        return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, maxGrid));
    }

    /**
     * The blocks of {@link #BLOCK} threads of the kernel that the whole GPU holds at once (occupancy times
     * multiprocessors): the grid of a reduction's first stage, so that it runs in one wave without a tail.
     */
    synchronized int residentGrid(String name) {
        return residentGrids.computeIfAbsent(name, k -> Math.max(1, driver.occupancyMaxActiveBlocks(function(k), k, BLOCK,
                0)) * multiprocessors);
    }

    private MemorySegment function(String name) {
        MemorySegment function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException("no kernel named " + name);
        }
        return function;
    }

    /** Launches a grid-stride kernel over {@code n} elements (nothing for n = 0). */
    void launch(String name, long n, MemorySegment stream, KernelArgs args) {
        if (n > 0) {
            launch(name, gridFor(n), BLOCK, 0, stream, args);
        }
    }

    /** Launches {@code grid} blocks of {@code block} threads with {@code sharedBytes} of dynamic shared memory. */
    void launch(String name, int grid, int block, int sharedBytes, MemorySegment stream, KernelArgs args) {
        MemorySegment function = function(name);
        int n = args.count();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment values = arena.allocate(8L * Math.max(1, n), 8);
            MemorySegment pointers = arena.allocate(ADDRESS.byteSize() * Math.max(1, n), 8);
            for (int i = 0; i < n; i++) {
                values.setAtIndex(JAVA_LONG, i, args.slot(i));
                pointers.setAtIndex(ADDRESS, i, values.asSlice(8L * i, 8));
            }
            driver.launchKernel(function, name, grid, block, sharedBytes, stream, pointers);
        }
    }

    @Override
    public void close() {
        driver.moduleUnload(module);
    }

    // ---------------------------------------------------------------- operation codes (see the .cuh enums)

    static int unaryCode(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case ABS -> 1;
            case EXP -> 2;
            case LOG -> 3;
            case LOG1P -> 4;
            case EXPM1 -> 5;
            case SQRT -> 6;
            case SQUARE -> 7;
            case RECIPROCAL -> 8;
            case TANH -> 9;
            case SOFTPLUS -> 10;
            case SIGMOID -> 11;
        };
    }

    static int binaryCode(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAX -> 5;
            case MIN -> 6;
        };
    }

    static int reduceCode(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MAX -> 1;
            case MIN -> 2;
            case L1 -> 3;
            case L2 -> 4;
        };
    }
}
