package org.dust4j.icr;

import java.util.List;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.Parallel;

/**
 * Exact per-level variance normalisation ({@link Normalisation#EXACT_VARIANCE}).
 *
 * <p>The implied covariance of level l+1 is, for fine pixels J, J' of windows w, w' (slots j, j'),
 * <pre>
 *   Ĉ_{l+1}(J, J') = s_J s_J' · ( R_w Ĉ_l(K(w,·), K(w',·)) R_w'ᵀ + δ_ww' D_w D_wᵀ )[j, j'],
 * </pre>
 * so it is known block-wise, one nf×nf block per pair of windows. The variances at level l+1 need the diagonal
 * blocks (w, w); a block (w, w') needs Ĉ_l among the coarse points of w and w', i.e. the blocks of step l-1 for every
 * pair of windows owning those points. A backward pass collects the pairs every step needs, starting from the
 * diagonal blocks of the last step; a forward pass computes exactly those blocks, level by level from Ĉ_0 = L₀L₀ᵀ,
 * reads off the variances v_J, sets s_J = √(k(0)/v_J) and rescales the blocks. The result is exact (to rounding) for
 * every chart; the work is about (pairs per step) × nf·nc·(nc + nf) and the memory two steps' blocks.
 */
final class VarianceNormalisation {
    private VarianceNormalisation() {
    }

    /** The normalised level-0 root and the scale of every step; {@code peakBytes} is the memory the pass needed. */
    record Result(double[] l0, double[][] scales, long peakBytes, long[] pairs) {
    }

    static Result compute(double[] l0, int n0, List<WindowedRefinement> steps, double variance, long budgetBytes) {
        int levels = steps.size();
        Owners[] owners = new Owners[levels];
        for (int l = 0; l < levels; l++) {
            owners[l] = new Owners(steps.get(l));
        }
        // backward: which window pairs every step needs
        LongIntMap[] req = new LongIntMap[levels];
        long setBytes = 0;
        for (int l = levels - 1; l >= 0; l--) {
            WindowedRefinement step = steps.get(l);
            int w = (int) step.windows();
            LongIntMap set = new LongIntMap(w);
            for (int i = 0; i < w; i++) {
                set.add(pair(i, i, w));
            }
            if (l + 1 < levels) {
                WindowedRefinement next = steps.get(l + 1);
                int wn = (int) next.windows();
                Owners own = owners[l];
                int[][] parents = new int[wn][];
                Parallel.forRange(wn, 256, (from, to) -> {
                    int[] fw = new int[next.factorCount()];
                    int[] ci = new int[next.coarsePerWindow()];
                    int[] fi = new int[next.finePerWindow()];
                    for (int v = (int) from; v < to; v++) {
                        next.window(v, fw, ci, fi);
                        parents[v] = distinctOwners(ci, own);
                    }
                });
                LongIntMap nextReq = req[l + 1];
                for (int p = 0; p < nextReq.size(); p++) {
                    long key = nextReq.key(p);
                    int[] a = parents[(int) (key / wn)];
                    int[] b = parents[(int) (key % wn)];
                    for (int x : a) {
                        for (int y : b) {
                            set.add(x <= y ? pair(x, y, w) : pair(y, x, w));
                        }
                    }
                }
            }
            req[l] = set;
            setBytes += set.bytes();
            if (setBytes > budgetBytes) {
                throw budget(setBytes, budgetBytes);
            }
        }
        long peak = setBytes;
        for (int l = 0; l < levels; l++) {
            int nf = steps.get(l).finePerWindow();
            long here = 8L * req[l].size() * nf * nf;
            long before = l == 0 ? 8L * n0 * n0 : 8L * req[l - 1].size() * steps.get(l - 1).finePerWindow()
                    * steps.get(l - 1).finePerWindow();
            peak = Math.max(peak, setBytes + here + before);
        }
        if (peak > budgetBytes) {
            throw budget(peak, budgetBytes);
        }

        // forward: level 0
        double[] c0;
        Backend cpu = Backends.cpu();
        try (Tensor l = cpu.fromHost(l0, DType.FLOAT64, Shape.of(n0, n0));
             Tensor c = cpu.zeros(DType.FLOAT64, Shape.of(n0, n0))) {
            cpu.matmul(l, false, l, true, c);
            c0 = c.toDoubleArray();
        }
        double[] s0 = new double[n0];
        for (int i = 0; i < n0; i++) {
            s0[i] = scaleFor(c0[i * n0 + i], variance, 0, i);
        }
        double[] l0s = new double[n0 * n0];
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n0; j++) {
                l0s[i * n0 + j] = s0[i] * l0[i * n0 + j];
                c0[i * n0 + j] *= s0[i] * s0[j];
            }
        }
        double[][] scales = new double[levels][];
        long[] pairCounts = new long[levels];
        Covariance prev = (a, b) -> c0[a * n0 + b];
        for (int l = 0; l < levels; l++) {
            WindowedRefinement step = steps.get(l);
            Blocks blocks = new Blocks(step, req[l], prev, owners[l]);
            scales[l] = blocks.normalise(variance, l + 1);
            pairCounts[l] = req[l].size();
            prev = blocks;
            req[l] = null;
        }
        return new Result(l0s, scales, peak, pairCounts);
    }

    private static IllegalStateException budget(long need, long budget) {
        return new IllegalStateException("exact variance normalisation of this chart needs at least " + need
                + " bytes of covariance blocks, more than the budget of " + budget + " bytes; raise the budget"
                + " (IcrPrior.Builder.normalisationBudget) or choose Normalisation.NONE");
    }

    private static long pair(int a, int b, int windows) {
        return (long) a * windows + b;
    }

    private static double scaleFor(double v, double variance, int level, int pixel) {
        if (!(v > 0)) {
            throw new IllegalStateException("implied variance of pixel " + pixel + " at level " + level + " is " + v
                    + "; cannot normalise");
        }
        return Math.sqrt(variance / v);
    }

    private static int[] distinctOwners(int[] pixels, Owners own) {
        int[] out = new int[pixels.length];
        int n = 0;
        for (int p : pixels) {
            int w = own.window[p];
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = out[i] == w;
            }
            if (!seen) {
                out[n++] = w;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Implied covariance between two pixels of one level. */
    private interface Covariance {
        double get(int a, int b);

        /** A filler of n × n matrices m[i·n + j] = get(a[i], b[j]), for one thread. */
        default Filler filler(int n) {
            return (a, b, m) -> {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        m[i * n + j] = get(a[i], b[j]);
                    }
                }
            };
        }
    }

    /** Fills m[i·n + j] with the covariance of pixels a[i] and b[j]; holds working arrays, so one per thread. */
    private interface Filler {
        void fill(int[] a, int[] b, double[] m);
    }

    /** For every fine pixel of a step: its window and slot. */
    private static final class Owners {
        final int[] window;
        final int[] slot;

        Owners(WindowedRefinement step) {
            window = new int[step.fineSize()];
            slot = new int[step.fineSize()];
            int nf = step.finePerWindow();
            Parallel.forRange(step.windows(), 256, (from, to) -> {
                int[] fw = new int[step.factorCount()];
                int[] ci = new int[step.coarsePerWindow()];
                int[] fi = new int[nf];
                for (long w = from; w < to; w++) {
                    step.window(w, fw, ci, fi);
                    for (int j = 0; j < nf; j++) {
                        window[fi[j]] = (int) w;
                        slot[fi[j]] = j;
                    }
                }
            });
        }
    }

    /** The implied covariance of a step's fine level on the required window-pair blocks. */
    private static final class Blocks implements Covariance {
        private final WindowedRefinement step;
        private final LongIntMap pairs;
        private final Owners owners;
        private final int windows;
        private final int nf;
        private final double[] data;

        Blocks(WindowedRefinement step, LongIntMap pairs, Covariance coarse, Owners owners) {
            this.step = step;
            this.pairs = pairs;
            this.owners = owners;
            this.windows = (int) step.windows();
            this.nf = step.finePerWindow();
            int nc = step.coarsePerWindow();
            this.data = new double[pairs.size() * nf * nf];
            double[] r = step.rData();
            double[] d = step.dData();
            // each block (R_a M R_bᵀ + δ D_a D_aᵀ) summed in the same order as a dot product per element would be, but
            // as multiply-adds along rows, which the JIT vectorises
            Parallel.forRange(pairs.size(), 64, (from, to) -> {
                Filler coarseBlock = coarse.filler(nc);
                int[] fw = new int[step.factorCount()];
                int[] ca = new int[nc];
                int[] cb = new int[nc];
                int[] fi = new int[nf];
                double[] m = new double[nc * nc];
                double[] t = new double[nf * nc];
                double[] rbt = new double[nc * nf]; // R_bᵀ
                double[] dt = new double[nf * nf];  // D_aᵀ
                for (int p = (int) from; p < to; p++) {
                    long key = pairs.key(p);
                    int wa = (int) (key / windows);
                    int wb = (int) (key % windows);
                    int clsA = step.window(wa, fw, ca, fi);
                    int clsB = step.window(wb, fw, cb, fi);
                    coarseBlock.fill(ca, cb, m);
                    int ra = clsA * nf * nc;
                    int rb = clsB * nf * nc;
                    java.util.Arrays.fill(t, 0.0);
                    for (int i = 0; i < nf; i++) { // t = R_a M
                        int ti = i * nc;
                        for (int q = 0; q < nc; q++) {
                            double rv = r[ra + ti + q];
                            int mq = q * nc;
                            for (int k = 0; k < nc; k++) {
                                t[ti + k] += rv * m[mq + k];
                            }
                        }
                    }
                    for (int j = 0; j < nf; j++) {
                        for (int k = 0; k < nc; k++) {
                            rbt[k * nf + j] = r[rb + j * nc + k];
                        }
                    }
                    boolean diagonal = wa == wb;
                    if (diagonal) {
                        int db = clsA * nf * nf;
                        for (int j = 0; j < nf; j++) {
                            for (int k = 0; k < nf; k++) {
                                dt[k * nf + j] = d[db + j * nf + k];
                            }
                        }
                    }
                    int o = p * nf * nf;
                    java.util.Arrays.fill(data, o, o + nf * nf, 0.0);
                    for (int i = 0; i < nf; i++) { // data = t R_bᵀ (+ D_a D_aᵀ)
                        int oi = o + i * nf;
                        for (int k = 0; k < nc; k++) {
                            double tv = t[i * nc + k];
                            int kb = k * nf;
                            for (int j = 0; j < nf; j++) {
                                data[oi + j] += tv * rbt[kb + j];
                            }
                        }
                        if (diagonal) {
                            int db = clsA * nf * nf;
                            for (int k = 0; k < nf; k++) {
                                double dv = d[db + i * nf + k];
                                int kd = k * nf;
                                for (int j = 0; j < nf; j++) {
                                    data[oi + j] += dv * dt[kd + j];
                                }
                            }
                        }
                    }
                }
            });
        }

        /** Computes the scale of every fine pixel from the diagonal blocks, rescales all blocks, returns the scale. */
        double[] normalise(double variance, int level) {
            double[] s = new double[step.fineSize()];
            for (int f = 0; f < s.length; f++) {
                int w = owners.window[f];
                int j = owners.slot[f];
                int p = pairs.get((long) w * windows + w);
                s[f] = scaleFor(data[p * nf * nf + j * nf + j], variance, level, f);
            }
            Parallel.forRange(pairs.size(), 256, (from, to) -> {
                int[] fw = new int[step.factorCount()];
                int[] ci = new int[step.coarsePerWindow()];
                int[] fa = new int[nf];
                int[] fb = new int[nf];
                for (int p = (int) from; p < to; p++) {
                    long key = pairs.key(p);
                    step.window(key / windows, fw, ci, fa);
                    step.window(key % windows, fw, ci, fb);
                    int o = p * nf * nf;
                    for (int i = 0; i < nf; i++) {
                        for (int j = 0; j < nf; j++) {
                            data[o + i * nf + j] *= s[fa[i]] * s[fb[j]];
                        }
                    }
                }
            });
            return s;
        }

        /**
         * The coarse points of a window belong to a few windows of the step below, so the blocks are looked up once per
         * pair of owner windows rather than once per pair of points.
         */
        @Override
        public Filler filler(int n) {
            int[] ownA = new int[n];
            int[] ownB = new int[n];
            int[] distinctA = new int[n];
            int[] distinctB = new int[n];
            int[] slotB = new int[n];
            int[] base = new int[n * n];            // per pair of owner windows: the block's first element in data
            boolean[] swapped = new boolean[n * n]; // and whether it is stored as (b's window, a's window)
            return (a, b, m) -> {
                int na = distinct(a, n, ownA, distinctA);
                int nb = distinct(b, n, ownB, distinctB);
                for (int x = 0; x < na; x++) {
                    for (int y = 0; y < nb; y++) {
                        int wa = distinctA[x];
                        int wb = distinctB[y];
                        int p = pairs.get(wa <= wb ? (long) wa * windows + wb : (long) wb * windows + wa);
                        if (p < 0) {
                            throw new IllegalStateException("covariance block of windows " + wa + ", " + wb
                                    + " was not prepared");
                        }
                        base[x * nb + y] = p * nf * nf;
                        swapped[x * nb + y] = wa > wb;
                    }
                }
                for (int j = 0; j < n; j++) {
                    slotB[j] = owners.slot[b[j]];
                }
                for (int i = 0; i < n; i++) {
                    int sa = owners.slot[a[i]];
                    int row = ownA[i] * nb;
                    for (int j = 0; j < n; j++) {
                        int xy = row + ownB[j];
                        m[i * n + j] = data[base[xy] + (swapped[xy] ? slotB[j] * nf + sa : sa * nf + slotB[j])];
                    }
                }
            };
        }

        /** own[i] = index in distinct of the window that owns pixel px[i]; returns the number of distinct windows. */
        private int distinct(int[] px, int n, int[] own, int[] distinct) {
            int count = 0;
            for (int i = 0; i < n; i++) {
                int w = owners.window[px[i]];
                int at = 0;
                while (at < count && distinct[at] != w) {
                    at++;
                }
                if (at == count) {
                    distinct[count++] = w;
                }
                own[i] = at;
            }
            return count;
        }

        @Override
        public double get(int a, int b) {
            int wa = owners.window[a];
            int wb = owners.window[b];
            int sa = owners.slot[a];
            int sb = owners.slot[b];
            int p;
            int entry;
            if (wa <= wb) {
                p = pairs.get((long) wa * windows + wb);
                entry = sa * nf + sb;
            } else {
                p = pairs.get((long) wb * windows + wa);
                entry = sb * nf + sa;
            }
            if (p < 0) {
                throw new IllegalStateException("covariance block of windows " + wa + ", " + wb + " was not prepared");
            }
            return data[p * nf * nf + entry];
        }
    }
}
