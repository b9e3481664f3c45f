package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.dust4j.core.random.Philox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the kernels' per-element and per-matrix code (philox.cuh, linalg_small.cuh) on the host through
 * src/test/cuda/host_check.cu, built with the C++ compiler found here (g++, else nvcc), and compares it with
 * Java references. This checks the arithmetic and indexing of the device code without a GPU; the thread
 * parallelism itself is checked by the gpu-tagged parity suite.
 */
class HostKernelCheckTest {
    private static Path program;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        Path out = Path.of("target/host-check/host_check");
        Files.createDirectories(out.getParent());
        for (List<String> compiler : List.of(List.of("g++", "-x", "c++"), List.of(System.getProperty("dust4j.cuda.nvcc", "nvcc"), "-x", "cu"))) {
            List<String> cmd = new ArrayList<>(compiler);
            cmd.addAll(List.of("-std=c++17", "-O1", "-I", "src/main/cuda", "-o", out.toString(), "src/test/cuda/host_check.cu"));
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    continue;
                }
                if (p.exitValue() == 0) {
                    program = out;
                    return;
                }
                throw new AssertionError(String.join(" ", cmd) + " failed:\n" + log);
            } catch (IOException noSuchCompiler) {
                // try the next compiler
            }
        }
    }

    private static List<String> run(String input, String... args) throws IOException, InterruptedException {
        assumeTrue(program != null, "no C++ compiler (g++ or nvcc) to build the host check");
        List<String> cmd = new ArrayList<>();
        cmd.add(program.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "host_check " + String.join(" ", args) + ": " + err);
        return out.lines().toList();
    }

    private static double parse(String s) {
        String t = s.trim();
        if (t.contains("nan")) {
            return Double.NaN;
        }
        if (t.contains("inf")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(t);
    }

    private static String hex(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(Double.toHexString(v)).append('\n');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- Philox

    @Test
    void philoxMatchesTheRandom123KnownAnswer() throws Exception {
        String[] w = run("", "philox", "0", "0", "1").get(0).split(" ");
        // Random123 kat_vectors: philox4x32 10 rounds, counter 0, key 0
        assertEquals(List.of(0x6627e8d5L, 0xe169c58dL, 0xbc57ac4cL, 0x9b00dbd8L),
                List.of(Long.parseLong(w[0]), Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3])));
    }

    @Test
    void philoxStreamsMatchCoresPhiloxBitForBit() throws Exception {
        long[][] cases = {{42, 0}, {-1L, 123456789L}, {0x1234_5678_9abc_def0L, (1L << 32) - 3}, {7, -2}};
        for (long[] c : cases) {
            long seed = c[0];
            long offset = c[1];
            List<String> lines = run("", "philox", Long.toUnsignedString(seed), Long.toUnsignedString(offset), "8");
            for (int i = 0; i < 8; i++) {
                String[] w = lines.get(i).split(" ");
                long counter = offset + i;
                int[] x = new int[4];
                Philox.streamBlock(seed, counter, x);
                for (int j = 0; j < 4; j++) {
                    assertEquals(Integer.toUnsignedLong(x[j]), Long.parseLong(w[j]), "word " + j + " of counter " + counter);
                }
                assertEquals(Philox.uniformDouble(seed, counter), parse(w[4]), 0.0, "uniform double");
                assertEquals(Philox.uniformFloat(seed, counter), (float) parse(w[5]), 0.0f, "uniform float");
                assertEquals(Philox.normalDouble(seed, counter), parse(w[6]), 0.0, "normal of counter " + counter);
            }
        }
    }

    @Test
    void fdlibmPortMatchesStrictMathBitForBit() throws Exception {
        Random rnd = new Random(3);
        List<Double> xs = new ArrayList<>(List.of(1.0, 0x1.0p-53, 0x1.0p-1074, Double.MIN_NORMAL, 0.5, 2.0, 1e300,
                Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI / 2, 2 * Math.PI, Math.nextDown(2 * Math.PI), 0.3, 0.78125,
                1 + 0x1.0p-30, 1 - 0x1.0p-30, 0.0, 1e-9, 0x1.0p-28, 100.0, 12345.678, -0.7, -3.0));
        for (int i = 0; i < 4000; i++) {
            xs.add(rnd.nextDouble());                       // log(u1) arguments
            xs.add(2 * Math.PI * rnd.nextDouble());         // cos arguments
            xs.add(Math.scalb(rnd.nextDouble(), -rnd.nextInt(1000)));
        }
        StringBuilder in = new StringBuilder();
        for (double x : xs) {
            in.append(Double.toHexString(x)).append('\n');
        }
        List<String> out = run(in.toString(), "fdlibm", Integer.toString(xs.size()));
        for (int i = 0; i < xs.size(); i++) {
            double x = xs.get(i);
            String[] w = out.get(i).split(" ");
            assertEquals(StrictMath.log(x), parse(w[0]), 0.0, "log(" + x + ")");
            assertEquals(StrictMath.cos(x), parse(w[1]), 0.0, "cos(" + x + ")");
        }
    }

    // ---------------------------------------------------------------- Cholesky

    /** A random symmetric positive-definite matrix B B^T + n I, row-major. */
    private static double[] spd(int n, Random rnd) {
        double[] b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = rnd.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += b[i * n + k] * b[j * n + k];
                }
                a[i * n + j] = s;
            }
        }
        return a;
    }

    private static double[] choleskyReference(double[] a, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            l[j * n + j] = Math.sqrt(d);
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / l[j * n + j];
            }
        }
        return l;
    }

    @Test
    void smallCholeskyFactorsAndZeroesTheUpperTriangle() throws Exception {
        Random rnd = new Random(1);
        for (int n : new int[] {1, 2, 7, 33, 64}) {
            double[] a = spd(n, rnd);
            double[] withGarbageAbove = a.clone();
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    withGarbageAbove[i * n + j] = Double.NaN;  // only the lower triangle may be read
                }
            }
            double[] ref = choleskyReference(a, n);
            for (String type : new String[] {"f64", "f32"}) {
                List<String> out = run(hex(withGarbageAbove), "cholesky", type, Integer.toString(n));
                assertEquals("0", out.get(0), "status of n=" + n + " " + type);
                double tol = type.equals("f64") ? 1e-12 : 1e-4;
                for (int i = 0; i < n * n; i++) {
                    double got = parse(out.get(2 + i));
                    assertEquals(ref[i], got, tol * (1 + Math.abs(ref[i])), "L[" + i / n + "][" + i % n + "] n=" + n + " " + type);
                }
            }
        }
    }

    @Test
    void smallCholeskyReportsTheFailingPivot() throws Exception {
        // L = [[2], [1, 1], [1, 1, ?]]: the leading 2x2 minor is positive definite, the third pivot 1 - 1 - 1 = -1
        double[] a = {4, 0, 0, 2, 2, 0, 2, 2, 1};
        List<String> out = run(hex(a), "cholesky", "f64", "3");
        assertEquals("3", out.get(0));
        assertEquals(-1.0, parse(out.get(1)), 1e-12);
        assertTrue(Double.isNaN(parse(out.get(2 + 8))), "the failed diagonal is NaN");
        assertEquals(2.0, parse(out.get(2)), 0.0);
        List<String> nan = run(hex(new double[] {Double.NaN}), "cholesky", "f64", "1");
        assertEquals("1", nan.get(0), "a NaN pivot is not positive");
    }

    // ---------------------------------------------------------------- triangular solve

    @Test
    void smallTriangularSolveCoversBothTrianglesTransposesAndInPlace() throws Exception {
        Random rnd = new Random(2);
        for (int n : new int[] {1, 5, 64}) {
            for (int k : new int[] {1, 3}) {
                double[] t = new double[n * n];
                for (int i = 0; i < t.length; i++) {
                    t[i] = i / n == i % n ? 2 + rnd.nextDouble() : 0.3 * rnd.nextGaussian();
                }
                double[] b = new double[n * k];
                for (int i = 0; i < b.length; i++) {
                    b[i] = rnd.nextGaussian();
                }
                for (boolean lower : new boolean[] {true, false}) {
                    for (boolean transpose : new boolean[] {false, true}) {
                        for (boolean inPlace : new boolean[] {false, true}) {
                            double[] x = solveReference(t, b, n, k, lower, transpose);
                            List<String> out = run(hex(t) + hex(b), "trsolve", "f64", Integer.toString(n),
                                    Integer.toString(k), lower ? "1" : "0", transpose ? "1" : "0", inPlace ? "1" : "0");
                            for (int i = 0; i < n * k; i++) {
                                assertEquals(x[i], parse(out.get(i)), 1e-12 * (1 + Math.abs(x[i])),
                                        "n=" + n + " k=" + k + " lower=" + lower + " transpose=" + transpose + " element " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    /** op(T) X = B with only the referenced triangle of T read: built densely, solved by Gaussian elimination. */
    private static double[] solveReference(double[] t, double[] b, int n, int k, boolean lower, boolean transpose) {
        double[][] m = new double[n][n + k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int r = transpose ? j : i;
                int c = transpose ? i : j;
                boolean referenced = lower ? c <= r : c >= r;
                m[i][j] = referenced ? t[r * n + c] : 0;
            }
            for (int j = 0; j < k; j++) {
                m[i][n + j] = b[i * k + j];
            }
        }
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < n; i++) {
                if (i != p && m[i][p] != 0) {
                    double f = m[i][p] / m[p][p];
                    for (int j = p; j < n + k; j++) {
                        m[i][j] -= f * m[p][j];
                    }
                }
            }
        }
        double[] x = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                x[i * k + j] = m[i][n + j] / m[i][i];
            }
        }
        return x;
    }

    // ---------------------------------------------------------------- windowed matrix-vector products

    @Test
    void windowedProductsMatchTheCpuBackend() throws Exception {
        org.dust4j.core.Backend cpu = org.dust4j.core.Backends.cpu();
        int seed = 0;
        int fastLayouts = 0;
        int gatherLayouts = 0;
        for (org.dust4j.core.WindowLayout l : WindowFixtures.layouts(2)) {
            for (boolean scaled : new boolean[] {false, true}) {
                double[][] o = WindowFixtures.operands(l, scaled, seed++);
                for (org.dust4j.core.DType dt : new org.dust4j.core.DType[] {org.dust4j.core.DType.FLOAT64,
                        org.dust4j.core.DType.FLOAT32}) {
                    double[][] want = WindowFixtures.run(cpu, l, o, dt);
                    StringBuilder in = new StringBuilder();
                    for (int v : l.packed()) {
                        in.append(v).append('\n');
                    }
                    for (double[] a : o) {
                        if (a != null) {
                            in.append(hex(a));
                        }
                    }
                    String type = dt == org.dust4j.core.DType.FLOAT64 ? "f64" : "f32";
                    boolean fast = WindowedLaunch.kind(l) != 0;
                    fastLayouts += fast ? 1 : 0;
                    boolean gather = WindowedLaunch.gatherApplies(l);
                    gatherLayouts += gather ? 1 : 0;
                    String[] variants = !fast ? new String[] {"fast"} : gather
                            ? new String[] {"fast", "wide", "split", "pipe", "gather"}
                            : new String[] {"fast", "wide", "split", "pipe"};
                    for (String variant : variants) {
                        List<String> out = run(in.toString(), "windowed", type, Integer.toString(l.packed().length),
                                scaled ? "1" : "0", variant);
                        int at = 0;
                        for (int part = 0; part < 3; part++) {
                            for (int i = 0; i < want[part].length; i++) {
                                String what = "part " + part + " element " + i + ", " + l.factorCount() + " factors, "
                                        + (fast ? "class-major " + variant : "generic") + ", scaled " + scaled + ", "
                                        + type;
                                double got = parse(out.get(at++));
                                if (dt == org.dust4j.core.DType.FLOAT64 && part != 1
                                        && !((variant.equals("split") || variant.equals("pipe")) && part == 0)) {
                                    // the same operations in the same order: equal to the last bit
                                    assertEquals(want[part][i], got, 0.0, what);
                                } else {
                                    // float32 of the class-major kernels accumulates in float with fused
                                    // multiply-adds; the coarse cotangent adds the windows in another order than
                                    // the CPU's slabs (generic: colour tuple after colour tuple; class-major:
                                    // atomics; gather: per element, then its parts in the outer inverse's order); the
                                    // split and pipe forwards add partial sums of the window's inputs
                                    double tol = dt == org.dust4j.core.DType.FLOAT64 ? 1e-14 : 1e-5;
                                    assertEquals(want[part][i], got, tol * Math.max(1, Math.abs(want[part][i])), what);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(fastLayouts > 0 && fastLayouts < 4 * WindowFixtures.layouts(2).length,
                "the fixtures cover both the class-major and the generic kernels");
        assertTrue(gatherLayouts > 0, "the fixtures cover the gather adjoint");
    }

    // ---------------------------------------------------------------- line moments

    @Test
    void lineMomentsLaunchesGiveEachPassTheSharedMemoryItsKernelLaysOut() throws Exception {
        boolean[] tangent = {false, true, false, false, true};
        boolean[] pull = {false, false, true, true, true};
        for (int cells : new int[] {1, 40, 772, 2000}) {
            List<String> out = run("", "lmlayout", Integer.toString(cells));
            for (int p = 0; p < tangent.length; p++) {
                assertEquals(CudaBackend.lineSharedBytes(cells, tangent[p], pull[p]), 8 * Long.parseLong(out.get(p)),
                        "pass " + p + " (value, JVP, VJP, Gaussian, push-pull), " + cells + " cells");
                assertEquals(CudaBackend.lineSharedBytesSegments(cells, tangent[p], pull[p]),
                        8 * Long.parseLong(out.get(tangent.length + p)), "segments schedule, pass " + p + ", "
                        + cells + " cells");
            }
        }
    }

    /**
     * The balanced schedule's warp shares (lm_weight, the block scan and lm_cut, thread by thread) against the rule
     * computed here directly: item weights 2·⌈m / 31⌉ + 1, the q-th cut at the item boundary nearest to q·W / 4 (rounded
     * down) among the two around it (the earlier on a tie), and every warp's share within one item's weight (+ 1 for
     * the rounding) of W / 4.
     */
    @Test
    void balancedLineMomentsSharesCutTheGroupByWeight() throws Exception {
        Random rnd = new Random(17);
        int warps = 4;
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 69, 127, 128, 129, 1000, 5000}) {
            for (int trial = 0; trial < 4; trial++) {
                int[] lo = new int[n];
                int[] hi = new int[n];
                for (int i = 0; i < n; i++) {
                    lo[i] = rnd.nextInt(700);
                    // m = hi - lo + 2: mostly short, some long, and in trial 3 one very long item first
                    int m = trial == 3 && i == 0 ? 700 : rnd.nextInt(10) < 7 ? 2 + rnd.nextInt(40) : 2 + rnd.nextInt(300);
                    hi[i] = lo[i] + m - 2;
                }
                StringBuilder in = new StringBuilder();
                for (int v : lo) {
                    in.append(v).append('\n');
                }
                for (int v : hi) {
                    in.append(v).append('\n');
                }
                List<String> out = run(in.toString(), "lmsplit", Integer.toString(n));
                long[] before = new long[n + 1];
                int maxWeight = 0;
                for (int i = 0; i < n; i++) {
                    int w = 2 * Math.ceilDiv(hi[i] - lo[i] + 2, 31) + 1;
                    maxWeight = Math.max(maxWeight, w);
                    before[i + 1] = before[i] + w;
                }
                long total = before[n];
                int[] want = new int[warps + 1];
                want[warps] = n;
                for (int q = 1; q < warps; q++) {
                    long target = q * total / warps;
                    for (int i = 0; i < n; i++) {
                        if (before[i] < target && target <= before[i + 1]) {
                            want[q] = target - before[i] <= before[i + 1] - target ? i : i + 1;
                        }
                    }
                }
                String where = n + " items, trial " + trial;
                for (int q = 0; q <= warps; q++) {
                    assertEquals(want[q], Integer.parseInt(out.get(q).trim()), where + ", split " + q);
                }
                for (int q = 0; q < warps; q++) {
                    assertTrue(want[q] <= want[q + 1], where + ": shares in order");
                    long share = before[want[q + 1]] - before[want[q]];
                    assertTrue(share <= total / warps + maxWeight + 1, where + ": warp " + q + " weighs " + share
                            + " of " + total);
                }
            }
        }
    }

    /**
     * The line-moments kernels' code run on the host against the CPU backend: the warp schedules' sweeps lane by lane,
     * and the segments schedule's rounds phase by phase (linemoments_seg.cuh), on a small layout and on one whose
     * lines hold hundreds of items of up to 700 terms (rounds cut by the 256-segment cap, items of 44 segments).
     */
    @Test
    void lineMomentsMatchTheCpuBackend() throws Exception {
        org.dust4j.core.Backend cpu = org.dust4j.core.Backends.cpu();
        org.dust4j.core.LineMoments[] layouts = {LineFixtures.layout(9, 40, 60, 3), LineFixtures.layout(6, 700, 900, 5)};
        for (String schedule : new String[] {"warp", "segments"}) {
            for (org.dust4j.core.LineMoments l : layouts) {
                if (schedule.equals("warp") && l.cells() > 40) {
                    continue;  // the lane-by-lane emulation of the warp sweeps is slow; the small layout covers it
                }
                double[][] o = LineFixtures.operands(l, 4);
                for (org.dust4j.core.DType dt : new org.dust4j.core.DType[] {org.dust4j.core.DType.FLOAT64,
                        org.dust4j.core.DType.FLOAT32}) {
                    double[][] want = LineFixtures.run(cpu, l, o, dt);
                    double[][] got = hostLineMoments(l, o, dt, schedule, want);
                    // the kernel's order of additions (block scans, warp butterflies or per-segment sums) differs
                    // from the CPU's serial loops
                    LineFixtures.assertParts("host self-check, " + schedule + ", " + l.items() + " items", want, got,
                            dt, dt == org.dust4j.core.DType.FLOAT64 ? 1e-13 : 1e-6);
                }
            }
        }
    }

    /** host_check linemoments on layout l and operands o, its outputs cut into the parts of want. */
    private static double[][] hostLineMoments(org.dust4j.core.LineMoments l, double[][] o, org.dust4j.core.DType dt,
                                              String schedule, double[][] want) throws Exception {
        StringBuilder in = new StringBuilder();
        int[] ints = l.packedInts();
        for (int v : ints) {
            in.append(v).append('\n');
        }
        double[] doubles = l.packedDoubles();
        in.append(hex(doubles));
        for (double[] a : o) {
            in.append(hex(a));
        }
        String type = dt == org.dust4j.core.DType.FLOAT64 ? "f64" : "f32";
        List<String> out = run(in.toString(), "linemoments", type, Integer.toString(l.lines()),
                Integer.toString(l.cells()), Integer.toString(l.groups()), Integer.toString(l.items()),
                Integer.toString(ints.length), Integer.toString(doubles.length),
                Double.toString(l.cdf().zMax()), Integer.toString(l.cdf().perUnit()), schedule);
        double[][] got = new double[want.length][];
        int at = 0;
        for (int p = 0; p < want.length; p++) {
            got[p] = new double[want[p].length];
            for (int i = 0; i < got[p].length; i++) {
                got[p][i] = parse(out.get(at++));
            }
        }
        assertEquals(at, out.size(), "host_check printed more values than the parts hold");
        return got;
    }
}
