package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.AND;
import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.L2D;
import static jdk.incubator.vector.VectorOperators.LE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LogGridSpline} at squared radii on the incubating Vector API, eight at a time, where {@link Simd#CDF} says so;
 * nothing else may refer to this class, which needs module {@code jdk.incubator.vector}.
 *
 * <p>Each lane does the operations of the scalar {@link LogGridSpline#value} at √q in the same order, without fused
 * multiply-adds, so the results are the same bits: the square root is IEEE's, the logarithm is fdlibm's
 * {@code __ieee754_log} (that of {@link StrictMath#log}) for positive normal arguments, and the Hermite step is
 * {@link LogGridSpline#value}'s.
 */
final class SimdLogSpline {
    private static final VectorSpecies<Double> D = SimdCdf.D;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_512;

    // fdlibm e_log.c, as in java.lang.FdLibm.Log
    private static final double LN2_HI = 0x1.62e42feep-1;
    private static final double LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double LG1 = 0x1.5555555555593p-1;
    private static final double LG2 = 0x1.999999997fa04p-2;
    private static final double LG3 = 0x1.2492494229359p-2;
    private static final double LG4 = 0x1.c71c51d8e78afp-3;
    private static final double LG5 = 0x1.7466496cb03dep-3;
    private static final double LG6 = 0x1.39a09d078c69fp-3;
    private static final double LG7 = 0x1.2f112df3e5244p-3;

    private SimdLogSpline() {
    }

    /**
     * out[oo + j] = spline at √q[qo + j] for j &lt; n, NaN outside (rMin, rMax] (elements from oo + n on are left
     * alone); {@code table} in {@link LogGridSpline}'s layout, with {@link SimdCdf#padding()} more values; rMin
     * positive and normal, so every radius inside is normal.
     *
     * <p>The logarithm is fdlibm's with its branches evaluated on every lane and blended: |f| &lt; 2⁻²⁰ (its short
     * series; f = 0 included, which gives k·ln2_hi + k·ln2_lo as fdlibm's own special case does), else the two forms
     * chosen by the sign of (hx − 0x6147a) | (0x6b851 − hx). fdlibm's separate k = 0 forms give the same bits as the
     * general ones with k = 0 (0 − y = −y, −(a − f) = f − a and a + 0 = a in round-to-nearest), so they are not
     * repeated; the only x where the sign of a zero could differ is x = 1, which lands in the f = 0 case and gives +0
     * both ways. The Hermite step loads each lane's four table values with one vector load and transposes the eight
     * loads with {@link SimdCdf}'s permutations. Everything is written out in this one loop, the transposition
     * included, though SimdCdf's loop holds the same lines: the JIT does not inline helper methods this large, and a
     * vector that crosses a call that is not inlined is boxed, which cost half the speed when measured.
     */
    static void values(double[] table, int nodes, double rMin, double rMax, double logRMin, double perStep, double[] q,
                       int qo, double[] out, int oo, int n) {
        long[] at = new long[D.length()];
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        DoubleVector three = DoubleVector.broadcast(D, 3.0);
        DoubleVector half = DoubleVector.broadcast(D, 0.5);
        DoubleVector last = DoubleVector.broadcast(D, nodes - 2);
        DoubleVector nan = DoubleVector.broadcast(D, Double.NaN);
        LongVector hxHigh = LongVector.broadcast(L, 0x6b851L);
        for (int j = 0; j < n; j += D.length()) {
            VectorMask<Double> live = D.indexInRange(j, n);
            DoubleVector r = DoubleVector.fromArray(D, q, qo + j, live).sqrt();
            VectorMask<Double> inside = r.compare(GT, rMin).and(r.compare(LE, rMax));
            r = r.blend(rMax, inside.not());
            // ln r, as StrictMath.log (FdLibm.Log.compute) for positive normal r
            LongVector bits = r.reinterpretAsLongs();
            LongVector high = bits.lanewise(LSHR, 32);
            LongVector low = bits.lanewise(AND, 0xffff_ffffL);
            LongVector k = high.lanewise(ASHR, 20).sub(1023);
            LongVector hx = high.lanewise(AND, 0x000f_ffffL);
            LongVector i = hx.add(0x9_5f64L).lanewise(AND, 0x10_0000L);
            DoubleVector m = hx.or(i.lanewise(XOR, 0x3ff0_0000L)).lanewise(LSHL, 32).or(low).reinterpretAsDoubles();
            k = k.add(i.lanewise(ASHR, 20));
            DoubleVector f = m.sub(one);
            DoubleVector dk = (DoubleVector) k.convert(L2D, 0);
            DoubleVector kHi = dk.mul(LN2_HI);
            DoubleVector kLo = dk.mul(LN2_LO);
            VectorMask<Double> tiny = hx.add(2).lanewise(AND, 0x000f_ffffL).compare(LT, 3).cast(D);
            // |f| < 2^-20: R = f*f*(0.5 - 0.33333333333333333*f); dk*ln2_hi - ((R - dk*ln2_lo) - f)
            DoubleVector rTiny = f.mul(f).mul(half.sub(f.mul(0.33333333333333333)));
            DoubleVector small = kHi.sub(rTiny.sub(kLo).sub(f));
            DoubleVector s = f.div(f.add(two));
            DoubleVector z = s.mul(s);
            DoubleVector w = z.mul(z);
            DoubleVector t1 = w.mul(w.mul(w.mul(LG6).add(LG4)).add(LG2));
            DoubleVector t2 = z.mul(w.mul(w.mul(w.mul(LG7).add(LG5)).add(LG3)).add(LG1));
            DoubleVector rr = t2.add(t1);
            VectorMask<Double> wide = hx.sub(0x6_147aL).or(hxHigh.sub(hx)).compare(GT, 0).cast(D);
            DoubleVector hfsq = f.mul(half).mul(f);
            // i > 0: dk*ln2_hi - ((hfsq - (s*(hfsq + R) + dk*ln2_lo)) - f); else dk*ln2_hi - ((s*(f - R) - dk*ln2_lo) - f)
            DoubleVector withHfsq = kHi.sub(hfsq.sub(s.mul(hfsq.add(rr)).add(kLo)).sub(f));
            DoubleVector without = kHi.sub(s.mul(f.sub(rr)).sub(kLo).sub(f));
            DoubleVector ln = without.blend(withHfsq, wide).blend(small, tiny);
            // the node: the scalar (int) u truncates, and u may lie a rounding below 0 just above rMin
            DoubleVector u = ln.sub(logRMin).mul(perStep);
            DoubleVector x = u.max(zero);
            DoubleVector node = x.add(SimdCdf.ROUND).sub(SimdCdf.ROUND);
            node = node.sub(one, node.compare(GT, x)).min(last);
            DoubleVector t = u.sub(node);
            // 2 * node in the low bits, through memory: eight scalar loads cost less than eight lane extractions
            node.add(node).add(SimdCdf.ROUND).reinterpretAsLongs().intoArray(at, 0);
            DoubleVector r01 = SimdCdf.PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at[0]),
                    DoubleVector.fromArray(D, table, (int) at[1]));
            DoubleVector r23 = SimdCdf.PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at[2]),
                    DoubleVector.fromArray(D, table, (int) at[3]));
            DoubleVector r45 = SimdCdf.PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at[4]),
                    DoubleVector.fromArray(D, table, (int) at[5]));
            DoubleVector r67 = SimdCdf.PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at[6]),
                    DoubleVector.fromArray(D, table, (int) at[7]));
            DoubleVector low03 = SimdCdf.QUARTERS_LOW.selectFrom(r01, r23);
            DoubleVector low47 = SimdCdf.QUARTERS_LOW.selectFrom(r45, r67);
            DoubleVector high03 = SimdCdf.QUARTERS_HIGH.selectFrom(r01, r23);
            DoubleVector high47 = SimdCdf.QUARTERS_HIGH.selectFrom(r45, r67);
            DoubleVector v0 = SimdCdf.HALVES_LOW.selectFrom(low03, low47);
            DoubleVector d0 = SimdCdf.HALVES_HIGH.selectFrom(low03, low47);
            DoubleVector v1 = SimdCdf.HALVES_LOW.selectFrom(high03, high47);
            DoubleVector d1 = SimdCdf.HALVES_HIGH.selectFrom(high03, high47);
            // s²((1 + 2t) v0 + t d0) + t²((3 − 2t) v1 − s d1), s = 1 − t, as LogGridSpline.value
            DoubleVector sc = one.sub(t);
            DoubleVector tt = two.mul(t);
            DoubleVector v = sc.mul(sc).mul(one.add(tt).mul(v0).add(t.mul(d0)))
                    .add(t.mul(t).mul(three.sub(tt).mul(v1).sub(sc.mul(d1))));
            nan.blend(v, inside).intoArray(out, oo + j, live);
        }
    }
}
