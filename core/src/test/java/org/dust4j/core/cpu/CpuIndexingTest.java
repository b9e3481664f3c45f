package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.Fixtures.CPU;
import static org.dust4j.core.cpu.Fixtures.LARGE;
import static org.dust4j.core.cpu.Fixtures.assertPaddingIntact;
import static org.dust4j.core.cpu.Fixtures.stored;
import static org.dust4j.core.cpu.Fixtures.tensor;
import static org.dust4j.core.cpu.Fixtures.uniform;
import static org.dust4j.core.cpu.Fixtures.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** gather and scatterAdd along axis 0 of the CPU backend against reference loops. */
class CpuIndexingTest {

    /**
     * (table rows n, index length m, row dims): single-element rows serial and parallel, rows of several
     * elements, many duplicates into few rows, long rows (split by columns), empty index and empty rows.
     */
    static List<Arguments> cases() {
        Object[][] c = {
            {1, 1, new int[0]}, {10, 7, new int[0]}, {1000, LARGE, new int[0]}, {50, 300, new int[] {3, 4}},
            {7, LARGE, new int[0]}, {3, 2 * LARGE / 5, new int[] {5}}, {20, 200, new int[] {1500}},
            {5, 0, new int[] {2}}, {5, 9, new int[] {0}}
        };
        List<Arguments> l = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int i = 0; i < c.length; i++) {
                l.add(Arguments.of(t, c[i][0], c[i][1], c[i][2], i % 2 == 1));
            }
        }
        return l;
    }

    private static int[] dims(int first, int[] rowDims) {
        int[] d = new int[rowDims.length + 1];
        d[0] = first;
        System.arraycopy(rowDims, 0, d, 1, rowDims.length);
        return d;
    }

    private static int rowSize(int[] rowDims) {
        int r = 1;
        for (int d : rowDims) {
            r *= d;
        }
        return r;
    }

    private static int[] indices(long seed, int m, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = r.nextInt(n);
        }
        return idx;
    }

    private static Tensor indexTensor(int[] idx, boolean view) {
        if (!view) {
            return CPU.fromHost(idx, Shape.of(idx.length));
        }
        int[] padded = new int[idx.length + 3];
        System.arraycopy(idx, 0, padded, 2, idx.length);
        return CPU.fromHost(padded, Shape.of(padded.length)).slice(2, 2 + idx.length);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gatherMatchesReference(DType t, int n, int m, int[] rowDims, boolean view) {
        int row = rowSize(rowDims);
        double[] table = stored(uniform(111, n * row, -1, 1), t);
        int[] idx = indices(112, m, n);
        double[] want = new double[m * row];
        for (int i = 0; i < m; i++) {
            System.arraycopy(table, idx[i] * row, want, i * row, row);
        }
        Tensor out = zeros(t, view, dims(m, rowDims));
        CPU.gather(tensor(t, table, view, dims(n, rowDims)), indexTensor(idx, view), out);
        assertArrayEquals(want, out.toDoubleArray(), "gather " + t);
        assertPaddingIntact(out);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void scatterAddEqualsSerialLoopBitForBit(DType t, int n, int m, int[] rowDims, boolean view) {
        int row = rowSize(rowDims);
        double[] src = stored(uniform(121, m * row, -1, 1), t);
        double[] initial = stored(uniform(122, n * row, -1, 1), t);
        int[] idx = indices(123, m, n);
        // the serial loop in the tensor's own arithmetic: the kernel promises exactly this result
        double[] want = initial.clone();
        float[] wantF = new float[n * row];
        for (int j = 0; j < wantF.length; j++) {
            wantF[j] = (float) initial[j];
        }
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < row; c++) {
                want[idx[i] * row + c] += src[i * row + c];
                wantF[idx[i] * row + c] += (float) src[i * row + c];
            }
        }
        Tensor out = tensor(t, initial, view, dims(n, rowDims));
        CPU.scatterAdd(tensor(t, src, view, dims(m, rowDims)), indexTensor(idx, view), out);
        if (t == DType.FLOAT64) {
            assertArrayEquals(want, out.toDoubleArray(), "scatterAdd " + t);
        } else {
            assertArrayEquals(wantF, out.toFloatArray(), "scatterAdd " + t);
        }
        assertPaddingIntact(out);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void outOfRangeIndexNamesPositionAndValueAndWritesNothing(DType t) {
        int n = 4;
        int[] idx = indices(131, LARGE, n);
        idx[LARGE - 3] = n;
        idx[LARGE - 2] = -1;
        Tensor table = tensor(t, uniform(132, n * 2, -1, 1), false, n, 2);
        Tensor out = CPU.zeros(t, Shape.of(LARGE, 2));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> CPU.gather(table, indexTensor(idx, true), out));
        assertEquals("index[" + (LARGE - 3) + "] = 4 is out of range [0, 4) of axis 0", e.getMessage());
        assertArrayEquals(new double[2 * LARGE], out.toDoubleArray(), "gather wrote before failing");

        Tensor acc = CPU.zeros(t, Shape.of(n, 2));
        Tensor src = tensor(t, uniform(133, 2 * LARGE, 1, 2), false, LARGE, 2);
        idx[LARGE - 3] = 0;
        IndexOutOfBoundsException e2 = assertThrows(IndexOutOfBoundsException.class,
                () -> CPU.scatterAdd(src, indexTensor(idx, false), acc));
        assertEquals("index[" + (LARGE - 2) + "] = -1 is out of range [0, 4) of axis 0", e2.getMessage());
        assertArrayEquals(new double[2 * n], acc.toDoubleArray(), "scatterAdd wrote before failing");
    }
}
