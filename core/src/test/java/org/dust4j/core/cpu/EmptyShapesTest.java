package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.LinalgFixtures.CPU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

/** Zero-sized matrices, batches and right-hand sides are accepted (no exception, no stray writes). */
class EmptyShapesTest {
    @Test
    void factorisationsOfEmptyMatricesAndBatches() {
        for (int[] dims : new int[][] {{0, 0}, {3, 0, 0}, {0, 4, 4}}) {
            try (Tensor a = CPU.zeros(DType.FLOAT64, Shape.of(dims)); Tensor l = CPU.zeros(DType.FLOAT64, Shape.of(dims));
                    Tensor w = CPU.zeros(DType.FLOAT64, a.shape().without(-1));
                    Tensor v = CPU.zeros(DType.FLOAT64, Shape.of(dims))) {
                CPU.cholesky(a, l);
                CPU.symmetricEigen(a, w, v);
                CPU.triangularSolve(a, true, false, l, v);
            }
        }
    }

    @Test
    void triangularSolveWithoutRightHandSides() {
        try (Tensor t = CPU.fromHost(new double[] {2, 0, 1, 3}, DType.FLOAT32, Shape.of(2, 2));
                Tensor b = CPU.zeros(DType.FLOAT32, Shape.of(5, 2, 0)); Tensor x = CPU.zeros(DType.FLOAT32, Shape.of(5, 2, 0))) {
            Tensor padded = LinalgFixtures.view(new double[0], DType.FLOAT32, 9, 5, 2, 0);
            CPU.triangularSolve(t, true, true, b, padded);
            CPU.triangularSolve(t, true, true, b, x);
            assertArrayEquals(new double[] {2, 0, 1, 3}, t.toDoubleArray());
            LinalgFixtures.assertPadding(padded, 9);
        }
    }
}
