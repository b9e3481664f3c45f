package org.dust4j.core.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SmallDense}'s loops on the incubating Vector API, used where {@link Simd#GEMM} says so; nothing else may refer
 * to this class, which needs module {@code jdk.incubator.vector}. A row is computed a vector of the preferred species at
 * a time, the vector staying in a register while the rows above are subtracted from it (in the scalar loops' order, no
 * fused multiply-adds: the same bits), and is stored once, the last vector of a row masked.
 */
final class SimdSmallDense {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private SimdSmallDense() {
    }

    static int choleskyUpper(double[] x, int m) {
        int lanes = D.length();
        for (int j = 0; j < m; j++) {
            int rj = j * m;
            double inv = 0;
            for (int i = j; i < m; i += lanes) {
                VectorMask<Double> live = D.indexInRange(i, m);
                DoubleVector v = DoubleVector.fromArray(D, x, rj + i, live);
                for (int k = 0; k < j; k++) {
                    int rk = k * m;
                    v = v.sub(DoubleVector.fromArray(D, x, rk + i, live).mul(x[rk + j]));
                }
                if (i == j) {
                    double pivot = v.lane(0);
                    if (!(pivot > 0)) {
                        return j;
                    }
                    double ujj = Math.sqrt(pivot);
                    inv = 1 / ujj;
                    v.mul(inv).intoArray(x, rj + i, live);
                    x[rj + j] = ujj;
                } else {
                    v.mul(inv).intoArray(x, rj + i, live);
                }
            }
        }
        return -1;
    }

    static void solveUpper(double[] x, int m, int p, double[] b, int w) {
        int lanes = D.length();
        for (int q = p - 1; q >= 0; q--) {
            int bq = q * w;
            int rq = q * m;
            double uqq = x[rq + q];
            for (int j = 0; j < w; j += lanes) {
                VectorMask<Double> live = D.indexInRange(j, w);
                DoubleVector v = DoubleVector.fromArray(D, b, bq + j, live);
                for (int k = p - 1; k > q; k--) {
                    v = v.sub(DoubleVector.fromArray(D, b, k * w + j, live).mul(x[rq + k]));
                }
                v.div(uqq).intoArray(b, bq + j, live);
            }
        }
    }
}
