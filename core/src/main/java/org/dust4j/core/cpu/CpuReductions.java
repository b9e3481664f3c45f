package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.CpuBackend.doubles;
import static org.dust4j.core.cpu.CpuBackend.floats;
import static org.dust4j.core.cpu.CpuBackend.off;

import java.util.Arrays;
import org.dust4j.core.DType;
import org.dust4j.core.ReduceOp;
import org.dust4j.core.Tensor;

/**
 * Reductions and scans of the CPU backend. Arguments arrive validated by {@link CpuBackend}. All
 * accumulation is in double, also for FLOAT32 tensors; results are rounded once to the output dtype.
 *
 * <p><b>Summation order, accuracy and determinism.</b> Every result depends only on the data and the shape,
 * never on the number of threads or on how the work was scheduled:
 * <ul>
 *   <li>A contiguous reduction ({@link #reduceAll}, {@link #dot}, {@link #reduce} along an axis with inner
 *       extent 1, such as the last) cuts its elements into fixed blocks of {@link #BLOCK} elements. Each block
 *       is reduced with four interleaved accumulators (element i goes to accumulator i mod 4), the block results
 *       are combined by pairwise summation in index order. The blocks are spread over the threads. The rounding error of a sum
 *       thus grows like (BLOCK/4 + log2(n / BLOCK)) ε instead of n ε.</li>
 *   <li>A strided reduction ({@link #reduce} along an axis with inner extent &gt; 1) runs in parallel over tiles
 *       of the outer and inner indices; along the reduced axis it sums blocks of {@code BLOCK} rows, then adds
 *       the block sums in order.</li>
 *   <li>{@link #cumsum} splits the scanned axis into blocks of {@code BLOCK}: out = carry + local running sum,
 *       where carry is the running sum of the previous block totals. With fewer rows than threads each row is
 *       scanned in parallel in two passes (block totals, then the blocks with their carries), otherwise the rows
 *       are scanned in parallel in one pass each; both compute exactly the same numbers.</li>
 * </ul>
 *
 * <p>L2 norms accumulate plain squares and accept the result when it lies in [2<sup>-900</sup>, MAX_VALUE];
 * otherwise (overflow, or underflow of tiny values) the maximum |x| is found and the squares are recomputed
 * scaled by the power of two 2<sup>-exponent(max|x|)</sup>, which is exact. FLOAT32 squares summed in double can
 * neither overflow nor underflow. MAX and MIN propagate NaN ({@link Math#max}).
 */
final class CpuReductions {
    /** Elements per partial result: the unit that fixes the summation order. */
    static final int BLOCK = 4096;

    /** Plain sums of squares in [2^-900, MAX_VALUE] are accurate: no term overflowed or lost precision. */
    private static final double L2_SAFE_MIN = 0x1p-900;

    private CpuReductions() {
    }

    /** What one accumulation loop computes. L2 is SQUARE_SUM followed by a square root (and rescaling). */
    private enum Kind {
        SUM, ABS_SUM, SQUARE_SUM, MAX, MIN, ABS_MAX;

        double identity() {
            return switch (this) {
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
                default -> 0.0;
            };
        }

        /** Combines two partial results. */
        double combine(double a, double b) {
            return switch (this) {
                case MAX, ABS_MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
                default -> a + b;
            };
        }

        static Kind of(ReduceOp op) {
            return switch (op) {
                case SUM -> SUM;
                case L1 -> ABS_SUM;
                case L2 -> SQUARE_SUM;
                case MAX -> MAX;
                case MIN -> MIN;
            };
        }
    }

    /** The partial result of one block [from, to) (absolute indices into the arrays). */
    @FunctionalInterface
    private interface BlockBody {
        double run(int from, int to);
    }

    // ---------------------------------------------------------------- reduceAll, dot

    /** Reduces all of x into the single element of out. */
    static void reduceAll(ReduceOp op, Tensor x, Tensor out) {
        store(out, 0, contiguous(op, array(x), off(x), (int) x.size()));
    }

    /** out = Σ a_i b_i. */
    static void dot(Tensor a, Tensor b, Tensor out) {
        int ao = off(a);
        int bo = off(b);
        int n = (int) a.size();
        double r;
        if (a.dtype() == DType.FLOAT64) {
            double[] aa = doubles(a);
            double[] ba = doubles(b);
            r = blocked(Kind.SUM, n, (from, to) -> dot(aa, ao + from, ba, bo + from, to - from));
        } else {
            float[] aa = floats(a);
            float[] ba = floats(b);
            r = blocked(Kind.SUM, n, (from, to) -> dot(aa, ao + from, ba, bo + from, to - from));
        }
        store(out, 0, r);
    }

    /** The sums of one block [from, to) of a multi-sum pass: adds them into {@code acc[0 .. k)}. */
    @FunctionalInterface
    interface SumsBody {
        void run(int from, int to, double[] acc);
    }

    /**
     * k sums over [0, n) in blocks of {@link #BLOCK} as {@link #reduceAll}'s sums are formed: the blocks in parallel
     * (each body call may also write its elements, for passes that store while they sum), then combined pairwise in
     * index order, so the sums do not depend on the thread count. All zero for n = 0.
     */
    static double[] blockedSums(int n, int k, SumsBody body) {
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks * k];
        Parallel.forRange(blocks, Math.max(1, Parallel.GRAIN / BLOCK), (lo, hi) -> {
            double[] acc = new double[k];
            for (int b = (int) lo; b < hi; b++) {
                java.util.Arrays.fill(acc, 0);
                body.run(b * BLOCK, Math.min(n, (b + 1) * BLOCK), acc);
                System.arraycopy(acc, 0, partial, b * k, k);
            }
        });
        double[] sums = new double[k];
        double[] column = new double[blocks];
        for (int j = 0; j < k && blocks > 0; j++) {
            for (int b = 0; b < blocks; b++) {
                column[b] = partial[b * k + j];
            }
            sums[j] = pairwise(Kind.SUM, column, 0, blocks);
        }
        return sums;
    }

    /** op over the n contiguous elements of x (a double[] or float[]) from off. */
    private static double contiguous(ReduceOp op, Object x, int off, int n) {
        if (op != ReduceOp.L2) {
            Kind kind = Kind.of(op);
            return blocked(kind, n, (from, to) -> block(kind, x, off + from, off + to, 1.0));
        }
        double squares = blocked(Kind.SQUARE_SUM, n, (from, to) -> block(Kind.SQUARE_SUM, x, off + from, off + to, 1.0));
        if (l2Safe(squares) || Double.isNaN(squares)) {
            return Math.sqrt(squares);
        }
        double amax = blocked(Kind.ABS_MAX, n, (from, to) -> block(Kind.ABS_MAX, x, off + from, off + to, 1.0));
        if (amax == 0.0 || Double.isInfinite(amax)) {
            return amax;
        }
        double scale = l2Scale(amax);
        double scaled = blocked(Kind.SQUARE_SUM, n,
                (from, to) -> block(Kind.SQUARE_SUM, x, off + from, off + to, scale));
        return Math.sqrt(scaled) / scale;
    }

    private static boolean l2Safe(double squares) {
        return squares >= L2_SAFE_MIN && squares <= Double.MAX_VALUE;
    }

    /** The power of two that brings amax (finite, nonzero) to [1, 2); multiplying by it is exact. */
    private static double l2Scale(double amax) {
        return Math.scalb(1.0, -Math.getExponent(amax));
    }

    /**
     * Reduces [0, n) in blocks of {@link #BLOCK}: block results computed in parallel, then combined pairwise in
     * index order (so the result does not depend on the thread count).
     */
    private static double blocked(Kind kind, int n, BlockBody body) {
        if (n <= BLOCK) {
            return n == 0 ? kind.identity() : body.run(0, n);
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, Math.max(1, Parallel.GRAIN / BLOCK), (lo, hi) -> {
            for (int b = (int) lo; b < hi; b++) {
                partial[b] = body.run(b * BLOCK, Math.min(n, (b + 1) * BLOCK));
            }
        });
        return pairwise(kind, partial, 0, blocks);
    }

    private static double pairwise(Kind kind, double[] p, int from, int to) {
        if (to - from <= 4) {
            double r = p[from];
            for (int i = from + 1; i < to; i++) {
                r = kind.combine(r, p[i]);
            }
            return r;
        }
        int mid = (from + to) >>> 1;
        return kind.combine(pairwise(kind, p, from, mid), pairwise(kind, p, mid, to));
    }

    private static double block(Kind kind, Object x, int from, int to, double scale) {
        return x instanceof double[] d ? block(kind, d, from, to, scale) : block(kind, (float[]) x, from, to, scale);
    }

    /** kind over x[from, to) with four interleaved accumulators; SQUARE_SUM squares scale * x. */
    private static double block(Kind kind, double[] x, int from, int to, double scale) {
        double s0 = kind.identity();
        double s1 = s0;
        double s2 = s0;
        double s3 = s0;
        int i = from;
        int end = to - 3;
        switch (kind) {
            case SUM -> {
                for (; i < end; i += 4) {
                    s0 += x[i];
                    s1 += x[i + 1];
                    s2 += x[i + 2];
                    s3 += x[i + 3];
                }
                for (; i < to; i++) {
                    s0 += x[i];
                }
            }
            case ABS_SUM -> {
                for (; i < end; i += 4) {
                    s0 += Math.abs(x[i]);
                    s1 += Math.abs(x[i + 1]);
                    s2 += Math.abs(x[i + 2]);
                    s3 += Math.abs(x[i + 3]);
                }
                for (; i < to; i++) {
                    s0 += Math.abs(x[i]);
                }
            }
            case SQUARE_SUM -> {
                for (; i < end; i += 4) {
                    double v0 = x[i] * scale;
                    double v1 = x[i + 1] * scale;
                    double v2 = x[i + 2] * scale;
                    double v3 = x[i + 3] * scale;
                    s0 += v0 * v0;
                    s1 += v1 * v1;
                    s2 += v2 * v2;
                    s3 += v3 * v3;
                }
                for (; i < to; i++) {
                    double v = x[i] * scale;
                    s0 += v * v;
                }
            }
            case MAX -> {
                for (; i < end; i += 4) {
                    s0 = Math.max(s0, x[i]);
                    s1 = Math.max(s1, x[i + 1]);
                    s2 = Math.max(s2, x[i + 2]);
                    s3 = Math.max(s3, x[i + 3]);
                }
                for (; i < to; i++) {
                    s0 = Math.max(s0, x[i]);
                }
            }
            case MIN -> {
                for (; i < end; i += 4) {
                    s0 = Math.min(s0, x[i]);
                    s1 = Math.min(s1, x[i + 1]);
                    s2 = Math.min(s2, x[i + 2]);
                    s3 = Math.min(s3, x[i + 3]);
                }
                for (; i < to; i++) {
                    s0 = Math.min(s0, x[i]);
                }
            }
            case ABS_MAX -> {
                for (; i < end; i += 4) {
                    s0 = Math.max(s0, Math.abs(x[i]));
                    s1 = Math.max(s1, Math.abs(x[i + 1]));
                    s2 = Math.max(s2, Math.abs(x[i + 2]));
                    s3 = Math.max(s3, Math.abs(x[i + 3]));
                }
                for (; i < to; i++) {
                    s0 = Math.max(s0, Math.abs(x[i]));
                }
            }
        }
        return kind.combine(kind.combine(s0, s1), kind.combine(s2, s3));
    }

    /** FLOAT32 twin of {@link #block(Kind, double[], int, int, double)}, accumulating in double. */
    private static double block(Kind kind, float[] x, int from, int to, double scale) {
        double s0 = kind.identity();
        double s1 = s0;
        double s2 = s0;
        double s3 = s0;
        int i = from;
        int end = to - 3;
        switch (kind) {
            case SUM -> {
                for (; i < end; i += 4) {
                    s0 += x[i];
                    s1 += x[i + 1];
                    s2 += x[i + 2];
                    s3 += x[i + 3];
                }
                for (; i < to; i++) {
                    s0 += x[i];
                }
            }
            case ABS_SUM -> {
                for (; i < end; i += 4) {
                    s0 += Math.abs(x[i]);
                    s1 += Math.abs(x[i + 1]);
                    s2 += Math.abs(x[i + 2]);
                    s3 += Math.abs(x[i + 3]);
                }
                for (; i < to; i++) {
                    s0 += Math.abs(x[i]);
                }
            }
            case SQUARE_SUM -> {
                for (; i < end; i += 4) {
                    double v0 = x[i] * scale;
                    double v1 = x[i + 1] * scale;
                    double v2 = x[i + 2] * scale;
                    double v3 = x[i + 3] * scale;
                    s0 += v0 * v0;
                    s1 += v1 * v1;
                    s2 += v2 * v2;
                    s3 += v3 * v3;
                }
                for (; i < to; i++) {
                    double v = x[i] * scale;
                    s0 += v * v;
                }
            }
            case MAX -> {
                for (; i < end; i += 4) {
                    s0 = Math.max(s0, x[i]);
                    s1 = Math.max(s1, x[i + 1]);
                    s2 = Math.max(s2, x[i + 2]);
                    s3 = Math.max(s3, x[i + 3]);
                }
                for (; i < to; i++) {
                    s0 = Math.max(s0, x[i]);
                }
            }
            case MIN -> {
                for (; i < end; i += 4) {
                    s0 = Math.min(s0, x[i]);
                    s1 = Math.min(s1, x[i + 1]);
                    s2 = Math.min(s2, x[i + 2]);
                    s3 = Math.min(s3, x[i + 3]);
                }
                for (; i < to; i++) {
                    s0 = Math.min(s0, x[i]);
                }
            }
            case ABS_MAX -> {
                for (; i < end; i += 4) {
                    s0 = Math.max(s0, Math.abs(x[i]));
                    s1 = Math.max(s1, Math.abs(x[i + 1]));
                    s2 = Math.max(s2, Math.abs(x[i + 2]));
                    s3 = Math.max(s3, Math.abs(x[i + 3]));
                }
                for (; i < to; i++) {
                    s0 = Math.max(s0, Math.abs(x[i]));
                }
            }
        }
        return kind.combine(kind.combine(s0, s1), kind.combine(s2, s3));
    }

    /** Σ a[ao + i] b[bo + i] over i &lt; n, in four partial sums (independent chains of additions). */
    static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i < n - 3; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** FLOAT32 dot product of one block; each product of two floats is exact in double. */
    private static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i < n - 3; i += 4) {
            s0 += (double) a[ao + i] * b[bo + i];
            s1 += (double) a[ao + i + 1] * b[bo + i + 1];
            s2 += (double) a[ao + i + 2] * b[bo + i + 2];
            s3 += (double) a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += (double) a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    // ---------------------------------------------------------------- reduce along an axis

    /** Reduces x along {@code axis} (normalised) into out, which has x's shape without that axis. */
    static void reduce(ReduceOp op, Tensor x, int axis, Tensor out) {
        int n = x.shape().dim(axis);
        int outer = (int) x.shape().outer(axis);
        int inner = (int) x.shape().inner(axis);
        if (out.size() == 0) {
            return;
        }
        if (n == 0) {
            CpuElementwise.fill(out, Kind.of(op).identity());
            return;
        }
        Object xa = array(x);
        int xo = off(x);
        if (inner == 1) {
            // contiguous rows, in parallel; with fewer rows than threads the rows run one after the other and
            // each row's blocks are reduced in parallel instead
            long grain = outer < Parallel.threads() ? outer : Math.max(1, Parallel.GRAIN / n);
            Parallel.forRange(outer, grain, (lo, hi) -> {
                for (int o = (int) lo; o < hi; o++) {
                    store(out, o, contiguous(op, xa, xo + o * n, n));
                }
            });
            return;
        }
        Tiles tiles = Tiles.of(outer, n, inner);
        Parallel.forRange(tiles.count(), tiles.grain(), (lo, hi) -> {
            for (int t = (int) lo; t < hi; t++) {
                int o = tiles.outerIndex(t);
                int i0 = tiles.innerStart(t);
                double[] r = strided(op, xa, xo + o * n * inner + i0, n, inner, tiles.width(t));
                storeAll(out, o * inner + i0, r);
            }
        });
    }

    /**
     * The tiling of [outer, n, inner] used by strided reductions and scans: a tile is one outer index and a
     * run of at most 1024 consecutive inner indices, narrower (down to 64) when that gives too few tiles.
     */
    private record Tiles(int outer, int n, int inner, int w, int perOuter) {
        static Tiles of(int outer, int n, int inner) {
            long wanted = 4L * Parallel.threads();
            long w = Math.min(1024, Math.max(64, ((long) outer * inner + wanted - 1) / wanted));
            int width = (int) Math.min(w, inner);
            return new Tiles(outer, n, inner, width, (inner + width - 1) / width);
        }

        long count() {
            return (long) outer * perOuter;
        }

        /** Tiles per parallel chunk so that a chunk holds about {@link Parallel#GRAIN} elements. */
        long grain() {
            return Math.max(1, Parallel.GRAIN / ((long) n * w));
        }

        int outerIndex(int t) {
            return t / perOuter;
        }

        int innerStart(int t) {
            return (t % perOuter) * w;
        }

        int width(int t) {
            return Math.min(w, inner - innerStart(t));
        }
    }

    /**
     * op along the reduced axis for the w columns x[base + k * stride + j], j &lt; w, k &lt; n: blocks of
     * {@link #BLOCK} rows are reduced row by row (vectorisable over j), block results combined in order.
     */
    private static double[] strided(ReduceOp op, Object x, int base, int n, int stride, int w) {
        Kind kind = Kind.of(op);
        double[] total = new double[w];
        double[] scale = new double[w];
        Arrays.fill(scale, 1.0);
        rows(kind, x, base, n, stride, w, scale, total);
        if (op == ReduceOp.L2) {
            boolean rescale = false;
            for (int j = 0; j < w; j++) {
                rescale |= !l2Safe(total[j]) && !Double.isNaN(total[j]);
            }
            double[] amax = null;
            if (rescale) {
                amax = new double[w];
                rows(Kind.ABS_MAX, x, base, n, stride, w, scale, amax);
                for (int j = 0; j < w; j++) {
                    boolean finiteNonzero = amax[j] != 0.0 && Double.isFinite(amax[j]);
                    scale[j] = !l2Safe(total[j]) && finiteNonzero ? l2Scale(amax[j]) : 1.0;
                }
                rows(Kind.SQUARE_SUM, x, base, n, stride, w, scale, total);
            }
            for (int j = 0; j < w; j++) {
                boolean special = amax != null && (amax[j] == 0.0 || Double.isInfinite(amax[j]))
                        && !Double.isNaN(total[j]);
                total[j] = special ? amax[j] : Math.sqrt(total[j]) / scale[j];
            }
        }
        return total;
    }

    private static void rows(Kind kind, Object x, int base, int n, int stride, int w, double[] scale,
            double[] total) {
        Arrays.fill(total, kind.identity());
        double[] part = new double[w];
        for (int k0 = 0; k0 < n; k0 += BLOCK) {
            Arrays.fill(part, kind.identity());
            int k1 = Math.min(n, k0 + BLOCK);
            for (int k = k0; k < k1; k++) {
                if (x instanceof double[] d) {
                    row(kind, d, base + k * stride, w, scale, part);
                } else {
                    row(kind, (float[]) x, base + k * stride, w, scale, part);
                }
            }
            for (int j = 0; j < w; j++) {
                total[j] = kind.combine(total[j], part[j]);
            }
        }
    }

    /** acc[j] = acc[j] (kind) x[at + j] for j &lt; w. */
    private static void row(Kind kind, double[] x, int at, int w, double[] scale, double[] acc) {
        switch (kind) {
            case SUM -> {
                for (int j = 0; j < w; j++) {
                    acc[j] += x[at + j];
                }
            }
            case ABS_SUM -> {
                for (int j = 0; j < w; j++) {
                    acc[j] += Math.abs(x[at + j]);
                }
            }
            case SQUARE_SUM -> {
                for (int j = 0; j < w; j++) {
                    double v = x[at + j] * scale[j];
                    acc[j] += v * v;
                }
            }
            case MAX -> {
                for (int j = 0; j < w; j++) {
                    acc[j] = Math.max(acc[j], x[at + j]);
                }
            }
            case MIN -> {
                for (int j = 0; j < w; j++) {
                    acc[j] = Math.min(acc[j], x[at + j]);
                }
            }
            case ABS_MAX -> {
                for (int j = 0; j < w; j++) {
                    acc[j] = Math.max(acc[j], Math.abs(x[at + j]));
                }
            }
        }
    }

    /** FLOAT32 twin of {@link #row(Kind, double[], int, int, double[], double[])}. */
    private static void row(Kind kind, float[] x, int at, int w, double[] scale, double[] acc) {
        switch (kind) {
            case SUM -> {
                for (int j = 0; j < w; j++) {
                    acc[j] += x[at + j];
                }
            }
            case ABS_SUM -> {
                for (int j = 0; j < w; j++) {
                    acc[j] += Math.abs(x[at + j]);
                }
            }
            case SQUARE_SUM -> {
                for (int j = 0; j < w; j++) {
                    double v = x[at + j] * scale[j];
                    acc[j] += v * v;
                }
            }
            case MAX -> {
                for (int j = 0; j < w; j++) {
                    acc[j] = Math.max(acc[j], x[at + j]);
                }
            }
            case MIN -> {
                for (int j = 0; j < w; j++) {
                    acc[j] = Math.min(acc[j], x[at + j]);
                }
            }
            case ABS_MAX -> {
                for (int j = 0; j < w; j++) {
                    acc[j] = Math.max(acc[j], Math.abs(x[at + j]));
                }
            }
        }
    }

    // ---------------------------------------------------------------- cumsum

    /** Cumulative sum along {@code axis} (normalised); out may alias x. */
    static void cumsum(Tensor x, int axis, boolean exclusive, boolean reverse, Tensor out) {
        int n = x.shape().dim(axis);
        int outer = (int) x.shape().outer(axis);
        int inner = (int) x.shape().inner(axis);
        if (x.size() == 0) {
            return;
        }
        Object xa = array(x);
        Object oa = array(out);
        int xo = off(x);
        int oo = off(out);
        Scan scan = new Scan(xa, oa, n, exclusive, reverse);
        if (inner == 1) {
            if (outer < Parallel.threads()) {
                // too few rows to occupy the threads: scan each row in parallel (two passes)
                for (int o = 0; o < outer; o++) {
                    scan.rowParallel(xo + o * n, oo + o * n);
                }
            } else {
                Parallel.forRange(outer, Math.max(1, Parallel.GRAIN / n), (lo, hi) -> {
                    for (int o = (int) lo; o < hi; o++) {
                        scan.row(xo + o * n, oo + o * n);
                    }
                });
            }
            return;
        }
        Tiles tiles = Tiles.of(outer, n, inner);
        Parallel.forRange(tiles.count(), tiles.grain(), (lo, hi) -> {
            for (int t = (int) lo; t < hi; t++) {
                int at = tiles.outerIndex(t) * n * inner + tiles.innerStart(t);
                scan.columns(xo + at, oo + at, inner, tiles.width(t));
            }
        });
    }

    /**
     * One cumulative sum along an axis of length n. Scan position p (0 ≤ p &lt; n) is element p, or n-1-p in
     * reverse. Positions are grouped in blocks of {@link #BLOCK}; out = carry + local, where local is the
     * running sum (inclusive or exclusive) within the block and carry the running sum of earlier block totals.
     */
    private record Scan(Object x, Object out, int n, boolean exclusive, boolean reverse) {
        /** Array position of scan position p, for elements stride apart starting at base. */
        int at(int base, int p, int stride) {
            return base + (reverse ? n - 1 - p : p) * stride;
        }

        /** Scans one contiguous row serially. */
        void row(int xo, int oo) {
            double carry = 0;
            for (int p0 = 0; p0 < n; p0 += BLOCK) {
                carry += block(xo, oo, p0, Math.min(n, p0 + BLOCK), carry, true);
            }
        }

        /** Scans one long contiguous row in two parallel passes; same result as {@link #row}. */
        void rowParallel(int xo, int oo) {
            int blocks = (n + BLOCK - 1) / BLOCK;
            if (blocks <= 1) {
                row(xo, oo);
                return;
            }
            double[] carry = new double[blocks];
            long grain = Math.max(1, Parallel.GRAIN / BLOCK);
            Parallel.forRange(blocks, grain, (lo, hi) -> {
                for (int b = (int) lo; b < hi; b++) {
                    carry[b] = block(xo, oo, b * BLOCK, Math.min(n, (b + 1) * BLOCK), 0, false);
                }
            });
            double c = 0;
            for (int b = 0; b < blocks; b++) {
                double total = carry[b];
                carry[b] = c;
                c += total;
            }
            Parallel.forRange(blocks, grain, (lo, hi) -> {
                for (int b = (int) lo; b < hi; b++) {
                    block(xo, oo, b * BLOCK, Math.min(n, (b + 1) * BLOCK), carry[b], true);
                }
            });
        }

        /** Scan positions [p0, p1) of a contiguous row: writes carry + local when {@code write}; returns the block total. */
        double block(int xo, int oo, int p0, int p1, double carry, boolean write) {
            int step = reverse ? -1 : 1;
            int xi = at(xo, p0, 1);
            int oi = at(oo, p0, 1);
            int len = p1 - p0;
            double local = 0;
            if (x instanceof double[] xs) {
                double[] os = (double[]) out;
                for (int k = 0; k < len; k++, xi += step, oi += step) {
                    double v = xs[xi];
                    double before = local;
                    local += v;
                    if (write) {
                        os[oi] = carry + (exclusive ? before : local);
                    }
                }
            } else {
                float[] xs = (float[]) x;
                float[] os = (float[]) out;
                for (int k = 0; k < len; k++, xi += step, oi += step) {
                    double v = xs[xi];
                    double before = local;
                    local += v;
                    if (write) {
                        os[oi] = (float) (carry + (exclusive ? before : local));
                    }
                }
            }
            return local;
        }

        /** Scans w adjacent columns (elements stride apart along the axis) row by row, vectorised over columns. */
        void columns(int xo, int oo, int stride, int w) {
            double[] carry = new double[w];
            double[] local = new double[w];
            for (int p0 = 0; p0 < n; p0 += BLOCK) {
                Arrays.fill(local, 0.0);
                int p1 = Math.min(n, p0 + BLOCK);
                for (int p = p0; p < p1; p++) {
                    int xi = at(xo, p, stride);
                    int oi = at(oo, p, stride);
                    if (x instanceof double[] xs) {
                        columnsRow(xs, xi, (double[]) out, oi, w, carry, local);
                    } else {
                        columnsRow((float[]) x, xi, (float[]) out, oi, w, carry, local);
                    }
                }
                for (int j = 0; j < w; j++) {
                    carry[j] += local[j];
                }
            }
        }

        private void columnsRow(double[] xs, int xi, double[] os, int oi, int w, double[] carry, double[] local) {
            if (exclusive) {
                for (int j = 0; j < w; j++) {
                    double v = xs[xi + j];
                    os[oi + j] = carry[j] + local[j];
                    local[j] += v;
                }
            } else {
                for (int j = 0; j < w; j++) {
                    local[j] += xs[xi + j];
                    os[oi + j] = carry[j] + local[j];
                }
            }
        }

        private void columnsRow(float[] xs, int xi, float[] os, int oi, int w, double[] carry, double[] local) {
            if (exclusive) {
                for (int j = 0; j < w; j++) {
                    double v = xs[xi + j];
                    os[oi + j] = (float) (carry[j] + local[j]);
                    local[j] += v;
                }
            } else {
                for (int j = 0; j < w; j++) {
                    local[j] += xs[xi + j];
                    os[oi + j] = (float) (carry[j] + local[j]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Object array(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? doubles(t) : floats(t);
    }

    /** out[i] = v (rounded for FLOAT32). */
    static void store(Tensor out, int i, double v) {
        if (out.dtype() == DType.FLOAT64) {
            doubles(out)[off(out) + i] = v;
        } else {
            floats(out)[off(out) + i] = (float) v;
        }
    }

    /** out[from + j] = v[j]. */
    private static void storeAll(Tensor out, int from, double[] v) {
        int o = off(out) + from;
        if (out.dtype() == DType.FLOAT64) {
            System.arraycopy(v, 0, doubles(out), o, v.length);
        } else {
            float[] f = floats(out);
            for (int j = 0; j < v.length; j++) {
                f[o + j] = (float) v[j];
            }
        }
    }
}
