package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.POW;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.dust4j.core.UnaryOp;

/**
 * Transcendental elementwise kernels on the incubating Vector API, used by {@link CpuElementwise} when
 * {@link Simd} says so; nothing else may refer to this class, which needs module {@code jdk.incubator.vector}.
 *
 * <p>On x86-64 the JIT compiles the lanewise EXP, LOG, LOG1P, EXPM1, TANH and POW to calls of the JDK's bundled
 * SVML library (high-accuracy variants), which evaluates a whole vector per call. Their results lie within
 * 1 ulp of the exact value like {@link Math}'s, but need not be the same bits as {@link Math}'s (measured: up to
 * 1 ulp apart for a few percent of random arguments). Until the JIT has compiled a kernel, the Vector API runs
 * its Java fallback, which applies {@link Math} lane by lane: the first calls of a fresh JVM can therefore
 * differ from later ones in the last bit.
 *
 * <p>Every kernel processes the leading multiple of the vector length of its n elements and returns that
 * count; the caller finishes the rest with its scalar loop. Each operation has its own loop with a constant
 * operator, which the JIT needs to bind the library call. FLOAT32 is computed in float vectors (SVML's float
 * functions are accurate to 1 float ulp), not through double as the scalar loops do.
 */
final class SimdKernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdKernels() {
    }

    /** Whether vectors hold at least two float64 lanes (the JDK has no vector math for single doubles). */
    static boolean wideEnough() {
        return D.length() >= 2;
    }

    /** Whether the JDK binds vector pow: its SVML binding has it for 512-bit vectors only. */
    static boolean hasPow() {
        return D.vectorBitSize() >= 512;
    }

    /** The vector shape, e.g. "512-bit (8 float64 / 16 float32 lanes)". */
    static String shape() {
        return D.vectorBitSize() + "-bit (" + D.length() + " float64 / " + F.length() + " float32 lanes)";
    }

    /**
     * o[oo + i] = op(x[xo + i]) for i below the largest multiple of the vector length not above n.
     *
     * @return the number of elements done: that multiple, or 0 for an operation without a vector kernel
     */
    static int unary(UnaryOp op, double[] x, int xo, double[] o, int oo, int n) {
        int end = D.loopBound(n);
        int step = D.length();
        switch (op) {
            case EXP -> {
                for (int i = 0; i < end; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).lanewise(EXP).intoArray(o, oo + i);
                }
            }
            case LOG -> {
                for (int i = 0; i < end; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).lanewise(LOG).intoArray(o, oo + i);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < end; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).lanewise(LOG1P).intoArray(o, oo + i);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < end; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).lanewise(EXPM1).intoArray(o, oo + i);
                }
            }
            case TANH -> {
                for (int i = 0; i < end; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).lanewise(TANH).intoArray(o, oo + i);
                }
            }
            case SOFTPLUS -> {
                // max(x, 0) + log1p(e^-|x|), as CpuElementwise.softplus
                for (int i = 0; i < end; i += step) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                    v.abs().neg().lanewise(EXP).lanewise(LOG1P).add(v.max(0.0)).intoArray(o, oo + i);
                }
            }
            case SIGMOID -> {
                // (x >= 0 ? 1 : e) / (1 + e) with e = e^-|x|, as CpuElementwise.sigmoid
                for (int i = 0; i < end; i += step) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                    DoubleVector e = v.abs().neg().lanewise(EXP);
                    e.blend(1.0, v.compare(GE, 0.0)).div(e.add(1.0)).intoArray(o, oo + i);
                }
            }
            default -> {
                return 0;
            }
        }
        return end;
    }

    /** {@link #unary(UnaryOp, double[], int, double[], int, int)} in float arithmetic. */
    static int unary(UnaryOp op, float[] x, int xo, float[] o, int oo, int n) {
        int end = F.loopBound(n);
        int step = F.length();
        switch (op) {
            case EXP -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector.fromArray(F, x, xo + i).lanewise(EXP).intoArray(o, oo + i);
                }
            }
            case LOG -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector.fromArray(F, x, xo + i).lanewise(LOG).intoArray(o, oo + i);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector.fromArray(F, x, xo + i).lanewise(LOG1P).intoArray(o, oo + i);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector.fromArray(F, x, xo + i).lanewise(EXPM1).intoArray(o, oo + i);
                }
            }
            case TANH -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector.fromArray(F, x, xo + i).lanewise(TANH).intoArray(o, oo + i);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    v.abs().neg().lanewise(EXP).lanewise(LOG1P).add(v.max(0.0f)).intoArray(o, oo + i);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < end; i += step) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    FloatVector e = v.abs().neg().lanewise(EXP);
                    e.blend(1.0f, v.compare(GE, 0.0f)).div(e.add(1.0f)).intoArray(o, oo + i);
                }
            }
            default -> {
                return 0;
            }
        }
        return end;
    }

    /** o = a^b elementwise over the leading multiple of the vector length; returns that count. */
    static int pow(double[] a, int ao, double[] b, int bo, double[] o, int oo, int n) {
        int end = D.loopBound(n);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector va = DoubleVector.fromArray(D, a, ao + i);
            DoubleVector vb = DoubleVector.fromArray(D, b, bo + i);
            javaPow(va, vb).intoArray(o, oo + i);
        }
        return end;
    }

    /** o = a^b elementwise over the leading multiple of the vector length; returns that count. */
    static int pow(float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
        int end = F.loopBound(n);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector va = FloatVector.fromArray(F, a, ao + i);
            FloatVector vb = FloatVector.fromArray(F, b, bo + i);
            javaPow(va, vb).intoArray(o, oo + i);
        }
        return end;
    }

    /**
     * o = s^a ({@code scalarFirst}) or a^s elementwise over the leading multiple of the vector length; returns
     * that count.
     */
    static int pow(double[] a, int ao, double s, boolean scalarFirst, double[] o, int oo, int n) {
        int end = D.loopBound(n);
        DoubleVector vs = DoubleVector.broadcast(D, s);
        for (int i = 0; i < end; i += D.length()) {
            DoubleVector va = DoubleVector.fromArray(D, a, ao + i);
            (scalarFirst ? javaPow(vs, va) : javaPow(va, vs)).intoArray(o, oo + i);
        }
        return end;
    }

    /** {@link #pow(double[], int, double, boolean, double[], int, int)} in float arithmetic. */
    static int pow(float[] a, int ao, float s, boolean scalarFirst, float[] o, int oo, int n) {
        int end = F.loopBound(n);
        FloatVector vs = FloatVector.broadcast(F, s);
        for (int i = 0; i < end; i += F.length()) {
            FloatVector va = FloatVector.fromArray(F, a, ao + i);
            (scalarFirst ? javaPow(vs, va) : javaPow(va, vs)).intoArray(o, oo + i);
        }
        return end;
    }

    /**
     * base^exponent with {@link Math#pow}'s special cases where SVML, which follows C99, differs: pow(±1, ±∞)
     * and pow(1, NaN) are NaN in Java (1 in C99), and a negative base raised to an odd integer gives -0.0, not
     * +0.0, when the result underflows. The lanes concerned (|base| = 1, or a zero result of a negative base)
     * are rare, so they are looked for first and fixed only when present.
     */
    private static DoubleVector javaPow(DoubleVector base, DoubleVector exponent) {
        DoubleVector r = base.lanewise(POW, exponent);
        VectorMask<Double> rare = base.abs().compare(EQ, 1.0).or(r.compare(EQ, 0.0).and(base.compare(LT, 0.0)));
        return rare.anyTrue() ? javaSpecialCases(r, base, exponent) : r;
    }

    /** r = pow(base, exponent) from SVML, with Java's results where they differ (see {@link #javaPow}). */
    private static DoubleVector javaSpecialCases(DoubleVector r, DoubleVector base, DoubleVector exponent) {
        DoubleVector e = exponent.abs();
        VectorMask<Double> nan = base.abs().compare(EQ, 1.0).andNot(e.compare(LT, Double.POSITIVE_INFINITY));
        VectorMask<Double> negativeZero = r.compare(EQ, 0.0).and(base.compare(LT, 0.0)).and(odd(e));
        return r.blend(Double.NaN, nan).blend(-0.0, negativeZero);
    }

    /**
     * Lanes of m &ge; 0 that hold odd integers. Below 2^52, rint(y) = (y + 2^52) - 2^52; from 2^52 on every
     * double is an integer, from 2^53 on an even one.
     */
    private static VectorMask<Double> odd(DoubleVector m) {
        DoubleVector half = m.mul(0.5);
        VectorMask<Double> integer = m.compare(GE, 0x1p52).or(m.add(0x1p52).sub(0x1p52).compare(EQ, m));
        return integer.and(m.compare(LT, 0x1p53)).and(half.add(0x1p52).sub(0x1p52).compare(NE, half));
    }

    /** {@link #javaPow(DoubleVector, DoubleVector)} for float vectors. */
    private static FloatVector javaPow(FloatVector base, FloatVector exponent) {
        FloatVector r = base.lanewise(POW, exponent);
        VectorMask<Float> rare = base.abs().compare(EQ, 1.0f).or(r.compare(EQ, 0.0f).and(base.compare(LT, 0.0f)));
        return rare.anyTrue() ? javaSpecialCases(r, base, exponent) : r;
    }

    /** {@link #javaSpecialCases(DoubleVector, DoubleVector, DoubleVector)} for float vectors. */
    private static FloatVector javaSpecialCases(FloatVector r, FloatVector base, FloatVector exponent) {
        FloatVector e = exponent.abs();
        VectorMask<Float> nan = base.abs().compare(EQ, 1.0f).andNot(e.compare(LT, Float.POSITIVE_INFINITY));
        VectorMask<Float> negativeZero = r.compare(EQ, 0.0f).and(base.compare(LT, 0.0f)).and(odd(e));
        return r.blend(Float.NaN, nan).blend(-0.0f, negativeZero);
    }

    /** {@link #odd(DoubleVector)} for float vectors: the thresholds are 2^23 and 2^24. */
    private static VectorMask<Float> odd(FloatVector m) {
        FloatVector half = m.mul(0.5f);
        VectorMask<Float> integer = m.compare(GE, 0x1p23f).or(m.add(0x1p23f).sub(0x1p23f).compare(EQ, m));
        return integer.and(m.compare(LT, 0x1p24f)).and(half.add(0x1p23f).sub(0x1p23f).compare(NE, half));
    }
}
