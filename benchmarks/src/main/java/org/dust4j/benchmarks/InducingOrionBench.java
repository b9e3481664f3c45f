package org.dust4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.InstrumentedBackend;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Linearization;
import org.dust4j.inducing.ElboModel;
import org.dust4j.inducing.FitResult;
import org.dust4j.inducing.GridAxis;
import org.dust4j.inducing.InducingConfig;
import org.dust4j.inducing.InducingFitter;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.validation.SimulatedField;

/**
 * Benchmark main for the inducing-point fit at the scale of the paper's Orion run (Dharmawardena et al. 2022):
 * 87 283 stars, training grid 40 × 40 × 55, 1000 inducing points, 32 samples, 500 AdamW iterations (the authors:
 * 132 h on 24 CPU cores), on synthetic stars (background plus three clumps in the region l 195..225 deg,
 * b −30..−5 deg, d 300..600 pc, 10 % noise). Runs the given number of iterations (the stopping rule is off) and
 * reports the wall-clock time of the whole fit (model construction, every iteration, the final download of θ), the
 * setup (construction and first iteration) and the median, minimum and maximum of the following iterations, with
 * the extrapolation to 500 iterations when fewer ran; the same in CPU time of the fitting thread (which does all the
 * work on the CPU backend with {@code -Ddust4j.cpu.threads=1}, the measure to use on a shared machine). With
 * {@code paper} instead of {@code orion} it times the full-size simulated test instead (120 000 stars,
 * 20 × 20 × 35 + 2 ghost cells). The backend is the fourth argument ({@code cpu}, {@code cuda}), or else
 * {@link Backends#defaultBackend()} ({@code -Ddust4j.backend}). With {@code both} as the precision it fits in float64, then
 * in float32. Options after the backend: {@code phases} also times the phases of an iteration (noise, forward pass,
 * reverse pass, KL), each followed by a synchronisation; {@code profile} times every backend operation (an
 * {@link InstrumentedBackend} that synchronises after each) and prints where an iteration's time goes.
 *
 * <pre>
 * java -Xmx12g -cp core/target/classes:io-fits/target/classes:inducing/target/classes:benchmarks/target/classes:NOM_TAM_JAR \
 *     org.dust4j.benchmarks.InducingOrionBench [iterations=6] [float64|float32|both] [orion|paper] [backend] [phases] [profile]
 * </pre>
 */
public final class InducingOrionBench {
    private InducingOrionBench() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        String precision = args.length > 1 ? args[1].toLowerCase(Locale.ROOT) : "float64";
        List<DType> dtypes = switch (precision) {
            case "float64" -> List.of(DType.FLOAT64);
            case "float32" -> List.of(DType.FLOAT32);
            case "both" -> List.of(DType.FLOAT64, DType.FLOAT32);
            default -> throw new IllegalArgumentException("precision float64, float32 or both, got " + args[1]);
        };
        boolean paper = args.length > 2 && args[2].equalsIgnoreCase("paper");
        if (iterations < 2) {
            throw new IllegalArgumentException("time at least 2 iterations, got " + iterations);
        }
        LbdGrid grid;
        int stars;
        if (paper) {
            grid = LbdGrid.of(GridAxis.linear(20, 40, 100), GridAxis.sine(20, -20, 20), GridAxis.linear(35, 100, 600))
                    .withGhostCells(2, 0);
            stars = 120_000;
        } else {
            grid = LbdGrid.of(GridAxis.linear(40, 195, 225), GridAxis.sine(40, -30, -5), GridAxis.linear(55, 300, 600));
            stars = 87_283;
        }
        SimulatedField field = new SimulatedField(1.6e-3, List.of(
                clump(grid, 0.3, 0.4, 0.3), clump(grid, 0.6, 0.6, 0.5), clump(grid, 0.5, 0.3, 0.7)));
        SimulatedField.SimulatedStars sim = field.stars(grid, stars, 0.1, 3);
        Backend backend = args.length > 3 ? Backends.get(args[3]) : Backends.defaultBackend();
        List<String> options = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        boolean phases = options.contains("phases");
        boolean profile = options.contains("profile");
        for (DType dtype : dtypes) {
            InducingConfig config = InducingConfig.builder(grid).inducingPoints(1000).samples(32)
                    .meanLog10Density(Math.log10(1.6e-3)).amplitude(0.3).lengthScales(30, 30, 30).dtype(dtype)
                    .maxIterations(iterations).stopping(0, 10, 10).build();
            System.out.printf(Locale.ROOT, "%s: %d stars, %d cells (%s), M = %d, S = %d, %s, %d iterations, backend "
                    + "%s%n", paper ? "paper simulation" : "Orion scale", stars, grid.cellCount(), grid,
                    config.inducingPoints(), config.samples(), dtype, iterations, backend.description());
            fit(config, sim, iterations, backend);
            if (phases) {
                phases(config, sim, backend, 20);
            }
            if (profile) {
                profile(config, sim, backend, 5);
            }
        }
    }

    /** One timed fit. */
    private static void fit(InducingConfig config, SimulatedField.SimulatedStars sim, int iterations,
                            Backend backend) {
        DType dtype = config.dtype();
        List<Double> elapsed = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        int every = Math.max(1, iterations / 20);
        FitResult fit = InducingFitter.fit(config, sim.stars(), backend, e -> {
            elapsed.add(e.elapsedSeconds());
            cpu.add((threads.getCurrentThreadCpuTime() - c0) * 1e-9);
            if (e.iteration() <= 3 || e.iteration() % every == 0 || e.iteration() == iterations) {
                System.out.printf(Locale.ROOT, "iteration %d at %.2f s, ELBO %.1f%n", e.iteration(),
                        e.elapsedSeconds(), e.elbo());
            }
        });
        double total = (System.nanoTime() - t0) * 1e-9;
        double totalCpu = (threads.getCurrentThreadCpuTime() - c0) * 1e-9;
        System.out.printf(Locale.ROOT, "whole fit of %d iterations (%s, %s): wall-clock %.2f s (fitter's own clock "
                + "%.2f s), calling-thread CPU %.2f s; ELBO %.1f -> %.1f%n", fit.iterations(), dtype, backend.name(),
                total, fit.seconds(), totalCpu, fit.elbo()[0], fit.elbo()[fit.iterations() - 1]);
        report("wall-clock", elapsed, iterations, total);
        report("calling-thread CPU (all work with -Ddust4j.cpu.threads=1)", cpu, iterations, totalCpu);
    }

    /**
     * Times the phases of an iteration at the initial parameters, each followed by {@link Backend#synchronize()}:
     * drawing the noise, the forward pass (linearizing θ ↦ ELBO; it waits for the Cholesky factor's status), the
     * reverse pass (the gradient) and the KL; for the reverse pass also the time until its last operation is queued.
     * Prints the medians over {@code count} repetitions after one warm-up.
     */
    private static void phases(InducingConfig config, SimulatedField.SimulatedStars sim, Backend backend, int count) {
        String[] names = {"noise", "forward (to its return)", "forward (synchronised)", "reverse (queued)",
            "reverse (synchronised)", "KL (synchronised)"};
        double[][] ms = new double[names.length][count];
        try (ElboModel model = ElboModel.create(config, sim.stars(), backend); Tensor theta = model.initialParameters();
             Tensor minusOne = backend.zeros(config.dtype(), Shape.scalar())) {
            backend.fill(minusOne, -1);
            for (int i = -1; i < count; i++) {
                long t0 = System.nanoTime();
                model.drawNoise(Math.max(i, 0));
                backend.synchronize();
                long t1 = System.nanoTime();
                try (Linearization lin = model.elbo().linearize(theta)) {
                    long t2 = System.nanoTime();
                    backend.synchronize();
                    long t3 = System.nanoTime();
                    try (Tensor g = lin.vjp(minusOne)) {
                        long t4 = System.nanoTime();
                        backend.synchronize();
                        long t5 = System.nanoTime();
                        try (Tensor k = model.kl().apply(theta)) {
                            backend.synchronize();
                        }
                        long t6 = System.nanoTime();
                        if (i >= 0) {
                            ms[0][i] = (t1 - t0) * 1e-6;
                            ms[1][i] = (t2 - t1) * 1e-6;
                            ms[2][i] = (t3 - t1) * 1e-6;
                            ms[3][i] = (t4 - t3) * 1e-6;
                            ms[4][i] = (t5 - t3) * 1e-6;
                            ms[5][i] = (t6 - t5) * 1e-6;
                        }
                    }
                }
            }
        }
        StringBuilder line = new StringBuilder("phases of an iteration (" + config.dtype() + ", median ms of " + count
                + "):");
        for (int p = 0; p < names.length; p++) {
            Arrays.sort(ms[p]);
            line.append(String.format(Locale.ROOT, " %s %.2f;", names[p], ms[p][count / 2]));
        }
        System.out.println(line);
    }

    /**
     * Fits {@code count} + 1 iterations through an {@link InstrumentedBackend} that waits for the device after every
     * operation, and prints the time per iteration of each kind of operation (backend method and caller) over the last
     * {@code count} iterations, longest first, down to 1 % of the total. Each operation's time includes one
     * synchronisation, so the total exceeds an unprofiled iteration.
     */
    private static void profile(InducingConfig config, SimulatedField.SimulatedStars sim, Backend backend, int count) {
        InstrumentedBackend timed = new InstrumentedBackend(backend, true);
        InducingConfig c = config.toBuilder().maxIterations(count + 1).build();
        InducingFitter.fit(c, sim.stars(), timed, e -> {
            if (e.iteration() == 1) {
                timed.clearProfile();
            }
        });
        List<InstrumentedBackend.Entry> entries = timed.profile();
        double total = entries.stream().mapToDouble(InstrumentedBackend.Entry::milliseconds).sum() / count;
        System.out.printf(Locale.ROOT, "profile (%s, every operation synchronised, per iteration over %d): %.2f ms in "
                + "%d operations%n", config.dtype(), count, total,
                entries.stream().mapToLong(InstrumentedBackend.Entry::calls).sum() / count);
        for (InstrumentedBackend.Entry e : entries) {
            double ms = e.milliseconds() / count;
            if (ms < 0.01 * total) {
                break;
            }
            System.out.printf(Locale.ROOT, "  %7.3f ms %5.1f calls  %s%n", ms, (double) e.calls() / count, e.kind());
        }
    }

    /**
     * Prints setup, the median (min, max) of iterations 2..n, the total and, when fewer than 500 iterations ran, the
     * extrapolation to 500 iterations, from cumulative times.
     */
    private static void report(String what, List<Double> cumulative, int iterations, double total) {
        double[] per = new double[iterations - 1];
        for (int i = 1; i < iterations; i++) {
            per[i - 1] = cumulative.get(i) - cumulative.get(i - 1);
        }
        Arrays.sort(per);
        double median = per.length % 2 == 1 ? per[per.length / 2] : 0.5 * (per[per.length / 2 - 1] + per[per.length / 2]);
        double setup = cumulative.get(0);
        System.out.printf(Locale.ROOT, "%s: setup + first iteration %.2f s; iterations 2..%d: median %.4f s (min %.4f, "
                + "max %.4f); total %.2f s%s%n", what, setup, iterations, median, per[0], per[per.length - 1], total,
                iterations >= 500 ? "" : String.format(Locale.ROOT, "; extrapolated 500 iterations: %.1f s",
                        setup + 499 * median));
    }

    /** A clump of σ 20 pc, 1e-2 mag/pc at fractions (fl, fb, fd) of the region's l, b and d ranges. */
    private static SimulatedField.Clump clump(LbdGrid g, double fl, double fb, double fd) {
        double[] p = SimulatedField.cartesian(g.l().lower() + fl * (g.l().upper() - g.l().lower()),
                g.b().lower() + fb * (g.b().upper() - g.b().lower()), g.d().lower() + fd * (g.d().upper() - g.d().lower()));
        return new SimulatedField.Clump(p[0], p[1], p[2], 20, 1e-2);
    }
}
