package org.dust4j.core.cpu;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Packed, register-tiled matrix multiplication C = alpha·A·B (+ C) on {@link MatrixView}s, the building block of
 * the CPU backend's linear algebra.
 *
 * <p>The loop structure follows Goto and van de Geijn ("Anatomy of high-performance matrix multiplication",
 * ACM TOMS 34, 2008): B is packed in KC×NC blocks of NR-column panels and A in MC×KC blocks of MR-row panels,
 * zero-padded at the edges, so an MR×NR micro-kernel streams both operands contiguously while its accumulators
 * stay in registers. Any strides are accepted, so transposed and reversed operands cost only a different packing
 * order. Packing pays only where a packed panel is reused: an A with a unit stride is read in place when B has
 * at most {@link #DIRECT_PANELS} panels (the tall-skinny products K·W and Kᵀ·G of the inducing-point fit), and so
 * is a B with unit row stride when it is that narrow or A has a single panel. Products of at most
 * {@link #FEW_ROWS} rows (or, transposed, columns) stream B row by row ({@link Kernel#fewRows}). A C with unit row
 * stride (a transposed view) is computed as Cᵀ = Bᵀ Aᵀ, so that the micro-kernel always writes rows of unit
 * stride: a full tile straight into C when it is not accumulated into C or scaled, otherwise into a scratch tile
 * that is then added to C. FLOAT32 matrices are multiplied by a float kernel that accumulates in float; FLOAT64 by
 * a double kernel.
 *
 * <p>Two micro-kernels exist for each type ({@link Kernel}): a scalar 4×4 one on {@link Math#fma}, and, when
 * {@link Simd#GEMM} enables the Vector API, the {@link SimdGemm} one, {@value SimdGemm#MR} rows by two vectors
 * (8×16 float64 and 8×32 float32 with AVX-512), which runs at about four (float64) and eight (float32) times the
 * scalar one's rate; products of at most {@link #SMALL_PRODUCT} multiply-adds use the scalar kernel.
 *
 * <p>{@link #multiply} runs on the calling thread; {@link #batched} and {@link #multiplyParallel} split the batch
 * and blocks of rows and columns of C over the {@link Parallel} pool.
 */
final class Gemm {
    /** A parallel task gets at least this many flops. */
    static final long TASK_FLOPS = 1L << 18;
    /**
     * An A with a unit stride is read in place, not packed, when B has at most this many panels (each panel of A
     * is then read that often); so is a B with unit row stride at most this many panels wide.
     */
    private static final int DIRECT_PANELS = 2;
    /** Products with at most this many rows (or columns) are computed by {@link Kernel#fewRows}. */
    private static final int FEW_ROWS = 4;
    /** Columns of C that {@link Kernel#fewRows} updates per sweep over B. */
    private static final int FEW_ROWS_CHUNK = 512;
    /**
     * Products of at most this many multiply-adds use the scalar kernel even where the vector one is enabled: its
     * operands are read and written in place, which costs less than the vector kernel's packed and masked partial
     * tiles (measured for 20 000 products of 8×8 matrices: 2.6 ms against 3.9 ms in float64, 5.2 ms in float32;
     * from 10×10 on the vector kernel is faster).
     */
    static final long SMALL_PRODUCT = 512;

    private Gemm() {
    }

    /** C = alpha·A·B, or C += alpha·A·B when {@code accumulate}; A is m×k, B k×n, C m×n; on the calling thread. */
    static void multiply(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
            MatrixView c) {
        multiply(Kernel.of(c.data(), (long) m * n * k), m, n, k, alpha, a, b, accumulate, c);
    }

    /** {@link #multiply(int, int, int, double, MatrixView, MatrixView, boolean, MatrixView)} with the given kernel. */
    static void multiply(Kernel kernel, int m, int n, int k, double alpha, MatrixView a, MatrixView b,
            boolean accumulate, MatrixView c) {
        if (m == 0 || n == 0) {
            return;
        }
        if (c.cs() != 1 && c.rs() == 1 || n <= FEW_ROWS && m > n && a.rs() == 1 && c.rs() == 1) {
            multiply(kernel, n, m, k, alpha, b.transposed(), a.transposed(), accumulate, c.transposed());
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                kernel.zero(c, m, n);
            }
            return;
        }
        if (m <= FEW_ROWS && b.cs() == 1 && c.cs() == 1) {
            kernel.fewRows(m, n, k, alpha, a, b, accumulate, c);
            return;
        }
        int mr = kernel.mr;
        int nr = kernel.nr;
        Buffers buffers = kernel.buffers.get();
        Object packedA = buffers.packedA(roundUp(Math.min(m, kernel.mc), mr) * Math.min(k, kernel.kc));
        Object packedB = buffers.packedB(roundUp(Math.min(n, kernel.nc), nr) * Math.min(k, kernel.kc));
        Object tile = buffers.tile;
        // an operand with a unit stride along its panels is read in place where its packing would serve few panels
        // of the other operand
        boolean directA = (a.cs() == 1 || a.rs() == 1) && n <= DIRECT_PANELS * nr;
        boolean directB = readsBInPlace(kernel, m, n, b);
        for (int jc = 0; jc < n; jc += kernel.nc) {
            int nc = Math.min(kernel.nc, n - jc);
            for (int pc = 0; pc < k; pc += kernel.kc) {
                int kc = Math.min(kernel.kc, k - pc);
                boolean acc = accumulate || pc > 0;
                if (!directB) {
                    kernel.packB(b, pc, jc, kc, nc, packedB);
                }
                for (int ic = 0; ic < m; ic += kernel.mc) {
                    int mc = Math.min(kernel.mc, m - ic);
                    if (!directA) {
                        kernel.packA(a, ic, pc, mc, kc, packedA);
                    } else if (mc % mr != 0) {
                        kernel.packA(a, ic + mc - mc % mr, pc, mc % mr, kc, packedA); // the partial last panel
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int cols = Math.min(nr, nc - jr);
                        Object bd = packedB;
                        int bo = directB ? 0 : jr * kc;
                        int brs = nr;
                        if (directB && cols == nr) {
                            bd = b.data();
                            bo = b.index(pc, jc + jr);
                            brs = b.rs();
                        } else if (directB) {
                            kernel.packB(b, pc, jc + jr, kc, cols, packedB);
                        }
                        for (int ir = 0; ir < mc; ir += mr) {
                            int rows = Math.min(mr, mc - ir);
                            Object ad = packedA;
                            int ao = directA ? 0 : ir * kc;
                            int ars = 1;
                            int acs = mr;
                            if (directA && rows == mr) {
                                ad = a.data();
                                ao = a.index(ic + ir, pc);
                                ars = a.rs();
                                acs = a.cs();
                            }
                            MatrixView ct = c.at(ic + ir, jc + jr);
                            if (!acc && alpha == 1 && rows == mr && cols == nr && c.cs() == 1) {
                                kernel.micro(kc, ad, ao, ars, acs, bd, bo, brs, c.data(), ct.off(), c.rs());
                            } else {
                                kernel.micro(kc, ad, ao, ars, acs, bd, bo, brs, tile, 0, nr);
                                kernel.update(tile, ct, rows, cols, alpha, acc);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether {@link #multiply} reads the k×n matrix B of an m×n product in place instead of packing it: when its
     * rows have unit stride and either A has a single panel (B is read once) or B is at most {@link #DIRECT_PANELS}
     * panels wide (its panels stay in the caches).
     */
    private static boolean readsBInPlace(Kernel kernel, int m, int n, MatrixView b) {
        return b.cs() == 1 && (m <= kernel.mr || n <= DIRECT_PANELS * kernel.nr);
    }

    /** {@link #multiply} with C split over the pool (serial when already inside it). */
    static void multiplyParallel(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
            MatrixView c) {
        batched(1, m, n, k, alpha, i -> a, i -> b, accumulate, i -> c);
    }

    /**
     * For every batch index i in [0, batch): C_i = alpha·A_i·B_i (+ C_i), the work split over batch indices and
     * blocks of C. A product that the batch alone cannot spread over the threads is cut into blocks of rows (of
     * at least mc rows where each block would pack B anew, of 4 register tiles where B is read in place), then of
     * columns, into about 4 tasks per thread, none below {@link #TASK_FLOPS}.
     */
    static void batched(long batch, int m, int n, int k, double alpha, LongFunction<MatrixView> a,
            LongFunction<MatrixView> b, boolean accumulate, LongFunction<MatrixView> c) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        Kernel kernel = Kernel.of(c.apply(0).data(), (long) m * n * k);
        long flops = 2L * m * n * Math.max(k, 1);
        long wanted = Parallel.threads() == 1 ? 1
                : Math.max(1, Math.min(ceilDiv(4L * Parallel.threads(), batch), flops / TASK_FLOPS));
        int minRows = readsBInPlace(kernel, m, n, b.apply(0)) ? 4 * kernel.mr : kernel.mc;
        long rowBlocks = Math.min(wanted, ceilDiv(m, minRows));
        long colBlocks = Math.min(ceilDiv(wanted, rowBlocks), ceilDiv(n, 4L * kernel.nr));
        int rows = (int) roundUp(ceilDiv(m, rowBlocks), kernel.mr);
        int cols = (int) roundUp(ceilDiv(n, colBlocks), kernel.nr);
        int perRow = (int) ceilDiv(n, cols);
        int perMatrix = (int) ceilDiv(m, rows) * perRow;
        long blockFlops = 2L * rows * cols * Math.max(k, 1);
        Parallel.forRange(batch * perMatrix, Math.max(1, TASK_FLOPS / blockFlops), (from, to) -> {
            for (long item = from; item < to; item++) {
                long i = item / perMatrix;
                int block = (int) (item % perMatrix);
                int r0 = block / perRow * rows;
                int c0 = block % perRow * cols;
                multiply(kernel, Math.min(rows, m - r0), Math.min(cols, n - c0), k, alpha, a.apply(i).at(r0, 0),
                        b.apply(i).at(0, c0), accumulate, c.apply(i).at(r0, c0));
            }
        });
    }

    /** The width of the column panels of the kernel for {@code data} ({@code double[]} or {@code float[]}). */
    static int panelWidth(Object data) {
        return Kernel.of(data).nr;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long b) {
        return ceilDiv(a, b) * b;
    }

    /**
     * Packing, the micro-kernel and the blocking for one element type; the packing buffers are per thread. The
     * micro-kernel computes a full mr×nr tile of the product into a scratch tile, which {@link #update} adds to C
     * (the part of it inside C, at the edges).
     */
    abstract static sealed class Kernel permits F64, F32 {
        final int mr;
        final int nr;
        final int kc;
        final int mc;
        final int nc;
        final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(() -> new Buffers(this));

        /**
         * @param mr rows of the register tile
         * @param nr columns of the register tile
         * @param kc depth of the packed blocks
         * @param mc rows of a packed block of A
         * @param nc columns of a packed block of B
         */
        Kernel(int mr, int nr, int kc, int mc, int nc) {
            this.mr = mr;
            this.nr = nr;
            this.kc = kc;
            this.mc = mc;
            this.nc = nc;
        }

        /** The kernel for matrices in {@code data}: the vector one when {@link Simd#GEMM}, else the scalar one. */
        static Kernel of(Object data) {
            return of(data, Long.MAX_VALUE);
        }

        /**
         * The kernel for a product of {@code multiplyAdds} = m·n·k in {@code data}: the vector one when
         * {@link Simd#GEMM} and the product has more than {@link #SMALL_PRODUCT} multiply-adds, else the scalar one.
         */
        static Kernel of(Object data, long multiplyAdds) {
            boolean f64 = data instanceof double[];
            if (Simd.GEMM && multiplyAdds > SMALL_PRODUCT) {
                return f64 ? VectorKernels.F64 : VectorKernels.F32;
            }
            return f64 ? ScalarF64.INSTANCE : ScalarF32.INSTANCE;
        }

        /** The scalar 4×4 kernel for {@code double[]} (f64) or {@code float[]} data. */
        static Kernel scalar(boolean f64) {
            return f64 ? ScalarF64.INSTANCE : ScalarF32.INSTANCE;
        }

        /** The Vector API kernel; needs module {@code jdk.incubator.vector}. */
        static Kernel vector(boolean f64) {
            return f64 ? VectorKernels.F64 : VectorKernels.F32;
        }

        abstract Object alloc(long length);

        abstract int length(Object array);

        /** Packs A[i0 .. i0+mc, p0 .. p0+kc] as mr-row panels: dst[ir·kc + p·mr + r] = A(i0+ir+r, p0+p). */
        final void packA(MatrixView a, int i0, int p0, int mc, int kc, Object dst) {
            pack(a.transposed(), p0, i0, kc, mc, mr, dst);
        }

        /** Packs B[p0 .. p0+kc, j0 .. j0+nc] as nr-column panels: dst[jr·kc + p·nr + j] = B(p0+p, j0+jr+j). */
        final void packB(MatrixView b, int p0, int j0, int kc, int nc, Object dst) {
            pack(b, p0, j0, kc, nc, nr, dst);
        }

        /**
         * Packs X[p0 .. p0+kc, j0 .. j0+nc] as panels of w columns, the last one zero-padded:
         * dst[jr·kc + p·w + j] = X(p0+p, j0+jr+j). Reads along X's unit stride where it has one.
         */
        abstract void pack(MatrixView x, int p0, int j0, int kc, int nc, int w, Object dst);

        /**
         * C (+)= alpha·A·B for a C with few rows, streaming each row of B (unit column stride, as C's) once:
         * C[i, :] += (alpha·A(i, p))·B[p, :] for every p, on chunks of columns that stay in the L1 cache.
         */
        abstract void fewRows(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
                MatrixView c);

        /**
         * T = (A panel)·(B panel) for the full mr×nr tile T, whose element (i, j) is {@code t[to + i * trs + j]}
         * (the scratch tile, or C itself): element (i, p) of the A panel is {@code pa[ao + i * ars + p * acs]}
         * and element (p, j) of the B panel {@code pb[bo + p * brs + j]} (packed panels: ars = 1, acs = mr and
         * brs = nr).
         */
        abstract void micro(int kc, Object pa, int ao, int ars, int acs, Object pb, int bo, int brs, Object t, int to,
                int trs);

        /**
         * y[yo .. yo+w] += s · x[xo .. xo+w] on arrays of the kernel's type (s rounded to it), one fused
         * multiply-add per element.
         */
        abstract void axpy(double s, Object x, int xo, Object y, int yo, int w);

        /** C[0 .. rows, 0 .. cols] (+)= alpha · tile[0 .. rows, 0 .. cols]. */
        abstract void update(Object tile, MatrixView c, int rows, int cols, double alpha, boolean accumulate);

        abstract void zero(MatrixView c, int m, int n);
    }

    /** One thread's packing buffers for one kernel, grown on demand, and its scratch tile. */
    private static final class Buffers {
        private final Kernel kernel;
        private Object packedA;
        private Object packedB;
        final Object tile;

        Buffers(Kernel kernel) {
            this.kernel = kernel;
            tile = kernel.alloc((long) kernel.mr * kernel.nr);
        }

        /** The buffer for packed A, with at least {@code length} elements. */
        Object packedA(long length) {
            if (packedA == null || kernel.length(packedA) < length) {
                packedA = kernel.alloc(length);
            }
            return packedA;
        }

        /** The buffer for packed B, with at least {@code length} elements. */
        Object packedB(long length) {
            if (packedB == null || kernel.length(packedB) < length) {
                packedB = kernel.alloc(length);
            }
            return packedB;
        }
    }

    /** The vector kernels, created when first used (only when the Vector API module is present). */
    private static final class VectorKernels {
        static final Kernel F64 = new VectorF64();
        static final Kernel F32 = new VectorF32();
    }

    /** Packing of float64 matrices. */
    private abstract static sealed class F64 extends Kernel permits ScalarF64, VectorF64 {
        F64(int mr, int nr, int kc, int mc, int nc) {
            super(mr, nr, kc, mc, nc);
        }

        @Override
        Object alloc(long length) {
            return new double[(int) length];
        }

        @Override
        int length(Object array) {
            return ((double[]) array).length;
        }

        @Override
        void pack(MatrixView x, int p0, int j0, int kc, int nc, int w, Object dst) {
            double[] src = (double[]) x.data();
            double[] d = (double[]) dst;
            if (x.cs() == 1) {
                int full = nc - nc % w;
                for (int p = 0; p < kc; p++) {
                    int s = x.index(p0 + p, j0);
                    for (int jr = 0; jr < full; jr += w) {
                        int o = jr * kc + p * w;
                        for (int j = 0; j < w; j++) {
                            d[o + j] = src[s + jr + j];
                        }
                    }
                    if (full < nc) {
                        int o = full * kc + p * w;
                        for (int j = 0; j < w; j++) {
                            d[o + j] = full + j < nc ? src[s + full + j] : 0;
                        }
                    }
                }
                return;
            }
            for (int jr = 0; jr < nc; jr += w) {
                int cols = Math.min(w, nc - jr);
                int o = jr * kc;
                for (int j = 0; j < w; j++) {
                    int s = x.index(p0, j0 + jr + Math.min(j, cols - 1));
                    for (int p = 0; p < kc; p++) {
                        d[o + p * w + j] = j < cols ? src[s + p * x.rs()] : 0;
                    }
                }
            }
        }

        @Override
        void fewRows(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
                MatrixView c) {
            double[] ad = (double[]) a.data();
            double[] bd = (double[]) b.data();
            double[] cd = (double[]) c.data();
            for (int j0 = 0; j0 < n; j0 += FEW_ROWS_CHUNK) {
                int w = Math.min(FEW_ROWS_CHUNK, n - j0);
                if (!accumulate) {
                    for (int i = 0; i < m; i++) {
                        Arrays.fill(cd, c.index(i, j0), c.index(i, j0) + w, 0);
                    }
                }
                for (int p = 0; p < k; p++) {
                    int bo = b.index(p, j0);
                    for (int i = 0; i < m; i++) {
                        double s = (alpha * ad[a.index(i, p)]);
                        axpy(s, bd, bo, cd, c.index(i, j0), w);
                    }
                }
            }
        }

        @Override
        void axpy(double s, Object x, int xo, Object y, int yo, int w) {
            axpy(s, (double[]) x, xo, (double[]) y, yo, w);
        }

        /** c[co .. co+w] += s · b[bo .. bo+w], each element with one fused multiply-add. */
        void axpy(double s, double[] b, int bo, double[] c, int co, int w) {
            for (int j = 0; j < w; j++) {
                c[co + j] = Math.fma(s, b[bo + j], c[co + j]);
            }
        }

        @Override
        void update(Object tile, MatrixView c, int rows, int cols, double alpha, boolean accumulate) {
            double[] t = (double[]) tile;
            double[] cd = (double[]) c.data();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int o = c.index(i, j);
                    double v = alpha * t[i * nr + j];
                    cd[o] = accumulate ? cd[o] + v : v;
                }
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

    /** The FLOAT32 twin of {@link F64}. */
    private abstract static sealed class F32 extends Kernel permits ScalarF32, VectorF32 {
        F32(int mr, int nr, int kc, int mc, int nc) {
            super(mr, nr, kc, mc, nc);
        }

        @Override
        Object alloc(long length) {
            return new float[(int) length];
        }

        @Override
        int length(Object array) {
            return ((float[]) array).length;
        }

        @Override
        void pack(MatrixView x, int p0, int j0, int kc, int nc, int w, Object dst) {
            float[] src = (float[]) x.data();
            float[] d = (float[]) dst;
            if (x.cs() == 1) {
                int full = nc - nc % w;
                for (int p = 0; p < kc; p++) {
                    int s = x.index(p0 + p, j0);
                    for (int jr = 0; jr < full; jr += w) {
                        int o = jr * kc + p * w;
                        for (int j = 0; j < w; j++) {
                            d[o + j] = src[s + jr + j];
                        }
                    }
                    if (full < nc) {
                        int o = full * kc + p * w;
                        for (int j = 0; j < w; j++) {
                            d[o + j] = full + j < nc ? src[s + full + j] : 0;
                        }
                    }
                }
                return;
            }
            for (int jr = 0; jr < nc; jr += w) {
                int cols = Math.min(w, nc - jr);
                int o = jr * kc;
                for (int j = 0; j < w; j++) {
                    int s = x.index(p0, j0 + jr + Math.min(j, cols - 1));
                    for (int p = 0; p < kc; p++) {
                        d[o + p * w + j] = j < cols ? src[s + p * x.rs()] : 0;
                    }
                }
            }
        }

        @Override
        void fewRows(int m, int n, int k, double alpha, MatrixView a, MatrixView b, boolean accumulate,
                MatrixView c) {
            float[] ad = (float[]) a.data();
            float[] bd = (float[]) b.data();
            float[] cd = (float[]) c.data();
            for (int j0 = 0; j0 < n; j0 += FEW_ROWS_CHUNK) {
                int w = Math.min(FEW_ROWS_CHUNK, n - j0);
                if (!accumulate) {
                    for (int i = 0; i < m; i++) {
                        Arrays.fill(cd, c.index(i, j0), c.index(i, j0) + w, 0);
                    }
                }
                for (int p = 0; p < k; p++) {
                    int bo = b.index(p, j0);
                    for (int i = 0; i < m; i++) {
                        float s = (float) (alpha * ad[a.index(i, p)]);
                        axpy(s, bd, bo, cd, c.index(i, j0), w);
                    }
                }
            }
        }

        @Override
        void axpy(double s, Object x, int xo, Object y, int yo, int w) {
            axpy((float) s, (float[]) x, xo, (float[]) y, yo, w);
        }

        /** c[co .. co+w] += s · b[bo .. bo+w], each element with one fused multiply-add. */
        void axpy(float s, float[] b, int bo, float[] c, int co, int w) {
            for (int j = 0; j < w; j++) {
                c[co + j] = Math.fma(s, b[bo + j], c[co + j]);
            }
        }

        @Override
        void update(Object tile, MatrixView c, int rows, int cols, double alpha, boolean accumulate) {
            float[] t = (float[]) tile;
            float[] cd = (float[]) c.data();
            float s = (float) alpha;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    int o = c.index(i, j);
                    float v = s * t[i * nr + j];
                    cd[o] = accumulate ? cd[o] + v : v;
                }
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

    /** The scalar float64 kernel: a 4×4 tile of {@link Math#fma} accumulators. */
    private static final class ScalarF64 extends F64 {
        static final ScalarF64 INSTANCE = new ScalarF64();

        ScalarF64() {
            super(4, 4, 256, 64, 1024);
        }

        @Override
        void micro(int kc, Object pa, int ao, int ars, int acs, Object pb, int bo, int brs, Object tile, int to,
                int trs) {
            double[] ap = (double[]) pa;
            double[] bp = (double[]) pb;
            int a2 = 2 * ars;
            int a3 = 3 * ars;
            double c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            double c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int p = 0; p < kc; p++, ao += acs, bo += brs) {
                double b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
                double x0 = ap[ao], x1 = ap[ao + ars], x2 = ap[ao + a2], x3 = ap[ao + a3];
                c00 = Math.fma(x0, b0, c00);
                c01 = Math.fma(x0, b1, c01);
                c02 = Math.fma(x0, b2, c02);
                c03 = Math.fma(x0, b3, c03);
                c10 = Math.fma(x1, b0, c10);
                c11 = Math.fma(x1, b1, c11);
                c12 = Math.fma(x1, b2, c12);
                c13 = Math.fma(x1, b3, c13);
                c20 = Math.fma(x2, b0, c20);
                c21 = Math.fma(x2, b1, c21);
                c22 = Math.fma(x2, b2, c22);
                c23 = Math.fma(x2, b3, c23);
                c30 = Math.fma(x3, b0, c30);
                c31 = Math.fma(x3, b1, c31);
                c32 = Math.fma(x3, b2, c32);
                c33 = Math.fma(x3, b3, c33);
            }
            double[] t = (double[]) tile;
            int o1 = to + trs;
            int o2 = to + 2 * trs;
            int o3 = to + 3 * trs;
            t[to] = c00;
            t[to + 1] = c01;
            t[to + 2] = c02;
            t[to + 3] = c03;
            t[o1] = c10;
            t[o1 + 1] = c11;
            t[o1 + 2] = c12;
            t[o1 + 3] = c13;
            t[o2] = c20;
            t[o2 + 1] = c21;
            t[o2 + 2] = c22;
            t[o2 + 3] = c23;
            t[o3] = c30;
            t[o3 + 1] = c31;
            t[o3 + 2] = c32;
            t[o3 + 3] = c33;
        }
    }

    /** The scalar float32 kernel: the twin of {@link ScalarF64} with float accumulators. */
    private static final class ScalarF32 extends F32 {
        static final ScalarF32 INSTANCE = new ScalarF32();

        ScalarF32() {
            super(4, 4, 256, 64, 1024);
        }

        @Override
        void micro(int kc, Object pa, int ao, int ars, int acs, Object pb, int bo, int brs, Object tile, int to,
                int trs) {
            float[] ap = (float[]) pa;
            float[] bp = (float[]) pb;
            int a2 = 2 * ars;
            int a3 = 3 * ars;
            float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
            float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
            for (int p = 0; p < kc; p++, ao += acs, bo += brs) {
                float b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
                float x0 = ap[ao], x1 = ap[ao + ars], x2 = ap[ao + a2], x3 = ap[ao + a3];
                c00 = Math.fma(x0, b0, c00);
                c01 = Math.fma(x0, b1, c01);
                c02 = Math.fma(x0, b2, c02);
                c03 = Math.fma(x0, b3, c03);
                c10 = Math.fma(x1, b0, c10);
                c11 = Math.fma(x1, b1, c11);
                c12 = Math.fma(x1, b2, c12);
                c13 = Math.fma(x1, b3, c13);
                c20 = Math.fma(x2, b0, c20);
                c21 = Math.fma(x2, b1, c21);
                c22 = Math.fma(x2, b2, c22);
                c23 = Math.fma(x2, b3, c23);
                c30 = Math.fma(x3, b0, c30);
                c31 = Math.fma(x3, b1, c31);
                c32 = Math.fma(x3, b2, c32);
                c33 = Math.fma(x3, b3, c33);
            }
            float[] t = (float[]) tile;
            int o1 = to + trs;
            int o2 = to + 2 * trs;
            int o3 = to + 3 * trs;
            t[to] = c00;
            t[to + 1] = c01;
            t[to + 2] = c02;
            t[to + 3] = c03;
            t[o1] = c10;
            t[o1 + 1] = c11;
            t[o1 + 2] = c12;
            t[o1 + 3] = c13;
            t[o2] = c20;
            t[o2 + 1] = c21;
            t[o2 + 2] = c22;
            t[o2 + 3] = c23;
            t[o3] = c30;
            t[o3 + 1] = c31;
            t[o3 + 2] = c32;
            t[o3 + 3] = c33;
        }
    }

    /** The Vector API float64 kernel ({@link SimdGemm}). */
    private static final class VectorF64 extends F64 {
        VectorF64() {
            super(SimdGemm.MR, SimdGemm.columnsF64(), 256, 128, 2048);
        }

        @Override
        void micro(int kc, Object pa, int ao, int ars, int acs, Object pb, int bo, int brs, Object t, int to,
                int trs) {
            SimdGemm.micro(kc, (double[]) pa, ao, ars, acs, (double[]) pb, bo, brs, (double[]) t, to, trs);
        }

        @Override
        void axpy(double s, double[] b, int bo, double[] c, int co, int w) {
            SimdGemm.axpy(s, b, bo, c, co, w);
        }

        @Override
        void update(Object tile, MatrixView c, int rows, int cols, double alpha, boolean accumulate) {
            if (c.cs() == 1) {
                SimdGemm.update((double[]) tile, (double[]) c.data(), c.off(), c.rs(), rows, cols, alpha, accumulate);
            } else {
                super.update(tile, c, rows, cols, alpha, accumulate);
            }
        }
    }

    /** The Vector API float32 kernel ({@link SimdGemm}). */
    private static final class VectorF32 extends F32 {
        VectorF32() {
            super(SimdGemm.MR, SimdGemm.columnsF32(), 256, 128, 2048);
        }

        @Override
        void micro(int kc, Object pa, int ao, int ars, int acs, Object pb, int bo, int brs, Object t, int to,
                int trs) {
            SimdGemm.micro(kc, (float[]) pa, ao, ars, acs, (float[]) pb, bo, brs, (float[]) t, to, trs);
        }

        @Override
        void axpy(float s, float[] b, int bo, float[] c, int co, int w) {
            SimdGemm.axpy(s, b, bo, c, co, w);
        }

        @Override
        void update(Object tile, MatrixView c, int rows, int cols, double alpha, boolean accumulate) {
            if (c.cs() == 1) {
                SimdGemm.update((float[]) tile, (float[]) c.data(), c.off(), c.rs(), rows, cols, (float) alpha,
                        accumulate);
            } else {
                super.update(tile, c, rows, cols, alpha, accumulate);
            }
        }
    }
}
