package org.dust4j.core.cpu;

import java.util.function.LongFunction;

/**
 * Packed, register-tiled matrix multiplication C = alpha·A·B (+ C) on {@link MatrixView}s, the building block of
 * the CPU backend's linear algebra.
 *
 * <p>The loop structure follows Goto and van de Geijn ("Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34, 2008): B is packed in KC×NC blocks of NR-column panels and A in MC×KC blocks of MR-row panels,
 * zero-padded at the edges, so a 4×4 micro-kernel streams both operands contiguously while its 16
 * accumulators stay in registers (one fused multiply-add per element pair, {@link Math#fma}). Any strides
 * are accepted, so transposed and reversed operands cost only a different packing order. FLOAT32 matrices
 * are multiplied by a float kernel that accumulates in float; FLOAT64 by a double kernel.
 *
 * <p>{@link #multiply} runs on the calling thread; {@link #batched} and {@link #multiplyParallel} split the rows
 * of C (and the batch) over the {@link Parallel} pool.
 */
final class Gemm {
    static final int MR = 4;
    static final int NR = 4;
    private static final int KC = 256;
    private static final int MC = 64;
    private static final int NC = 1024;
    /** A parallel task gets at least this many flops. */
    static final long TASK_FLOPS = 1L << 18;

    private Gemm() {
    }

    /** C = alpha·A·B, or C += alpha·A·B when {@code accumulate}; A is m×k, B k×n, C m×n; on the calling thread. */
    static void multiply(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
            MatrixView c) {
        if (m == 0 || n == 0) {
            return;
        }
        Kernel kernel = c.data() instanceof double[] ? F64.INSTANCE : F32.INSTANCE;
        if (k == 0) {
            if (!accumulate) {
                kernel.zero(c, m, n);
            }
            return;
        }
        Object[] buffers = kernel.buffers.get();
        Object packedA = buffers[0];
        Object packedB = buffers[1];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean acc = accumulate || pc > 0;
                kernel.packB(b, pc, jc, kc, nc, packedB);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    kernel.packA(a, ic, pc, mc, kc, packedA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel.micro(kc, packedA, ir * kc, packedB, jr * kc, c, ic + ir, jc + jr,
                                    Math.min(MR, mc - ir), Math.min(NR, nc - jr), alpha, acc);
                        }
                    }
                }
            }
        }
    }

    /** {@link #multiply} with the rows of C split over the pool (serial when already inside it). */
    static void multiplyParallel(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
            MatrixView c) {
        batched(1, m, n, k, alpha, i -> a, i -> b, accumulate, i -> c);
    }

    /**
     * For every batch index i in [0, batch): C_i = alpha·A_i·B_i (+ C_i), the work split over batch indices and
     * row blocks of C.
     */
    static void batched(long batch, int m, int n, int k, double alpha, LongFunction<MatrixView> a,
            LongFunction<MatrixView> b, boolean accumulate, LongFunction<MatrixView> c) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        long target = 4L * Parallel.threads();
        int chunks = (int) Math.max(1, Math.min(ceilDiv(m, MC), ceilDiv(target, batch)));
        int rows = (int) roundUp(ceilDiv(m, chunks), MR);
        int perMatrix = (int) ceilDiv(m, rows);
        long flops = 2L * rows * n * Math.max(k, 1);
        Parallel.forRange(batch * perMatrix, Math.max(1, TASK_FLOPS / flops), (from, to) -> {
            for (long item = from; item < to; item++) {
                long i = item / perMatrix;
                int r0 = (int) (item % perMatrix) * rows;
                multiply(Math.min(rows, m - r0), n, k, alpha, a.apply(i).at(r0, 0), b.apply(i), accumulate,
                        c.apply(i).at(r0, 0));
            }
        });
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long b) {
        return ceilDiv(a, b) * b;
    }

    /** Packing and the micro-kernel for one element type; the packing buffers are per thread. */
    private abstract static sealed class Kernel permits F64, F32 {
        final ThreadLocal<Object[]> buffers = ThreadLocal.withInitial(
                () -> new Object[] {alloc(roundUp(MC, MR) * KC), alloc(KC * roundUp(NC, NR))});

        abstract Object alloc(long length);

        /** Packs A[i0 .. i0+mc, p0 .. p0+kc] as MR-row panels: dst[ir·kc + p·MR + r] = A(i0+ir+r, p0+p). */
        abstract void packA(MatrixView a, int i0, int p0, int mc, int kc, Object dst);

        /** Packs B[p0 .. p0+kc, j0 .. j0+nc] as NR-column panels: dst[jr·kc + p·NR + j] = B(p0+p, j0+jr+j). */
        abstract void packB(MatrixView b, int p0, int j0, int kc, int nc, Object dst);

        /** C[i .. i+mr, j .. j+nr] (+)= alpha · (packed A panel)·(packed B panel). */
        abstract void micro(int kc, Object pa, int ao, Object pb, int bo, MatrixView c, int i, int j, int mr, int nr,
                double alpha, boolean accumulate);

        abstract void zero(MatrixView c, int m, int n);
    }

    private static final class F64 extends Kernel {
        static final F64 INSTANCE = new F64();

        @Override
        Object alloc(long length) {
            return new double[(int) length];
        }

        @Override
        void packA(MatrixView a, int i0, int p0, int mc, int kc, Object dst) {
            double[] src = (double[]) a.data();
            double[] d = (double[]) dst;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int o = ir * kc;
                for (int p = 0; p < kc; p++, o += MR) {
                    int s = a.index(i0 + ir, p0 + p);
                    for (int r = 0; r < MR; r++) {
                        d[o + r] = r < rows ? src[s + r * a.rs()] : 0;
                    }
                }
            }
        }

        @Override
        void packB(MatrixView b, int p0, int j0, int kc, int nc, Object dst) {
            double[] src = (double[]) b.data();
            double[] d = (double[]) dst;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int o = jr * kc;
                for (int p = 0; p < kc; p++, o += NR) {
                    int s = b.index(p0 + p, j0 + jr);
                    for (int j = 0; j < NR; j++) {
                        d[o + j] = j < cols ? src[s + j * b.cs()] : 0;
                    }
                }
            }
        }

        @Override
        void micro(int kc, Object pa, int ao, Object pb, int bo, MatrixView c, int i, int j, int mr, int nr,
                double alpha, boolean accumulate) {
            double[] ap = (double[]) pa;
            double[] bp = (double[]) pb;
            double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
                double b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
                double a0 = ap[ao], a1 = ap[ao + 1], a2 = ap[ao + 2], a3 = ap[ao + 3];
                c00 = Math.fma(a0, b0, c00);
                c01 = Math.fma(a0, b1, c01);
                c02 = Math.fma(a0, b2, c02);
                c03 = Math.fma(a0, b3, c03);
                c10 = Math.fma(a1, b0, c10);
                c11 = Math.fma(a1, b1, c11);
                c12 = Math.fma(a1, b2, c12);
                c13 = Math.fma(a1, b3, c13);
                c20 = Math.fma(a2, b0, c20);
                c21 = Math.fma(a2, b1, c21);
                c22 = Math.fma(a2, b2, c22);
                c23 = Math.fma(a2, b3, c23);
                c30 = Math.fma(a3, b0, c30);
                c31 = Math.fma(a3, b1, c31);
                c32 = Math.fma(a3, b2, c32);
                c33 = Math.fma(a3, b3, c33);
            }
            double[] cd = (double[]) c.data();
            int o = c.index(i, j);
            store(cd, o, c.cs(), nr, alpha, accumulate, c00, c01, c02, c03);
            if (mr > 1) {
                store(cd, o + c.rs(), c.cs(), nr, alpha, accumulate, c10, c11, c12, c13);
            }
            if (mr > 2) {
                store(cd, o + 2 * c.rs(), c.cs(), nr, alpha, accumulate, c20, c21, c22, c23);
            }
            if (mr > 3) {
                store(cd, o + 3 * c.rs(), c.cs(), nr, alpha, accumulate, c30, c31, c32, c33);
            }
        }

        /** Stores the first nr of (v0, v1, v2, v3), scaled by alpha, into a row of C. */
        private static void store(double[] c, int o, int cs, int nr, double alpha, boolean accumulate, double v0,
                double v1, double v2, double v3) {
            for (int j = 0; j < nr; j++, o += cs) {
                double v = alpha * (j == 0 ? v0 : j == 1 ? v1 : j == 2 ? v2 : v3);
                c[o] = accumulate ? c[o] + v : v;
            }
        }

        @Override
        void zero(MatrixView c, int m, int n) {
            double[] cd = (double[]) c.data();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    cd[c.index(i, j)] = 0;
                }
            }
        }
    }

    /** The FLOAT32 twin of {@link F64}: same packing and tiling, float accumulators. */
    private static final class F32 extends Kernel {
        static final F32 INSTANCE = new F32();

        @Override
        Object alloc(long length) {
            return new float[(int) length];
        }

        @Override
        void packA(MatrixView a, int i0, int p0, int mc, int kc, Object dst) {
            float[] src = (float[]) a.data();
            float[] d = (float[]) dst;
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                int o = ir * kc;
                for (int p = 0; p < kc; p++, o += MR) {
                    int s = a.index(i0 + ir, p0 + p);
                    for (int r = 0; r < MR; r++) {
                        d[o + r] = r < rows ? src[s + r * a.rs()] : 0;
                    }
                }
            }
        }

        @Override
        void packB(MatrixView b, int p0, int j0, int kc, int nc, Object dst) {
            float[] src = (float[]) b.data();
            float[] d = (float[]) dst;
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int o = jr * kc;
                for (int p = 0; p < kc; p++, o += NR) {
                    int s = b.index(p0 + p, j0 + jr);
                    for (int j = 0; j < NR; j++) {
                        d[o + j] = j < cols ? src[s + j * b.cs()] : 0;
                    }
                }
            }
        }

        @Override
        void micro(int kc, Object pa, int ao, Object pb, int bo, MatrixView c, int i, int j, int mr, int nr,
                double alpha, boolean accumulate) {
            float[] ap = (float[]) pa;
            float[] bp = (float[]) pb;
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int p = 0; p < kc; p++, ao += MR, bo += NR) {
                float b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
                float a0 = ap[ao], a1 = ap[ao + 1], a2 = ap[ao + 2], a3 = ap[ao + 3];
                c00 = Math.fma(a0, b0, c00);
                c01 = Math.fma(a0, b1, c01);
                c02 = Math.fma(a0, b2, c02);
                c03 = Math.fma(a0, b3, c03);
                c10 = Math.fma(a1, b0, c10);
                c11 = Math.fma(a1, b1, c11);
                c12 = Math.fma(a1, b2, c12);
                c13 = Math.fma(a1, b3, c13);
                c20 = Math.fma(a2, b0, c20);
                c21 = Math.fma(a2, b1, c21);
                c22 = Math.fma(a2, b2, c22);
                c23 = Math.fma(a2, b3, c23);
                c30 = Math.fma(a3, b0, c30);
                c31 = Math.fma(a3, b1, c31);
                c32 = Math.fma(a3, b2, c32);
                c33 = Math.fma(a3, b3, c33);
            }
            float[] cd = (float[]) c.data();
            float s = (float) alpha;
            int o = c.index(i, j);
            store(cd, o, c.cs(), nr, s, accumulate, c00, c01, c02, c03);
            if (mr > 1) {
                store(cd, o + c.rs(), c.cs(), nr, s, accumulate, c10, c11, c12, c13);
            }
            if (mr > 2) {
                store(cd, o + 2 * c.rs(), c.cs(), nr, s, accumulate, c20, c21, c22, c23);
            }
            if (mr > 3) {
                store(cd, o + 3 * c.rs(), c.cs(), nr, s, accumulate, c30, c31, c32, c33);
            }
        }

        private static void store(float[] c, int o, int cs, int nr, float alpha, boolean accumulate, float v0,
                float v1, float v2, float v3) {
            for (int j = 0; j < nr; j++, o += cs) {
                float v = alpha * (j == 0 ? v0 : j == 1 ? v1 : j == 2 ? v2 : v3);
                c[o] = accumulate ? c[o] + v : v;
            }
        }

        @Override
        void zero(MatrixView c, int m, int n) {
            float[] cd = (float[]) c.data();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    cd[c.index(i, j)] = 0;
                }
            }
        }
    }
}
