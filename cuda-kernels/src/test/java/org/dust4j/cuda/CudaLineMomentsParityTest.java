package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.assertClose;

import java.util.Arrays;
import org.dust4j.core.DType;
import org.dust4j.core.LineMoments;
import org.junit.jupiter.api.Test;

/**
 * Line moments (value, JVP, VJP) against the CPU backend in both dtypes, on a small layout and on one with 10^5
 * items, several thousand per line, and 700 cells. Value and JVP repeat the CPU's operations in its order; the VJP's
 * shared-memory atomics add in another order, so each dtype is compared with the CPU in the same dtype to 1e-12
 * (FLOAT64) or 1e-6 (FLOAT32) of the largest magnitude of its part.
 */
class CudaLineMomentsParityTest extends GpuSuite {
    @Test
    void valueJvpAndVjpMatchTheCpu() {
        LineMoments[] layouts = {LineFixtures.layout(9, 40, 60, 3), LineFixtures.layout(64, 700, 100_000, 5)};
        for (LineMoments l : layouts) {
            double[][] o = LineFixtures.operands(l, 11);
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                double[][] want = LineFixtures.run(cpu, l, o, dt);
                double[][] got = LineFixtures.run(gpu, l, o, dt);
                String[] parts = {"mean", "variance", "dMean", "dVariance", "x cotangent"};
                for (int p = 0; p < parts.length; p++) {
                    double scale = 0;
                    for (double v : want[p]) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    double[] s = new double[want[p].length];
                    Arrays.fill(s, scale);
                    assertClose(parts[p] + ", " + l.items() + " items, " + dt, want[p], got[p], dt,
                            dt == DType.FLOAT64 ? 1e-12 : 1e-6, s);
                }
            }
        }
    }
}
