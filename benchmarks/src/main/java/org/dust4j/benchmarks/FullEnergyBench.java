package org.dust4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.HermiteTable;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.core.op.Blocks;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Space;
import org.dust4j.cuda.CudaBackend;
import org.dust4j.icr.IcrOperator;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.model.DustModel;
import org.dust4j.model.ModelDescription;
import org.dust4j.model.ParallaxResponse;
import org.dust4j.model.SphericalGrid;
import org.dust4j.model.StarData;

/**
 * Benchmark main for issue 6's target: value + gradient of the FULL energy of the dust model ({@link DustModel#energy()}:
 * the standard-normal prior on all parameters, the ICR field s = F ξ_s, ρ = exp(scl s + off), the per-star noise
 * factors, the parallax-marginalised response and the Gaussian likelihood with the outlier factors) for synthetic stars
 * on a HEALPix × log-radius grid; by default the size: nside 256 × 772 shells (516 data shells over 69–1250 pc,
 * 64 inner and 192 outer padding shells; ICR from nside0 2 over 7 levels) = 6.07·10^8 voxels and 54·10^6 stars, float32,
 * on the CUDA backend.
 *
 * <p>Prints the median (min, max) wall-clock time (with {@code -Ddust4j.bench.clock=cpu}: the calling thread's CPU
 * time, see {@link GpuPrimitivesBench#CPU_CLOCK}) of the timed runs after warm-up, each ended by
 * {@code backend.synchronize()}, of the whole value + gradient and of its parts timed alone on the same tensors, as
 * {@code DustModel} runs them: ICR apply, the density exp(scl s + off), the noise variances (one table pass with the
 * error variances as factor, and the sum that checks it), the fused response + likelihood pass
 * ({@code lineMomentsGaussian}: value, per-star cotangents, pull-back), the pull of ρ̄ (one {@code affineExpProduct}
 * pass: scl ρ ρ̄ for the adjoint and the two sums for the scale and offset), the ICR adjoint written into the gradient,
 * and the prior with the gradient's assembly (the noise block's product and one {@code axpbySquaredNorm} pass over the
 * parameters); the rest of the whole (the loss sum, the two reads of scalars to the host, fills, allocations) is the
 * difference. The passes these replaced are timed too ("before", not in the split). Also timed, outside the split: one
 * metric application (the MGVI sampling metric: ICR apply and adjoint and one {@code lineMomentsPushPullDiagonal}
 * pass) and the response's value pass alone. It reports the Java heap live after a full collection before the model is built and after
 * the runs and the heap pools' summed peaks (where a CPU backend keeps all its tensors), and on CUDA the device memory
 * the driver counts as used (the memory pool keeps freed blocks, so after the runs this is the high-water mark) above
 * what was used before the model was built.
 *
 * <p>Arguments ({@code key=value}, all optional): {@code backend} (cuda; cpu), {@code dtype} (FLOAT32), {@code nside}
 * (256), {@code shells} (516 data shells), {@code inner} (64), {@code outer} (192) padding shells, {@code levels} (7;
 * -1: the grid's default), {@code stars} (54000000), {@code kernel} length scale in pc (100), {@code runs} (7),
 * {@code warmup} (2), {@code configs} (none: the kernels the system properties choose). The CPU case of the issue,
 * 10^6 stars on ~10^7 voxels: {@code backend=cpu nside=32 levels=5 stars=1000000} (12·32² × 772 = 9.5·10^6 voxels).
 *
 * <p>{@code configs} times several CUDA kernel choices in one process, on one setup (which takes about a minute at the
 * issue's size): configurations separated by {@code +}, each {@code LINEMOMENTS/WINDOWED} setting the system properties
 * {@code dust4j.cuda.lineMoments} (static, balanced, segments) and {@code dust4j.cuda.windowed} (wide, pipe, gather,
 * …) before its runs ({@code -} leaves one as it is), e.g. {@code configs=static/wide+segments/wide+static/gather+
 * segments/gather}; a summary line per configuration follows the runs.
 */
public final class FullEnergyBench {
    private FullEnergyBench() {
    }

    public static void main(String[] args) {
        Map<String, String> a = parse(args, Set.of("backend", "dtype", "nside", "shells", "inner", "outer", "levels",
                "stars", "kernel", "runs", "warmup", "configs"));
        String[][] configs = configs(a.get("configs"));
        String backendName = a.getOrDefault("backend", "cuda");
        BackendProvider.Availability av = Backends.availability(backendName);
        if (!av.available()) {
            System.err.println("FullEnergyBench: backend '" + backendName + "' is unavailable here: " + av.detail());
            System.exit(2);
        }
        Backend backend = Backends.get(backendName);
        DType dtype = DType.valueOf(a.getOrDefault("dtype", "FLOAT32"));
        int nside = integer(a, "nside", 256);
        int levels = integer(a, "levels", 7);
        int nStars = integer(a, "stars", 54_000_000);
        int runs = integer(a, "runs", 7);
        int warmup = integer(a, "warmup", 2);
        double length = Double.parseDouble(a.getOrDefault("kernel", "100"));
        System.out.println("backend: " + backend.description() + "; " + Parallel.threads() + " host threads; times: "
                + GpuPrimitivesBench.clock());
        long baseline = deviceUsed(backend);
        long heapBaseline = heapLive();

        long t0 = System.nanoTime();
        DustGrid.Builder gb = DustGrid.builder().nside(nside).shells(69, 1250, integer(a, "shells", 516))
                .padding(integer(a, "inner", 64), integer(a, "outer", 192));
        if (levels >= 0) {
            gb.levels(levels);
        }
        DustGrid grid = gb.build();
        SphericalGrid sg = grid.sphericalGrid();
        IcrPrior prior = IcrPrior.builder(grid.chart(), Kernel.matern32(1, length)).normalisation(Normalisation.NONE)
                .build();
        long t1 = System.nanoTime();
        StarData stars = ResponseBench.syntheticStars(sg, nStars, 42);
        ModelDescription desc = ModelDescription.edenhofer2024(sg, Map.of("kernel", "matern32(1, " + length + ")"),
                ModelDescription.Data.of("synthetic", 69, 1250, stars));
        IcrOperator op = prior.operator(dtype);
        DustModel model = DustModel.of(desc, op, stars);
        ParallaxResponse response = model.kernel();
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s; %d voxels; ICR prior built in %.1f s%n%s%n", grid, sg.voxels(),
                (t1 - t0) * 1e-9, prior.report());
        System.out.printf(Locale.ROOT, "%d stars in %d pixels, %.1f Phi evaluations per star; stars and model set up"
                + " in %.1f s; %s%n", response.starCount(), response.groupCount(),
                (double) response.evaluationsPerPass() / response.starCount(), (t2 - t1) * 1e-9, dtype);

        Blocks params = model.parameters();
        Space space = params.space();
        EnergyOperator energy = model.energy();
        try (Tensor xi = space.zeros(backend)) {
            backend.randomNormal(1, 0, xi);
            long u0 = System.nanoTime();
            energy.at(xi).close();
            backend.synchronize();
            System.out.printf(Locale.ROOT, "first evaluation (uploads the ICR matrices and the star tables) %.2f s%n",
                    (System.nanoTime() - u0) * 1e-9);
            StringBuilder summary = new StringBuilder();
            for (String[] config : configs) {
                String name = config == null ? "as the properties say" : config[0] + "/" + config[1];
                if (config != null) {
                    setProperty("dust4j.cuda.lineMoments", config[0]);
                    setProperty("dust4j.cuda.windowed", config[1]);
                    System.out.println("== configuration " + name + " (lineMoments/windowed)");
                }
                double[] whole = GpuPrimitivesBench.time(backend, runs, warmup, () -> energy.at(xi).close());
                report("energy value + gradient (whole)", whole);
                try (Energy at = energy.at(xi); Tensor v = space.zeros(backend)) {
                    backend.randomNormal(2, 0, v);
                    report("metric application (whole, not in the split)", GpuPrimitivesBench.time(backend, runs,
                            warmup, () -> at.metric().apply(v).close()));
                }
                double[] parts = parts(backend, model, op, response, xi, runs, warmup);
                double sum = Arrays.stream(parts).sum();
                double median = whole[whole.length / 2];
                System.out.printf(Locale.ROOT, "%-44s %9.3f ms (whole minus the parts above: the loss sum, two host"
                        + " reads, fills, allocations)%n", "rest", (median - sum) * 1e3);
                StringBuilder split = new StringBuilder("split:");
                for (int i = 0; i < PARTS.length; i++) {
                    split.append(String.format(Locale.ROOT, " %s %.3f +", PARTS[i], parts[i] * 1e3));
                }
                String line = String.format(Locale.ROOT, "%s rest %.3f = %.3f ms; %.3f ns per star, %.4f ns per voxel",
                        split, (median - sum) * 1e3, median * 1e3, median * 1e9 / response.starCount(),
                        median * 1e9 / sg.voxels());
                System.out.println(line);
                summary.append(String.format(Locale.ROOT, "summary %s: whole %.3f ms; %s%n", name, median * 1e3,
                        line));
            }
            if (configs.length > 1) {
                System.out.print(summary);
            }
            System.out.printf(Locale.ROOT, "parameters: %d (%d ICR excitations, 2 scalars, %d noise); tensor sizes in"
                    + " %s: parameters %.2f GiB, field %.2f GiB, per-star vector %.3f GiB; ICR operator on the backend"
                    + " %.3f GiB, star tables %.3f GiB%n", space.size(), params.block(DustModel.EXCITATIONS).size(),
                    response.starCount(), dtype, gib(space.size() * dtype.byteSize()),
                    gib(sg.voxels() * dtype.byteSize()), gib((long) response.starCount() * dtype.byteSize()),
                    gib(op.deviceBytes(backend)), gib(response.deviceBytes(backend)));
        }
        System.out.printf(Locale.ROOT, "Java heap: %.2f GiB live after a full collection with the model built, %.2f GiB"
                + " before it; peak %.2f GiB (the heap pools' peaks summed: an upper bound)%n", gib(heapLive()),
                gib(heapBaseline), gib(heapPeak()));
        long used = deviceUsed(backend);
        if (used >= 0) {
            System.out.printf(Locale.ROOT, "device memory used (driver's total - free, memory pool high-water mark)"
                    + " %.2f GiB above the %.2f GiB used before the model; %.2f GiB live in tensors%n",
                    gib(used - baseline), gib(baseline), gib(((CudaBackend) backend).liveBytes()));
        }
    }

    /**
     * The configurations of the {@code configs} argument: pairs (lineMoments, windowed), "-" for a property left as it
     * is; without the argument one null configuration (nothing set).
     */
    static String[][] configs(String arg) {
        if (arg == null) {
            return new String[][] {null};
        }
        String[] parts = arg.split("\\+");
        String[][] out = new String[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] pair = parts[i].split("/", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IllegalArgumentException("configs are LINEMOMENTS/WINDOWED joined by '+' (e.g."
                        + " static/wide+segments/gather; '-' leaves a property as it is), got '" + parts[i] + "' in '"
                        + arg + "'");
            }
            out[i] = pair;
        }
        return out;
    }

    /** Sets a system property unless the value is "-". */
    private static void setProperty(String key, String value) {
        if (!value.equals("-")) {
            System.setProperty(key, value);
        }
    }

    /** Names of the parts of the split, in the order {@link #parts} returns their medians. */
    private static final String[] PARTS = {"ICR apply", "density", "noise variances", "response + likelihood",
        "pull of rho-bar", "ICR adjoint", "prior and gradient assembly"};

    /**
     * Times each part of the value + gradient alone, as {@code DustModel} runs it; returns the medians in seconds in the
     * order of {@link #PARTS}. The passes the model ran before the fused operations (the pull as mul, dot and sum; the
     * noise variances as a table and five elementwise passes; the prior as axpby and dot) are timed too, for comparison,
     * outside the split.
     */
    private static double[] parts(Backend be, DustModel model, IcrOperator op, ParallaxResponse response, Tensor xi,
                                  int runs, int warmup) {
        Blocks params = model.parameters();
        DType dt = xi.dtype();
        Tensor xs = params.view(xi, DustModel.EXCITATIONS);
        Tensor xn = params.view(xi, DustModel.NOISE);
        int n = response.starCount();
        try (Tensor s = op.target().zeros(be); Tensor rho = op.target().zeros(be); Tensor bar = op.target().zeros(be);
             Tensor grad = params.space().zeros(be); Tensor nv = be.zeros(dt, response.starShape());
             Tensor ns = be.zeros(dt, response.starShape()); Tensor obs = be.zeros(dt, response.starShape());
             Tensor mean = be.zeros(dt, response.starShape()); Tensor var = be.zeros(dt, response.starShape());
             Tensor loss = be.zeros(dt, response.starShape()); Tensor vBar = be.zeros(dt, response.starShape());
             Tensor slots = be.zeros(dt, Shape.of(4)); HermiteTable.Tables table = noiseTable().upload(be)) {
            Tensor xiBar = params.view(grad, DustModel.EXCITATIONS);
            double[] out = new double[PARTS.length];
            out[0] = part("ICR apply", be, runs, warmup, () -> op.apply(xs, s));
            out[1] = part("density exp(scl s + off) (unaryAffine)", be, runs, warmup,
                    () -> be.unaryAffine(UnaryOp.EXP, 1.1, -6.91, s, rho));
            be.fill(obs, 0.01);
            out[2] = part("noise variances (hermite with factor, check sum)", be, runs, warmup, () -> {
                be.hermite(table, xn, obs, nv, ns);
                be.reduceAll(ReduceOp.SUM, nv, slots.slice(2, 3));
            });
            part("  before: table, sum and 5 elementwise (not in the split)", be, runs, warmup, () -> {
                be.hermite(table, xn, nv, ns);
                nv.sum();
                be.binary(BinaryOp.MUL, ns, nv, ns);
                be.binary(BinaryOp.MUL, ns, obs, ns);
                be.binaryScalar(BinaryOp.MUL, ns, 2, ns);
                be.binary(BinaryOp.MUL, nv, nv, nv);
                be.binary(BinaryOp.MUL, nv, obs, nv);
            });
            be.fill(obs, 1.0);
            be.fill(nv, 0.0025);
            out[3] = part("response + likelihood (lineMomentsGaussian)", be, runs, warmup,
                    () -> response.gaussian(rho, obs, nv, mean, var, loss, vBar, bar));
            System.out.printf(Locale.ROOT, "    %.3f ns per star, %.2f Phi evaluations per ns%n",
                    out[3] * 1e9 / n, response.evaluationsPerPass() / (out[3] * 1e9));
            double value = part("  of which: response value alone (lineMoments)", be, runs, warmup,
                    () -> response.apply(rho, mean, var));
            System.out.printf(Locale.ROOT, "    the value's sweep %.1f %% of the fused pass; %.3f ns per star%n",
                    100 * value / out[3], value * 1e9 / n);
            // in place over bar, as in the model: each run multiplies it by 1.1 exp(1.1 s - 6.91) (its values shrink,
            // the work does not change)
            be.fill(bar, 1e-3);
            out[4] = part("pull of rho-bar (affineExpProduct)", be, runs, warmup,
                    () -> be.affineExpProduct(1.1, -6.91, 1.1, s, bar, bar, slots.slice(0, 2)));
            be.fill(bar, 1e-3);
            part("  before: mul, dot, sum (not in the split)", be, runs, warmup, () -> {
                be.binary(BinaryOp.MUL, bar, rho, bar);
                bar.dot(s);
                bar.sum();
            });
            out[5] = part("ICR adjoint (into the gradient)", be, runs, warmup, () -> op.adjoint(bar, xiBar));
            out[6] = part("prior and gradient assembly (mul, axpbySquaredNorm)", be, runs, warmup, () -> {
                be.binary(BinaryOp.MUL, vBar, ns, params.view(grad, DustModel.NOISE));
                be.axpbySquaredNorm(1, grad, 1, xi, grad, slots.slice(3, 4));
            });
            try (Tensor e = op.domain().zeros(be)) {
                part("  before: axpby, dot (not in the split)", be, runs, warmup, () -> {
                    be.axpby(1.1, e, 1, xs, xiBar);
                    xi.dot(xi);
                });
            }
            return out;
        }
    }

    /** A table like the model's noise transform (same size), for timing the backend's table evaluation. */
    private static HermiteTable noiseTable() {
        int nodes = 2049;
        double[] v = new double[nodes];
        double[] d = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            double x = -8 + i / 128.0;
            v[i] = 0.1 * x * x;
            d[i] = 0.2 * x;
        }
        return HermiteTable.of(-8, 128, v, d, true);
    }

    private static double gib(long bytes) {
        return bytes / (double) (1L << 30);
    }

    /** Bytes of the Java heap in use after a full collection (as far as {@link System#gc()} collects). */
    private static long heapLive() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The heap pools' peak usages since the JVM started, summed (each pool peaks at its own time: an upper bound). */
    private static long heapPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** Bytes the driver counts as used on a CUDA backend (total − free), −1 on other backends. */
    private static long deviceUsed(Backend backend) {
        if (backend instanceof CudaBackend c) {
            long[] m = c.memoryInfo();
            return m[1] - m[0];
        }
        return -1;
    }

    /** Times {@code body} alone, reports it and returns its median in seconds. */
    private static double part(String what, Backend be, int runs, int warmup, Runnable body) {
        return median(report(what, GpuPrimitivesBench.time(be, runs, warmup, body)));
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double[] report(String what, double[] sorted) {
        System.out.printf(Locale.ROOT, "%-44s %9.3f ms (min %9.3f, max %9.3f) over %d runs%n", what,
                median(sorted) * 1e3, sorted[0] * 1e3, sorted[sorted.length - 1] * 1e3, sorted.length);
        return sorted;
    }

    private static Map<String, String> parse(String[] args, Set<String> keys) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            if (kv.length != 2 || !keys.contains(kv[0])) {
                throw new IllegalArgumentException("arguments are key=value with a key of " + new TreeSet<>(keys)
                        + ", got '" + s + "'");
            }
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    private static int integer(Map<String, String> a, String key, int fallback) {
        return Integer.parseInt(a.getOrDefault(key, Integer.toString(fallback)));
    }
}
