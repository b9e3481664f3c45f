package org.dust4j.cuda;

import org.dust4j.core.DType;
import org.dust4j.core.LineMoments;
import org.junit.jupiter.api.Test;

/**
 * Line moments (value, JVP, VJP, the fused Gaussian pull-back and the diagonal push-pull) against the CPU backend in
 * both dtypes, on a small layout and on one with 10^5 items, several thousand per line, and 700 cells. The GPU adds in
 * another order (block scans, warp sums of shifted moments or per-segment sums, shared-memory atomics), so each dtype
 * is compared with the CPU in the same dtype to 1e-12 (FLOAT64) or 1e-6 (FLOAT32) of the largest magnitude of its
 * part, with every schedule of a group's items (static, balanced, segments).
 */
class CudaLineMomentsParityTest extends GpuSuite {
    /** Every schedule ({@link CudaBackend#LINE_SCHEDULE_PROPERTY}). */
    @Test
    void valueJvpVjpAndGaussianMatchTheCpu() {
        LineMoments[] layouts = {LineFixtures.layout(9, 40, 60, 3), LineFixtures.layout(64, 700, 100_000, 5)};
        String before = System.getProperty(CudaBackend.LINE_SCHEDULE_PROPERTY);
        try {
            for (String schedule : new String[] {"static", "balanced", "segments"}) {
                System.setProperty(CudaBackend.LINE_SCHEDULE_PROPERTY, schedule);
                for (LineMoments l : layouts) {
                    double[][] o = LineFixtures.operands(l, 11);
                    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        LineFixtures.assertParts(l.items() + " items, " + schedule, LineFixtures.run(cpu, l, o, dt),
                                LineFixtures.run(gpu, l, o, dt), dt, dt == DType.FLOAT64 ? 1e-12 : 1e-6);
                    }
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(CudaBackend.LINE_SCHEDULE_PROPERTY);
            } else {
                System.setProperty(CudaBackend.LINE_SCHEDULE_PROPERTY, before);
            }
        }
    }
}
