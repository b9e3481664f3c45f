package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.assertClose;

import org.dust4j.core.DType;
import org.dust4j.core.WindowLayout;
import org.junit.jupiter.api.Test;

/**
 * The windowed matrix-vector products and their adjoint against the CPU backend, in both dtypes, with and without a
 * scale, on layouts of one, two (HEALPix-like) and three factors, small and with 10^5 windows and more: the generic
 * kernels (coloured adjoint) and the variants of the class-major ones (fast, wide, split, pipe, gather).
 * Each dtype is compared with the CPU in the same dtype, to 1e-12 (FLOAT64) and 1e-5 (FLOAT32) of max(|value|, 1).
 * In FLOAT64 both backends accumulate in double in the same order (the class-major kernels add the coarse cotangent
 * with atomics, in another order; the gather adjoint per element, then its parts in the layout's outer inverse order); in FLOAT32 the class-major kernels accumulate in float with fused multiply-adds
 * where the CPU accumulates in double and rounds once (HostKernelCheckTest shows the per-thread code against the CPU
 * on the host).
 */
class CudaWindowedParityTest extends GpuSuite {
    @Test
    void forwardAndAdjointMatchTheCpu() {
        for (String variant : new String[] {"fast", "wide", "split", "pipe", "gather"}) {
            String before = System.getProperty(WindowedLaunch.VARIANT_PROPERTY);
            System.setProperty(WindowedLaunch.VARIANT_PROPERTY, variant);
            try {
                compare(variant);
            } finally {
                if (before == null) {
                    System.clearProperty(WindowedLaunch.VARIANT_PROPERTY);
                } else {
                    System.setProperty(WindowedLaunch.VARIANT_PROPERTY, before);
                }
            }
        }
    }

    /** Every fixture layout, scaled and not, in both dtypes, with the class-major kernels' variant set. */
    private void compare(String variant) {
        int seed = 0;
        for (int scale : new int[] {1, 500}) {
            for (WindowLayout l : WindowFixtures.layouts(scale)) {
                for (boolean scaled : new boolean[] {false, true}) {
                    double[][] o = WindowFixtures.operands(l, scaled, seed++);
                    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        double[][] want = WindowFixtures.run(cpu, l, o, dt);
                        double[][] got = WindowFixtures.run(gpu, l, o, dt);
                        String what = l.factorCount() + " factors, " + l.windows() + " windows, "
                                + (WindowedLaunch.kind(l) == 0 ? "generic" : "class-major " + variant) + ", scaled "
                                + scaled + ", " + dt;
                        String[] parts = {"fine", "coarse cotangent", "xi cotangent"};
                        for (int p = 0; p < 3; p++) {
                            double[] ones = new double[want[p].length];
                            java.util.Arrays.fill(ones, 1);
                            assertClose(parts[p] + " " + what, want[p], got[p], dt,
                                    dt == DType.FLOAT64 ? 1e-12 : 1e-5, ones);
                        }
                    }
                }
            }
        }
    }
}
