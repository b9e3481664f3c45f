package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.Fixtures.CPU;
import static org.dust4j.core.cpu.Fixtures.LARGE;
import static org.dust4j.core.cpu.Fixtures.assertClose;
import static org.dust4j.core.cpu.Fixtures.assertPaddingIntact;
import static org.dust4j.core.cpu.Fixtures.elementTol;
import static org.dust4j.core.cpu.Fixtures.stored;
import static org.dust4j.core.cpu.Fixtures.tensor;
import static org.dust4j.core.cpu.Fixtures.uniform;
import static org.dust4j.core.cpu.Fixtures.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.function.DoubleUnaryOperator;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every elementwise op of the CPU backend in both dtypes against reference loops. */
class CpuElementwiseTest {

    // ---------------------------------------------------------------- unary

    static double unaryRef(UnaryOp op, double v) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case LOG1P -> Math.log1p(v);
            case EXPM1 -> Math.expm1(v);
            case SQRT -> Math.sqrt(v);
            case SQUARE -> v * v;
            case RECIPROCAL -> 1 / v;
            case TANH -> Math.tanh(v);
            case SOFTPLUS -> Math.log(1 + Math.exp(v));
            case SIGMOID -> 1 / (1 + Math.exp(-v));
        };
    }

    /** Inputs inside each op's domain. */
    static double[] unaryInput(UnaryOp op, int n) {
        return switch (op) {
            case LOG, SQRT -> uniform(11, n, 0.05, 20);
            case LOG1P -> uniform(12, n, -0.9, 20);
            case RECIPROCAL -> uniform(13, n, 0.1, 10);
            default -> uniform(14, n, -5, 5);
        };
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void unaryMatchesReference(DType t, int n, boolean view) {
        for (UnaryOp op : UnaryOp.values()) {
            double[] in = stored(unaryInput(op, n), t);
            double[] want = new double[n];
            for (int i = 0; i < n; i++) {
                want[i] = unaryRef(op, in[i]);
            }
            Tensor x = tensor(t, in, view, n);
            Tensor out = zeros(t, view, n);
            CPU.unary(op, x, out);
            assertClose(want, out.toDoubleArray(), elementTol(t), op + " " + t);
            assertPaddingIntact(out);
            assertArrayEquals(in, x.toDoubleArray(), "input unchanged");

            CPU.unary(op, x, x);
            assertClose(want, x.toDoubleArray(), elementTol(t), op + " in place " + t);
            assertPaddingIntact(x);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void softplusAndSigmoidAreOverflowSafe(DType t) {
        double[] in = {-1000, -800, -40, 0, 40, 800, 1000};
        Tensor x = tensor(t, in, false, in.length);
        Tensor sp = x.zerosLike();
        Tensor sg = x.zerosLike();
        CPU.unary(UnaryOp.SOFTPLUS, x, sp);
        CPU.unary(UnaryOp.SIGMOID, x, sg);
        double[] s = sp.toDoubleArray();
        double[] g = sg.toDoubleArray();
        assertEquals(0.0, s[0]);
        assertClose(Math.exp(-40), s[2], elementTol(t), "softplus(-40)");
        assertClose(Math.log(2), s[3], elementTol(t), "softplus(0)");
        assertClose(40 + Math.exp(-40), s[4], elementTol(t), "softplus(40)");
        assertEquals(1000.0, s[6]);
        assertEquals(0.0, g[0]);
        assertClose(Math.exp(-40), g[2], elementTol(t), "sigmoid(-40)");
        assertEquals(0.5, g[3]);
        assertEquals(1.0, g[6]);
    }

    // ---------------------------------------------------------------- binary

    static double binaryRef(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    static double[] leftInput(BinaryOp op, int n) {
        return op == BinaryOp.POW ? uniform(21, n, 0.5, 2) : uniform(22, n, -2, 2);
    }

    static double[] rightInput(BinaryOp op, int n) {
        return op == BinaryOp.POW ? uniform(23, n, -2, 2) : uniform(24, n, 0.5, 2);
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void binaryMatchesReference(DType t, int n, boolean view) {
        for (BinaryOp op : BinaryOp.values()) {
            double[] a = stored(leftInput(op, n), t);
            double[] b = stored(rightInput(op, n), t);
            double[] want = new double[n];
            for (int i = 0; i < n; i++) {
                want[i] = binaryRef(op, a[i], b[i]);
            }
            Tensor ta = tensor(t, a, view, n);
            Tensor tb = tensor(t, b, view, n);
            Tensor out = zeros(t, view, n);
            CPU.binary(op, ta, tb, out);
            assertClose(want, out.toDoubleArray(), elementTol(t), op + " " + t);
            assertPaddingIntact(out);

            CPU.binary(op, ta, tb, ta);
            assertClose(want, ta.toDoubleArray(), elementTol(t), op + " out = a " + t);
            Tensor ta2 = tensor(t, a, view, n);
            CPU.binary(op, ta2, tb, tb);
            assertClose(want, tb.toDoubleArray(), elementTol(t), op + " out = b " + t);
            assertPaddingIntact(tb);
        }
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void binaryBroadcastsSingleElements(DType t, int n, boolean view) {
        for (BinaryOp op : BinaryOp.values()) {
            double[] a = stored(leftInput(op, n), t);
            double[] b = stored(rightInput(op, n), t);
            double sa = stored(leftInput(op, 1), t)[0];
            double sb = stored(rightInput(op, 1), t)[0];
            Tensor ta = tensor(t, a, view, n);
            Tensor tb = tensor(t, b, view, n);
            Tensor scalarA = tensor(t, new double[] {sa}, view);
            Tensor scalarB = tensor(t, new double[] {sb}, view, 1);

            Tensor out = zeros(t, view, n);
            CPU.binary(op, ta, scalarB, out);
            assertClose(map(a, v -> binaryRef(op, v, sb)), out.toDoubleArray(), elementTol(t), op + " a op [b]");
            CPU.binary(op, scalarA, tb, out);
            assertClose(map(b, v -> binaryRef(op, sa, v)), out.toDoubleArray(), elementTol(t), op + " [a] op b");
            CPU.binary(op, scalarA, scalarB, out);
            double both = binaryRef(op, sa, sb);
            assertClose(map(b, v -> both), out.toDoubleArray(), elementTol(t), op + " [a] op [b]");
            assertPaddingIntact(out);
        }
    }

    private static double[] map(double[] in, DoubleUnaryOperator f) {
        double[] r = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            r[i] = f.applyAsDouble(in[i]);
        }
        return r;
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void binaryScalarBothOrders(DType t, int n, boolean view) {
        for (BinaryOp op : BinaryOp.values()) {
            double s = op == BinaryOp.POW ? 1.3 : 0.7;
            double sv = t == DType.FLOAT32 ? (float) s : s;
            double[] a = stored(op == BinaryOp.POW ? uniform(31, n, 0.5, 2) : uniform(32, n, 0.5, 2), t);
            Tensor ta = tensor(t, a, view, n);
            Tensor out = zeros(t, view, n);
            CPU.binaryScalar(op, ta, s, out);
            assertClose(map(a, v -> binaryRef(op, v, sv)), out.toDoubleArray(), elementTol(t), op + " a op s");
            CPU.scalarBinary(op, s, ta, out);
            assertClose(map(a, v -> binaryRef(op, sv, v)), out.toDoubleArray(), elementTol(t), op + " s op a");
            assertPaddingIntact(out);
            CPU.scalarBinary(op, s, ta, ta);
            assertClose(map(a, v -> binaryRef(op, sv, v)), ta.toDoubleArray(), elementTol(t), op + " s op a in place");
            assertPaddingIntact(ta);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void maxAndMinPropagateNaN(DType t) {
        Tensor a = tensor(t, new double[] {Double.NaN, 1, 2}, false, 3);
        Tensor b = tensor(t, new double[] {0, Double.NaN, -1}, false, 3);
        Tensor out = a.zerosLike();
        CPU.binary(BinaryOp.MAX, a, b, out);
        double[] mx = out.toDoubleArray();
        assertTrue(Double.isNaN(mx[0]) && Double.isNaN(mx[1]));
        assertEquals(2.0, mx[2]);
        CPU.binary(BinaryOp.MIN, a, b, out);
        double[] mn = out.toDoubleArray();
        assertTrue(Double.isNaN(mn[0]) && Double.isNaN(mn[1]));
        assertEquals(-1.0, mn[2]);
    }

    // ---------------------------------------------------------------- fma, axpby, where

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void fmaIsFused(DType t, int n, boolean view) {
        double[] a = stored(uniform(41, n, -2, 2), t);
        double[] b = stored(uniform(42, n, -2, 2), t);
        double[] c = stored(uniform(43, n, -2, 2), t);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            want[i] = new BigDecimal(a[i]).multiply(new BigDecimal(b[i])).add(new BigDecimal(c[i])).doubleValue();
        }
        Tensor tc = tensor(t, c, view, n);
        Tensor out = zeros(t, view, n);
        CPU.fma(tensor(t, a, view, n), tensor(t, b, view, n), tc, out);
        assertClose(want, out.toDoubleArray(), elementTol(t), "fma " + t);
        assertPaddingIntact(out);
        CPU.fma(tensor(t, a, view, n), tensor(t, b, view, n), tc, tc);
        assertClose(want, tc.toDoubleArray(), elementTol(t), "fma out = c " + t);
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void axpbyMatchesReference(DType t, int n, boolean view) {
        double alpha = 0.75;
        double beta = 1.25;
        double[] x = stored(uniform(51, n, 0.5, 2), t);
        double[] y = stored(uniform(52, n, 0.5, 2), t);
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            want[i] = alpha * x[i] + beta * y[i];
        }
        Tensor ty = tensor(t, y, view, n);
        Tensor out = zeros(t, view, n);
        CPU.axpby(alpha, tensor(t, x, view, n), beta, ty, out);
        assertClose(want, out.toDoubleArray(), elementTol(t), "axpby " + t);
        assertPaddingIntact(out);
        CPU.axpby(alpha, tensor(t, x, view, n), beta, ty, ty);
        assertClose(want, ty.toDoubleArray(), elementTol(t), "axpby out = y " + t);
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void whereSelectsForEveryConditionType(DType t, int n, boolean view) {
        double[] a = stored(uniform(61, n, -2, 2), t);
        double[] b = stored(uniform(62, n, -2, 2), t);
        double[] u = uniform(63, n, 0, 1);
        double[] cond = new double[n];
        int[] icond = new int[n];
        double[] want = new double[n];
        for (int i = 0; i < n; i++) {
            // zero, negative zero, ordinary nonzero values, and NaN (nonzero, so true)
            cond[i] = u[i] < 0.4 ? 0.0 : u[i] < 0.5 ? -0.0 : u[i] < 0.55 ? Double.NaN : u[i] - 0.7;
            icond[i] = u[i] < 0.5 ? 0 : (int) (u[i] * 10) - 7;
            want[i] = cond[i] != 0 ? a[i] : b[i];
        }
        for (DType ct : DType.values()) {
            Tensor c;
            double[] expected = want;
            if (ct == DType.INT32) {
                c = CPU.fromHost(icond, Shape.of(n));
                expected = new double[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = icond[i] != 0 ? a[i] : b[i];
                }
            } else {
                c = tensor(ct, cond, view, n);
            }
            Tensor out = zeros(t, view, n);
            CPU.where(c, tensor(t, a, view, n), tensor(t, b, view, n), out);
            assertArrayEquals(expected, out.toDoubleArray(), "where with " + ct + " condition, " + t);
            assertPaddingIntact(out);
            Tensor ta = tensor(t, a, view, n);
            CPU.where(c, ta, tensor(t, b, view, n), ta);
            assertArrayEquals(expected, ta.toDoubleArray(), "where out = a, " + ct + " condition, " + t);
        }
    }

    // ---------------------------------------------------------------- copy, fill

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void copyConvertsBetweenFloatingTypes(DType t, int n, boolean view) {
        double[] data = uniform(71, n, -3, 3);
        Tensor src = tensor(t, data, view, n);
        for (DType to : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor dst = zeros(to, view, n);
            CPU.copy(src, dst);
            DType narrowest = t == DType.FLOAT32 || to == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
            assertArrayEquals(stored(data, narrowest), dst.toDoubleArray(), t + " -> " + to);
            assertPaddingIntact(dst);
        }
        CPU.copy(src, src);
        assertArrayEquals(stored(data, t), src.toDoubleArray(), "copy onto itself");
    }

    @Test
    void unaryAffineIsTheScaleShiftAndOpInOne() {
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double[] data = new double[1000];
            for (int i = 0; i < data.length; i++) {
                data[i] = -3 + 6.0 * i / data.length;
            }
            try (Tensor x = CPU.fromHost(data, dt, Shape.of(data.length)); Tensor got = x.zerosLike();
                 Tensor want = x.zerosLike()) {
                CPU.unaryAffine(UnaryOp.EXP, 1.5, -6.91, x, got);
                double[] g = got.toDoubleArray();
                for (int i = 0; i < data.length; i++) {
                    double xi = dt == DType.FLOAT32 ? (float) data[i] : data[i];
                    double expect = Math.exp(1.5 * xi - 6.91);
                    assertEquals(expect, g[i], (dt == DType.FLOAT32 ? 1e-6 : 1e-15) * expect, "element " + i);
                }
                CPU.binaryScalar(BinaryOp.MUL, x, 1.5, want);
                CPU.binaryScalar(BinaryOp.ADD, want, -6.91, want);
                CPU.unary(UnaryOp.EXP, want, want);
                assertArrayEquals(want.toDoubleArray(), g, "the three steps, bit for bit");
                CPU.unaryAffine(UnaryOp.EXP, 1.5, -6.91, x, x);
                assertArrayEquals(g, x.toDoubleArray(), "in place");
            }
        }
    }

    @Test
    void copyInt32() {
        int[] data = new int[LARGE];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 7 - 3;
        }
        Tensor src = CPU.fromHost(data, Shape.of(LARGE));
        Tensor dst = CPU.zeros(DType.INT32, Shape.of(LARGE + 4)).slice(2, LARGE + 2);
        CPU.copy(src, dst);
        assertArrayEquals(data, dst.toIntArray());
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void copyBetweenOverlappingViewsActsLikeMemmove(DType t) {
        int n = LARGE;
        double[] data = uniform(72, n, -3, 3);
        Tensor base = tensor(t, data, false, n);
        CPU.copy(base.slice(0, n - 5), base.slice(5, n));
        double[] got = base.toDoubleArray();
        double[] s = stored(data, t);
        for (int i = 5; i < n; i++) {
            assertEquals(s[i - 5], got[i], "element " + i);
        }
        Tensor back = tensor(t, data, false, n);
        CPU.copy(back.slice(5, n), back.slice(0, n - 5));
        double[] got2 = back.toDoubleArray();
        for (int i = 0; i < n - 5; i++) {
            assertEquals(s[i + 5], got2[i], "element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("org.dust4j.core.cpu.Fixtures#layouts")
    void fillSetsEveryElement(DType t, int n, boolean view) {
        Tensor x = zeros(t, view, n);
        CPU.fill(x, 0.1);
        double v = t == DType.FLOAT32 ? (float) 0.1 : 0.1;
        assertArrayEquals(map(new double[n], u -> v), x.toDoubleArray());
        assertPaddingIntact(x);
    }

    @Test
    void fillInt32NeedsAnIntValue() {
        Tensor x = CPU.zeros(DType.INT32, Shape.of(LARGE));
        CPU.fill(x, -7);
        for (int v : x.toIntArray()) {
            assertEquals(-7, v);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPU.fill(x, 2.5));
        assertTrue(e.getMessage().contains("2.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CPU.fill(x, 1e10));
    }
}
