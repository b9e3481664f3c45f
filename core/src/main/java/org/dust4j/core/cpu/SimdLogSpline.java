package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;

import jdk.incubator.vector.DoubleVector;
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

    private SimdLogSpline() {
    }

    /**
     * out[oo + j] = spline at √q[qo + j] for j &lt; n, NaN outside (rMin, rMax] (elements from oo + n on are left
     * alone); {@code table} in {@link LogGridSpline}'s layout, with {@link SimdCdf#padding()} more values; rMin
     * positive and normal, so every radius inside is normal.
     *
     * <p>Three passes over the batch: √q (clamped to rMax outside the domain) into out, and which lanes lie inside as
     * one mask word per vector, its logarithm in place with {@link SimdFdlibm#log} (the bits of {@link StrictMath#log};
     * the last few elements with StrictMath itself), then the Hermite step, which loads each lane's four table values
     * with one vector load and transposes the eight loads with {@link SimdCdf}'s permutations. The step is written
     * out in its loop, the transposition included, though SimdCdf's loop holds the same lines: the JIT does not inline
     * helper methods this large, and a vector that crosses a call that is not inlined is boxed, which cost half the
     * speed when measured.
     */
    static void values(double[] table, int nodes, double rMin, double rMax, double logRMin, double perStep, double[] q,
                       int qo, double[] out, int oo, int n) {
        long[] at = new long[D.length()];
        long[] insideLanes = new long[(n + D.length() - 1) / D.length()];
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        DoubleVector three = DoubleVector.broadcast(D, 3.0);
        DoubleVector last = DoubleVector.broadcast(D, nodes - 2);
        DoubleVector nan = DoubleVector.broadcast(D, Double.NaN);
        // √q, clamped to rMax outside (rMin, rMax], into out and the inside lanes into insideLanes; then its
        // logarithm in place (fdlibm's, SimdFdlibm), which overwrites √q
        for (int j = 0, b = 0; j < n; j += D.length(), b++) {
            VectorMask<Double> live = D.indexInRange(j, n);
            DoubleVector r = DoubleVector.fromArray(D, q, qo + j, live).sqrt();
            VectorMask<Double> inside = r.compare(GT, rMin).and(r.compare(LE, rMax));
            insideLanes[b] = inside.toLong();
            r.blend(rMax, inside.not()).intoArray(out, oo + j, live);
        }
        int done = SimdFdlibm.log(out, oo, out, oo, n);
        for (int j = done; j < n; j++) {
            out[oo + j] = StrictMath.log(out[oo + j]);
        }
        for (int j = 0, b = 0; j < n; j += D.length(), b++) {
            VectorMask<Double> live = D.indexInRange(j, n);
            VectorMask<Double> inside = VectorMask.fromLong(D, insideLanes[b]);
            DoubleVector ln = DoubleVector.fromArray(D, out, oo + j, live);
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
