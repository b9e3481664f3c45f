package org.dust4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compute cost of the CPU backend's transcendental elementwise operations in ns per element on one core: each
 * operation runs over {@value #N} elements, which stay in cache, so that memory bandwidth does not limit it,
 * on a single backend thread ({@code -Ddust4j.cpu.threads=1}). {@link CpuBandwidthBenchmark} measures the same
 * operations streaming from memory on all cores; this one tells how many ns per element and core an operation
 * may cost at most to keep up with a given fraction of the memory bandwidth, and is much less disturbed by
 * other load on a shared machine.
 *
 * <p>Inputs as in {@link CpuBandwidthBenchmark#fillOperands} (b is the exponent of POW). The forks resolve
 * {@code jdk.incubator.vector}, so the backend uses its vector kernels; {@code -jvmArgsPrepend
 * -Ddust4j.cpu.simd=false} measures its scalar loops. Run e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar CpuTranscendentalBenchmark -f 1 -wi 2 -i 5}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED", "--add-modules",
    "jdk.incubator.vector", "-Ddust4j.cpu.threads=1"})
@State(Scope.Benchmark)
public class CpuTranscendentalBenchmark {
    /** Elements per operation: 32 KiB of FLOAT64 per array, cache-resident. */
    static final int N = 4096;

    /** A transcendental {@link UnaryOp}, or POW (binary). */
    @Param({"EXP", "LOG", "LOG1P", "EXPM1", "TANH", "SOFTPLUS", "SIGMOID", "POW"})
    public String op;

    @Param({"FLOAT64", "FLOAT32"})
    public DType dtype;

    /** The values of {@link #op}. */
    private static final String[] OPS = {"EXP", "LOG", "LOG1P", "EXPM1", "TANH", "SOFTPLUS", "SIGMOID", "POW"};

    Backend cpu;
    Tensor a;
    Tensor b;
    Tensor out;

    @Setup(Level.Trial)
    public void setUp() {
        cpu = Backends.cpu();
        a = cpu.zeros(dtype, Shape.of(N));
        b = cpu.zeros(dtype, Shape.of(N));
        out = cpu.zeros(dtype, Shape.of(N));
        CpuBandwidthBenchmark.fillOperands(cpu, a, b);
        // as in an application, the other operations run first, so that the kernels are compiled before the
        // measured operation first runs in them (a slow path in a JVM that has not bound its library function)
        for (String other : OPS) {
            for (int k = 0; k < 200 && !other.equals(op); k++) {
                run(other);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        out.close();
    }

    /** One pass of the operation; JMH reports the time per element. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void perElement() {
        run(op);
    }

    private void run(String operation) {
        if (operation.equals("POW")) {
            cpu.binary(BinaryOp.POW, a, b, out);
        } else {
            cpu.unary(UnaryOp.valueOf(operation), a, out);
        }
    }
}
