package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.Fixtures.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ulp-level accuracy of the transcendental elementwise operations (EXP, LOG, LOG1P, EXPM1, TANH, SOFTPLUS,
 * SIGMOID, POW) on special values (±0, subnormals, the overflow and underflow thresholds, ±∞, NaN, domain
 * edges) and random arguments over the whole range, against {@link Math} in double and, for FLOAT32, against
 * {@code (float) Math.f((double) x)}. NaN and infinite references must be matched exactly, and the sign of
 * every result, zeros included (see {@link #ulps}).
 *
 * <p>The class goes through the public backend, so it tests whichever path this JVM uses: surefire runs it
 * with the vector kernels ({@link SimdKernels}) and again in two JVMs on the scalar loops (see core/pom.xml;
 * {@link SimdModeTest} checks that each run got the path it was set up for). Every evaluation is repeated
 * {@link #REPS} times and every repetition is checked, so that both the Vector API's interpreted per-lane
 * fallback of the first calls and the JIT-compiled library calls of the later ones are covered. The inputs
 * are not a multiple of the vector length and the special values sit at both ends, so they pass through the
 * vector body and through the scalar loop that finishes a chunk.
 */
class TranscendentalTest {
    /** Repetitions of every evaluation: enough for the JIT to compile the vector loops (about 10^5 vectors). */
    private static final int REPS = 250;

    /** Random arguments per operation. */
    private static final int RANDOM = 2001;

    /**
     * Largest allowed distance, in ulps of the dtype, from the reference: {@link Math} for the library functions
     * (both within 1 ulp of the exact value), the scalar loops' formulas for SOFTPLUS and SIGMOID.
     */
    private static long bound(UnaryOp op) {
        return switch (op) {
            // composites of two library calls (and a division or an addition) on either path, so their
            // last-bit differences add up: over 2*10^6 random arguments the vector kernels came at most 3 (SOFTPLUS)
            // and 2 (SIGMOID) ulps from the scalar loops
            case SOFTPLUS -> 3;
            case SIGMOID -> 2;
            default -> 1;
        };
    }

    private static double ref(UnaryOp op, double x) {
        return switch (op) {
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> CpuElementwise.softplus(x);
            case SIGMOID -> CpuElementwise.sigmoid(x);
            default -> throw new IllegalArgumentException("not transcendental: " + op);
        };
    }

    /** Arguments that every operation is tested at, for both dtypes. */
    private static final double[] COMMON = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-310, -1e-310,
        Double.MIN_NORMAL, -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, -Float.MIN_NORMAL, 1e-300, -1e-300, 1e-20, -1e-20, 1e-8, -1e-8, 0.5, -0.5, 1, -1,
        Math.nextUp(1.0), Math.nextDown(1.0), Math.nextUp(-1.0), Math.nextDown(-1.0), 2, -2, 10, -10, 20, -20, 30,
        -30, 100, -100, 1e10, -1e10, 1e300, -1e300, Float.MAX_VALUE, -Float.MAX_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    /** Arguments at the edges of one operation's range: overflow, underflow and saturation thresholds. */
    private static double[] edges(UnaryOp op) {
        return switch (op) {
            // float64: e^x overflows above 709.782712893384, is subnormal below -708.396..., rounds to 0 below
            // -745.133...; float32: 88.72284, -87.33655, -103.97208
            case EXP, EXPM1, SOFTPLUS, SIGMOID -> new double[] {709.782712893384, Math.nextUp(709.782712893384), 710,
                -708.3964185322641, -708.4, -745.1332191019411, Math.nextDown(-745.1332191019411), -745.2, -800,
                88.72283935546875, 88.72284, 89, -87.33654, -87.3366, -103.97208, -103.9721, -104, -40, 40, 36.7,
                -36.7, 800, -800};
            case LOG, LOG1P -> new double[] {-1 + 1e-10, -1 - 1e-10, 1 + 1e-10, 1 - 1e-10, 1e-16, -1e-16, 1e-320,
                0.9999, 1.0001, Math.E, 1e308, 3.4e38};
            case TANH -> new double[] {0.55, -0.55, 19.06, -19.06, 22, -22, 9.01, -9.01, 1e-9, -1e-9};
            default -> throw new IllegalArgumentException("not transcendental: " + op);
        };
    }

    /** Random arguments: wide uniform, normal, log-uniform magnitudes of both signs, and (-1, 1). */
    private static double[] random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[RANDOM];
        for (int i = 0; i < a.length; i++) {
            double sign = r.nextBoolean() ? 1 : -1;
            a[i] = switch (i % 4) {
                case 0 -> r.nextDouble(-760, 760);
                case 1 -> 4 * r.nextGaussian();
                case 2 -> sign * Math.exp(r.nextDouble(-745, 709));
                default -> r.nextDouble(-1, 1);
            };
        }
        return a;
    }

    private static double[] inputs(UnaryOp op) {
        double[] specials = DoubleStream.concat(Arrays.stream(COMMON), Arrays.stream(edges(op))).toArray();
        return Stream.of(specials, random(op.ordinal()), specials).flatMapToDouble(Arrays::stream).toArray();
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "LOG1P", "EXPM1", "TANH", "SOFTPLUS", "SIGMOID"})
    void unaryFloat64WithinUlpsOfMath(UnaryOp op) {
        double[] in = inputs(op);
        double[] want = Arrays.stream(in).map(v -> ref(op, v)).toArray();
        Tensor x = CPU.fromHost(in, DType.FLOAT64, Shape.of(in.length));
        Tensor out = x.zerosLike();
        for (int rep = 0; rep < REPS; rep++) {
            CPU.unary(op, x, out);
            assertWithin(want, out.toDoubleArray(), in, null, bound(op), DType.FLOAT64, op + " rep " + rep);
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "LOG1P", "EXPM1", "TANH", "SOFTPLUS", "SIGMOID"})
    void unaryFloat32WithinUlpsOfRoundedMath(UnaryOp op) {
        double[] in = Fixtures.stored(inputs(op), DType.FLOAT32);
        double[] want = Arrays.stream(in).map(v -> (float) ref(op, v)).toArray();
        Tensor x = CPU.fromHost(in, DType.FLOAT32, Shape.of(in.length));
        Tensor out = x.zerosLike();
        for (int rep = 0; rep < REPS; rep++) {
            CPU.unary(op, x, out);
            assertWithin(want, out.toDoubleArray(), in, null, bound(op), DType.FLOAT32, op + " rep " + rep);
        }
    }

    // ---------------------------------------------------------------- pow

    /**
     * Bases and exponents whose every pairing is tested: Math.pow's special cases, and odd and even integers
     * around 2^23, 2^24 (float) and 2^52, 2^53 (double), where telling them apart changes method; a base just
     * beyond -1 keeps such powers finite.
     */
    private static final double[] POW_SPECIALS = {0.0, -0.0, Double.MIN_VALUE, 0.5, -0.5, 1, -1, 2, -2, 3, -3,
        1.0 / 3, -8, 1e308, -1e308, 1024, -1075, Math.nextDown(-1.0), Math.nextDown(-1.0f), 0x1p23 + 1, 0x1p24,
        -0x1p24 - 2, 0x1p52 + 1, 0x1p53 - 1, -0x1p53, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};

    /** Pairs of the special values, then random positive bases, and negative bases with integral exponents. */
    private static double[][] powInputs() {
        int k = POW_SPECIALS.length;
        double[] a = new double[k * k + RANDOM];
        double[] b = new double[a.length];
        for (int i = 0; i < k * k; i++) {
            a[i] = POW_SPECIALS[i / k];
            b[i] = POW_SPECIALS[i % k];
        }
        SplittableRandom r = new SplittableRandom(99);
        for (int i = k * k; i < a.length; i++) {
            if (i % 3 == 0) {
                a[i] = -Math.exp(r.nextDouble(-8, 8));
                b[i] = Math.rint(r.nextGaussian() * 30);
            } else {
                a[i] = Math.exp(r.nextDouble(-20, 20));
                b[i] = r.nextGaussian() * (i % 3 == 1 ? 2 : 60);
            }
        }
        return new double[][] {a, b};
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void powWithinAnUlpOfMath(DType t) {
        double[][] ab = powInputs();
        double[] a = Fixtures.stored(ab[0], t);
        double[] b = Fixtures.stored(ab[1], t);
        DoubleBinaryOperator pow = t == DType.FLOAT64 ? Math::pow : (u, v) -> (float) Math.pow(u, v);
        double[] want = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            want[i] = pow.applyAsDouble(a[i], b[i]);
        }
        Tensor ta = CPU.fromHost(a, t, Shape.of(a.length));
        Tensor tb = CPU.fromHost(b, t, Shape.of(b.length));
        Tensor out = ta.zerosLike();
        for (int rep = 0; rep < REPS; rep++) {
            CPU.binary(BinaryOp.POW, ta, tb, out);
            assertWithin(want, out.toDoubleArray(), a, b, 1, t, "pow rep " + rep);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void powWithAScalarOperandWithinAnUlpOfMath(DType t) {
        double[] a = Fixtures.stored(powInputs()[0], t);
        Tensor ta = CPU.fromHost(a, t, Shape.of(a.length));
        Tensor out = ta.zerosLike();
        DoubleUnaryOperator round = t == DType.FLOAT64 ? v -> v : v -> (float) v;
        for (double s : POW_SPECIALS) {
            double sv = round.applyAsDouble(s);
            double[] same = new double[a.length];
            Arrays.fill(same, sv);
            double[] powAs = Arrays.stream(a).map(v -> round.applyAsDouble(Math.pow(v, sv))).toArray();
            double[] powSa = Arrays.stream(a).map(v -> round.applyAsDouble(Math.pow(sv, v))).toArray();
            for (int rep = 0; rep < REPS / 10; rep++) {
                CPU.binaryScalar(BinaryOp.POW, ta, s, out);
                assertWithin(powAs, out.toDoubleArray(), a, same, 1, t, "a^" + s + " rep " + rep);
                CPU.scalarBinary(BinaryOp.POW, s, ta, out);
                assertWithin(powSa, out.toDoubleArray(), same, a, 1, t, s + "^a rep " + rep);
            }
        }
    }

    // ---------------------------------------------------------------- comparison

    /**
     * Distance in ulps of the dtype between got and want: the number of representable values between them.
     * NaN matches only NaN and an infinity only itself; results of different sign, zeros included, never
     * match ({@link Long#MAX_VALUE}).
     */
    static long ulps(double got, double want, DType t) {
        if (Double.isNaN(got) || Double.isNaN(want)) {
            return Double.isNaN(got) && Double.isNaN(want) ? 0 : Long.MAX_VALUE;
        }
        if (Double.isInfinite(got) || Double.isInfinite(want)) {
            return got == want ? 0 : Long.MAX_VALUE;
        }
        if (Math.copySign(1.0, got) != Math.copySign(1.0, want)) {
            return Long.MAX_VALUE;
        }
        return ordinalDistance(got, want, t);
    }

    /** Number of representable values of the dtype between two finite values of the same sign. */
    private static long ordinalDistance(double a, double b, DType t) {
        if (t == DType.FLOAT32) {
            return Math.abs((long) Float.floatToRawIntBits((float) Math.abs(a))
                    - Float.floatToRawIntBits((float) Math.abs(b)));
        }
        return Math.abs(Double.doubleToRawLongBits(Math.abs(a)) - Double.doubleToRawLongBits(Math.abs(b)));
    }

    private static void assertWithin(double[] want, double[] got, double[] x, double[] y, long bound, DType t,
            String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            long u = ulps(got[i], want[i], t);
            if (u > bound) {
                fail(what + " " + t + " at " + i + ": argument " + x[i] + (y == null ? "" : ", " + y[i]) + ", want "
                        + want[i] + ", got " + got[i] + " (" + (u == Long.MAX_VALUE ? "special value differs" : u
                        + " ulps, bound " + bound) + ")");
            }
        }
    }
}
