package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each micro-kernel of {@link Gemm} (the scalar ones always; the Vector API ones where module
 * {@code jdk.incubator.vector} is resolved, whatever {@link Simd#GEMM} says) against a triple loop, on sizes that
 * are not multiples of the register tiles or blocks, on every storage order of A, B and C (row-major,
 * column-major, strided with gaps, reversed), with and without accumulation and with alpha ≠ 1. Every element of
 * C's array outside C must keep its sentinel value. Surefire runs this class also in a JVM without the Vector API
 * module and in one with {@code -Ddust4j.cpu.simd=false} (see core/pom.xml).
 */
class GemmTest {
    private static final double SENTINEL = -777.25;
    private static final int PAD = 5;

    /** The storage orders of a matrix. */
    private enum Layout {
        ROW_MAJOR, COLUMN_MAJOR, GAPPED, REVERSED
    }

    static Stream<Arguments> kernels() {
        List<Arguments> list = new ArrayList<>();
        for (boolean f64 : new boolean[] {true, false}) {
            String type = f64 ? "float64" : "float32";
            list.add(Arguments.of("scalar " + type, Gemm.Kernel.scalar(f64)));
            if (ModuleLayer.boot().findModule(Simd.MODULE).isPresent()) {
                list.add(Arguments.of("vector " + type, Gemm.Kernel.vector(f64)));
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void awkwardSizesAndLayoutsMatchTheTripleLoop(String name, Gemm.Kernel kernel) {
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 13, 15, 16, 17, 31, 32, 33, 47};
        int[] depths = {1, 2, 3, 5, 8, 17, 64, 100};
        Layout[] layouts = Layout.values();
        Random rnd = new Random(31);
        for (int t = 0; t < 400; t++) {
            int m = sizes[rnd.nextInt(sizes.length)];
            int n = sizes[rnd.nextInt(sizes.length)];
            int k = depths[rnd.nextInt(depths.length)];
            check(kernel, m, n, k, rnd.nextBoolean() ? 1 : -0.75, layouts[rnd.nextInt(4)], layouts[rnd.nextInt(4)],
                    layouts[rnd.nextInt(4)], rnd.nextBoolean(), rnd.nextLong());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void everyPathOfTheDriver(String name, Gemm.Kernel kernel) {
        for (boolean accumulate : new boolean[] {false, true}) {
            double alpha = accumulate ? 2.5 : 1;
            // few rows: B and C row-major are streamed row by row
            check(kernel, 3, 37, 29, alpha, Layout.COLUMN_MAJOR, Layout.ROW_MAJOR, Layout.ROW_MAJOR, accumulate, 1);
            check(kernel, 1, 600, 7, alpha, Layout.ROW_MAJOR, Layout.ROW_MAJOR, Layout.ROW_MAJOR, accumulate, 2);
            // few columns of a column-major A: computed as the transposed product with few rows
            check(kernel, 40, 1, 23, alpha, Layout.COLUMN_MAJOR, Layout.ROW_MAJOR, Layout.ROW_MAJOR, accumulate, 3);
            check(kernel, 41, 3, 9, alpha, Layout.COLUMN_MAJOR, Layout.GAPPED, Layout.COLUMN_MAJOR, accumulate, 4);
            // a row-major A read in place (few column panels), including a partial last row panel
            check(kernel, 45, 2 * kernel.nr, 70, alpha, Layout.ROW_MAJOR, Layout.ROW_MAJOR, Layout.ROW_MAJOR,
                    accumulate, 5);
            check(kernel, 2 * kernel.mr, kernel.nr + 1, 11, alpha, Layout.ROW_MAJOR, Layout.COLUMN_MAJOR,
                    Layout.ROW_MAJOR, accumulate, 6);
            // column-major C: computed as the transposed product
            check(kernel, 19, 23, 13, alpha, Layout.ROW_MAJOR, Layout.ROW_MAJOR, Layout.COLUMN_MAJOR, accumulate, 7);
            // k = 0
            check(kernel, 5, 6, 0, alpha, Layout.ROW_MAJOR, Layout.ROW_MAJOR, Layout.GAPPED, accumulate, 8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void productsCrossTheBlocks(String name, Gemm.Kernel kernel) {
        // depth beyond kc, rows beyond mc, columns beyond nc
        check(kernel, 2 * kernel.mr + 3, 3 * kernel.nr + 5, kernel.kc + 37, -1, Layout.ROW_MAJOR,
                Layout.ROW_MAJOR, Layout.ROW_MAJOR, true, 11);
        check(kernel, kernel.mc + 11, 2 * kernel.nr + 3, 2 * kernel.kc + 1, 0.5, Layout.ROW_MAJOR,
                Layout.COLUMN_MAJOR, Layout.ROW_MAJOR, false, 12);
        check(kernel, 2 * kernel.mc + 13, 3 * kernel.nr + 1, 3, 1, Layout.COLUMN_MAJOR, Layout.ROW_MAJOR,
                Layout.ROW_MAJOR, false, 13);
        check(kernel, kernel.mr + 1, kernel.nc + kernel.nr + 3, 2, 1, Layout.REVERSED, Layout.GAPPED,
                Layout.ROW_MAJOR, true, 14);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void directOperandsAndTheirEdges(String name, Gemm.Kernel kernel) {
        // a column-major A and a narrow row-major B read in place, with partial last panels of both
        check(kernel, 3 * kernel.mr + 5, 2 * kernel.nr, 40, 1, Layout.COLUMN_MAJOR, Layout.ROW_MAJOR,
                Layout.ROW_MAJOR, false, 21);
        check(kernel, 3 * kernel.mr, kernel.nr + 7, kernel.kc + 3, -2, Layout.ROW_MAJOR, Layout.ROW_MAJOR,
                Layout.GAPPED, true, 22);
        check(kernel, 2 * kernel.mr + 1, 2 * kernel.nr - 1, 9, 1, Layout.REVERSED, Layout.REVERSED,
                Layout.ROW_MAJOR, false, 23);
    }

    @Test
    void batchedProductsSplitOverRowsAndColumns() {
        // the split depends on the pool: with one thread, each product is one block
        for (boolean f64 : new boolean[] {true, false}) {
            Gemm.Kernel kernel = Gemm.Kernel.of(f64 ? new double[0] : new float[0]);
            int[][] sizes = {{64, 1000, 32}, {64, 32, 1000}, {1000, 32, 64}, {300, 301, 50}, {9, 700, 20}};
            for (int[] mnk : sizes) {
                checkBatched(kernel, mnk[0], mnk[1], mnk[2], 31 + mnk[0]);
            }
        }
    }

    @Test
    void theDefaultKernelFollowsTheSimdSetting() {
        assertSame(Simd.GEMM ? Gemm.Kernel.vector(true) : Gemm.Kernel.scalar(true), Gemm.Kernel.of(new double[1]));
        assertSame(Simd.GEMM ? Gemm.Kernel.vector(false) : Gemm.Kernel.scalar(false), Gemm.Kernel.of(new float[1]));
        assertEquals(Gemm.Kernel.of(new double[1]).nr, Gemm.panelWidth(new double[1]));
        assertSame(Gemm.Kernel.scalar(true), Gemm.Kernel.of(new double[1], Gemm.SMALL_PRODUCT));
        assertSame(Gemm.Kernel.scalar(false), Gemm.Kernel.of(new float[1], 8 * 8 * 8));
    }

    /** {@link #check} through {@link Gemm#batched} (with the default kernel), for a batch of one. */
    private static void checkBatched(Gemm.Kernel kernel, int m, int n, int k, long seed) {
        boolean f64 = kernel.alloc(0) instanceof double[];
        Random rnd = new Random(seed);
        Stored a = Stored.random(m, k, Layout.ROW_MAJOR, f64, rnd);
        Stored b = Stored.random(k, n, Layout.ROW_MAJOR, f64, rnd);
        Stored c = Stored.random(m, n, Layout.ROW_MAJOR, f64, rnd);
        double[] before = c.values();
        Gemm.batched(1, m, n, k, -1, i -> a.view, i -> b.view, true, i -> c.view);
        compare(kernel, m, n, k, -1, a, b, c, before, true, "batched " + m + "x" + n + "x" + k);
    }

    /**
     * C = alpha·A·B (+ C) with the kernel on random operands stored in the given layouts, against the triple loop
     * within |alpha|·2γ_k |A|·|B| + 2u |C| (plus a tiny absolute slack for subnormal results).
     */
    private static void check(Gemm.Kernel kernel, int m, int n, int k, double alpha, Layout la, Layout lb,
            Layout lc, boolean accumulate, long seed) {
        boolean f64 = kernel.alloc(0) instanceof double[];
        Random rnd = new Random(seed);
        Stored a = Stored.random(m, k, la, f64, rnd);
        Stored b = Stored.random(k, n, lb, f64, rnd);
        Stored c = Stored.random(m, n, lc, f64, rnd);
        double[] before = c.values();
        Gemm.multiply(kernel, m, n, k, alpha, a.view, b.view, accumulate, c.view);
        compare(kernel, m, n, k, alpha, a, b, c, before, accumulate, kernel.getClass().getSimpleName() + " " + m + "x"
                + n + "x" + k + " alpha " + alpha + ", A " + la + ", B " + lb + ", C " + lc
                + (accumulate ? ", accumulate" : ""));
    }

    private static void compare(Gemm.Kernel kernel, int m, int n, int k, double alpha, Stored a, Stored b,
            Stored c, double[] before, boolean accumulate, String what) {
        boolean f64 = kernel.alloc(0) instanceof double[];
        double u = f64 ? 0x1.0p-53 : 0x1.0p-24;
        double gamma = (k + 2) * u / (1 - (k + 2) * u);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = a.get(i, p) * b.get(p, j);
                    sum += x;
                    abs += Math.abs(x);
                }
                double old = accumulate ? before[i * n + j] : 0;
                double want = old + alpha * sum;
                double tol = 2 * gamma * (Math.abs(alpha) * abs + Math.abs(old)) + 1e-300;
                double got = c.get(i, j);
                if (!(Math.abs(got - want) <= tol)) {
                    fail(what + ": element (" + i + ", " + j + ") is " + got + ", want " + want + " +- " + tol);
                }
            }
        }
        c.assertOutsideUntouched(what);
        a.assertOutsideUntouched(what + " (A)");
        b.assertOutsideUntouched(what + " (B)");
    }

    /** A rows×cols matrix in a larger array whose other elements hold {@link #SENTINEL}. */
    private record Stored(MatrixView view, int rows, int cols) {
        static Stored random(int rows, int cols, Layout layout, boolean f64, Random rnd) {
            int span = switch (layout) {
                case GAPPED -> Math.max(0, (rows - 1) * (2 * cols + 1) + 2 * (cols - 1) + 1);
                default -> rows * cols;
            };
            int length = span + 2 * PAD;
            MatrixView v = switch (layout) {
                case ROW_MAJOR -> new MatrixView(null, PAD, cols, 1);
                case COLUMN_MAJOR -> new MatrixView(null, PAD, 1, rows);
                case GAPPED -> new MatrixView(null, PAD, 2 * cols + 1, 2);
                case REVERSED -> new MatrixView(null, PAD + rows * cols - 1, -cols, -1);
            };
            Object data;
            if (f64) {
                double[] d = new double[length];
                Arrays.fill(d, SENTINEL);
                data = d;
            } else {
                float[] f = new float[length];
                Arrays.fill(f, (float) SENTINEL);
                data = f;
            }
            Stored s = new Stored(new MatrixView(data, v.off(), v.rs(), v.cs()), rows, cols);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    s.set(i, j, 2 * rnd.nextDouble() - 1);
                }
            }
            return s;
        }

        double get(int i, int j) {
            int o = view.index(i, j);
            return view.data() instanceof double[] d ? d[o] : ((float[]) view.data())[o];
        }

        void set(int i, int j, double x) {
            int o = view.index(i, j);
            if (view.data() instanceof double[] d) {
                d[o] = x;
            } else {
                ((float[]) view.data())[o] = (float) x;
            }
        }

        /** The elements, row-major. */
        double[] values() {
            double[] x = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    x[i * cols + j] = get(i, j);
                }
            }
            return x;
        }

        void assertOutsideUntouched(String what) {
            int length = view.data() instanceof double[] d ? d.length : ((float[]) view.data()).length;
            boolean[] inside = new boolean[length];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    inside[view.index(i, j)] = true;
                }
            }
            for (int o = 0; o < length; o++) {
                double x = view.data() instanceof double[] d ? d[o] : ((float[]) view.data())[o];
                if (!inside[o] && x != SENTINEL) {
                    fail(what + ": array element " + o + " outside the matrix was overwritten with " + x);
                }
            }
        }
    }
}
