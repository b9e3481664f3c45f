package org.dust4j.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * GPU throughput of the CUDA backend: elementwise and reduction bandwidth at 10^8 elements against a
 * device-to-device copy (the practical peak), and the time of dense and batched Cholesky factorisations.
 * Each figure is the median of {@value #RUNS} runs timed with CUDA events after {@value #WARMUP} warm-ups; a run
 * queues the operation {@value #BACK_TO_BACK} times back to back and counts a tenth of the time, the steady state of
 * a queue of operations, so that the host's few tens of microseconds to queue one reduction (an allocation of the
 * partials, two launches, a free) overlap with the device's work instead of idling it, as they do in real use.
 * Bandwidth counts the bytes each operation must read and write once.
 *
 * <p>Run on a GPU machine: {@code bash .gpu/run.sh --main org.dust4j.cuda.GpuBandwidthBench [elements]}
 * (see docs/cuda.md).
 */
public final class GpuBandwidthBench {
    private static final int RUNS = 7;
    private static final int WARMUP = 2;
    private static final int BACK_TO_BACK = 10;

    private GpuBandwidthBench() {
    }

    private record Row(String what, String size, double millis, String rate) {
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        CudaRuntime runtime = CudaRuntime.system();
        if (!runtime.availability().available()) {
            System.err.println("CUDA backend unavailable: " + runtime.availability().detail());
            System.exit(2);
        }
        List<Row> rows = new ArrayList<>();
        try (CudaBackend gpu = new CudaBackend(runtime)) {
            System.out.println(gpu.description());
            for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                bandwidth(gpu, d, n, rows);
            }
            cholesky(gpu, DType.FLOAT64, 4096, 1, rows);
            cholesky(gpu, DType.FLOAT32, 4096, 1, rows);
            cholesky(gpu, DType.FLOAT64, 32, 10_000, rows);
            cholesky(gpu, DType.FLOAT64, 64, 10_000, rows);
            matmul(gpu, DType.FLOAT64, 4096, rows);
            if (gpu.liveAllocations() != 0) {
                throw new IllegalStateException(gpu.liveAllocations() + " device allocations leaked");
            }
        }
        System.out.printf(Locale.ROOT, "%n%-44s %-22s %12s %14s%n", "operation", "size", "median ms", "throughput");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-44s %-22s %12.4f %14s%n", r.what, r.size, r.millis, r.rate);
        }
    }

    private static double median(CudaBackend gpu, Runnable work) {
        Runnable queue = () -> {
            for (int k = 0; k < BACK_TO_BACK; k++) {
                work.run();
            }
        };
        double[] t = new double[RUNS];
        for (int i = 0; i < WARMUP; i++) {
            gpu.gpuMillis(queue);
        }
        for (int i = 0; i < RUNS; i++) {
            t[i] = gpu.gpuMillis(queue) / BACK_TO_BACK;
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }

    private static Row gbps(String what, DType d, long n, double millis, long bytes) {
        return new Row(what + " " + d, n + " elements", millis, String.format(Locale.ROOT, "%.0f GB/s", bytes / millis / 1e6));
    }

    private static void bandwidth(CudaBackend gpu, DType d, long n, List<Row> rows) {
        long es = d.byteSize();
        int rowsOf = 10_000;
        Shape s = Shape.of(rowsOf, Math.toIntExact(n / rowsOf));
        long count = s.size();
        try (Tensor a = gpu.zeros(d, s); Tensor b = gpu.zeros(d, s); Tensor out = gpu.zeros(d, s);
             Tensor scalar = gpu.zeros(d, Shape.of())) {
            gpu.randomNormal(1, 0, a);
            gpu.randomNormal(2, 0, b);
            rows.add(gbps("device-to-device copy", d, count, median(gpu, () -> gpu.copy(a, out)), 2 * count * es));
            rows.add(gbps("unary SQUARE", d, count, median(gpu, () -> gpu.unary(UnaryOp.SQUARE, a, out)), 2 * count * es));
            rows.add(gbps("unary EXP", d, count, median(gpu, () -> gpu.unary(UnaryOp.EXP, a, out)), 2 * count * es));
            rows.add(gbps("binary ADD", d, count, median(gpu, () -> gpu.binary(BinaryOp.ADD, a, b, out)), 3 * count * es));
            rows.add(gbps("axpby", d, count, median(gpu, () -> gpu.axpby(0.5, a, 2, b, out)), 3 * count * es));
            rows.add(gbps("fill", d, count, median(gpu, () -> gpu.fill(out, 1.5)), count * es));
            rows.add(gbps("reduceAll SUM", d, count, median(gpu, () -> gpu.reduceAll(ReduceOp.SUM, a, scalar)), count * es));
            rows.add(gbps("reduceAll L2", d, count, median(gpu, () -> gpu.reduceAll(ReduceOp.L2, a, scalar)), count * es));
            rows.add(gbps("dot", d, count, median(gpu, () -> gpu.dot(a, b, scalar)), 2 * count * es));
            try (Tensor rowsSum = gpu.zeros(d, Shape.of(rowsOf))) {
                rows.add(gbps("reduce SUM along the last axis", d, count,
                        median(gpu, () -> gpu.reduce(ReduceOp.SUM, a, 1, rowsSum)), count * es));
            }
            rows.add(gbps("cumsum along the last axis", d, count,
                    median(gpu, () -> gpu.cumsum(a, 1, false, false, out)), 2 * count * es));
            rows.add(gbps("randomNormal", d, count, median(gpu, () -> gpu.randomNormal(3, 0, out)), count * es));
        }
    }

    /** Factorises batch copies of B B^T / n + I (the matrix is built on the GPU). */
    private static void cholesky(CudaBackend gpu, DType d, int n, int batch, List<Row> rows) {
        Shape s = batch == 1 ? Shape.of(n, n) : Shape.of(batch, n, n);
        try (Tensor b = gpu.zeros(d, s); Tensor a = gpu.zeros(d, s); Tensor l = gpu.zeros(d, s)) {
            gpu.randomNormal(4, 0, b);
            gpu.matmul(b, false, b, true, a);
            gpu.binaryScalar(BinaryOp.DIV, a, n, a);
            try (Tensor eye = gpu.zeros(d, s)) {
                double[] diag = new double[n * n];
                for (int i = 0; i < n; i++) {
                    diag[i * n + i] = 1;
                }
                try (Tensor one = gpu.fromHost(diag, d, Shape.of(n, n))) {
                    for (int k = 0; k < batch; k++) {
                        gpu.copy(one, batch == 1 ? eye : eye.row(k));
                    }
                }
                gpu.binary(BinaryOp.ADD, a, eye, a);
            }
            double ms = median(gpu, () -> gpu.cholesky(a, l));
            double gflops = batch * (double) n * n * n / 3 / ms / 1e6;
            rows.add(new Row("cholesky " + d + (n <= CudaLinalg.SMALL_N ? " (small-matrix kernel)" : " (cuSOLVER potrf)"),
                    batch + " x " + n + "x" + n, ms, String.format(Locale.ROOT, "%.0f GFLOP/s", gflops)));
        }
    }

    private static void matmul(CudaBackend gpu, DType d, int n, List<Row> rows) {
        Shape s = Shape.of(n, n);
        try (Tensor a = gpu.zeros(d, s); Tensor b = gpu.zeros(d, s); Tensor c = gpu.zeros(d, s)) {
            gpu.randomNormal(5, 0, a);
            gpu.randomNormal(6, 0, b);
            double ms = median(gpu, () -> gpu.matmul(a, false, b, false, c));
            rows.add(new Row("matmul " + d + " (cuBLAS)", n + "x" + n + "x" + n, ms,
                    String.format(Locale.ROOT, "%.0f GFLOP/s", 2.0 * n * n * n / ms / 1e6)));
        }
    }
}
