package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;

/** Bit patterns of tensors, for bit-identity assertions. */
final class Bits {
    private Bits() {
    }

    /** The IEEE bit patterns of the elements (float bits widened for FLOAT32). */
    static List<Long> of(Tensor t) {
        if (t.dtype() == DType.FLOAT32) {
            float[] f = t.toFloatArray();
            Long[] b = new Long[f.length];
            for (int i = 0; i < f.length; i++) {
                b[i] = (long) Float.floatToRawIntBits(f[i]);
            }
            return Arrays.asList(b);
        }
        return Arrays.stream(t.toDoubleArray()).mapToObj(Double::doubleToRawLongBits).toList();
    }

    static void assertSameBits(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what);
        assertArrayEquals(expected.shape().dims(), actual.shape().dims(), what);
        assertEquals(of(expected), of(actual), what + " differs in its bits");
    }

    /** Position, residuals, iteration count, seed, RNG offset and hash are identical. */
    static void assertSameState(MgviState expected, MgviState actual) {
        assertEquals(expected.completedIterations(), actual.completedIterations());
        assertEquals(expected.seed(), actual.seed());
        assertEquals(expected.rngOffset(), actual.rngOffset());
        assertEquals(expected.configHash(), actual.configHash());
        assertSameBits(expected.position(), actual.position(), "position");
        assertEquals(expected.residuals().size(), actual.residuals().size());
        for (int k = 0; k < expected.residuals().size(); k++) {
            assertSameBits(expected.residuals().get(k), actual.residuals().get(k), "residual " + k);
        }
    }
}
