package org.dust4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.dust4j.core.cpu.LogGridSpline;

/**
 * Benchmark main for {@link LogGridSpline}: the batch {@code valuesOfSquares} that the ICR setup calls for a window's
 * 595 pairwise squared distances (on the Vector API where the CPU backend uses it), against the scalar
 * {@code value(√q)}. The spline tabulates a Matérn-3/2 covariance in ln r on 4096 nodes over 10⁻³..10⁴ (a kernel
 * table's size); the radii are uniform in 1..51. Prints, per form, the median over {@code runs} runs of the calling
 * thread's CPU time per evaluation, each run 20 000 batches after a second of warm-up.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp core/target/classes:benchmarks/target/classes \
 *     org.dust4j.benchmarks.LogGridSplineBenchmark [runs]</pre>
 */
public final class LogGridSplineBenchmark {
    private static final int N = 595;
    private static final int BATCHES = 20_000;

    private LogGridSplineBenchmark() {
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int nodes = 4096;
        double lo = Math.log(1e-3);
        double h = (Math.log(1e4) - lo) / (nodes - 1);
        double[] v = new double[nodes];
        double[] d = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            double r = Math.exp(lo + i * h) / 50;
            v[i] = (1 + r) * Math.exp(-r);
            d[i] = -r * r * Math.exp(-r); // d/d ln r
        }
        LogGridSpline spline = LogGridSpline.of(1e-3, 1e4, v, d);
        double[] q = new double[N];
        Random random = new Random(1);
        for (int i = 0; i < N; i++) {
            double x = 1 + 50 * random.nextDouble();
            q[i] = x * x;
        }
        double[] out = new double[N];
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double sink = 0;
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) {
            spline.valuesOfSquares(q, 0, out, 0, N);
            for (int i = 0; i < N; i++) {
                out[i] = spline.value(Math.sqrt(q[i]));
            }
        }
        double[] batch = new double[runs];
        double[] scalar = new double[runs];
        for (int run = 0; run < runs; run++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int k = 0; k < BATCHES; k++) {
                spline.valuesOfSquares(q, 0, out, 0, N);
            }
            long t1 = bean.getCurrentThreadCpuTime();
            sink += out[7];
            for (int k = 0; k < BATCHES; k++) {
                for (int i = 0; i < N; i++) {
                    out[i] = spline.value(Math.sqrt(q[i]));
                }
            }
            long t2 = bean.getCurrentThreadCpuTime();
            sink += out[7];
            batch[run] = (t1 - t0) / (double) BATCHES / N;
            scalar[run] = (t2 - t1) / (double) BATCHES / N;
        }
        Arrays.sort(batch);
        Arrays.sort(scalar);
        System.out.printf(Locale.ROOT, "LogGridSpline, %d squared radii per batch, median of %d runs: batch %.2f ns,"
                + " scalar %.2f ns per evaluation (CPU time; checksum %.6f)%n", N, runs, batch[runs / 2],
                scalar[runs / 2], sink);
    }
}
