package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.CpuBackend.doubles;
import static org.dust4j.core.cpu.CpuBackend.floats;
import static org.dust4j.core.cpu.CpuBackend.off;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.UnaryOp;

/**
 * Elementwise passes that also sum ({@code Backend.affineExpProduct}, {@code Backend.axpbySquaredNorm}) on the CPU.
 * Arguments arrive validated by {@link CpuBackend}. Each runs {@link CpuReductions#blockedSums}: a block of elements
 * is read, written and summed by one thread, and the block sums combine in index order, so results do not depend on
 * the thread count. Within an element every operand is read before out is written, so out may be an operand itself.
 */
final class CpuFused {
    private CpuFused() {
    }

    /** out = factor · p, sums = [Σ p x, Σ p] with p = exp(scale · x + shift) · g (the exponential as unaryAffine's). */
    static void affineExpProduct(double scale, double shift, double factor, Tensor x, Tensor g, Tensor out,
                                 Tensor sums) {
        int xo = off(x);
        int go = off(g);
        int oo = off(out);
        int n = (int) x.size();
        double[] s;
        if (x.dtype() == DType.FLOAT64) {
            double[] xa = doubles(x);
            double[] ga = doubles(g);
            double[] oa = doubles(out);
            s = CpuReductions.blockedSums(n, 2, (from, to, acc) -> {
                double[] e = new double[to - from];
                CpuElementwise.unaryAffine(UnaryOp.EXP, scale, shift, xa, xo + from, e, 0, to - from);
                double sx = 0;
                double sp = 0;
                for (int i = from; i < to; i++) {
                    double xi = xa[xo + i];
                    double p = e[i - from] * ga[go + i];
                    oa[oo + i] = factor * p;
                    sx += p * xi;
                    sp += p;
                }
                acc[0] += sx;
                acc[1] += sp;
            });
        } else {
            float[] xa = floats(x);
            float[] ga = floats(g);
            float[] oa = floats(out);
            s = CpuReductions.blockedSums(n, 2, (from, to, acc) -> {
                float[] e = new float[to - from];
                CpuElementwise.unaryAffine(UnaryOp.EXP, scale, shift, xa, xo + from, e, 0, to - from);
                double sx = 0;
                double sp = 0;
                for (int i = from; i < to; i++) {
                    double xi = xa[xo + i];
                    double p = (double) e[i - from] * ga[go + i];
                    oa[oo + i] = (float) (factor * p);
                    sx += p * xi;
                    sp += p;
                }
                acc[0] += sx;
                acc[1] += sp;
            });
        }
        CpuReductions.store(sums, 0, s[0]);
        CpuReductions.store(sums, 1, s[1]);
    }

    /** out = alpha · x + beta · y (axpby's arithmetic), squaredNorm = Σ y². */
    static void axpbySquaredNorm(double alpha, Tensor x, double beta, Tensor y, Tensor out, Tensor squaredNorm) {
        int xo = off(x);
        int yo = off(y);
        int oo = off(out);
        int n = (int) x.size();
        double[] s;
        if (x.dtype() == DType.FLOAT64) {
            double[] xa = doubles(x);
            double[] ya = doubles(y);
            double[] oa = doubles(out);
            s = CpuReductions.blockedSums(n, 1, (from, to, acc) -> {
                double q = 0;
                for (int i = from; i < to; i++) {
                    double yi = ya[yo + i];
                    oa[oo + i] = alpha * xa[xo + i] + beta * yi;
                    q += yi * yi;
                }
                acc[0] += q;
            });
        } else {
            float[] xa = floats(x);
            float[] ya = floats(y);
            float[] oa = floats(out);
            float af = (float) alpha;
            float bf = (float) beta;
            s = CpuReductions.blockedSums(n, 1, (from, to, acc) -> {
                double q = 0;
                for (int i = from; i < to; i++) {
                    float yi = ya[yo + i];
                    oa[oo + i] = af * xa[xo + i] + bf * yi;
                    q += (double) yi * yi;
                }
                acc[0] += q;
            });
        }
        CpuReductions.store(squaredNorm, 0, s[0]);
    }
}
