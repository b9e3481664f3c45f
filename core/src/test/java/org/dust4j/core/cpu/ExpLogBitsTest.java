package org.dust4j.core.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * EXP and LOG on the CPU give the bits of {@link StrictMath#exp} and {@link StrictMath#log} (FLOAT32: of
 * {@link FloatExpLog}, which is within 1 float ulp of StrictMath's double result rounded) for every argument, on every
 * call: in the JVM with the Vector API ({@link SimdFdlibm}),
 * both while the Vector API still runs its interpreted fallback and after the JIT has compiled the loops, and in the
 * scalar JVMs of core's POM. This is what makes runs with the vector kernels reproducible (docs/cli.md). The
 * arguments include fdlibm's branch points, the overflow and underflow thresholds, subnormal arguments and results,
 * ±0, ±∞ and NaN; their count is not a multiple of the vector length, so the scalar tail runs too.
 */
class ExpLogBitsTest {
    /** Evaluations of every array: enough for the JIT to compile the vector loops. */
    private static final int REPS = 120;

    private static final Backend CPU = Backends.cpu();

    private static double[] expArguments() {
        List<Double> a = new ArrayList<>(specials());
        for (long hx : new long[] {0x3fd6_2e42L, 0x3ff0_a2b2L, 0x3e30_0000L, 0x4086_2e42L}) {
            for (long d = -2; d <= 2; d++) {
                double x = Double.longBitsToDouble((hx + d) << 32);
                a.add(x);
                a.add(-x);
                a.add(Math.nextUp(x));
                a.add(-Math.nextDown(x));
            }
        }
        for (double t : new double[] {0x1.62e42fefa39efp9, -0x1.74910d52d3051p9, -708.39, -709.09, -745.1332191019411,
            -745.1332191019412, -744.44, -1022 * Math.log(2), -1021 * Math.log(2), 0.5 * Math.log(2), 1.5 * Math.log(2)}) {
            a.add(t);
            a.add(Math.nextUp(t));
            a.add(Math.nextDown(t));
        }
        Random r = new Random(11);
        for (int i = 0; i < 6000; i++) {
            a.add(switch (i % 4) {
                case 0 -> r.nextDouble(-750, 710);
                case 1 -> r.nextDouble(-2, 2);
                case 2 -> (r.nextBoolean() ? 1 : -1) * Math.scalb(1 + r.nextDouble(), r.nextInt(-60, 10));
                default -> r.nextDouble(-30, 30);
            });
        }
        return a.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] logArguments() {
        List<Double> a = new ArrayList<>(specials());
        for (double x : new double[] {1, Math.nextUp(1.0), Math.nextDown(1.0), 2, 0.5, Math.E, Double.MIN_NORMAL,
            Math.nextDown(Double.MIN_NORMAL), 0x1.6a09e667f3bcdp0, 0x1.6a09e667f3bcdp-1}) {
            a.add(x);
            a.add(Math.nextUp(x));
            a.add(Math.nextDown(x));
        }
        for (int d = -3; d <= 3; d++) { // the mantissa's branch points 0x6147a and 0x6b851, and 2 + hx near 2^20
            for (long hx : new long[] {0x6_147aL, 0x6_b851L, 0xf_fffeL, 0x9_5f64L}) {
                a.add(Double.longBitsToDouble(((0x3ffL << 20 | (hx + d) & 0xf_ffffL)) << 32 | 12345));
                a.add(Double.longBitsToDouble(((0x401L << 20 | (hx + d) & 0xf_ffffL)) << 32));
            }
        }
        Random r = new Random(12);
        for (int i = 0; i < 6000; i++) {
            a.add(switch (i % 5) {
                case 0 -> Math.scalb(1 + r.nextDouble(), r.nextInt(-1074, 1024));
                case 1 -> 1 + r.nextGaussian() * 1e-3;
                case 2 -> r.nextDouble(0, 10);
                case 3 -> Double.longBitsToDouble(r.nextLong(1, 1L << 52)); // subnormal
                default -> -r.nextDouble(0, 10);
            });
        }
        return a.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Double> specials() {
        return List.of(0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0xfff8_0000_0000_0001L));
    }

    @Test
    void expAndLogAreStrictMathsBitsOnEveryCallInBothDtypes() {
        check(UnaryOp.EXP, expArguments());
        check(UnaryOp.LOG, logArguments());
    }

    @Test
    void floatExpAndLogAreWithinOneUlpOfStrictMathRoundedAndMostlyEqual() {
        Random r = new Random(13);
        int n = 2_000_000;
        int expDiffer = 0;
        int logDiffer = 0;
        for (int i = 0; i < n; i++) {
            float e = i % 2 == 0 ? (float) r.nextDouble(-104, 89) : (float) r.nextDouble(-3, 3);
            expDiffer += ulps(FloatExpLog.exp(e), (float) StrictMath.exp(e), e);
            float l = Float.intBitsToFloat(r.nextInt(1, 0x7f80_0000)); // every positive finite float, subnormals too
            logDiffer += ulps(FloatExpLog.log(l), (float) StrictMath.log(l), l);
        }
        // within 1 ulp everywhere (ulps above), and for these 2·10^6 arguments each none differs at all: the number
        // docs/performance.md quotes (arguments near a float midpoint could differ by 1 ulp; none is drawn here)
        assertTrue(expDiffer < n / 10_000 && logDiffer < n / 10_000, "exp " + expDiffer + ", log " + logDiffer
                + " of " + n + " differ from the correctly rounded");
        assertEquals(0, expDiffer, "exp arguments differing from (float) StrictMath.exp");
        assertEquals(0, logDiffer, "log arguments differing from (float) StrictMath.log");
        for (float f : new float[] {0f, -0f, 1f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, -1f, 88.72f, 88.73f, -103.97f, -103.98f, -87.33f, 89.5f, -104.5f}) {
            float want = (float) StrictMath.exp(f);
            assertTrue(ulps(FloatExpLog.exp(f), want, f) == 0, "exp(" + f + ") = " + FloatExpLog.exp(f) + ", want " + want);
            float wantLog = (float) StrictMath.log(f);
            assertTrue(ulps(FloatExpLog.log(f), wantLog, f) == 0, "log(" + f + ") = " + FloatExpLog.log(f) + ", want "
                    + wantLog);
        }
    }

    /** 0 if got and want are the same float (NaN for NaN), 1 if they are adjacent; fails beyond. */
    private static int ulps(float got, float want, float x) {
        if (Float.isNaN(want) || Float.isNaN(got)) {
            assertTrue(Float.isNaN(want) && Float.isNaN(got), "at " + x + ": " + got + " against " + want);
            return 0;
        }
        int d = Math.abs(Float.floatToIntBits(got) - Float.floatToIntBits(want));
        assertTrue(d <= 1 && (got == want || Math.signum(got) == Math.signum(want)), "at " + x + ": " + got
                + " against " + want);
        return d;
    }

    @Test
    void theModePropertyTakesStrictOrSvml() {
        assertTrue(Simd.strictExpLog("strict"));
        assertTrue(!Simd.strictExpLog("svml"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Simd.strictExpLog("fast"));
        assertEquals("system property dust4j.cpu.expLog must be strict or svml, got 'fast'", e.getMessage());
        assertTrue(Simd.STRICT_EXP_LOG, "this JVM runs the default, strict");
        assertTrue(CPU.description().contains("reproducible exp/log"), CPU.description());
    }

    @Test
    void theAffineExponentialRoundsEachStepAndThenIsStrictMaths() {
        double[] x = expArguments();
        double scale = 1.7;
        double shift = -6.91;
        double[] want64 = new double[x.length];
        float[] want32 = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            want64[i] = StrictMath.exp(x[i] * scale + shift);
            float f = (float) x[i];
            want32[i] = FloatExpLog.exp((float) (f * (float) scale) + (float) shift);
        }
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (Tensor in = CPU.fromHost(x, dt, Shape.of(x.length)); Tensor out = CPU.zeros(dt, Shape.of(x.length))) {
                for (int rep = 0; rep < REPS; rep++) {
                    CPU.unaryAffine(UnaryOp.EXP, scale, shift, in, out);
                    assertBits("exp(" + scale + " x + " + shift + ") " + dt + " call " + rep, dt == DType.FLOAT64
                            ? want64 : toDoubles(want32), out.toDoubleArray(), x);
                }
            }
        }
    }

    private static void check(UnaryOp op, double[] x) {
        double[] want64 = new double[x.length];
        float[] want32 = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            want64[i] = op == UnaryOp.EXP ? StrictMath.exp(x[i]) : StrictMath.log(x[i]);
            float f = (float) x[i];
            want32[i] = op == UnaryOp.EXP ? FloatExpLog.exp(f) : FloatExpLog.log(f);
        }
        for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            try (Tensor in = CPU.fromHost(x, dt, Shape.of(x.length)); Tensor out = CPU.zeros(dt, Shape.of(x.length))) {
                for (int rep = 0; rep < REPS; rep++) {
                    CPU.unary(op, in, out);
                    assertBits(op + " " + dt + " call " + rep, dt == DType.FLOAT64 ? want64 : toDoubles(want32),
                            out.toDoubleArray(), x);
                }
            }
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static void assertBits(String what, double[] want, double[] got, double[] x) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            if (Double.isNaN(want[i])) {
                assertTrue(Double.isNaN(got[i]), what + " at x = " + x[i] + ": want NaN, got " + got[i]);
            } else if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + " at x = " + x[i] + " (0x"
                        + Long.toHexString(Double.doubleToRawLongBits(x[i])) + "): want " + want[i] + ", got " + got[i]);
            }
        }
    }
}
