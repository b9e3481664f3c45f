package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.Fixtures.CPU;
import static org.dust4j.core.cpu.Fixtures.LARGE;
import static org.dust4j.core.cpu.Fixtures.accurateSum;
import static org.dust4j.core.cpu.Fixtures.assertClose;
import static org.dust4j.core.cpu.Fixtures.assertPaddingIntact;
import static org.dust4j.core.cpu.Fixtures.reduceTol;
import static org.dust4j.core.cpu.Fixtures.stored;
import static org.dust4j.core.cpu.Fixtures.tensor;
import static org.dust4j.core.cpu.Fixtures.uniform;
import static org.dust4j.core.cpu.Fixtures.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Reductions, dot and cumsum of the CPU backend in both dtypes against reference loops. */
class CpuReductionsTest {

    /** Straightforward reference: compensated sums, plain max/min loops. */
    static double reference(ReduceOp op, double[] v) {
        return switch (op) {
            case SUM -> accurateSum(v);
            case L1 -> accurateSum(Arrays.stream(v).map(Math::abs).toArray());
            case L2 -> Math.sqrt(accurateSum(Arrays.stream(v).map(x -> x * x).toArray()));
            case MAX -> {
                double m = Double.NEGATIVE_INFINITY;
                for (double x : v) {
                    m = Math.max(m, x);
                }
                yield m;
            }
            case MIN -> {
                double m = Double.POSITIVE_INFINITY;
                for (double x : v) {
                    m = Math.min(m, x);
                }
                yield m;
            }
        };
    }

    private static double reduceAll(ReduceOp op, Tensor x, boolean view) {
        Tensor out = zeros(x.dtype(), view);
        CPU.reduceAll(op, x, out);
        assertPaddingIntact(out);
        return out.item();
    }

    // ---------------------------------------------------------------- reduceAll, dot

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void reduceAllMatchesReference(DType t, int n, boolean view) {
        double[] data = stored(uniform(81, n, -0.5, 1), t);
        Tensor x = tensor(t, data, view, n);
        for (ReduceOp op : ReduceOp.values()) {
            double want = reference(op, data);
            assertClose(want, reduceAll(op, x, view), reduceTol(t), op + " of " + n + " " + t);
        }
        assertArrayEquals(data, x.toDoubleArray(), "input unchanged");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void reduceAllOfEmptyGivesIdentities(DType t) {
        Tensor x = CPU.zeros(t, Shape.of(0, 3));
        assertEquals(0.0, reduceAll(ReduceOp.SUM, x, false));
        assertEquals(0.0, reduceAll(ReduceOp.L1, x, false));
        assertEquals(0.0, reduceAll(ReduceOp.L2, x, false));
        assertEquals(Double.NEGATIVE_INFINITY, reduceAll(ReduceOp.MAX, x, false));
        assertEquals(Double.POSITIVE_INFINITY, reduceAll(ReduceOp.MIN, x, false));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void maxAndMinPropagateNaN(DType t) {
        double[] data = uniform(82, LARGE, -1, 1);
        data[LARGE - 100] = Double.NaN;
        Tensor x = tensor(t, data, true, LARGE);
        assertTrue(Double.isNaN(reduceAll(ReduceOp.MAX, x, false)));
        assertTrue(Double.isNaN(reduceAll(ReduceOp.MIN, x, false)));
        assertTrue(Double.isNaN(reduceAll(ReduceOp.L2, x, false)));
        Tensor rows = x.reshape(LARGE / 3, 3);
        Tensor out = CPU.zeros(t, Shape.of(3));
        CPU.reduce(ReduceOp.MAX, rows, 0, out);
        double[] m = out.toDoubleArray();
        int nanColumn = (LARGE - 100) % 3;
        for (int j = 0; j < 3; j++) {
            assertEquals(j == nanColumn, Double.isNaN(m[j]), "column " + j + " max " + m[j]);
        }
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void l2DoesNotOverflowOrUnderflow(DType t, int n, boolean view) {
        if (n == 0) {
            return;
        }
        double[] scales = t == DType.FLOAT64 ? new double[] {1e300, 1e-300, 1e200, 1e-170, 1} : new double[] {1e30, 1e-30};
        for (double s : scales) {
            double[] data = new double[n];
            Arrays.fill(data, s);
            data[0] = 3 * s;
            data[n - 1] = -4 * s;
            double[] sd = stored(data, t);
            double fs = stored(new double[] {s}, t)[0];
            // ||x||² = (n-2) s² + 9 s² + 16 s² (for n >= 3), computed here relative to s
            double want = n == 1 ? 4 * fs : n == 2 ? 5 * fs : fs * Math.sqrt(n - 2 + 9 + 16);
            Tensor x = tensor(t, sd, view, n);
            assertClose(want, reduceAll(ReduceOp.L2, x, view), reduceTol(t), "L2 with scale " + s + " n " + n);
        }
        double[] special = new double[n];
        special[n / 2] = Double.POSITIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, reduceAll(ReduceOp.L2, tensor(t, special, view, n), view));
        assertEquals(0.0, reduceAll(ReduceOp.L2, zeros(t, view, n), view));
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void dotMatchesReference(DType t, int n, boolean view) {
        double[] a = stored(uniform(83, n, -0.5, 1), t);
        double[] b = stored(uniform(84, n, 0.5, 1.5), t);
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = a[i] * b[i];
        }
        Tensor out = zeros(t, view, 1);
        CPU.dot(tensor(t, a, view, n), tensor(t, b, view, n), out);
        assertClose(accurateSum(p), out.item(), reduceTol(t), "dot of " + n + " " + t);
        assertPaddingIntact(out);
    }

    // ---------------------------------------------------------------- reduce along an axis

    /** Shapes and axes covering: contiguous rows (few and many), strided columns, long axes, empty axes. */
    static List<Arguments> axisCases() {
        int[][] shapes = {
            {3, 5, 7}, {3, 5, 7}, {3, 5, 7}, {3, 5, 7},
            {1, LARGE}, {2, LARGE}, {40, 5000}, {LARGE / 3, 3}, {5, 300, 70}, {3, 5000, 40}, {6},
            {3, 0, 2}, {0, 4}, {4, 0}
        };
        int[] axes = {0, 1, 2, -1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0};
        List<Arguments> l = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int c = 0; c < shapes.length; c++) {
                l.add(Arguments.of(t, shapes[c], axes[c], c % 2 == 0));
            }
        }
        return l;
    }

    /** The values along axis for every (outer, inner) position, in output order. */
    static double[][] lanes(double[] x, Shape shape, int axis) {
        int a = shape.normalizeAxis(axis);
        int n = shape.dim(a);
        int outer = (int) shape.outer(a);
        int inner = (int) shape.inner(a);
        double[][] lanes = new double[outer * inner][n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                for (int k = 0; k < n; k++) {
                    lanes[o * inner + i][k] = x[(o * n + k) * inner + i];
                }
            }
        }
        return lanes;
    }

    @ParameterizedTest
    @MethodSource("axisCases")
    void reduceAlongAxisMatchesReference(DType t, int[] dims, int axis, boolean view) {
        Shape shape = Shape.of(dims);
        double[] data = stored(uniform(91, (int) shape.size(), -0.5, 1), t);
        Tensor x = tensor(t, data, view, dims);
        Shape outShape = shape.without(axis);
        double[][] lanes = lanes(data, shape, axis);
        for (ReduceOp op : ReduceOp.values()) {
            Tensor out = zeros(t, view, outShape.dims());
            CPU.reduce(op, x, axis, out);
            double[] got = out.toDoubleArray();
            for (int j = 0; j < lanes.length; j++) {
                assertClose(reference(op, lanes[j]), got[j], reduceTol(t),
                        op + " of " + shape + " along " + axis + " " + t + ", output " + j);
            }
            assertPaddingIntact(out);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void reduceAlongAxisEqualsReduceAllOfEachRowBitForBit(DType t) {
        int rows = 5;
        int n = 3 * CpuReductions.BLOCK + 17;
        double[] data = stored(uniform(92, rows * n, -1, 1), t);
        Tensor x = tensor(t, data, true, rows, n);
        for (ReduceOp op : ReduceOp.values()) {
            Tensor out = CPU.zeros(t, Shape.of(rows));
            CPU.reduce(op, x, 1, out);
            for (int r = 0; r < rows; r++) {
                assertEquals(reduceAll(op, x.row(r), false), out.toDoubleArray()[r], op + " row " + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void stridedL2HandlesExtremeColumns(DType t) {
        boolean f64 = t == DType.FLOAT64;
        double big = f64 ? 1e300 : 1e30;
        double tiny = f64 ? 1e-300 : 1e-30;
        // columns: big, tiny, zero, ordinary, NaN, infinity; 3 rows
        double[] data = {
            big, tiny, 0, 1, Double.NaN, 1,
            2 * big, 2 * tiny, 0, 2, 1, Double.POSITIVE_INFINITY,
            2 * big, 2 * tiny, 0, 2, 1, 1
        };
        double[] sd = stored(data, t);
        Tensor x = tensor(t, sd, true, 3, 6);
        Tensor out = CPU.zeros(t, Shape.of(6));
        CPU.reduce(ReduceOp.L2, x, 0, out);
        double[] got = out.toDoubleArray();
        assertClose(3 * sd[0], got[0], reduceTol(t), "big column");
        assertClose(3 * sd[1], got[1], reduceTol(t), "tiny column");
        assertEquals(0.0, got[2], "zero column");
        assertClose(3, got[3], reduceTol(t), "ordinary column");
        assertTrue(Double.isNaN(got[4]), "NaN column gives " + got[4]);
        assertEquals(Double.POSITIVE_INFINITY, got[5], "infinite column");

        Tensor transposedOut = CPU.zeros(t, Shape.of(2));
        CPU.reduce(ReduceOp.L2, tensor(t, new double[] {sd[0], sd[6], sd[12], sd[1], sd[7], sd[13]}, true, 2, 3), 1,
                transposedOut);
        assertClose(3 * sd[0], transposedOut.toDoubleArray()[0], reduceTol(t), "big row");
        assertClose(3 * sd[1], transposedOut.toDoubleArray()[1], reduceTol(t), "tiny row");
    }

    // ---------------------------------------------------------------- cumsum

    static List<Arguments> scanCases() {
        int rowsForRowPath = Parallel.threads() + 1;
        int[][] shapes = {
            {LARGE}, {rowsForRowPath, 9000}, {7, 5, 9}, {7, 5, 9}, {7, 5, 9}, {5000, 40}, {3, 300, 70}, {1},
            {0, 3}, {3, 0}
        };
        int[] axes = {0, 1, 0, 1, 2, 0, 1, 0, 1, 1};
        List<Arguments> l = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int c = 0; c < shapes.length; c++) {
                for (int mode = 0; mode < 4; mode++) {
                    l.add(Arguments.of(t, shapes[c], axes[c], (mode & 1) != 0, (mode & 2) != 0, (c + mode) % 2 == 0));
                }
            }
        }
        return l;
    }

    static double[] cumsumReference(double[] data, Shape shape, int axis, boolean exclusive, boolean reverse) {
        int n = shape.dim(axis);
        int inner = (int) shape.inner(axis);
        double[][] lanes = lanes(data, shape, axis);
        double[] want = new double[data.length];
        for (int j = 0; j < lanes.length; j++) {
            int o = j / inner;
            int i = j % inner;
            double s = 0;
            for (int p = 0; p < n; p++) {
                int k = reverse ? n - 1 - p : p;
                double v = lanes[j][k];
                want[(o * n + k) * inner + i] = exclusive ? s : s + v;
                s += v;
            }
        }
        return want;
    }

    @ParameterizedTest
    @MethodSource("scanCases")
    void cumsumMatchesReference(DType t, int[] dims, int axis, boolean exclusive, boolean reverse, boolean view) {
        Shape shape = Shape.of(dims);
        double[] data = stored(uniform(101, (int) shape.size(), 0, 1), t);
        double[] want = cumsumReference(data, shape, axis, exclusive, reverse);
        String what = "cumsum of " + shape + " along " + axis + (exclusive ? " exclusive" : "") + (reverse ? " reverse" : "")
                + " " + t;
        Tensor x = tensor(t, data, view, dims);
        Tensor out = zeros(t, view, dims);
        CPU.cumsum(x, axis, exclusive, reverse, out);
        assertClose(want, out.toDoubleArray(), reduceTol(t), what);
        assertPaddingIntact(out);
        CPU.cumsum(x, axis, exclusive, reverse, x);
        assertClose(want, x.toDoubleArray(), reduceTol(t), what + " in place");
        assertPaddingIntact(x);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void cumsumOfOneLongRowEqualsRowByRowScanBitForBit(DType t) {
        int rows = Parallel.threads() + 1;
        double[] row = stored(uniform(102, LARGE, -1, 1), t);
        double[] batch = new double[rows * LARGE];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, batch, r * LARGE, LARGE);
        }
        for (int mode = 0; mode < 4; mode++) {
            boolean exclusive = (mode & 1) != 0;
            boolean reverse = (mode & 2) != 0;
            Tensor single = tensor(t, row, false, LARGE);
            CPU.cumsum(single, 0, exclusive, reverse, single);
            Tensor many = tensor(t, batch, false, rows, LARGE);
            CPU.cumsum(many, 1, exclusive, reverse, many);
            double[] s = single.toDoubleArray();
            for (int r = 0; r < rows; r++) {
                assertArrayEquals(s, many.row(r).toDoubleArray(), "row " + r + " mode " + mode);
            }
        }
    }
}
