package org.dust4j.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Memory bandwidth of the CPU backend's elementwise work against a plain array copy (the ceiling).
 *
 * <p>Each benchmark streams over arrays of {@code size} elements of {@code dtype}; the bandwidth is
 * bytes moved / time, counting every array read once and every array written once ({@link #ARRAYS}):
 * <pre>
 *   arraycopySerial, arraycopyParallel, backendCopy : 2 arrays (read x, write out)
 *   backendExp, backendLog, backendTanh (unary)     : 2 arrays (read x, write out)
 *   backendAdd, backendPow (binary), backendAxpby   : 3 arrays (read a, b, write out)
 *   backendSum (reduceAll SUM)                      : 1 array  (read x)
 * </pre>
 * The inputs a and b are uniform in [0.5, 1.5) and [1, 2) ({@link ElementwiseOperands}).
 * The write-allocate reads that caches add for written lines are not counted, for the baseline neither.
 * The ceiling is the faster of two plain copies of the same size and dtype: {@code arraycopySerial}, one
 * {@link System#arraycopy} on one core, and {@code arraycopyParallel}, System.arraycopy in chunks over all
 * cores (one core alone does not saturate the memory of a large machine; on a small busy one the serial copy
 * can be faster).
 *
 * <p>Run with JMH's usual options through the shaded jar, e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar CpuBandwidthBenchmark -f 1 -wi 2 -i 5} (ms/op), or
 * through this class's {@link #main}, which takes the same options and also prints a GB/s table. The forks
 * resolve {@code jdk.incubator.vector}, so the backend evaluates the transcendental operations with its vector
 * kernels; {@code -jvmArgsPrepend -Ddust4j.cpu.simd=false} measures its scalar loops instead. Each fork prints
 * the backend's description, which names the path in use.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--add-modules",
    "jdk.incubator.vector"})
public class CpuBandwidthBenchmark {
    /** Arrays each benchmark reads or writes once per operation. */
    static final Map<String, Integer> ARRAYS = Map.of(
            "arraycopySerial", 2, "arraycopyParallel", 2, "backendCopy", 2, "backendExp", 2, "backendLog", 2,
            "backendTanh", 2, "backendAdd", 3, "backendPow", 3, "backendAxpby", 3, "backendSum", 1);

    /** The parameters shared by both states: elements per array and their dtype. */
    @State(Scope.Benchmark)
    public abstract static class Sized {
        @Param({"10000000", "100000000"})
        public int size;

        @Param({"FLOAT64", "FLOAT32"})
        public DType dtype;
    }

    /** Plain Java arrays for the baseline copies. */
    @State(Scope.Benchmark)
    public static class Arrays extends Sized {
        Object src;
        Object dst;

        @Setup(Level.Trial)
        public void setUp() {
            if (dtype == DType.FLOAT64) {
                double[] s = new double[size];
                java.util.Arrays.fill(s, 0.75);
                src = s;
                dst = new double[size];
            } else {
                float[] s = new float[size];
                java.util.Arrays.fill(s, 0.75f);
                src = s;
                dst = new float[size];
            }
        }
    }

    /** CPU backend tensors a, b (inputs) and out. */
    @State(Scope.Benchmark)
    public static class Tensors extends Sized {
        Backend cpu;
        Tensor a;
        Tensor b;
        Tensor out;
        Tensor scalar;

        @Setup(Level.Trial)
        public void setUp() {
            cpu = Backends.cpu();
            a = cpu.zeros(dtype, Shape.of(size));
            b = cpu.zeros(dtype, Shape.of(size));
            out = cpu.zeros(dtype, Shape.of(size));
            scalar = cpu.zeros(dtype, Shape.scalar());
            ElementwiseOperands.fill(cpu, a, b);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
            out.close();
            scalar.close();
        }
    }

    @Benchmark
    public void arraycopySerial(Arrays s) {
        System.arraycopy(s.src, 0, s.dst, 0, s.size);
    }

    @Benchmark
    public void arraycopyParallel(Arrays s) {
        int chunks = 4 * Runtime.getRuntime().availableProcessors();
        long step = (s.size + chunks - 1L) / chunks;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) Math.min(s.size, c * step);
            int to = (int) Math.min(s.size, from + step);
            System.arraycopy(s.src, from, s.dst, from, to - from);
        });
    }

    @Benchmark
    public void backendCopy(Tensors t) {
        t.cpu.copy(t.a, t.out);
    }

    @Benchmark
    public void backendAdd(Tensors t) {
        t.cpu.binary(BinaryOp.ADD, t.a, t.b, t.out);
    }

    @Benchmark
    public void backendAxpby(Tensors t) {
        t.cpu.axpby(0.5, t.a, 2.0, t.b, t.out);
    }

    @Benchmark
    public void backendExp(Tensors t) {
        t.cpu.unary(UnaryOp.EXP, t.a, t.out);
    }

    @Benchmark
    public void backendLog(Tensors t) {
        t.cpu.unary(UnaryOp.LOG, t.a, t.out);
    }

    @Benchmark
    public void backendTanh(Tensors t) {
        t.cpu.unary(UnaryOp.TANH, t.a, t.out);
    }

    @Benchmark
    public void backendPow(Tensors t) {
        t.cpu.binary(BinaryOp.POW, t.a, t.b, t.out);
    }

    @Benchmark
    public void backendSum(Tensors t) {
        t.cpu.reduceAll(ReduceOp.SUM, t.a, t.scalar);
    }

    /**
     * Runs the benchmarks of this class with JMH command-line options (for example {@code -f 1 -wi 2 -i 5})
     * and prints, from the median time per operation over the measurement iterations, their bandwidth in GB/s
     * and as a fraction of the faster plain array copy of the same size and dtype.
     */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            options.include(CpuBandwidthBenchmark.class.getName() + "\\.");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String name = label.substring(label.lastIndexOf('.') + 1);
            DType dtype = DType.valueOf(r.getParams().getParam("dtype"));
            long size = Long.parseLong(r.getParams().getParam("size"));
            double ms = r.getPrimaryResult().getStatistics().getPercentile(50);
            double bytes = (double) ARRAYS.get(name) * size * dtype.byteSize();
            rows.add(new Row(name, dtype, size, ms, bytes / (ms * 1e-3) / 1e9));
        }
        System.out.printf("%n%-18s %-8s %10s %10s %8s %9s%n", "benchmark", "dtype", "size", "median ms", "GB/s",
                "of copy");
        for (Row row : rows) {
            double ceiling = rows.stream()
                    .filter(c -> c.name.startsWith("arraycopy") && c.dtype == row.dtype && c.size == row.size)
                    .mapToDouble(c -> c.gbs).max().orElse(Double.NaN);
            System.out.printf("%-18s %-8s %10d %10.3f %8.2f %8.0f%%%n", row.name, row.dtype, row.size, row.ms, row.gbs,
                    100 * row.gbs / ceiling);
        }
    }

    private record Row(String name, DType dtype, long size, double ms, double gbs) {
    }
}
