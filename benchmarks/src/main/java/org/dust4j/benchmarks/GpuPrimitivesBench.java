package org.dust4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.icr.AxisMap;
import org.dust4j.icr.HealpixChart;
import org.dust4j.icr.IcrOperator;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.model.ParallaxResponse;
import org.dust4j.model.SphericalGrid;
import org.dust4j.model.StarData;

/**
 * Benchmark main for the device primitives behind ICR and the response, on the CUDA backend (issues 5 and 6):
 * <ul>
 *   <li>ICR apply and adjoint (one {@code windowedMatVec} / {@code windowedMatVecAdjoint} per level) of a
 *       HEALPix × log-radius prior, default nside 4 → 256 × 6 → 132 shells = 1.04·10^8 voxels ({@code shells0=16}:
 *       772 shells, 6.07·10^8 voxels), without variance normalisation, in the chosen dtypes (default FLOAT32), with
 *       the memory-traffic floor: every level's ξ, fine field (adjoint: fine cotangent and ξ̄) and coarse vector moved
 *       once and its matrices read once per class, at {@code bandwidth} bytes/s (default 2.8·10^12, the device copy
 *       rate GpuBandwidthBench measured on the H100);</li>
 *   <li>the response on synthetic stars ({@link ResponseBench#syntheticStars}): value ({@code lineMoments}), VJP,
 *       and value + gradient of the Gaussian likelihood twice: "device" (value pass, the per-star cotangents by
 *       elementwise backend operations, VJP pass: no transfer), "fused" (one {@code lineMomentsGaussian} pass, as
 *       {@code DustModel} uses it) and "host" ({@code applyAndPullBack}: on the GPU the per-star callback runs on the
 *       host between the passes, with the transfers; on the CPU one fused pass).</li>
 * </ul>
 * Times are wall-clock medians over the timed runs (after warm-up), each ended by {@code backend.synchronize()}, so
 * they include launch overheads (with {@code -Ddust4j.bench.clock=cpu}: the calling thread's CPU time, for the CPU
 * backend with {@code -Ddust4j.cpu.threads=1} on a shared machine); memory is what the operator and the star tables keep on the device.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code backend} (cuda; cpu to compare), {@code dtype} (FLOAT32;
 * several joined by '+', e.g. FLOAT32+FLOAT64), {@code runs} (7), {@code warmup} (2), {@code icr} (true),
 * {@code nside0} (4), {@code levels} (6), {@code shells0} (6; several joined by '+'), {@code bandwidth} (2.8e12),
 * {@code variant} (wide; generic+fast+wide+split compares the CUDA windowed kernels' variants), {@code chunk} (128;
 * several joined by '+': the longest chunk of those kernels), {@code perLevel} (false: time the last refinement level
 * alone; true: every level alone), {@code response} (true), {@code nside} (256),
 * {@code shells} (772), {@code stars} (10000000). Without a usable CUDA backend it prints why and exits with
 * status 2.
 *
 * <pre>java -Xmx100g --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp ... \
 *     org.dust4j.benchmarks.GpuPrimitivesBench [key=value ...]</pre>
 */
public final class GpuPrimitivesBench {
    private GpuPrimitivesBench() {
    }

    public static void main(String[] args) {
        Args a = Args.parse(args, java.util.Set.of("backend", "dtype", "runs", "warmup", "icr", "nside0", "levels",
                "shells0", "bandwidth", "variant", "chunk", "perLevel", "response", "nside", "shells", "stars"));
        Backend backend = backend(a.text("backend", "cuda"));
        DType[] dtypes = Arrays.stream(a.text("dtype", "FLOAT32").split("\\+")).map(DType::valueOf)
                .toArray(DType[]::new);
        int runs = a.integer("runs", 7);
        int warmup = a.integer("warmup", 2);
        System.out.println("backend: " + backend.description() + "; times: " + clock());
        if (Boolean.parseBoolean(a.text("icr", "true"))) {
            String[] variants = a.text("variant", "wide").split("\\+");
            String[] chunks = a.text("chunk", "128").split("\\+");
            for (String shells0 : a.text("shells0", "6").split("\\+")) {
                icr(backend, dtypes, variants, chunks, a.integer("nside0", 4), a.integer("levels", 6),
                        Integer.parseInt(shells0), Double.parseDouble(a.text("bandwidth", "2.8e12")),
                        Boolean.parseBoolean(a.text("perLevel", "false")), runs, warmup);
            }
        }
        if (Boolean.parseBoolean(a.text("response", "true"))) {
            for (DType dtype : dtypes) {
                response(backend, dtype, a.integer("nside", 256), a.integer("shells", 772),
                        a.integer("stars", 10_000_000), runs, warmup);
            }
        }
    }

    /** The named backend, or exit 2 with the reason it is unavailable. */
    private static Backend backend(String name) {
        BackendProvider.Availability a = Backends.availability(name);
        if (!a.available()) {
            System.err.println("GpuPrimitivesBench needs the '" + name + "' backend, which is unavailable here: "
                    + a.detail() + ". Run it on a machine with an NVIDIA GPU (compute capability 8.0 or newer) and the"
                    + " CUDA driver.");
            System.exit(2);
        }
        return Backends.get(name);
    }

    private static void icr(Backend backend, DType[] dtypes, String[] variants, String[] chunks, int nside0,
                            int levels, int shells0, double bandwidth, boolean perLevel, int runs, int warmup) {
        long t0 = System.nanoTime();
        HealpixChart chart = HealpixChart.builder().nside0(nside0).levels(levels).shells0(shells0)
                .radialMap(AxisMap.logarithmic(0.25, 4)).build();
        IcrPrior prior = IcrPrior.builder(chart, Kernel.matern32(1, 100)).normalisation(Normalisation.NONE).build();
        System.out.printf(Locale.ROOT, "ICR prior built in %.1f s%n%s%n", (System.nanoTime() - t0) * 1e-9,
                prior.report());
        long voxels = prior.fieldSize();
        for (DType dtype : dtypes) {
            IcrOperator op = prior.operator(dtype);
            try (Tensor xi = backend.zeros(dtype, op.domain().shape());
                 Tensor field = backend.zeros(dtype, op.target().shape())) {
                backend.randomNormal(1, 0, xi);
                long u0 = System.nanoTime();
                op.apply(xi, field);
                backend.synchronize();
                System.out.printf(Locale.ROOT, "first apply (uploads matrices and tables) %.2f s; %.3f GiB on the"
                        + " device%n", (System.nanoTime() - u0) * 1e-9, op.deviceBytes(backend) / 1073741824.0);
                double[] floor = floorBytes(prior, dtype);
                List<Level> timed = new ArrayList<>();
                for (int l = perLevel ? 0 : prior.chart().levels() - 1; l < prior.chart().levels(); l++) {
                    timed.add(new Level(backend, prior, dtype, l));
                }
                for (String variant : variants) {
                    for (String chunk : chunks) {
                        // the CUDA backend's tuning properties (org.dust4j.cuda.WindowedLaunch); the CPU ignores them
                        System.setProperty("dust4j.cuda.windowed", variant);
                        System.setProperty("dust4j.cuda.windowedChunk", chunk);
                        String tag = dtype + (variants.length + chunks.length > 2 ? " [" + variant + ", chunk " + chunk
                                + "]" : "");
                        floor("ICR apply " + tag, floor[0], bandwidth, report("ICR apply " + tag, voxels, "voxels",
                                time(backend, runs, warmup, () -> op.apply(xi, field))));
                        floor("ICR adjoint " + tag, floor[1], bandwidth, report("ICR adjoint " + tag, voxels,
                                "voxels", time(backend, runs, warmup, () -> op.adjoint(field, xi))));
                        for (Level level : timed) {
                            level.time(tag, bandwidth, runs, warmup);
                        }
                    }
                }
                timed.forEach(Level::close);
            } finally {
                op.release();
            }
        }
    }

    /**
     * One refinement level alone on the backend (its windowedMatVec and adjoint, random operands), to see how much of
     * the operator's time it takes and how close to its own floor it runs: the last level, or with {@code perLevel=true}
     * every level (the refinement from level l to l + 1 is labelled "level l+1").
     */
    private static final class Level implements AutoCloseable {
        private final Backend backend;
        private final org.dust4j.core.WindowLayout layout;
        private final org.dust4j.core.WindowLayout.Tables tables;
        private final Tensor r;
        private final Tensor d;
        private final Tensor coarse;
        private final Tensor xi;
        private final Tensor fine;
        private final double[] floor;
        private final String name;

        Level(Backend backend, IcrPrior prior, DType dtype, int l) {
            this.backend = backend;
            name = l == prior.chart().levels() - 1 ? "last level" : "level " + (l + 1);
            org.dust4j.icr.WindowedRefinement step = prior.refinement(l);
            layout = step.layout();
            int nc = layout.coarsePerWindow();
            int nf = layout.finePerWindow();
            tables = layout.upload(backend);
            r = backend.fromHost(step.r(), dtype, org.dust4j.core.Shape.of(layout.classes(), nf, nc));
            d = backend.fromHost(step.d(), dtype, org.dust4j.core.Shape.of(layout.classes(), nf, nf));
            coarse = backend.zeros(dtype, org.dust4j.core.Shape.of(layout.coarseSize()));
            xi = backend.zeros(dtype, org.dust4j.core.Shape.of(layout.fineSize()));
            fine = backend.zeros(dtype, org.dust4j.core.Shape.of(layout.fineSize()));
            backend.randomNormal(5, 0, coarse);
            backend.randomNormal(6, 0, xi);
            double e = dtype.byteSize();
            double matrices = (double) layout.classes() * nf * (nc + nf);
            floor = new double[] {e * (2.0 * layout.fineSize() + layout.coarseSize() + matrices),
                e * (2.0 * layout.fineSize() + 2.0 * layout.coarseSize() + matrices)};
        }

        void time(String tag, double bandwidth, int runs, int warmup) {
            long n = layout.fineSize();
            floor(name + " apply " + tag, floor[0], bandwidth, report(name + " apply " + tag, n, "voxels",
                    GpuPrimitivesBench.time(backend, runs, warmup, () -> backend.windowedMatVec(tables, r, d, null,
                            coarse, xi, fine))));
            floor(name + " adjoint " + tag, floor[1], bandwidth, report(name + " adjoint " + tag, n, "voxels",
                    GpuPrimitivesBench.time(backend, runs, warmup, () -> backend.windowedMatVecAdjoint(tables, r, d,
                            null, fine, coarse, xi))));
        }

        @Override
        public void close() {
            tables.close();
            r.close();
            d.close();
            coarse.close();
            xi.close();
            fine.close();
        }
    }

    /**
     * The bytes the ICR apply and adjoint must move at least: per level, the fine vector written and ξ read (adjoint:
     * the fine cotangent read and ξ̄ written), the coarse vector read (adjoint: cleared, then written), the scale read
     * where there is one, and every matrix class read once; the level-0 matrix L₀ and its vector once.
     */
    static double[] floorBytes(IcrPrior prior, DType dtype) {
        double e = dtype.byteSize();
        int n0 = prior.chart().size(0);
        double apply = e * ((double) n0 * n0 + 2.0 * n0);
        double adjoint = apply;
        for (int l = 0; l < prior.chart().levels(); l++) {
            org.dust4j.core.WindowLayout w = prior.refinement(l).layout();
            double matrices = (double) w.classes() * w.finePerWindow() * (w.coarsePerWindow() + w.finePerWindow());
            double scale = prior.normalisation() == Normalisation.NONE ? 0 : w.fineSize();
            apply += e * (2.0 * w.fineSize() + w.coarseSize() + matrices + scale);
            adjoint += e * (2.0 * w.fineSize() + 2.0 * w.coarseSize() + matrices + scale);
        }
        return new double[] {apply, adjoint};
    }

    private static void floor(String what, double bytes, double bandwidth, double median) {
        double floor = bytes / bandwidth;
        System.out.printf(Locale.ROOT, "%-40s floor %.4f GB = %.4f ms at %.2f TB/s; measured / floor %.2f%n", what,
                bytes * 1e-9, floor * 1e3, bandwidth * 1e-12, median / floor);
    }

    private static void response(Backend backend, DType dtype, int nside, int shells, int nStars, int runs,
                                 int warmup) {
        int dataShells = Math.max(1, shells * 516 / 772);
        int inner = (shells - dataShells) / 4;
        SphericalGrid grid = SphericalGrid.builder().nside(nside).range(69, 1250).shells(dataShells)
                .padding(inner, shells - dataShells - inner).build();
        long t0 = System.nanoTime();
        StarData stars = ResponseBench.syntheticStars(grid, nStars, 42);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        System.out.printf(Locale.ROOT, "response: nside %d, %d shells, %d voxels; %d stars in %d pixels; %.1f Phi"
                + " evaluations per star; set up in %.1f s%n", nside, grid.nshell(), grid.voxels(), resp.starCount(),
                resp.groupCount(), (double) resp.evaluationsPerPass() / resp.starCount(),
                (System.nanoTime() - t0) * 1e-9);
        double[] a = stars.extinctions();
        double[] sa = stars.extinctionErrors();
        try (Tensor rho = density(backend, grid, dtype);
             Tensor mean = backend.zeros(dtype, resp.starShape());
             Tensor var = backend.zeros(dtype, resp.starShape());
             Tensor gm = backend.zeros(dtype, resp.starShape());
             Tensor gv = backend.zeros(dtype, resp.starShape());
             Tensor grad = backend.zeros(dtype, grid.shape())) {
            backend.randomNormal(3, 0, gm);
            backend.randomNormal(4, 0, gv);
            int n = resp.starCount();
            report("response value " + dtype, n, "stars", time(backend, runs, warmup, () -> resp.apply(rho, mean,
                    var)));
            report("response VJP " + dtype, n, "stars", time(backend, runs, warmup, () -> resp.vjp(rho, gm, gv,
                    grad)));
            double[] device;
            try (Tensor ext = backend.fromHost(a, dtype, resp.starShape());
                 Tensor noise = backend.fromHost(squares(sa), dtype, resp.starShape());
                 Tensor r = backend.zeros(dtype, resp.starShape()); Tensor v = backend.zeros(dtype, resp.starShape());
                 Tensor value = backend.zeros(dtype, org.dust4j.core.Shape.of(1))) {
                report("response value+gradient, device " + dtype, n, "stars", time(backend, runs, warmup, () -> {
                    resp.apply(rho, mean, var);
                    gaussianCotangents(backend, mean, var, ext, noise, r, v, gm, gv, value);
                    resp.vjp(rho, gm, gv, grad);
                }));
                device = grad.toDoubleArray();
                try (Tensor loss = backend.zeros(dtype, resp.starShape());
                     Tensor vBar = backend.zeros(dtype, resp.starShape())) {
                    report("response value+gradient, fused " + dtype, n, "stars", time(backend, runs, warmup,
                            () -> resp.gaussian(rho, ext, noise, mean, var, loss, vBar, grad)));
                }
            }
            double[] fused = grad.toDoubleArray();
            report("response value+gradient, host " + dtype, n, "stars", time(backend, runs, warmup,
                    () -> resp.applyAndPullBack(rho, (i, m, v, out) -> {
                        double s2 = sa[i] * sa[i] + v;
                        double r = m - a[i];
                        out[0] = r / s2;
                        out[1] = 0.5 / s2 - 0.5 * r * r / (s2 * s2);
                    }, grad)));
            double[] host = grad.toDoubleArray();
            double diff = 0;
            double scale = 0;
            for (int i = 0; i < host.length; i++) {
                diff = Math.max(diff, Math.max(Math.abs(device[i] - host[i]), Math.abs(fused[i] - host[i])));
                scale = Math.max(scale, Math.abs(host[i]));
            }
            System.out.printf(Locale.ROOT, "device, fused and host gradients differ by at most %.2e of their largest"
                    + " element%n",
                    diff / Math.max(scale, Double.MIN_NORMAL));
        }
    }

    /**
     * The Gaussian likelihood's value Σ ((A − a)² / v + log v) / 2 into {@code value} and its cotangents with respect to
     * a (gm = (a − A) / v) and to the response variance (gv = (v − (A − a)²) / (2 v²)), v = σ_A² + variance, all with
     * elementwise backend operations (no transfer); r and v are scratch.
     */
    private static void gaussianCotangents(Backend b, Tensor mean, Tensor var, Tensor ext, Tensor noise, Tensor r,
                                           Tensor v, Tensor gm, Tensor gv, Tensor value) {
        b.binary(org.dust4j.core.BinaryOp.SUB, mean, ext, r);
        b.binary(org.dust4j.core.BinaryOp.ADD, var, noise, v);
        b.binary(org.dust4j.core.BinaryOp.DIV, r, v, gm);
        b.binary(org.dust4j.core.BinaryOp.MUL, gm, r, r);               // r = q = (A − a)² / v
        b.scalarBinary(org.dust4j.core.BinaryOp.SUB, 1, r, gv);         // 1 − q
        b.binary(org.dust4j.core.BinaryOp.DIV, gv, v, gv);
        b.binaryScalar(org.dust4j.core.BinaryOp.MUL, gv, 0.5, gv);      // (1 − q) / (2 v)
        b.unary(org.dust4j.core.UnaryOp.LOG, v, v);
        b.binary(org.dust4j.core.BinaryOp.ADD, r, v, r);
        b.reduceAll(org.dust4j.core.ReduceOp.SUM, r, value);
        b.binaryScalar(org.dust4j.core.BinaryOp.MUL, value, 0.5, value);
    }

    private static double[] squares(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * x[i];
        }
        return y;
    }

    /** A log-normal density of mean about 1e-3 per voxel, drawn on the backend. */
    private static Tensor density(Backend backend, SphericalGrid grid, DType dtype) {
        Tensor rho = backend.zeros(dtype, grid.shape());
        backend.randomNormal(7, 0, rho);
        backend.unary(org.dust4j.core.UnaryOp.EXP, rho, rho);
        backend.binaryScalar(org.dust4j.core.BinaryOp.MUL, rho, 1e-3, rho);
        return rho;
    }

    /**
     * Whether {@link #time} measures the CPU time of the calling thread instead of wall-clock time: system property
     * {@value #CLOCK} = {@code cpu} (default {@code wall}). That is the work of the CPU backend with
     * {@code -Ddust4j.cpu.threads=1}, which then runs every kernel on the calling thread, and is what a loaded
     * machine still measures reliably; on the GPU or with more threads it misses the work done elsewhere.
     */
    static final boolean CPU_CLOCK;

    /** The system property that selects the clock of {@link #time}: {@code wall} or {@code cpu}. */
    static final String CLOCK = "dust4j.bench.clock";

    static {
        String clock = System.getProperty(CLOCK, "wall");
        if (!clock.equals("wall") && !clock.equals("cpu")) {
            throw new IllegalArgumentException("system property " + CLOCK + " must be wall or cpu, got '" + clock + "'");
        }
        CPU_CLOCK = clock.equals("cpu");
    }

    /** What {@link #time} measures, for the benchmarks' first line. */
    static String clock() {
        return CPU_CLOCK ? "CPU time of the calling thread (-D" + CLOCK + "=cpu)" : "wall clock";
    }

    /**
     * Seconds of each timed run, each ended by a synchronisation, sorted: wall-clock, or the calling thread's CPU time
     * (see {@link #CPU_CLOCK}).
     */
    static double[] time(Backend backend, int runs, int warmup, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        backend.synchronize();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = CPU_CLOCK ? threads.getCurrentThreadCpuTime() : System.nanoTime();
            body.run();
            backend.synchronize();
            t[i] = ((CPU_CLOCK ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - t0) * 1e-9;
        }
        Arrays.sort(t);
        return t;
    }

    /** Prints the median, range and time per unit of sorted run times; returns the median. */
    private static double report(String what, long amount, String unit, double[] sorted) {
        double median = sorted[sorted.length / 2];
        System.out.printf(Locale.ROOT, "%-40s median %9.3f ms (min %9.3f, max %9.3f) over %d runs, %8.3f ns per %s%n",
                what, median * 1e3, sorted[0] * 1e3, sorted[sorted.length - 1] * 1e3, sorted.length,
                median * 1e9 / amount, unit.substring(0, unit.length() - 1));
        return median;
    }

    /** key=value arguments. */
    private record Args(java.util.Map<String, String> values) {
        static Args parse(String[] args, java.util.Set<String> keys) {
            java.util.Map<String, String> m = new java.util.HashMap<>();
            for (String s : args) {
                String[] kv = s.split("=", 2);
                if (kv.length != 2 || !keys.contains(kv[0])) {
                    throw new IllegalArgumentException("arguments are key=value with a key of " + new java.util.TreeSet<>(
                            keys) + ", got '" + s + "'");
                }
                m.put(kv[0], kv[1]);
            }
            return new Args(m);
        }

        String text(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(text(key, Integer.toString(fallback)));
        }
    }
}
