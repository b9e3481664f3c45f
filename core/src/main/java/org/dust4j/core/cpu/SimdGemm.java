package org.dust4j.core.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled micro-kernels of {@link Gemm} on the incubating Vector API, used when {@link Simd#GEMM} says
 * so; nothing but {@link Gemm}'s vector kernels may refer to this class, which needs module
 * {@code jdk.incubator.vector}.
 *
 * <p>A micro-kernel multiplies a packed {@value #MR}-row panel of A by a packed panel of B that is two vectors of
 * the preferred species wide (16 float64 or 32 float32 columns with AVX-512): per step of the inner dimension it
 * loads the two vectors of B, broadcasts each of the {@value #MR} elements of A and fuses them into
 * {@value #MR} × 2 vector accumulators, which C2 keeps in registers (measured: with AVX-512 the float64 kernel runs
 * at about 4 times, the float32 one at about 8 times the rate of the scalar 4×4 kernel, which is the ratio of the
 * lanes). Each accumulator sums its products in order of the inner index, like the scalar kernel, but with one
 * rounding per fused multiply-add.
 */
final class SimdGemm {
    /** Rows of the register tile. */
    static final int MR = 8;

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdGemm() {
    }

    /** Columns of the float64 register tile: two vectors. */
    static int columnsF64() {
        return 2 * D.length();
    }

    /** Columns of the float32 register tile: two vectors. */
    static int columnsF32() {
        return 2 * F.length();
    }

    /**
     * T = (A panel)·(B panel) for the full tile T with NR = {@link #columnsF64()} columns, whose element (i, j) is
     * {@code t[to + i * trs + j]}: C itself, or a scratch tile that {@link #update} then adds to C. Scaling and
     * accumulating are not done here: the few vector operations they take would push this method past C2's
     * inlining budget (NodeCountInliningCutoff), and a vector passed to a method that is not inlined is boxed on
     * the heap (measured: half the scalar kernel's rate).
     *
     * @param a A: element (i, p) of the panel at {@code a[ao + i * ars + p * acs]} (packed: ars = 1, acs = MR)
     * @param b B: element (p, j) of the panel at {@code b[bo + p * brs + j]} (packed: brs = NR)
     */
    static void micro(int kc, double[] a, int ao, int ars, int acs, double[] b, int bo, int brs, double[] t, int to,
            int trs) {
        int w = D.length();
        int a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars, a6 = 6 * ars, a7 = 7 * ars;
        DoubleVector c00 = DoubleVector.zero(D);
        DoubleVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        DoubleVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++, ao += acs, bo += brs) {
            DoubleVector b0 = DoubleVector.fromArray(D, b, bo);
            DoubleVector b1 = DoubleVector.fromArray(D, b, bo + w);
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(D, a[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(D, a[ao + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(D, a[ao + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(D, a[ao + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(D, a[ao + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = DoubleVector.broadcast(D, a[ao + a6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = DoubleVector.broadcast(D, a[ao + a7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, to);
        c01.intoArray(t, to + w);
        to += trs;
        c10.intoArray(t, to);
        c11.intoArray(t, to + w);
        to += trs;
        c20.intoArray(t, to);
        c21.intoArray(t, to + w);
        to += trs;
        c30.intoArray(t, to);
        c31.intoArray(t, to + w);
        to += trs;
        c40.intoArray(t, to);
        c41.intoArray(t, to + w);
        to += trs;
        c50.intoArray(t, to);
        c51.intoArray(t, to + w);
        to += trs;
        c60.intoArray(t, to);
        c61.intoArray(t, to + w);
        to += trs;
        c70.intoArray(t, to);
        c71.intoArray(t, to + w);
    }

    /**
     * C (+)= alpha · tile on rows &lt; {@code rows} and columns &lt; {@code cols} (masked beyond): element (i, j) of
     * C is {@code c[co + i * rs + j]}, of the tile {@code t[i * NR + j]}.
     */
    static void update(double[] t, double[] c, int co, int rs, int rows, int cols, double alpha, boolean accumulate) {
        int w = D.length();
        DoubleVector s = DoubleVector.broadcast(D, alpha);
        for (int i = 0; i < rows; i++) {
            for (int h = 0; h < cols; h += w) {
                DoubleVector v = DoubleVector.fromArray(D, t, 2 * w * i + h);
                int o = co + i * rs + h;
                if (cols - h >= w) {
                    (accumulate ? v.fma(s, DoubleVector.fromArray(D, c, o)) : v.mul(s)).intoArray(c, o);
                } else {
                    VectorMask<Double> inside = D.indexInRange(h, cols);
                    (accumulate ? v.fma(s, DoubleVector.fromArray(D, c, o, inside)) : v.mul(s)).intoArray(c, o, inside);
                }
            }
        }
    }

    /** {@link #micro(int, double[], int, int, int, double[], int, int, double[], int, int)} in float. */
    static void micro(int kc, float[] a, int ao, int ars, int acs, float[] b, int bo, int brs, float[] t, int to,
            int trs) {
        int w = F.length();
        int a2 = 2 * ars, a3 = 3 * ars, a4 = 4 * ars, a5 = 5 * ars, a6 = 6 * ars, a7 = 7 * ars;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++, ao += acs, bo += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            FloatVector b1 = FloatVector.fromArray(F, b, bo + w);
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[ao + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[ao + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[ao + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[ao + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(F, a[ao + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(F, a[ao + a6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(F, a[ao + a7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(t, to);
        c01.intoArray(t, to + w);
        to += trs;
        c10.intoArray(t, to);
        c11.intoArray(t, to + w);
        to += trs;
        c20.intoArray(t, to);
        c21.intoArray(t, to + w);
        to += trs;
        c30.intoArray(t, to);
        c31.intoArray(t, to + w);
        to += trs;
        c40.intoArray(t, to);
        c41.intoArray(t, to + w);
        to += trs;
        c50.intoArray(t, to);
        c51.intoArray(t, to + w);
        to += trs;
        c60.intoArray(t, to);
        c61.intoArray(t, to + w);
        to += trs;
        c70.intoArray(t, to);
        c71.intoArray(t, to + w);
    }

    /** {@link #update(double[], double[], int, int, int, int, double, boolean)} in float. */
    static void update(float[] t, float[] c, int co, int rs, int rows, int cols, float alpha, boolean accumulate) {
        int w = F.length();
        FloatVector s = FloatVector.broadcast(F, alpha);
        for (int i = 0; i < rows; i++) {
            for (int h = 0; h < cols; h += w) {
                FloatVector v = FloatVector.fromArray(F, t, 2 * w * i + h);
                int o = co + i * rs + h;
                if (cols - h >= w) {
                    (accumulate ? v.fma(s, FloatVector.fromArray(F, c, o)) : v.mul(s)).intoArray(c, o);
                } else {
                    VectorMask<Float> inside = F.indexInRange(h, cols);
                    (accumulate ? v.fma(s, FloatVector.fromArray(F, c, o, inside)) : v.mul(s)).intoArray(c, o, inside);
                }
            }
        }
    }

    /** c[co .. co+w] += s · b[bo .. bo+w], each element with one fused multiply-add. */
    static void axpy(double s, double[] b, int bo, double[] c, int co, int w) {
        DoubleVector vs = DoubleVector.broadcast(D, s);
        int end = D.loopBound(w);
        int j = 0;
        for (; j < end; j += D.length()) {
            vs.fma(DoubleVector.fromArray(D, b, bo + j), DoubleVector.fromArray(D, c, co + j)).intoArray(c, co + j);
        }
        for (; j < w; j++) {
            c[co + j] = Math.fma(s, b[bo + j], c[co + j]);
        }
    }

    /** {@link #axpy(double, double[], int, double[], int, int)} in float. */
    static void axpy(float s, float[] b, int bo, float[] c, int co, int w) {
        FloatVector vs = FloatVector.broadcast(F, s);
        int end = F.loopBound(w);
        int j = 0;
        for (; j < end; j += F.length()) {
            vs.fma(FloatVector.fromArray(F, b, bo + j), FloatVector.fromArray(F, c, co + j)).intoArray(c, co + j);
        }
        for (; j < w; j++) {
            c[co + j] = Math.fma(s, b[bo + j], c[co + j]);
        }
    }
}
