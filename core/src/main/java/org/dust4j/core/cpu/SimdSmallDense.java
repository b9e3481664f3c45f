package org.dust4j.core.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SmallDense}'s loops on the incubating Vector API, used where {@link Simd#GEMM} says so; nothing else may refer
 * to this class, which needs module {@code jdk.incubator.vector}. Each inner loop runs a vector of the preferred species
 * at a time with a masked last vector, doing the scalar loop's operations on each element in the same order (no fused
 * multiply-adds): the same bits.
 */
final class SimdSmallDense {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    private SimdSmallDense() {
    }

    static int cholesky(double[] x, int m, double[] col) {
        int lanes = D.length();
        for (int k = 0; k < m; k++) {
            double pivot = x[k * m + k];
            if (!(pivot > 0)) {
                return k;
            }
            double lkk = Math.sqrt(pivot);
            double inv = 1 / lkk;
            x[k * m + k] = lkk;
            for (int i = k + 1; i < m; i++) {
                double v = x[i * m + k] * inv;
                x[i * m + k] = v;
                col[i] = v;
            }
            for (int i = k + 1; i < m; i++) {
                double lik = col[i];
                int ri = i * m;
                for (int j = k + 1; j <= i; j += lanes) {
                    VectorMask<Double> live = D.indexInRange(j, i + 1);
                    DoubleVector c = DoubleVector.fromArray(D, col, j, live);
                    DoubleVector.fromArray(D, x, ri + j, live).sub(c.mul(lik)).intoArray(x, ri + j, live);
                }
            }
        }
        return -1;
    }

    static void solveTransposedLower(double[] x, int m, int p, double[] b, int w) {
        int lanes = D.length();
        for (int k = p - 1; k >= 0; k--) {
            double lkk = x[k * m + k];
            int bk = k * w;
            for (int j = 0; j < w; j += lanes) {
                VectorMask<Double> live = D.indexInRange(j, w);
                DoubleVector.fromArray(D, b, bk + j, live).div(lkk).intoArray(b, bk + j, live);
            }
            for (int q = 0; q < k; q++) {
                double lkq = x[k * m + q];
                int bq = q * w;
                for (int j = 0; j < w; j += lanes) {
                    VectorMask<Double> live = D.indexInRange(j, w);
                    DoubleVector bkv = DoubleVector.fromArray(D, b, bk + j, live);
                    DoubleVector.fromArray(D, b, bq + j, live).sub(bkv.mul(lkq)).intoArray(b, bq + j, live);
                }
            }
        }
    }
}
