package org.dust4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

import org.dust4j.core.DType;
import org.dust4j.core.Statistics;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.icr.HealpixChart;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.icr.SpectralKernel;
import org.dust4j.mgvi.dust.DustGrid;

/**
 * Benchmark main for the ICR matrix setup at the dust-map scale: the HEALPix × log-radius chart of Edenhofer et al.
 * (2024) — nside 256, 772 log-spaced shells (516 over 69–1250 pc, 64 inner and 192 outer padding shells), built by
 * {@link DustGrid} with its default levels (nside 2 × 10 shells → 7 refinements) — and its first levels (final nside
 * 64 × 196 and 128 × 388 shells, the same chart with fewer refinements). Each run builds an {@link IcrPrior} without
 * variance normalisation (all refinement matrices and L₀ in float64, the classification of the windows included) and
 * records the wall clock, the CPU time of the calling thread and the CPU time of the whole process (the worker threads
 * included); the report gives the median of each.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code nside} final nsides, comma-separated (64,128,256);
 * {@code runs} (5); {@code warmup} runs before timing (1); {@code kernel} {@code spectral} (β = 3.1, outer scale 50
 * pc, the default) or {@code matern32} (ℓ = 50 pc); {@code kc} the spectral kernel's cutoff wavenumber k_c in pc⁻¹
 * (2; smaller values make the kernel smooth on the innermost windows and send many classes to the eigen fallbacks). Threads follow {@code -Ddust4j.cpu.threads}. The nside-256 chart
 * holds about 4.4 GB of float64 matrices: give the JVM {@code -Xmx12g} or more.
 *
 * <pre>java -Xmx12g --add-modules jdk.incubator.vector -cp core/target/classes:healpix/target/classes:\
 * icr/target/classes:model/target/classes:io-fits/target/classes:mgvi/target/classes:benchmarks/target/classes \
 *     org.dust4j.benchmarks.IcrSetupBenchmark nside=64,128,256 runs=5</pre>
 */
public final class IcrSetupBenchmark {
    private IcrSetupBenchmark() {
    }

    public static void main(String[] args) {
        int[] nsides = {64, 128, 256};
        int runs = 5;
        int warmup = 1;
        String kernelName = "spectral";
        double kc = 2.0;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("arguments are key=value, got " + a);
            }
            switch (kv[0]) {
                case "nside" -> nsides = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "runs" -> runs = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "kernel" -> kernelName = kv[1];
                case "kc" -> kc = Double.parseDouble(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + kv[0]
                        + " (nside, runs, warmup, kernel, kc)");
            }
        }
        Kernel kernel = switch (kernelName) {
            case "spectral" -> SpectralKernel.of(1.0, 50.0, 3.1, kc, 25000.0);
            case "matern32" -> Kernel.matern32(1.0, 50.0);
            default -> throw new IllegalArgumentException("kernel is spectral or matern32, got " + kernelName);
        };
        HealpixChart full = DustGrid.builder().nside(256).shells(69, 1250, 516).padding(64, 192).build().chart();
        System.out.printf(Locale.ROOT, "%d worker threads, %s; dust-map chart %s%n", Parallel.threads(),
                kernel.describe(), full.describe());
        for (int nside : nsides) {
            int levels = full.levels() - Integer.numberOfTrailingZeros(256 / nside);
            HealpixChart chart = HealpixChart.builder().nside0(full.nside(0)).levels(levels).shells0(full.shells(0))
                    .radialMap(full.radialMap()).build();
            bench(chart, kernel, runs, warmup);
        }
    }

    private static void bench(HealpixChart chart, Kernel kernel, int runs, int warmup) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs];
        double[] thread = new double[runs];
        double[] process = new double[runs];
        IcrPrior prior = null;
        for (int r = -warmup; r < runs; r++) {
            prior = null; // let the previous prior go before the next is built
            System.gc();
            long t0 = threads.getCurrentThreadCpuTime();
            long p0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            prior = IcrPrior.builder(chart, kernel).normalisation(Normalisation.NONE).build();
            if (r >= 0) {
                wall[r] = (System.nanoTime() - start) * 1e-9;
                thread[r] = (threads.getCurrentThreadCpuTime() - t0) * 1e-9;
                process[r] = (os.getProcessCpuTime() - p0) * 1e-9;
            }
        }
        long classes = 0;
        for (int l = 0; l < chart.levels(); l++) {
            classes += prior.refinement(l).classes();
        }
        System.out.println(prior.report());
        System.out.printf(Locale.ROOT, "nside %d x %d shells: %d matrix classes, matrices %.3f GiB float64 / %.3f GiB"
                        + " float32; setup median of %d: wall %.2f s, calling-thread CPU %.2f s, process CPU %.2f s"
                        + " (wall runs %s)%n", chart.nside(chart.levels()), chart.shells(chart.levels()), classes,
                prior.matrixBytes(DType.FLOAT64) / 1073741824.0, prior.matrixBytes(DType.FLOAT32) / 1073741824.0,
                runs, Statistics.median(wall), Statistics.median(thread), Statistics.median(process),
                Arrays.toString(round(wall)));
    }

    private static String[] round(double[] x) {
        return Arrays.stream(x).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toArray(String[]::new);
    }
}
