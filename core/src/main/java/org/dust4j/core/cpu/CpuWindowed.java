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

    /** The per-thread state of one pass: packed tables, decoded window, gathered values. */
    private static final class Window {
        final int[] p;
        final int po;
        final int m;
        final int nc;
        final int nf;
        final int[] fw;
        final int[] ci;
        final int[] fi;

        Window(int[] p, int po) {
            this.p = p;
            this.po = po;
            this.m = p[po];
            this.nc = p[po + 1];
            this.nf = p[po + 2];
            this.fw = new int[m];
            this.ci = new int[nc];
            this.fi = new int[nf];
        }

        int header(int f, int slot) {
            return p[po + WindowLayout.HEADER + WindowLayout.FACTOR * f + slot];
        }

        /** Decodes window w into its factor windows, coarse and fine elements; returns its class. */
        int decode(long w) {
            long rest = w;
            for (int f = m - 1; f >= 0; f--) {
                int wf = header(f, 0);
                fw[f] = (int) (rest % wf);
                rest /= wf;
            }
            return decodeFactors();
        }

        /** Coarse and fine elements and class of the window whose factor windows are in fw. */
        int decodeFactors() {
            int cls = 0;
            ci[0] = 0;
            fi[0] = 0;
            int nci = 1;
            int nfi = 1;
            for (int f = 0; f < m; f++) {
                int ncf = header(f, 1);
                int nff = header(f, 2);
                cls = cls * header(f, 5) + p[po + header(f, 8) + fw[f]];
                nci = expand(ci, nci, po + header(f, 6) + fw[f] * ncf, ncf, header(f, 3));
                nfi = expand(fi, nfi, po + header(f, 7) + fw[f] * nff, nff, header(f, 4));
            }
            return cls;
        }

        /** Replaces idx[0 … n) by the row-major product {idx[i] · size + p[base + k]}; returns the new length. */
        private int expand(int[] idx, int n, int base, int points, int size) {
            for (int i = n - 1; i >= 0; i--) {
                int head = idx[i] * size;
                for (int k = points - 1; k >= 0; k--) {
                    idx[i * points + k] = head + p[base + k];
                }
            }
            return n * points;
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
        Parallel.forRange(windows.layout().windows(), GRAIN, (from, to) -> {
            Window win = new Window(p, po);
            int nc = win.nc;
            int nf = win.nf;
            double[] cv = new double[nc];
            double[] xv = new double[nf];
            for (long w = from; w < to; w++) {
                int cls = win.decode(w);
                c.gather(win.ci, cv, nc);
                x.gather(win.fi, xv, nf);
                long rb = (long) cls * nf * nc;
                long db = (long) cls * nf * nf;
                for (int j = 0; j < nf; j++) {
                    double acc = rm.dot(rb + (long) j * nc, 1, cv, nc) + dm.dot(db + (long) j * nf, 1, xv, nf);
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
                Window win = new Window(p, po);
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
