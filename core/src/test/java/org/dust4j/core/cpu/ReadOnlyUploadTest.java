package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

class ReadOnlyUploadTest {
    private final Backend cpu = Backends.cpu();

    @Test
    void float64SharesTheArrayAndReadsLikeACopy() {
        double[] data = {1, 2, 3, 4, 5, 6};
        try (Tensor t = cpu.fromHostReadOnly(data, DType.FLOAT64, Shape.of(2, 3));
                Tensor copy = cpu.fromHost(data, DType.FLOAT64, Shape.of(2, 3))) {
            assertSame(data, CpuBackend.doubles(t), "FLOAT64 is shared, not copied");
            assertNotSame(data, CpuBackend.doubles(copy));
            assertArrayEquals(copy.toDoubleArray(), t.toDoubleArray());
            assertArrayEquals(new double[] {4, 5, 6}, t.row(1).toDoubleArray());
        }
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, data, "closing the tensor leaves the array alone");
    }

    @Test
    void float32IsConvertedAndShapesAreChecked() {
        double[] data = {0.1, 0.2};
        try (Tensor t = cpu.fromHostReadOnly(data, DType.FLOAT32, Shape.of(2))) {
            assertArrayEquals(new float[] {0.1f, 0.2f}, t.toFloatArray());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cpu.fromHostReadOnly(data, DType.FLOAT64, Shape.of(3)));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
    }
}
