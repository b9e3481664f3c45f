package org.dust4j.core.cpu;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LE;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.dust4j.core.SymmetricCdfTable;

/**
 * The tabulated distribution function G of {@link SymmetricCdfTable} on the incubating Vector API, eight arguments at a
 * time, for the line moments of {@link CpuLineMoments} when {@link Simd#CDF} says so; nothing else may refer to this
 * class, which needs module {@code jdk.incubator.vector} and 512-bit vectors, but {@link SimdLogSpline}, which reads
 * its tables the same way with the permutations defined here.
 *
 * <p>Each lane does the operations of {@link SymmetricCdfTable#cdf(double[], double, int, double)} in the same order,
 * without fused multiply-adds, so the results are the same bits as the scalar function's (NaN stays NaN); tested over
 * arguments around the cut ±zMax, the nodes, 0, tiny and huge values, infinities and NaN. Two steps differ in form,
 * not in value: the node index (int) x of an x in [0, 2^31) is the float64 floor of x, computed by rounding (x + 2^52)
 * − 2^52 and stepping down where that rounded up; and the four table values of a lane (G and h·g at the node and at
 * the next one, adjacent in the table) come from one vector load at the lane's node, the eight loads then being
 * transposed by three rounds of two-vector permutations. That replaces four gathers per vector, which on the AMD Zen 4
 * development machine cost more than the scalar function (measured: no gain over it; this form: see
 * docs/performance.md). A vector load at the last node reads past the table's end, so the caller pads the table with
 * {@link #padding()} values.
 */
final class SimdCdf {
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    /** 2^52: adding and subtracting it rounds a double in [0, 2^51) to an integer. */
    static final double ROUND = 0x1p52;
    /** Row pairs (a, b) → (a0, b0, a1, b1, a2, b2, a3, b3). */
    static final DoubleVector PAIRS = lanes(0, 8, 1, 9, 2, 10, 3, 11);
    /** Pair rows (p, q) → first quarter of each half: (p0, p1, q0, q1, p2, p3, q2, q3). */
    static final DoubleVector QUARTERS_LOW = lanes(0, 1, 8, 9, 2, 3, 10, 11);
    /** Pair rows (p, q) → (p4, p5, q4, q5, p6, p7, q6, q7). */
    static final DoubleVector QUARTERS_HIGH = lanes(4, 5, 12, 13, 6, 7, 14, 15);
    /** (p, q) → the low halves (p0 … p3, q0 … q3). */
    static final DoubleVector HALVES_LOW = lanes(0, 1, 2, 3, 8, 9, 10, 11);
    /** (p, q) → the high halves (p4 … p7, q4 … q7). */
    static final DoubleVector HALVES_HIGH = lanes(4, 5, 6, 7, 12, 13, 14, 15);

    private SimdCdf() {
    }

    private static DoubleVector lanes(double... index) {
        return DoubleVector.fromArray(D, index, 0);
    }

    /** Whether the preferred vectors are 512 bits wide (AVX-512): this kernel's shape, the only one measured. */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= D.vectorBitSize();
    }

    /** Values to append to the table (any, they are read with weight 0) for the loads at the last nodes. */
    static int padding() {
        return D.length() - 4;
    }

    /**
     * f[fo + j] = G(u[uo + j] · a − b) for j &lt; n (elements from fo + n on are left alone), G given by
     * {@code table}, {@code zMax} and {@code perUnit} in the layout of {@link SymmetricCdfTable#table()} followed by
     * {@link #padding()} more values.
     */
    static void cdf(double[] table, double zMax, int perUnit, double[] u, int uo, double a, double b, double[] f,
                    int fo, int n) {
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector two = DoubleVector.broadcast(D, 2.0);
        DoubleVector three = DoubleVector.broadcast(D, 3.0);
        DoubleVector zero = DoubleVector.zero(D);
        double units = perUnit;
        for (int j = 0; j < n; j += D.length()) {
            VectorMask<Double> live = D.indexInRange(j, n);
            DoubleVector z = DoubleVector.fromArray(D, u, uo + j, live).mul(a).sub(b);
            // G(z) = 1 - lowerHalf(-z) above 0, lowerHalf(z) elsewhere; lowerHalf(w) = 0 for w <= -zMax
            VectorMask<Double> upper = z.compare(GT, 0.0);
            DoubleVector w = z.blend(z.neg(), upper);
            DoubleVector x = w.add(zMax).mul(units);
            DoubleVector inside = zero.blend(x, w.compare(GT, -zMax)); // x where the table is read, else node 0
            DoubleVector node = inside.add(ROUND).sub(ROUND);
            node = node.sub(one, node.compare(GT, inside));
            DoubleVector t = x.sub(node);
            LongVector at = node.add(node).add(ROUND).reinterpretAsLongs(); // 2 * node in the low bits
            DoubleVector r01 = PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at.lane(0)),
                    DoubleVector.fromArray(D, table, (int) at.lane(1)));
            DoubleVector r23 = PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at.lane(2)),
                    DoubleVector.fromArray(D, table, (int) at.lane(3)));
            DoubleVector r45 = PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at.lane(4)),
                    DoubleVector.fromArray(D, table, (int) at.lane(5)));
            DoubleVector r67 = PAIRS.selectFrom(DoubleVector.fromArray(D, table, (int) at.lane(6)),
                    DoubleVector.fromArray(D, table, (int) at.lane(7)));
            DoubleVector low03 = QUARTERS_LOW.selectFrom(r01, r23);   // v0 of lanes 0-3, then d0 of lanes 0-3
            DoubleVector low47 = QUARTERS_LOW.selectFrom(r45, r67);
            DoubleVector high03 = QUARTERS_HIGH.selectFrom(r01, r23); // v1 and d1
            DoubleVector high47 = QUARTERS_HIGH.selectFrom(r45, r67);
            DoubleVector v0 = HALVES_LOW.selectFrom(low03, low47);
            DoubleVector d0 = HALVES_HIGH.selectFrom(low03, low47);
            DoubleVector v1 = HALVES_LOW.selectFrom(high03, high47);
            DoubleVector d1 = HALVES_HIGH.selectFrom(high03, high47);
            // HermiteTable.cubic: s * s * ((1 + 2 * t) * v0 + t * d0) + t * t * ((3 - 2 * t) * v1 - s * d1)
            DoubleVector s = one.sub(t);
            DoubleVector t2 = two.mul(t);
            DoubleVector c = s.mul(s).mul(one.add(t2).mul(v0).add(t.mul(d0)))
                    .add(t.mul(t).mul(three.sub(t2).mul(v1).sub(s.mul(d1))));
            DoubleVector lower = c.blend(zero, w.compare(LE, -zMax));
            lower.blend(one.sub(lower), upper).intoArray(f, fo + j, live);
        }
    }
}
