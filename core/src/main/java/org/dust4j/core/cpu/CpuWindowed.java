package org.dust4j.core.cpu;

import static org.dust4j.core.cpu.CpuBackend.ints;
import static org.dust4j.core.cpu.CpuBackend.off;

import java.util.Arrays;

import org.dust4j.core.Tensor;
import org.dust4j.core.WindowLayout;

/**
 * The windowed matrix-vector products of {@link org.dust4j.core.Backend#windowedMatVec} on the CPU: the forward map
 * as one fused pass over the windows (each gathers its coarse window and excitations and writes its fine elements),
 * the adjoint as one pass per colour of the layout's {@link WindowLayout#slabs() slabs} (contiguous ranges of windows;
 * the slabs of one colour share no coarse element, so their scatter-adds run in parallel without conflicts, each slab
 * in window order like the forward map; the order of the additions depends on the layout alone, not on the number of
 * threads). Both are spread over the cores by {@link Parallel}; the
 * arithmetic is in double. Arguments arrive validated by {@link CpuBackend}; the tables are read in their packed form
 * ({@link WindowLayout}).
 */
final class CpuWindowed {
    /** Windows per parallel chunk. */
    private static final int GRAIN = 256;

    private CpuWindowed() {
    }

    /**
     * What every window of one pass shares, read once per pass from the packed tables: their header, the outer
     * factors' {@link #positions}, and whether the last factor is affine (see {@link #affine}).
     */
    private static final class Packed {
        final int[] p;
        final int m;
        final int nc;
        final int nf;
        final int[][] positions;
        final int innerWindows;
        final int ncl;
        final int nfl;
        final int nco;
        final int nfo;
        final int innerCoarse;
        final int innerFine;
        final int innerClass;
        final int innerClasses;
        final int outerTable;
        final int outerRow;
        /**
         * Whether the last factor's tables are affine in its window index i (coarse entry k of window i =
         * entry k of window 0 + i·coarseStep, fine likewise): then a window's elements are the outer row's elements
         * with window 0's entries added, plus one offset, as along a regular or radial axis.
         */
        final boolean affine;
        final int coarseStep;
        final int fineStep;

        Packed(int[] p, int po) {
            this.p = p;
            this.m = p[po];
            this.nc = p[po + 1];
            this.nf = p[po + 2];
            this.positions = positions(p, po);
            int h = po + WindowLayout.HEADER + WindowLayout.FACTOR * (m - 1);
            innerWindows = p[h];
            ncl = p[h + 1];
            nfl = p[h + 2];
            innerClasses = p[h + 5];
            innerCoarse = po + p[h + 6];
            innerFine = po + p[h + 7];
            innerClass = po + p[h + 8];
            nco = nc / ncl;
            nfo = nf / nfl;
            outerTable = po + p[po + 6];
            outerRow = p[po + 7];
            coarseStep = innerWindows > 1 ? p[innerCoarse + ncl] - p[innerCoarse] : 0;
            fineStep = innerWindows > 1 ? p[innerFine + nfl] - p[innerFine] : 0;
            affine = affine(p, innerCoarse, ncl, innerWindows, coarseStep)
                    && affine(p, innerFine, nfl, innerWindows, fineStep);
        }

        /** Whether table[i·width + k] = table[k] + i·step for every window i &lt; windows and slot k. */
        private static boolean affine(int[] p, int table, int width, int windows, int step) {
            for (int i = 1; i < windows; i++) {
                for (int k = 0; k < width; k++) {
                    if (p[table + i * width + k] != p[table + k] + i * step) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Per outer factor (all but the last) the position of each of its windows in its by-class order: the digits of
         * a window's row in the outer table.
         */
        private static int[][] positions(int[] p, int po) {
            int m = p[po];
            int[][] positions = new int[m - 1][];
            for (int f = 0; f < m - 1; f++) {
                int h = po + WindowLayout.HEADER + WindowLayout.FACTOR * f;
                int[] at = new int[p[h]];
                for (int d = 0; d < at.length; d++) {
                    at[p[po + p[h + 12] + d]] = d;
                }
                positions[f] = at;
            }
            return positions;
        }
    }

    /**
     * The per-thread state of one pass: the decoded window. A window's elements are read from the packed outer table
     * (the outer factors' parts of its coarse and fine elements, already multiplied by their strides) plus the last
     * factor's table entries, so decoding costs one table row and nc + nf additions; with an affine last factor the
     * row's sums with window 0's entries ({@link #coarseBase}, {@link #fineBase}) are kept while the row is the same.
     */
    private static final class Window {
        final int nc;
        final int nf;
        final int[] ci;
        final int[] fi;
        private final Packed t;
        private final int[] p;
        /** The outer windows' index of the previous call and the start of their row in the outer table. */
        private long lastOuter = -1;
        private int lastBase;
        /** The previous call's window and its index in the last factor. */
        private long lastWindow = -2;
        private int lastInner;
        private final int[] coarseBase;
        private final int[] fineBase;

        Window(Packed t) {
            this.t = t;
            this.p = t.p;
            this.nc = t.nc;
            this.nf = t.nf;
            this.ci = new int[nc];
            this.fi = new int[nf];
            coarseBase = t.affine ? new int[nc] : null;
            fineBase = t.affine ? new int[nf] : null;
        }

        /**
         * Decodes window w into its coarse and fine elements (ci, fi); returns its class. The outer table's row is
         * looked up only when the outer windows differ from the previous call's (consecutive windows mostly share
         * them: the last factor runs fastest).
         */
        int decode(long w) {
            int innerWindows = t.innerWindows;
            long outer;
            int inner;
            if (w == lastWindow + 1 && lastInner + 1 < innerWindows) {
                outer = lastOuter; // the next window of a run: no division
                inner = lastInner + 1;
            } else {
                outer = w / innerWindows;
                inner = (int) (w - outer * innerWindows);
            }
            lastWindow = w;
            lastInner = inner;
            if (outer != lastOuter) {
                long rest = outer;
                int row = 0;
                int stride = 1;
                for (int f = t.m - 2; f >= 0; f--) {
                    int wf = t.positions[f].length;
                    row += t.positions[f][(int) (rest % wf)] * stride;
                    stride *= wf;
                    rest /= wf;
                }
                lastOuter = outer;
                lastBase = t.outerTable + row * t.outerRow;
                if (t.affine) {
                    expand(lastBase, t.innerCoarse, t.innerFine, coarseBase, fineBase);
                }
            }
            if (t.affine) {
                int dc = inner * t.coarseStep;
                for (int k = 0; k < nc; k++) {
                    ci[k] = coarseBase[k] + dc;
                }
                int df = inner * t.fineStep;
                for (int k = 0; k < nf; k++) {
                    fi[k] = fineBase[k] + df;
                }
            } else {
                expand(lastBase, t.innerCoarse + inner * t.ncl, t.innerFine + inner * t.nfl, ci, fi);
            }
            return p[lastBase] * t.innerClasses + p[t.innerClass + inner];
        }

        /**
         * The elements of the outer row at {@code base} combined with the last factor's entries at {@code cb} (coarse)
         * and {@code fb} (fine).
         */
        private void expand(int base, int cb, int fb, int[] ci, int[] fi) {
            int ncl = t.ncl;
            int nfl = t.nfl;
            for (int o = 0; o < t.nco; o++) {
                int head = p[base + 1 + o];
                for (int k = 0; k < ncl; k++) {
                    ci[o * ncl + k] = head + p[cb + k];
                }
            }
            for (int o = 0; o < t.nfo; o++) {
                int head = p[base + 1 + t.nco + o];
                for (int k = 0; k < nfl; k++) {
                    fi[o * nfl + k] = head + p[fb + k];
                }
            }
        }
    }

    /** fine = s ⊙ (R coarse_window + D xi_window) per window. */
    static void forward(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor coarse, Tensor xi, Tensor fine) {
        int[] p = ints(windows.index());
        int po = off(windows.index());

        HostArray rm = HostArray.of(r);
        HostArray dm = HostArray.of(d);
        HostArray s = HostArray.ofNullable(scale);
        HostArray c = HostArray.of(coarse);
        HostArray x = HostArray.of(xi);
        HostArray out = HostArray.of(fine);
        Packed packed = new Packed(p, po);
        Parallel.forRange(windows.layout().windows(), GRAIN, (from, to) -> {
            Window win = new Window(packed);
            int nc = win.nc;
            int nf = win.nf;
            double[] cv = new double[nc];
            double[] xv = new double[nf];
            double[] ra = new double[nf];
            double[] da = new double[nf];
            for (long w = from; w < to; w++) {
                int cls = win.decode(w);
                c.gather(win.ci, cv, nc);
                x.gather(win.fi, xv, nf);
                rm.matVec((long) cls * nf * nc, nf, cv, nc, ra);
                dm.matVec((long) cls * nf * nf, nf, xv, nf, da);
                for (int j = 0; j < nf; j++) {
                    double acc = ra[j] + da[j];
                    int fj = win.fi[j];
                    out.set(fj, s == null ? acc : s.get(fj) * acc);
                }
            }
        });
    }

    /** The adjoint: xiBar and coarseBar (both overwritten) from the fine cotangent g. */
    static void adjoint(WindowLayout.Tables windows, Tensor r, Tensor d, Tensor scale, Tensor g, Tensor coarseBar, Tensor xiBar) {
        int[] p = ints(windows.index());
        int po = off(windows.index());
        HostArray rm = HostArray.of(r);
        HostArray dm = HostArray.of(d);
        HostArray s = HostArray.ofNullable(scale);
        HostArray gv = HostArray.of(g);
        HostArray cb = HostArray.of(coarseBar);
        HostArray xb = HostArray.of(xiBar);
        cb.clear();
        WindowLayout layout = windows.layout();
        if (layout.windows() == 0) {
            return;
        }
        WindowLayout.Slabs slabs = layout.slabs();
        Packed packed = new Packed(p, po);
        for (int q = 0; q < slabs.colours(); q++) {
            int colour = q;
            int n = slabs.slabsOfColour(q);
            long work = 0;
            for (int i = 0; i < n; i++) {
                int slab = slabs.slabOfColour(q, i);
                work += slabs.to(slab) - slabs.from(slab);
            }
            // parallel tasks of at least GRAIN windows, as in the forward (small levels run on the calling thread)
            long grain = Math.max(1, Math.ceilDiv(GRAIN * (long) n, Math.max(1, work)));
            Parallel.forRange(n, grain, (from, to) -> {
                Window win = new Window(packed);
                int nc = win.nc;
                int nf = win.nf;
                double[] sg = new double[nf];
                double[] t = new double[nc];
                for (long i = from; i < to; i++) {
                    int slab = slabs.slabOfColour(colour, (int) i);
                    for (long w = slabs.from(slab); w < slabs.to(slab); w++) {
                        int cls = win.decode(w);
                        gv.gather(win.fi, sg, nf);
                        if (s != null) {
                            for (int j = 0; j < nf; j++) {
                                sg[j] *= s.get(win.fi[j]);
                            }
                        }
                        long db = (long) cls * nf * nf;
                        for (int k = 0; k < nf; k++) {
                            xb.set(win.fi[k], dm.dot(db + k, nf, sg, nf));
                        }
                        long rb = (long) cls * nf * nc;
                        Arrays.fill(t, 0);
                        for (int j = 0; j < nf; j++) {
                            rm.axpy(rb + (long) j * nc, sg[j], t, nc);
                        }
                        for (int k = 0; k < nc; k++) {
                            int ck = win.ci[k];
                            cb.set(ck, cb.get(ck) + t[k]);
                        }
                    }
                }
            });
        }
    }
}
