package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.LinalgFixtures.CPU;
import static org.dust4j.core.cpu.LinalgFixtures.assertPadding;
import static org.dust4j.core.cpu.LinalgFixtures.naiveProduct;
import static org.dust4j.core.cpu.LinalgFixtures.random;
import static org.dust4j.core.cpu.LinalgFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MatmulTest {
    private static final double PAD = -12345.5;

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.LinalgFixtures#dtypesAndTwoFlags")
    void batchedOddSizesMatchTheTripleLoop(DType dtype, boolean ta, boolean tb) {
        int[] batch = {2, 3};
        checkProduct(dtype, ta, tb, batch, batch, 7, 13, 5, 1);
        checkProduct(dtype, ta, tb, batch, batch, 1, 1, 1, 2);
        checkProduct(dtype, ta, tb, new int[0], new int[0], 67, 300, 131, 3); // crosses the 64-row and 256-k blocks
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.LinalgFixtures#dtypesAndTwoFlags")
    void rankTwoOperandsAreSharedAcrossTheBatch(DType dtype, boolean ta, boolean tb) {
        checkProduct(dtype, ta, tb, new int[0], new int[] {4}, 9, 6, 11, 4);
        checkProduct(dtype, ta, tb, new int[] {2, 2}, new int[0], 9, 6, 11, 5);
    }

    @Test
    void wideProductCrossesTheColumnBlock() {
        checkProduct(DType.FLOAT64, false, true, new int[0], new int[0], 5, 70, 1030, 6);
        checkProduct(DType.FLOAT32, true, false, new int[0], new int[0], 5, 70, 1030, 7);
    }

    @Test
    void manySmallMatricesAreSplitOverTheBatch() {
        checkProduct(DType.FLOAT64, false, false, new int[] {257}, new int[] {257}, 3, 4, 5, 8);
        // many vectors times one shared matrix: computed as one tall product
        checkProduct(DType.FLOAT32, false, false, new int[] {1000}, new int[0], 1, 27, 8, 12);
        checkProduct(DType.FLOAT64, false, true, new int[] {10, 30}, new int[0], 2, 27, 8, 13);
    }

    @Test
    void zeroSizedEdges() {
        checkProduct(DType.FLOAT64, false, false, new int[0], new int[0], 0, 4, 5, 9);
        checkProduct(DType.FLOAT64, false, false, new int[0], new int[0], 4, 3, 0, 10);
        checkProduct(DType.FLOAT64, false, false, new int[] {0}, new int[] {0}, 4, 3, 5, 11);
        // k = 0: the product is a zero matrix, whatever out held before
        try (Tensor a = CPU.zeros(DType.FLOAT32, Shape.of(2, 3, 0)); Tensor b = CPU.zeros(DType.FLOAT32, Shape.of(0, 4))) {
            Tensor out = view(filled(24, 7), DType.FLOAT32, PAD, 2, 3, 4);
            CPU.matmul(a, false, b, false, out);
            assertArrayEquals(new double[24], out.toDoubleArray());
            assertPadding(out, PAD);
        }
    }

    /**
     * Multiplies random operands held in offset views, compares with a naive triple loop within the rounding
     * bound |C - Ĉ| <= 2 γ_k |A|·|B| (γ_k = k u / (1 - k u)) and checks that nothing outside out was written.
     */
    private static void checkProduct(DType dtype, boolean ta, boolean tb, int[] batchA, int[] batchB, int m, int k,
            int n, long seed) {
        Random rnd = new Random(seed);
        int[] batch = batchA.length > 0 ? batchA : batchB;
        long count = Arrays.stream(batch).asLongStream().reduce(1, (x, y) -> x * y);
        int[] aDims = dims(batchA, ta ? k : m, ta ? m : k);
        int[] bDims = dims(batchB, tb ? n : k, tb ? k : n);
        Tensor a = view(random(rnd, size(aDims)), dtype, PAD, aDims);
        Tensor b = view(random(rnd, size(bDims)), dtype, PAD, bDims);
        int[] outDims = dims(batch, m, n);
        Tensor out = view(filled(size(outDims), Double.NaN), dtype, PAD, outDims);
        CPU.matmul(a, ta, b, tb, out);
        double[] av = a.toDoubleArray();
        double[] bv = b.toDoubleArray();
        double[] got = out.toDoubleArray();
        double u = LinalgFixtures.unitRoundoff(dtype);
        double gamma = k * u / (1 - k * u);
        for (long i = 0; i < count; i++) {
            int ao = batchA.length > 0 ? (int) i * m * k : 0;
            int bo = batchB.length > 0 ? (int) i * k * n : 0;
            double[] want = naiveProduct(av, ao, ta, bv, bo, tb, m, k, n, false);
            double[] bound = naiveProduct(av, ao, ta, bv, bo, tb, m, k, n, true);
            for (int e = 0; e < m * n; e++) {
                double g = got[(int) i * m * n + e];
                double tol = 2 * gamma * bound[e] + Double.MIN_NORMAL;
                if (!(Math.abs(g - want[e]) <= tol)) {
                    fail("matrix " + i + " element (" + e / n + ", " + e % n + "): got " + g + ", want " + want[e]
                            + " +- " + tol);
                }
            }
        }
        assertPadding(a, PAD);
        assertPadding(b, PAD);
        assertPadding(out, PAD);
    }

    @Test
    void shapeErrorsNameTheOffendingOperands() {
        try (Tensor a = CPU.zeros(DType.FLOAT64, Shape.of(2, 3, 4)); Tensor b = CPU.zeros(DType.FLOAT64, Shape.of(3, 4, 5));
                Tensor b2 = CPU.zeros(DType.FLOAT64, Shape.of(2, 5, 5)); Tensor out = CPU.zeros(DType.FLOAT64, Shape.of(2, 3, 5));
                Tensor wrong = CPU.zeros(DType.FLOAT64, Shape.of(2, 3, 6)); Tensor vec = CPU.zeros(DType.FLOAT64, Shape.of(4))) {
            assertMessage(() -> CPU.matmul(a, false, b2, false, out), "inner dimensions differ");
            assertMessage(() -> CPU.matmul(a, false, b, false, out), "batch axes differ");
            assertMessage(() -> CPU.matmul(a, false, b.row(0), false, wrong), "out must have shape [2, 3, 5]");
            assertMessage(() -> CPU.matmul(vec, false, b, false, out), "a needs at least 2 axes");
            assertMessage(() -> CPU.matmul(a, true, b.row(0), false, out), "op(a) is 4x3");
        }
    }

    @Test
    void outMustNotOverlapAnOperand() {
        try (Tensor s = CPU.zeros(DType.FLOAT64, Shape.of(2, 4, 4))) {
            assertMessage(() -> CPU.matmul(s.row(0), false, s.row(1), false, s.row(0)), "overlap");
            assertMessage(() -> CPU.matmul(s.row(0), false, s.row(1), false, s.row(1)), "overlap");
        }
    }

    @Test
    void identityProductIsExact() {
        int n = 37;
        double[] eye = new double[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        double[] x = random(new Random(12), n * n);
        try (Tensor i = CPU.fromHost(eye, DType.FLOAT64, Shape.of(n, n)); Tensor a = CPU.fromHost(x, DType.FLOAT64, Shape.of(n, n));
                Tensor out = CPU.zeros(DType.FLOAT64, Shape.of(n, n))) {
            CPU.matmul(a, false, i, false, out);
            assertArrayEquals(x, out.toDoubleArray());
            CPU.matmul(i, true, a, false, out);
            assertArrayEquals(x, out.toDoubleArray());
        }
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
    }

    private static int[] dims(int[] batch, int rows, int cols) {
        int[] d = Arrays.copyOf(batch, batch.length + 2);
        d[batch.length] = rows;
        d[batch.length + 1] = cols;
        return d;
    }

    private static int size(int[] dims) {
        return Arrays.stream(dims).reduce(1, (x, y) -> x * y);
    }

    private static double[] filled(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }
}
