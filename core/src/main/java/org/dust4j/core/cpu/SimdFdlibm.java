package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.D2L;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.L2D;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * fdlibm's exp and log ({@code e_exp.c}, {@code e_log.c}, as ported in {@code java.lang.FdLibm}) on the incubating
 * Vector API, lane by lane in the same operations and order (no fused multiply-adds): the results are the bits of
 * {@link StrictMath#exp} and {@link StrictMath#log} for every argument, NaN lanes aside (a NaN, possibly with another
 * payload). fdlibm's branches are all evaluated and blended. Used by {@link SimdKernels} and {@link SimdLogSpline} where
 * {@link Simd} says so; nothing else may refer to this class, which needs module {@code jdk.incubator.vector}.
 *
 * <p>Why not the Vector API's own EXP and LOG: the JIT compiles those to the JDK's SVML calls, while until it has
 * compiled a kernel the Vector API applies {@link Math} lane by lane, and the two differ in the last bit for a few
 * percent of arguments; when the switch happens depends on the JIT's timing, so two runs of the same program could
 * differ, which MGVI amplifies (docs/cli.md). These methods use only IEEE arithmetic, comparisons, blends and bit
 * operations, which the fallback and the compiled code evaluate alike.
 */
final class SimdFdlibm {
    /** The species of {@link SimdKernels}' float64 kernels. */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, D.vectorShape());

    // e_exp.c
    private static final double TWOM1000 = 0x1.0p-1000;
    private static final double O_THRESHOLD = 0x1.62e42fefa39efp9;
    private static final double U_THRESHOLD = -0x1.74910d52d3051p9;
    // ln2_hi, ln2_lo and invln2: FloatExpLog.LN2_HI, LN2_LO and INV_LN2
    private static final double P1 = 0x1.555555555553ep-3;
    private static final double P2 = -0x1.6c16c16bebd93p-9;
    private static final double P3 = 0x1.1566aaf25de2cp-14;
    private static final double P4 = -0x1.bbd41c5d26bf1p-20;
    private static final double P5 = 0x1.6376972bea4d0p-25;
    /** The smallest |x| with high word above 0x3fd62e42 (0.5 ln2). */
    private static final double ABOVE_HALF_LN2 = Double.longBitsToDouble(0x3fd6_2e43L << 32);
    /** |x| below this has high word below 0x3e300000 (2^-28). */
    private static final double BELOW_TWO_M28 = Double.longBitsToDouble(0x3e30_0000L << 32);
    // e_log.c
    private static final double TWO54 = 0x1.0p54;
    private static final double LG1 = 0x1.5555555555593p-1;
    private static final double LG2 = 0x1.999999997fa04p-2;
    private static final double LG3 = 0x1.2492494229359p-2;
    private static final double LG4 = 0x1.c71c51d8e78afp-3;
    private static final double LG5 = 0x1.7466496cb03dep-3;
    private static final double LG6 = 0x1.39a09d078c69fp-3;
    private static final double LG7 = 0x1.2f112df3e5244p-3;

    private SimdFdlibm() {
    }

    /**
     * o[oo + i] = StrictMath.exp(x[xo + i]) for i below the largest multiple of the vector length not above n (o may
     * be x at the same offset); returns that multiple. The whole computation is written out in the loop: a vector
     * that crosses a method call the JIT does not inline is boxed, which made a helper form 9× slower (measured).
     */
    static int exp(double[] xs, int xo, double[] o, int oo, int n) {
        int end = D.loopBound(n);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        for (int j = 0; j < end; j += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, xs, xo + j);
            // fdlibm tests the high word hx of |x|; for ordered |x|, hx > H is |x| >= the double whose high word is
            // H + 1 (low word 0), and hx < H is |x| < the double with high word H: compared as doubles
            DoubleVector ax = x.abs();
            VectorMask<Double> negative = x.compare(LT, 0.0); // the sign matters only where |x| > 0.5 ln2
            VectorMask<Double> reduced = ax.compare(GE, ABOVE_HALF_LN2); // |x| > 0.5 ln2
            VectorMask<Double> tiny = ax.compare(LT, BELOW_TWO_M28); // |x| < 2^-28
            // |x| > 0.5 ln2: k = (int) (invln2 x ± 0.5), hi = x - k ln2_hi, lo = k ln2_lo. fdlibm's separate form for
            // |x| < 1.5 ln2 (hi = x - ln2HI[sign], lo = ln2LO[sign], k = ±1) is this one: there the truncation gives
            // k = ±1 (the high-word bound keeps invln2 |x| + 0.5 below 2 by far more than a rounding), and ±1 times
            // ln2_hi and ln2_lo are exact
            DoubleVector kWide = (DoubleVector) x.mul(FloatExpLog.INV_LN2).add(half.blend(-0.5, negative))
                    .convert(D2L, 0).convert(L2D, 0);
            DoubleVector hi = x.sub(kWide.mul(FloatExpLog.LN2_HI));
            DoubleVector lo = kWide.mul(FloatExpLog.LN2_LO);
            DoubleVector k = kWide;
            // |x| <= 0.5 ln2: k = 0, x itself (x - 0 is x, -0 included)
            hi = hi.blend(x, reduced.not());
            lo = lo.blend(zero, reduced.not());
            k = k.blend(zero, reduced.not());
            DoubleVector r = hi.sub(lo);
            DoubleVector t = r.mul(r);
            DoubleVector c = r.sub(t.mul(t.mul(t.mul(t.mul(t.mul(P5).add(P4)).add(P3)).add(P2)).add(P1)));
            // fdlibm's k = 0 form 1 - ((r c) / (c - 2) - r) is this one with lo = 0, hi = r: (r c) / (c - 2) is exactly
            // -q (c - 2 = -(2 - c), a / -b = -(a / b)) and 0 - q = -q (q is 0 only for x = 0, a tiny lane), and
            // adding k = 0 to the exponent changes nothing, so one form serves all lanes
            DoubleVector q = r.mul(c).div(two.sub(c));
            DoubleVector y = one.sub(lo.sub(q).sub(hi));
            // y · 2^k through the exponent field; below k = -1021 as y · 2^(k + 1000) · 2^-1000
            VectorMask<Double> deep = k.compare(LT, -1021.0);
            LongVector shift = ((LongVector) k.add(1000.0, deep).convert(D2L, 0)).lanewise(LSHL, 52);
            DoubleVector scaled = y.reinterpretAsLongs().add(shift).reinterpretAsDoubles();
            scaled = scaled.blend(scaled.mul(TWOM1000), deep);
            // |x| >= 709.78: overflow and underflow (exp(+∞) = +∞ and exp(-∞) = +0 among them), NaN
            scaled.blend(one.add(x), tiny).blend(Double.POSITIVE_INFINITY, x.compare(GT, O_THRESHOLD))
                    .blend(0.0, x.compare(LT, U_THRESHOLD)).blend(x.add(x), x.test(IS_NAN)).intoArray(o, oo + j);
        }
        return end;
    }

    /** {@link #exp(double[], int, double[], int, int)} for StrictMath.log. */
    static int log(double[] xs, int xo, double[] o, int oo, int n) {
        int end = D.loopBound(n);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        LongVector hxHigh = LongVector.broadcast(L, 0x6b851L);
        for (int j = 0; j < end; j += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, xs, xo + j);
            LongVector signedHigh = x.reinterpretAsLongs().lanewise(ASHR, 32);
            // below 2^-1022 (zero, subnormal, negative): positive subnormals scaled by 2^54, k starting at -54
            VectorMask<Double> low = signedHigh.compare(LT, 0x0010_0000L).cast(D);
            DoubleVector s = x.blend(x.mul(TWO54), low);
            LongVector bits = s.reinterpretAsLongs();
            LongVector high = bits.lanewise(LSHR, 32);
            LongVector lowWord = bits.lanewise(AND, 0xffff_ffffL);
            LongVector k = high.lanewise(ASHR, 20).sub(1023).sub(54, low.cast(L));
            LongVector hx = high.lanewise(AND, 0x000f_ffffL);
            LongVector i = hx.add(0x9_5f64L).lanewise(AND, 0x10_0000L);
            DoubleVector m = hx.or(i.lanewise(XOR, 0x3ff0_0000L)).lanewise(LSHL, 32).or(lowWord)
                    .reinterpretAsDoubles();
            k = k.add(i.lanewise(ASHR, 20));
            DoubleVector f = m.sub(one);
            DoubleVector dk = (DoubleVector) k.convert(L2D, 0);
            DoubleVector kHi = dk.mul(FloatExpLog.LN2_HI);
            DoubleVector kLo = dk.mul(FloatExpLog.LN2_LO);
            VectorMask<Double> tiny = hx.add(2).lanewise(AND, 0x000f_ffffL).compare(LT, 3).cast(D); // |f| < 2^-20
            // fdlibm's separate k = 0 forms give the bits of these general ones with k = 0 (0 - y = -y,
            // -(a - f) = f - a and a + 0 = a in round-to-nearest); the only x where the sign of a zero could differ is
            // x = 1, which lands in the |f| < 2^-20 form with f = 0 and gives +0 both ways
            DoubleVector small = kHi.sub(f.mul(f).mul(half.sub(f.mul(0.33333333333333333))).sub(kLo).sub(f));
            DoubleVector q = f.div(f.add(two));
            DoubleVector z = q.mul(q);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(w.mul(w.mul(LG6).add(LG4)).add(LG2));
            DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LG7).add(LG5)).add(LG3)).add(LG1));
            DoubleVector rr = t2.add(t1);
            VectorMask<Double> wide = hx.sub(0x6_147aL).or(hxHigh.sub(hx)).compare(GT, 0).cast(D);
            DoubleVector hfsq = f.mul(half).mul(f);
            DoubleVector withHfsq = kHi.sub(hfsq.sub(q.mul(hfsq.add(rr)).add(kLo)).sub(f));
            DoubleVector without = kHi.sub(q.mul(f.sub(rr)).sub(kLo).sub(f));
            DoubleVector ln = without.blend(withHfsq, wide).blend(small, tiny);
            // log(±0) = -∞, log(negative) = NaN, log(+∞) = +∞, log(NaN) = NaN
            VectorMask<Double> zero = x.compare(EQ, 0.0);
            ln.blend(x.add(x), signedHigh.compare(GE, 0x7ff0_0000L).cast(D))
                    .blend(Double.NaN, signedHigh.compare(LT, 0L).cast(D))
                    .blend(Double.NEGATIVE_INFINITY, zero).intoArray(o, oo + j);
        }
        return end;
    }
}
