package org.dust4j.benchmarks;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.model.ParallaxResponse;
import org.dust4j.model.SphericalGrid;
import org.dust4j.model.StarData;

/**
 * Benchmark main for the parallax-marginalised response on the CPU: value (forward) and value + gradient (the fused
 * forward, Gaussian-loss cotangent and VJP pass) for synthetic stars on a spherical grid; prints the median of the
 * timed runs after warm-up runs.
 *
 * <p>Arguments (all optional, {@code key=value}): {@code nside} (32), {@code shells} (772 = 516 data shells between
 * 69 and 1250 pc plus 64 inner and 192 outer padding shells), {@code stars} (1000000), {@code runs} (7),
 * {@code warmup} (3), {@code dtype} (FLOAT64 or FLOAT32), {@code zcut} (the response's default). Stars are
 * placed log-uniformly in distance over the data region with Gaia-like parallax errors, 0.02 to 0.15 mas
 * log-uniformly, and kept by the selection of Edenhofer et al. (2024).
 */
public final class ResponseBench {
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private ResponseBench() {
    }

    public static void main(String[] args) {
        int nside = 32;
        int shells = 772;
        int nStars = 1_000_000;
        int runs = 7;
        int warmup = 3;
        DType dtype = DType.FLOAT64;
        double zCut = ParallaxResponse.DEFAULT_Z_CUT;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            switch (kv[0]) {
                case "nside" -> nside = Integer.parseInt(kv[1]);
                case "shells" -> shells = Integer.parseInt(kv[1]);
                case "stars" -> nStars = Integer.parseInt(kv[1]);
                case "runs" -> runs = Integer.parseInt(kv[1]);
                case "warmup" -> warmup = Integer.parseInt(kv[1]);
                case "dtype" -> dtype = DType.valueOf(kv[1]);
                case "zcut" -> zCut = Double.parseDouble(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument '" + kv[0] + "'");
            }
        }
        int dataShells = Math.max(1, shells * 516 / 772);
        int inner = (shells - dataShells) / 4;
        SphericalGrid grid = SphericalGrid.builder().nside(nside).range(69, 1250).shells(dataShells)
                .padding(inner, shells - dataShells - inner).build();
        StarData stars = syntheticStars(grid, nStars, 42);
        long t0 = System.nanoTime();
        ParallaxResponse resp = ParallaxResponse.of(grid, stars, zCut);
        double setup = (System.nanoTime() - t0) * 1e-9;
        System.out.printf("grid: nside %d, %d shells, %d voxels; %d stars in %d pixels; %s; %d threads%n", nside,
                grid.nshell(), grid.voxels(), resp.starCount(), resp.groupCount(), dtype, Parallel.threads());
        System.out.printf("Phi evaluations per pass: %d (%.1f per star); layout built in %.3f s%n",
                resp.evaluationsPerPass(), (double) resp.evaluationsPerPass() / resp.starCount(), setup);

        double[] a = stars.extinctions();
        double[] sa = stars.extinctionErrors();
        try (Tensor rho = density(grid, dtype, 7);
                Tensor mean = Backends.cpu().zeros(dtype, resp.starShape());
                Tensor var = Backends.cpu().zeros(dtype, resp.starShape());
                Tensor grad = Backends.cpu().zeros(dtype, grid.shape())) {
            double[][] value = time(runs, warmup, () -> resp.apply(rho, mean, var));
            double[][] both = time(runs, warmup, () -> resp.applyAndPullBack(rho, (i, m, v, out) -> {
                double s2 = sa[i] * sa[i] + v;
                double r = m - a[i];
                out[0] = r / s2;
                out[1] = 0.5 / s2 - 0.5 * r * r / (s2 * s2);
            }, grad));
            report("value", value, resp.starCount());
            report("value+gradient (fused)", both, resp.starCount());
        }
    }

    /** Stars log-uniform in distance over the data region, parallax errors 0.02-0.15 mas, selected as in the paper. */
    static StarData syntheticStars(SphericalGrid grid, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] pix = new int[n];
        double[] w = new double[n];
        double[] sw = new double[n];
        double[] a = new double[n];
        double[] sa = new double[n];
        int m = 0;
        while (m < n) {
            double d = Math.exp(rnd.nextDouble(Math.log(69), Math.log(1250)));
            double s = Math.exp(rnd.nextDouble(Math.log(0.02), Math.log(0.15)));
            double wObs = 1000 / d + s * rnd.nextGaussian();
            if (!(wObs - s > 0 && 1000 / (wObs - s) < 1250 && 1000 / (wObs + s) > 69)) {
                continue;
            }
            pix[m] = rnd.nextInt(grid.npix());
            w[m] = wObs;
            sw[m] = s;
            a[m] = rnd.nextDouble(0, 2);
            sa[m] = rnd.nextDouble(0.02, 0.1);
            m++;
        }
        return StarData.ofParallax(pix, w, sw, a, sa).sortedByPixel();
    }

    private static Tensor density(SphericalGrid grid, DType dtype, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] rho = new double[(int) grid.voxels()];
        for (int i = 0; i < rho.length; i++) {
            rho[i] = 1e-3 * Math.exp(rnd.nextGaussian());
        }
        return Backends.cpu().fromHost(rho, dtype, grid.shape());
    }

    /** Wall-clock seconds of each timed run (row 0) and the process CPU seconds it used (row 1). */
    private static double[][] time(int runs, int warmup, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[][] t = new double[2][runs];
        for (int i = 0; i < runs; i++) {
            long c0 = CPU.getProcessCpuTime();
            long t0 = System.nanoTime();
            body.run();
            t[0][i] = (System.nanoTime() - t0) * 1e-9;
            t[1][i] = (CPU.getProcessCpuTime() - c0) * 1e-9;
        }
        return t;
    }

    private static void report(String what, double[][] seconds, int stars) {
        double[] s = seconds[0].clone();
        double[] c = seconds[1].clone();
        Arrays.sort(s);
        Arrays.sort(c);
        double median = s[s.length / 2];
        System.out.printf("%-24s median %.3f s wall over %d runs (min %.3f, max %.3f), %.1f ns per star;"
                + " median process CPU %.3f s%n", what, median, s.length, s[0], s[s.length - 1], median * 1e9 / stars,
                c[c.length / 2]);
    }
}
