package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.D2L;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.L2D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatExpLog} on the incubating Vector API: each float vector of half the width is widened to a double vector,
 * evaluated with {@link FloatExpLog}'s operations in the same order (no fused multiply-adds) and narrowed, so the
 * results are the scalar functions' bits. Used by {@link SimdKernels} where {@link Simd} says so; nothing else may
 * refer to this class, which needs module {@code jdk.incubator.vector}. Each loop is written out whole: a vector that
 * crosses a method call the JIT does not inline is boxed.
 */
final class SimdFloatExpLog {
    private static final VectorSpecies<Double> D = SimdFdlibm.D;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, D.vectorShape());
    /** As many floats as {@link #D} has doubles. */
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));

    private SimdFloatExpLog() {
    }

    /**
     * o[oo + i] = FloatExpLog.exp(x[xo + i]) for i below the largest multiple of the vector length not above n (o may
     * be x at the same offset); returns that multiple.
     */
    static int exp(float[] x, int xo, float[] o, int oo, int n) {
        int end = HALF.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int j = 0; j < end; j += HALF.length()) {
            DoubleVector d = (DoubleVector) FloatVector.fromArray(HALF, x, xo + j).convertShape(F2D, D, 0);
            DoubleVector k = d.mul(FloatExpLog.INV_LN2).add(FloatExpLog.SHIFTER).sub(FloatExpLog.SHIFTER);
            DoubleVector r = d.sub(k.mul(FloatExpLog.LN2_HI)).sub(k.mul(FloatExpLog.LN2_LO));
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector b0 = one.add(r).add(r2.mul(r.mul(FloatExpLog.E3).add(FloatExpLog.E2)));
            DoubleVector b1 = r.mul(FloatExpLog.E5).add(FloatExpLog.E4)
                    .add(r2.mul(r.mul(FloatExpLog.E7).add(FloatExpLog.E6)));
            DoubleVector b2 = r.mul(FloatExpLog.E9).add(FloatExpLog.E8).add(r2.mul(FloatExpLog.E10));
            DoubleVector p = b0.add(r4.mul(b1)).add(r4.mul(r4).mul(b2));
            LongVector shift = ((LongVector) k.convert(D2L, 0)).lanewise(LSHL, 52);
            DoubleVector y = p.reinterpretAsLongs().add(shift).reinterpretAsDoubles()
                    .blend(Double.POSITIVE_INFINITY, d.compare(GT, FloatExpLog.EXP_OVERFLOW))
                    .blend(0.0, d.compare(LT, FloatExpLog.EXP_UNDERFLOW));
            y = y.blend(d.add(d), d.test(IS_NAN));
            ((FloatVector) y.convertShape(D2F, HALF, 0)).intoArray(o, oo + j);
        }
        return end;
    }

    /** {@link #exp(float[], int, float[], int, int)} for FloatExpLog.log. */
    static int log(float[] x, int xo, float[] o, int oo, int n) {
        int end = HALF.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        LongVector sqrt2 = LongVector.broadcast(L, FloatExpLog.SQRT2_MANTISSA);
        LongVector zeroL = LongVector.zero(L);
        for (int j = 0; j < end; j += HALF.length()) {
            DoubleVector d = (DoubleVector) FloatVector.fromArray(HALF, x, xo + j).convertShape(F2D, D, 0);
            LongVector bits = d.reinterpretAsLongs();
            LongVector mantissa = bits.and(0x000f_ffff_ffff_ffffL);
            VectorMask<Long> upper = mantissa.compare(GT, sqrt2);
            LongVector high = zeroL.blend(1L, upper);
            DoubleVector e = (DoubleVector) bits.lanewise(LSHR, 52).sub(1023L).add(high).convert(L2D, 0);
            DoubleVector m = mantissa.or(LongVector.broadcast(L, 0x3ffL).sub(high).lanewise(LSHL, 52))
                    .reinterpretAsDoubles();
            DoubleVector f = m.sub(one);
            DoubleVector s = f.div(m.add(one));
            DoubleVector z = s.mul(s);
            DoubleVector z2 = z.mul(z);
            DoubleVector q = z.mul(FloatExpLog.L5).add(FloatExpLog.L3).add(z2.mul(z.mul(FloatExpLog.L9)
                    .add(FloatExpLog.L7))).add(z2.mul(z2).mul(z.mul(FloatExpLog.L13).add(FloatExpLog.L11)));
            DoubleVector logM = s.add(s).add(s.mul(z.mul(q)));
            DoubleVector y = e.mul(FloatExpLog.LN2).add(logM)
                    .blend(Double.NEGATIVE_INFINITY, d.compare(EQ, 0.0))
                    .blend(Double.NaN, d.compare(LT, 0.0));
            y = y.blend(d.add(d), d.compare(EQ, Double.POSITIVE_INFINITY).or(d.test(IS_NAN)));
            ((FloatVector) y.convertShape(D2F, HALF, 0)).intoArray(o, oo + j);
        }
        return end;
    }
}
