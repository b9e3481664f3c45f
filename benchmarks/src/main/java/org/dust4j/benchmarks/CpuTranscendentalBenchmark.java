package org.dust4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.cpu.Parallel;

/**
 * Benchmark main for the compute cost of the CPU backend's transcendental elementwise operations: prints, for
 * each operation and dtype, the median over {@code runs} timed runs (after two warm-up runs) of the calling
 * thread's CPU time per element. Each run applies the operation {@value #PASSES} times to {@value #N}
 * elements, which stay in cache, so memory bandwidth does not limit it; run it with one backend thread
 * ({@code -Ddust4j.cpu.threads=1}), so that the calling thread does all the work. CPU time, unlike wall-clock
 * time, is not inflated when other processes share the cores. {@link CpuBandwidthBenchmark} measures the same
 * operations streaming from memory on all cores; this one tells how many ns per element and core an operation
 * costs, to set against the time that memory bandwidth allows per element.
 *
 * <p>Inputs from {@link ElementwiseOperands} (b is the exponent of POW). The operations run
 * one after another in one JVM, as in an application, so each kernel has been compiled before most
 * operations first run in it. With {@code --add-modules jdk.incubator.vector} the backend uses its vector
 * kernels, with {@code -Ddust4j.cpu.simd=false} (or without the module) its scalar loops; the first line printed
 * is the backend's description, which names the path.
 *
 * <pre>java -Ddust4j.cpu.threads=1 --add-modules jdk.incubator.vector \
 *     -cp core/target/classes:benchmarks/target/classes org.dust4j.benchmarks.CpuTranscendentalBenchmark [runs]</pre>
 */
public final class CpuTranscendentalBenchmark {
    /** Elements per pass: 32 KiB of FLOAT64 per array. */
    static final int N = 4096;

    /** Passes per timed run. */
    static final int PASSES = 2000;

    private static final Backend CPU = Backends.cpu();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTranscendentalBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (Parallel.threads() != 1) {
            throw new IllegalStateException("run with -Ddust4j.cpu.threads=1 (got " + Parallel.threads()
                    + " backend threads): the calling thread's CPU time must cover all the work");
        }
        System.out.println(CPU.description() + ", median of " + runs + " runs, calling-thread CPU time");
        UnaryOp[] unary = {UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P, UnaryOp.EXPM1, UnaryOp.TANH, UnaryOp.SOFTPLUS,
            UnaryOp.SIGMOID};
        for (DType d : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (Tensor a = CPU.zeros(d, Shape.of(N)); Tensor b = CPU.zeros(d, Shape.of(N));
                    Tensor out = CPU.zeros(d, Shape.of(N))) {
                ElementwiseOperands.fill(CPU, a, b);
                for (UnaryOp op : unary) {
                    report(op + " " + d, median(runs, () -> CPU.unary(op, a, out)));
                }
                report("POW " + d, median(runs, () -> CPU.binary(BinaryOp.POW, a, b, out)));
            }
        }
    }

    /** Median calling-thread CPU ns per element over the timed runs, after two warm-up runs. */
    private static double median(int runs, Runnable pass) {
        double[] ns = new double[runs];
        for (int r = -2; r < runs; r++) {
            long t = THREADS.getCurrentThreadCpuTime();
            for (int p = 0; p < PASSES; p++) {
                pass.run();
            }
            if (r >= 0) {
                ns[r] = (THREADS.getCurrentThreadCpuTime() - t) / ((double) PASSES * N);
            }
        }
        Arrays.sort(ns);
        return ns[runs / 2];
    }

    private static void report(String what, double ns) {
        System.out.println(String.format(Locale.ROOT, "%-16s %8.3f ns per element", what, ns));
    }
}
