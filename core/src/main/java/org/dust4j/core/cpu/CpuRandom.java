package org.dust4j.core.cpu;

import java.util.function.LongToDoubleFunction;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.random.Philox;

/**
 * Random draws of the CPU backend: element i of the output takes stream position offset + i of the
 * Philox4x32-10 streams defined in {@link Philox}, so the result does not depend on how the work is split
 * over threads.
 */
final class CpuRandom {
    /** Elements per parallel chunk: one draw costs some 20-60 ns. */
    private static final int GRAIN = 1 << 12;

    private CpuRandom() {
    }

    static void normal(long seed, long offset, Tensor out) {
        // the FLOAT32 normal is the FLOAT64 normal rounded, which the float store below does
        fill(out, offset, j -> Philox.normalDouble(seed, j));
    }

    static void uniform(long seed, long offset, Tensor out) {
        // FLOAT32 uniforms are multiples of 2^-24 and pass through double exactly
        fill(out, offset, out.dtype() == DType.FLOAT32 ? j -> Philox.uniformFloat(seed, j)
                : j -> Philox.uniformDouble(seed, j));
    }

    /** out[i] = draw(offset + i), rounded to float for FLOAT32 tensors. */
    private static void fill(Tensor out, long offset, LongToDoubleFunction draw) {
        int o = CpuBackend.off(out);
        if (out.dtype() == DType.FLOAT64) {
            double[] d = CpuBackend.doubles(out);
            Parallel.forRange(out.size(), GRAIN, (from, to) -> {
                for (long i = from; i < to; i++) {
                    d[o + (int) i] = draw.applyAsDouble(offset + i);
                }
            });
        } else {
            float[] f = CpuBackend.floats(out);
            Parallel.forRange(out.size(), GRAIN, (from, to) -> {
                for (long i = from; i < to; i++) {
                    f[o + (int) i] = (float) draw.applyAsDouble(offset + i);
                }
            });
        }
    }
}
