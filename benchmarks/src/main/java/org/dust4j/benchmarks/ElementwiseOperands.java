package org.dust4j.benchmarks;

import org.dust4j.core.Backend;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.Tensor;

/** The inputs of the elementwise benchmarks ({@link CpuBandwidthBenchmark}, {@link CpuTranscendentalBenchmark}). */
final class ElementwiseOperands {
    private ElementwiseOperands() {
    }

    /**
     * Fills a uniformly in [0.5, 1.5) and b in [1, 2), inside every benchmarked operation's domain (and not a
     * constant that a library might special-case), and prints the backend's description, which names the path
     * of the transcendental operations.
     */
    static void fill(Backend cpu, Tensor a, Tensor b) {
        cpu.randomUniform(1, 0, a);
        cpu.binaryScalar(BinaryOp.ADD, a, 0.5, a);
        cpu.randomUniform(2, 0, b);
        cpu.binaryScalar(BinaryOp.ADD, b, 1.0, b);
        System.out.println("# backend: " + cpu.description());
    }
}
