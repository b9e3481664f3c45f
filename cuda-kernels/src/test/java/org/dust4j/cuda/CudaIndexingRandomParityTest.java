package org.dust4j.cuda;

import static org.dust4j.cuda.GpuTests.abs;
import static org.dust4j.cuda.GpuTests.as;
import static org.dust4j.cuda.GpuTests.assertClose;
import static org.dust4j.cuda.GpuTests.normal;
import static org.dust4j.cuda.GpuTests.poisoned;
import static org.dust4j.cuda.GpuTests.put;
import static org.dust4j.cuda.GpuTests.tolerance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.cuda.GpuTests.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Gather, scatter-add and the Philox streams against the CPU backend. */
class CudaIndexingRandomParityTest extends GpuSuite {
    private static int[] indices(int m, int n, long seed) {
        Random r = new Random(seed);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = r.nextInt(n);
        }
        return idx;
    }

    @Test
    void gatherAndScatterAddRows() {
        int[][] rowShapes = {{}, {3}, {2, 5}};
        for (DType d : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : new int[] {1, 31, 1000}) {
                for (int[] row : rowShapes) {
                    for (int m : new int[] {0, 1, 1000, (1 << 16) + 3}) {
                        int[] tableDims = new int[row.length + 1];
                        tableDims[0] = n;
                        System.arraycopy(row, 0, tableDims, 1, row.length);
                        Shape table = Shape.of(tableDims);
                        Shape rows = table.with(0, m);
                        String what = d + " table " + table + " m=" + m;
                        int[] idx = indices(m, n, n * 31L + m);
                        double[] x = as(d, normal((int) table.size(), 30));
                        double[] src = as(d, normal((int) rows.size(), 31));
                        try (Scope scope = new Scope()) {
                            Tensor ci = scope.track(cpu.fromHost(idx, Shape.of(m)));
                            Tensor gi = scope.track(gpu.fromHost(idx, Shape.of(m)));
                            Tensor cout = scope.track(cpu.zeros(DType.FLOAT64, rows));
                            cpu.gather(put(cpu, scope, x, DType.FLOAT64, table), ci, cout);
                            Tensor gout = poisoned(gpu, scope, d, rows);
                            gpu.gather(put(gpu, scope, x, d, table), gi, gout);
                            assertClose("gather " + what, cout.toDoubleArray(), gout.toDoubleArray(), d, 0.0, null);

                            Tensor ctab = put(cpu, scope, x, DType.FLOAT64, table);
                            cpu.scatterAdd(put(cpu, scope, src, DType.FLOAT64, rows), ci, ctab);
                            Tensor scale = put(cpu, scope, abs(x), DType.FLOAT64, table);
                            cpu.scatterAdd(put(cpu, scope, abs(src), DType.FLOAT64, rows), ci, scale);
                            Tensor gtab = put(gpu, scope, x, d, table);
                            gpu.scatterAdd(put(gpu, scope, src, d, rows), gi, gtab);
                            assertClose("scatterAdd " + what, ctab.toDoubleArray(), gtab.toDoubleArray(), d,
                                    tolerance(d, true), scale.toDoubleArray());
                        }
                    }
                }
            }
        }
    }

    @Test
    void indicesOutOfRangeAreReportedAtTheNextSynchronisation() {
        try (Scope scope = new Scope()) {
            Tensor x = scope.track(gpu.zeros(DType.FLOAT64, Shape.of(10, 3)));
            int[] idx = {0, 9, 4, 2, 7, -1, 3};
            Tensor bad = scope.track(gpu.fromHost(idx, Shape.of(idx.length)));
            Tensor out = scope.track(gpu.zeros(DType.FLOAT64, Shape.of(idx.length, 3)));
            gpu.gather(x, bad, out);  // queued: the GPU finds the bad index
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, gpu::synchronize);
            assertTrue(e.getMessage().startsWith("gather: index[5] = -1 is out of range [0, 10)"), e.getMessage());
            gpu.synchronize();  // reported once, then cleared

            int[] tooBig = {10};
            Tensor big = scope.track(gpu.fromHost(tooBig, Shape.of(1)));
            gpu.scatterAdd(scope.track(gpu.zeros(DType.FLOAT32, Shape.of(1, 3))), big,
                    scope.track(gpu.zeros(DType.FLOAT32, Shape.of(10, 3))));
            e = assertThrows(IndexOutOfBoundsException.class, () -> out.toDoubleArray());
            assertTrue(e.getMessage().startsWith("scatterAdd: index[0] = 10 is out of range [0, 10)"), e.getMessage());

            Tensor empty = scope.track(gpu.zeros(DType.FLOAT64, Shape.of(10, 0)));
            gpu.gather(empty, bad, scope.track(gpu.zeros(DType.FLOAT64, Shape.of(idx.length, 0))));
            assertThrows(IndexOutOfBoundsException.class, gpu::synchronize, "rows of zero elements still check indices");
        }
    }

    @ParameterizedTest
    @MethodSource("dtypesAndSizes")
    void philoxStreamsAreBitIdenticalToTheCpu(DType d, int n) {
        long[][] seedsAndOffsets = {{0, 0}, {42, 12345}, {-1, (1L << 32) - 3}, {0x5DEECE66DL, -7}};
        for (long[] so : seedsAndOffsets) {
            for (boolean normalDraw : new boolean[] {false, true}) {
                String what = (normalDraw ? "normal" : "uniform") + " " + d + " n=" + n + " seed=" + so[0] + " offset=" + so[1];
                try (Scope scope = new Scope()) {
                    Tensor c = scope.track(cpu.zeros(d, Shape.of(n)));
                    Tensor g = poisoned(gpu, scope, d, Shape.of(n));
                    if (normalDraw) {
                        cpu.randomNormal(so[0], so[1], c);
                        gpu.randomNormal(so[0], so[1], g);
                    } else {
                        cpu.randomUniform(so[0], so[1], c);
                        gpu.randomUniform(so[0], so[1], g);
                    }
                    assertBitIdentical(what, c.toDoubleArray(), g.toDoubleArray(), d);
                }
            }
        }
    }

    /** Exact equality, or a failure that reports how far off (in ulps) and how often. */
    private static void assertBitIdentical(String what, double[] want, double[] got, DType d) {
        int differing = 0;
        double worstUlps = 0;
        int first = -1;
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
                differing++;
                double ulp = d == DType.FLOAT32 ? Math.ulp((float) want[i]) : Math.ulp(want[i]);
                worstUlps = Math.max(worstUlps, Math.abs(got[i] - want[i]) / ulp);
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (differing > 0) {
            fail(what + ": " + differing + " of " + want.length + " elements differ, worst by " + worstUlps
                    + " ulp; first at " + first + ": " + got[first] + " instead of " + want[first]);
        }
    }

    @Test
    void aDrawAtAnOffsetContinuesTheStream() {
        try (Scope scope = new Scope()) {
            Tensor whole = scope.track(gpu.zeros(DType.FLOAT64, Shape.of(5000)));
            Tensor tail = scope.track(gpu.zeros(DType.FLOAT64, Shape.of(3000)));
            gpu.randomNormal(9, 100, whole);
            gpu.randomNormal(9, 2100, tail);
            double[] w = whole.toDoubleArray();
            double[] t = tail.toDoubleArray();
            for (int i = 0; i < t.length; i++) {
                assertEquals(w[2000 + i], t[i], 0.0);
            }
        }
    }
}
