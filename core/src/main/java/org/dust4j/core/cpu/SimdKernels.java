package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LOG;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;
import static jdk.incubator.vector.VectorOperators.POW;
import static jdk.incubator.vector.VectorOperators.TANH;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.dust4j.core.UnaryOp;

/**
 * Transcendental elementwise kernels on the incubating Vector API, used by {@link CpuElementwise} when
 * {@link Simd} says so; nothing else may refer to this class, which needs module {@code jdk.incubator.vector}.
 *
 * <p>EXP and LOG are reproducible (unless {@link Simd#EXP_LOG_PROPERTY} asks for SVML's, as the other operations): in
 * FLOAT64 fdlibm's ({@link SimdFdlibm}: the bits of {@link StrictMath}'s, as the scalar loops), in FLOAT32 {@link
 * FloatExpLog}'s ({@link SimdFloatExpLog}), in every run. On x86-64 the JIT compiles the lanewise LOG1P, EXPM1, TANH
 * and POW (and the EXP and LOG1P inside SOFTPLUS and SIGMOID) to calls of the JDK's bundled SVML library (high-
 * accuracy variants), which evaluates a whole vector per call. Their results lie within 1 ulp of the exact value like
 * {@link Math}'s, but need not be the same bits as {@link Math}'s (measured: up to 1 ulp apart for a few percent of
 * random arguments). Until the JIT has compiled a kernel, the Vector API runs its Java fallback, which applies {@link
 * Math} lane by lane: the first calls of a fresh JVM can therefore differ from later ones in the last bit.
 *
 * <p>Every kernel processes the leading multiple of the vector length of its n elements and returns that
 * count; the caller finishes the rest with its scalar loop. Each operation has its own loop with a constant
 * operator, which the JIT needs to bind the library call. FLOAT32 is computed in float vectors (SVML's float
 * functions are accurate to 1 float ulp), not through double as the scalar loops do (EXP and LOG: see above).
 */
final class SimdKernels {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    static {
        bindLibrary();
    }

    private SimdKernels() {
    }

    /**
     * Applies every operator once to each species, so that the Vector API looks up (and caches) its library
     * function before the JIT compiles any kernel. The JIT binds a library call only when that cache entry
     * already exists; a kernel compiled while one of its operators had not run yet (say, LOG1P in
     * {@link #unary} after a long run of EXP) would otherwise keep the per-lane Java fallback for that
     * operator, measured 10 to 50 times slower than the scalar loops, until it happened to be recompiled.
     */
    private static void bindLibrary() {
        DoubleVector d = DoubleVector.broadcast(D, 0.5);
        FloatVector f = FloatVector.broadcast(F, 0.5f);
        for (VectorOperators.Unary op : new VectorOperators.Unary[] {EXP, LOG, LOG1P, EXPM1, TANH}) {
            d.lanewise(op);
            f.lanewise(op);
        }
        d.lanewise(POW, d);
        f.lanewise(POW, f);
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
                if (Simd.STRICT_EXP_LOG) {
                    return SimdFdlibm.exp(x, xo, o, oo, n);
                }
                for (int i = 0; i < end; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).lanewise(EXP).intoArray(o, oo + i);
                }
            }
            case LOG -> {
                if (Simd.STRICT_EXP_LOG) {
                    return SimdFdlibm.log(x, xo, o, oo, n);
                }
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
        if (Simd.STRICT_EXP_LOG && (op == UnaryOp.EXP || op == UnaryOp.LOG)) {
            return op == UnaryOp.EXP ? SimdFloatExpLog.exp(x, xo, o, oo, n) : SimdFloatExpLog.log(x, xo, o, oo, n);
        }
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
     * base^exponent as {@link Math#pow} defines it, from SVML's pow of |base|. SVML's pow takes a slow scalar
     * path for negative bases (measured: 128 ns per element against 2 to 4 for positive ones), and it follows
     * C99, where pow(±1, ±∞) and pow(1, NaN) are 1 (NaN in Java); so the sign of the base is applied here
     * (see {@link #javaSigns}). That costs about 0.6 ns per float32 element, on every vector: branching around
     * it for vectors without a negative base or ±1 saved a little until the branch was once taken, after which
     * the recompiled loop was slower than this for all vectors (measured).
     */
    private static DoubleVector javaPow(DoubleVector base, DoubleVector exponent) {
        DoubleVector r = base.abs().lanewise(POW, exponent);
        return javaSigns(r, base, exponent, base.viewAsIntegralLanes().compare(LT, 0L).cast(D));
    }

    /**
     * Math.pow(base, exponent) from r = |base|^exponent. An odd integral exponent gives the base's sign (-0.0
     * and -∞ included); a finite negative base with a finite non-integral exponent gives NaN, as does ±1 with an
     * infinite or NaN exponent. Below 2^52, rint(y) = (y + 2^52) - 2^52; from 2^52 on every double is an
     * integer, from 2^53 on an even one.
     *
     * @param negative the lanes whose base has its sign bit set
     */
    private static DoubleVector javaSigns(DoubleVector r, DoubleVector base, DoubleVector exponent,
            VectorMask<Double> negative) {
        DoubleVector e = exponent.abs();
        DoubleVector half = e.mul(0.5);
        VectorMask<Double> finite = e.compare(LT, Double.POSITIVE_INFINITY);
        VectorMask<Double> integer = finite.and(e.compare(GE, 0x1p52).or(e.add(0x1p52).sub(0x1p52).compare(EQ, e)));
        VectorMask<Double> odd = integer.and(e.compare(LT, 0x1p53))
                .and(half.add(0x1p52).sub(0x1p52).compare(NE, half));
        VectorMask<Double> nan = base.abs().compare(EQ, 1.0).andNot(finite)
                .or(base.compare(LT, 0.0).and(base.compare(GT, Double.NEGATIVE_INFINITY)).and(finite).andNot(integer));
        return r.blend(r.neg(), negative.and(odd)).blend(Double.NaN, nan);
    }

    /** {@link #javaPow(DoubleVector, DoubleVector)} for float vectors. */
    private static FloatVector javaPow(FloatVector base, FloatVector exponent) {
        FloatVector r = base.abs().lanewise(POW, exponent);
        return javaSigns(r, base, exponent, base.viewAsIntegralLanes().compare(LT, 0).cast(F));
    }

    /**
     * {@link #javaSigns(DoubleVector, DoubleVector, DoubleVector, VectorMask)} for float vectors: the thresholds
     * are 2^23 and 2^24.
     */
    private static FloatVector javaSigns(FloatVector r, FloatVector base, FloatVector exponent,
            VectorMask<Float> negative) {
        FloatVector e = exponent.abs();
        FloatVector half = e.mul(0.5f);
        VectorMask<Float> finite = e.compare(LT, Float.POSITIVE_INFINITY);
        VectorMask<Float> integer = finite.and(e.compare(GE, 0x1p23f).or(e.add(0x1p23f).sub(0x1p23f).compare(EQ, e)));
        VectorMask<Float> odd = integer.and(e.compare(LT, 0x1p24f))
                .and(half.add(0x1p23f).sub(0x1p23f).compare(NE, half));
        VectorMask<Float> nan = base.abs().compare(EQ, 1.0f).andNot(finite)
                .or(base.compare(LT, 0.0f).and(base.compare(GT, Float.NEGATIVE_INFINITY)).and(finite).andNot(integer));
        return r.blend(r.neg(), negative.and(odd)).blend(Float.NaN, nan);
    }
}
