package org.dust4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

/**
 * Benchmark main for the CPU backend's linear algebra and random numbers: prints, for each case, the median
 * wall-clock and calling-thread CPU time of {@code runs} timed runs (after at least a second of warm-up runs) and
 * the rate (GFLOP/s, matrices/s or draws/s) from the wall-clock time.
 * Threads follow {@code -Ddust4j.cpu.threads} (default: all cores).
 *
 * <pre>java -cp core/target/classes:benchmarks/target/classes org.dust4j.benchmarks.CpuLinalgBenchmark [runs]</pre>
 */
public final class CpuLinalgBenchmark {
    private static final Backend CPU = Backends.cpu();
    /**
     * Warm-up time per case here: the Vector API kernels run their slow Java fallback until C2 has compiled them,
     * which two runs of a small case do not reach.
     */
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    private CpuLinalgBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println(CPU.description() + ", median of " + runs + " runs");
        for (DType d : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (int n : new int[] {512, 1024, 2048}) {
                try (Tensor a = uniform(d, n, n); Tensor b = uniform(d, n, n); Tensor c = CPU.zeros(d, Shape.of(n, n))) {
                    report("matmul " + d + " " + n + "x" + n, 2e-9 * n * n * n, "GFLOP",
                            median(runs, WARM_UP_NANOS, () -> CPU.matmul(a, false, b, false, c)));
                }
            }
            // the three products per block of the inducing-point fit (Orion scale: M = 1000, S = 32, 512-row blocks)
            try (Tensor k = uniform(d, 512, 1000); Tensor w = uniform(d, 1000, 32); Tensor g = uniform(d, 512, 32);
                    Tensor phi = CPU.zeros(d, Shape.of(512, 32)); Tensor wBar = CPU.zeros(d, Shape.of(1000, 32));
                    Tensor kBar = CPU.zeros(d, Shape.of(512, 1000))) {
                double flops = 2e-9 * 512 * 1000 * 32;
                report("matmul " + d + " K W, 512x1000 . 1000x32", flops, "GFLOP",
                        median(runs, WARM_UP_NANOS, () -> CPU.matmul(k, false, w, false, phi)));
                report("matmul " + d + " K^T G, (512x1000)^T . 512x32", flops, "GFLOP",
                        median(runs, WARM_UP_NANOS, () -> CPU.matmul(k, true, g, false, wBar)));
                report("matmul " + d + " G W^T, 512x32 . (1000x32)^T", flops, "GFLOP",
                        median(runs, WARM_UP_NANOS, () -> CPU.matmul(g, false, w, true, kBar)));
            }
            try (Tensor a = uniform(d, 20000, 8, 8); Tensor b = uniform(d, 20000, 8, 8);
                    Tensor c = CPU.zeros(d, Shape.of(20000, 8, 8))) {
                report("matmul " + d + " batch 20000 of 8x8", 2e-9 * 20000 * 512, "GFLOP",
                        median(runs, WARM_UP_NANOS, () -> CPU.matmul(a, false, b, false, c)));
            }
            for (int n : new int[] {1024, 4096}) {
                try (Tensor spd = spd(d, n); Tensor l = CPU.zeros(d, Shape.of(n, n)); Tensor rhs = uniform(d, n, 256);
                        Tensor x = CPU.zeros(d, Shape.of(n, 256))) {
                    report("cholesky " + d + " " + n, 1e-9 * n * n * n / 3, "GFLOP",
                            median(runs, WARM_UP_NANOS, () -> CPU.cholesky(spd, l)));
                    report("triangularSolve " + d + " " + n + " x 256 rhs", 1e-9 * n * n * 256, "GFLOP",
                            median(runs, WARM_UP_NANOS, () -> CPU.triangularSolve(l, true, false, rhs, x)));
                    report("triangularSolve " + d + " " + n + " x 256 rhs, transposed", 1e-9 * n * n * 256, "GFLOP",
                            median(runs, WARM_UP_NANOS, () -> CPU.triangularSolve(l, true, true, rhs, x)));
                }
            }
            try (Tensor a = spd(d, 64); Tensor w = CPU.zeros(d, Shape.of(64));
                    Tensor v = CPU.zeros(d, Shape.of(64, 64))) {
                report("symmetricEigen " + d + " 64x64", 1, "matrices",
                        median(runs, WARM_UP_NANOS, () -> CPU.symmetricEigen(a, w, v)));
            }
            try (Tensor t = CPU.zeros(d, Shape.of(10_000_000))) {
                report("randomNormal " + d + " 1e7", 10, "M draws",
                        median(runs, WARM_UP_NANOS, () -> CPU.randomNormal(1, 0, t)));
                report("randomUniform " + d + " 1e7", 10, "M draws",
                        median(runs, WARM_UP_NANOS, () -> CPU.randomUniform(1, 0, t)));
            }
        }
    }

    private static Tensor uniform(DType d, int... dims) {
        Tensor t = CPU.zeros(d, Shape.of(dims));
        CPU.randomUniform(42, 0, t);
        return t;
    }

    /** A symmetric matrix of uniform [0, 1) elements plus n on the diagonal: diagonally dominant, hence SPD. */
    private static Tensor spd(DType d, int n) {
        double[] x;
        try (Tensor u = uniform(DType.FLOAT64, n, n)) {
            x = u.toDoubleArray();
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                x[j * n + i] = x[i * n + j];
            }
            x[i * n + i] += n;
        }
        return CPU.fromHost(x, d, Shape.of(n, n));
    }

    /**
     * Median wall-clock and median calling-thread CPU seconds of {@code runs} runs after two warm-up runs. With
     * {@code -Ddust4j.cpu.threads=1} all work runs on the calling thread, so the CPU time is the single-core cost
     * even on a machine shared with other jobs.
     */
    static double[] median(int runs, Runnable op) {
        return median(runs, 0, op);
    }

    /** {@link #median(int, Runnable)} after warm-up runs for at least {@code warmUpNanos} (and at least two). */
    static double[] median(int runs, long warmUpNanos, Runnable op) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warm = System.nanoTime();
        for (int w = 0; w < 2 || System.nanoTime() - warm < warmUpNanos; w++) {
            op.run();
        }
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int r = 0; r < runs; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            op.run();
            wall[r] = (System.nanoTime() - start) * 1e-9;
            cpu[r] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[runs / 2], cpu[runs / 2]};
    }

    /** Prints the median wall and calling-thread CPU times and the rate amount / wall time in {@code unit}/s. */
    static void report(String what, double amount, String unit, double[] wallAndCpu) {
        System.out.println(String.format(Locale.ROOT, "%-50s wall %9.4f s  cpu %9.4f s  %9.2f %s/s", what, wallAndCpu[0],
                wallAndCpu[1], amount / wallAndCpu[0], unit));
    }
}
