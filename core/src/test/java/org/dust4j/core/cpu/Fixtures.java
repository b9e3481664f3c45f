package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Test tensors for the CPU kernel tests: random data, tensors that are views into a larger storage with
 * sentinel padding on both sides (to catch offset errors and writes outside the view), and tolerant
 * comparisons against reference loops.
 */
final class Fixtures {
    static final Backend CPU = Backends.cpu();

    /** More than {@code 4 * Parallel.GRAIN} and not a multiple of any chunk size. */
    static final int LARGE = 4 * Parallel.GRAIN + 37;

    /** Sizes every elementwise op is tested at: empty, single, small odd, and the parallel path. */
    static final int[] SIZES = {0, 1, 7, LARGE};

    /** Value of the padding around views; never produced by the tests' data. */
    static final double SENTINEL = -12345.5;

    /** Padding after views; the padding before them varies (1 to 5) so that operands get different offsets. */
    private static final int PAD = 3;

    private static final AtomicInteger VIEWS = new AtomicInteger();

    private Fixtures() {
    }

    /** Parameters (dtype, size, view) for the tests: both dtypes x {@link #SIZES} x (owned tensors | views). */
    static List<Arguments> layouts() {
        List<Arguments> l = new ArrayList<>();
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int n : SIZES) {
                l.add(Arguments.of(t, n, false));
                l.add(Arguments.of(t, n, true));
            }
        }
        return l;
    }

    /** Elementwise tolerance: float64 1e-12, float32 1e-5 (relative). */
    static double elementTol(DType t) {
        return t == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /** Reduction tolerance: float64 1e-10, float32 1e-5 (relative). */
    static double reduceTol(DType t) {
        return t == DType.FLOAT64 ? 1e-10 : 1e-5;
    }

    static double[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return a;
    }

    /** The values as a tensor of dtype t stores them (rounded to float for FLOAT32). */
    static double[] stored(double[] data, DType t) {
        double[] a = data.clone();
        if (t == DType.FLOAT32) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) a[i];
            }
        }
        return a;
    }

    /** A tensor holding data with the given dims: a view with offset into padded storage when {@code view}. */
    static Tensor tensor(DType t, double[] data, boolean view, int... dims) {
        Shape shape = Shape.of(dims);
        assertEquals(shape.size(), data.length, "test data length");
        if (!view) {
            return CPU.fromHost(data, t, shape);
        }
        int before = 1 + VIEWS.getAndIncrement() % 5;
        double[] padded = new double[before + data.length + PAD];
        Arrays.fill(padded, SENTINEL);
        System.arraycopy(data, 0, padded, before, data.length);
        Tensor base = CPU.fromHost(padded, t, Shape.of(padded.length));
        return base.slice(before, before + data.length).reshape(dims);
    }

    /** A zero tensor, or a zero view with sentinel padding when {@code view}. */
    static Tensor zeros(DType t, boolean view, int... dims) {
        return tensor(t, new double[(int) Shape.of(dims).size()], view, dims);
    }

    /** Fails if any padding element around a view was overwritten. */
    static void assertPaddingIntact(Tensor t) {
        if (t.isOwner()) {
            return;
        }
        int o = (int) t.offset();
        int n = (int) t.size();
        for (int i = 0; i < t.storage().capacity(); i++) {
            if (i >= o && i < o + n) {
                continue;
            }
            double v = t.dtype() == DType.FLOAT64 ? CpuBackend.doubles(t)[i] : CpuBackend.floats(t)[i];
            assertEquals(SENTINEL, v, "padding element " + (i - o) + " relative to the view was overwritten");
        }
    }

    /**
     * |got - want| &le; tol * |want| elementwise (NaN must match NaN, infinities exactly), with values below
     * the smallest normal number of the dtype compared absolutely.
     */
    static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            assertClose(want[i], got[i], tol, what + " at " + i);
        }
    }

    static void assertClose(double want, double got, double tol, String what) {
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            assertEquals(want, got, what);
            return;
        }
        double err = Math.abs(got - want);
        if (!(err <= tol * Math.max(Math.abs(want), Float.MIN_NORMAL))) {
            fail(what + ": want " + want + ", got " + got + " (relative error " + err / Math.abs(want) + ", tolerance "
                    + tol + ")");
        }
    }

    /** Σ values by Neumaier's compensated summation: a reference accurate to about one rounding. */
    static double accurateSum(double[] values) {
        double s = 0;
        double c = 0;
        for (double v : values) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    /** The same bits (any NaN for a NaN expected), naming what was compared and both values otherwise. */
    static void assertSameBits(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertEquals(Double.NaN, actual, what);
        } else {
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                    what + ": expected " + expected + ", got " + actual);
        }
    }
}
