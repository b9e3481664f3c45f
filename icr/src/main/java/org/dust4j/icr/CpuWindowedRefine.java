package org.dust4j.icr;

import org.dust4j.core.cpu.Parallel;

/**
 * The CPU kernel of {@link WindowedRefinement}: the forward map in one pass over the windows (each reads its coarse
 * window and excitations and writes its fine pixels), the adjoint in a pass over the windows (ξ̄) and a pass over the
 * coarse pixels (coarse̅, gathered through the incidence lists, so no two threads write the same element). Both
 * passes are spread over the cores by {@link Parallel}.
 */
final class CpuWindowedRefine {
    /** Windows (or coarse pixels) per parallel chunk. */
    private static final int GRAIN = 256;

    private final WindowedRefinement step;
    private final int[][][] incidence;

    CpuWindowedRefine(WindowedRefinement step) {
        this.step = step;
        this.incidence = new int[step.factorCount()][][];
        for (int f = 0; f < incidence.length; f++) {
            incidence[f] = step.factor(f).incidence();
        }
    }

    WindowedRefinement step() {
        return step;
    }

    /** fine = refine(coarse, xi); xi and fine have the fine level's size. */
    void forward(Vec coarse, Vec xi, Vec fine) {
        int nc = step.coarsePerWindow();
        int nf = step.finePerWindow();
        double[] r = step.r();
        double[] d = step.d();
        double[] s = step.scale();
        Parallel.forRange(step.windows(), GRAIN, (from, to) -> {
            int[] fw = new int[step.factorCount()];
            int[] ci = new int[nc];
            int[] fi = new int[nf];
            double[] cv = new double[nc];
            double[] xv = new double[nf];
            for (long w = from; w < to; w++) {
                int cls = step.window(w, fw, ci, fi);
                for (int k = 0; k < nc; k++) {
                    cv[k] = coarse.get(ci[k]);
                }
                for (int j = 0; j < nf; j++) {
                    xv[j] = xi.get(fi[j]);
                }
                int rb = cls * nf * nc;
                int db = cls * nf * nf;
                for (int j = 0; j < nf; j++) {
                    double acc = 0;
                    int rr = rb + j * nc;
                    for (int k = 0; k < nc; k++) {
                        acc += r[rr + k] * cv[k];
                    }
                    int dd = db + j * nf;
                    for (int q = 0; q < nf; q++) {
                        acc += d[dd + q] * xv[q];
                    }
                    fine.set(fi[j], s == null ? acc : s[fi[j]] * acc);
                }
            }
        });
    }

    /**
     * The adjoint: from the cotangent g of the fine level, coarseBar (coarse level, overwritten) and xiBar (fine
     * level, overwritten).
     */
    void adjoint(Vec g, Vec coarseBar, Vec xiBar) {
        int nc = step.coarsePerWindow();
        int nf = step.finePerWindow();
        int nFine = step.fineSize();
        double[] r = step.r();
        double[] d = step.d();
        double[] s = step.scale();
        double[] gs = new double[nFine];
        Parallel.forRange(nFine, Parallel.GRAIN, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                gs[i] = s == null ? g.get(i) : s[i] * g.get(i);
            }
        });
        Parallel.forRange(step.windows(), GRAIN, (from, to) -> {
            int[] fw = new int[step.factorCount()];
            int[] ci = new int[nc];
            int[] fi = new int[nf];
            double[] gv = new double[nf];
            for (long w = from; w < to; w++) {
                int cls = step.window(w, fw, ci, fi);
                for (int j = 0; j < nf; j++) {
                    gv[j] = gs[fi[j]];
                }
                int db = cls * nf * nf;
                for (int q = 0; q < nf; q++) {
                    double acc = 0;
                    for (int j = 0; j < nf; j++) {
                        acc += d[db + j * nf + q] * gv[j];
                    }
                    xiBar.set(fi[q], acc);
                }
            }
        });
        int m = step.factorCount();
        Parallel.forRange(step.coarseSize(), GRAIN, (from, to) -> {
            int[] pos = new int[m];
            int[] lo = new int[m];
            int[] hi = new int[m];
            int[] at = new int[m];
            int[] fw = new int[m];
            int[] ci = new int[nc];
            int[] fi = new int[nf];
            for (int c = (int) from; c < to; c++) {
                int rest = c;
                boolean empty = false;
                for (int f = m - 1; f >= 0; f--) {
                    WindowedRefinement.Factor fac = step.factor(f);
                    pos[f] = rest % fac.coarseSize();
                    rest /= fac.coarseSize();
                    lo[f] = incidence[f][0][pos[f]];
                    hi[f] = incidence[f][0][pos[f] + 1];
                    at[f] = lo[f];
                    empty |= lo[f] == hi[f];
                }
                double acc = 0;
                while (!empty) {
                    long w = 0;
                    int k = 0;
                    for (int f = 0; f < m; f++) {
                        WindowedRefinement.Factor fac = step.factor(f);
                        int e = incidence[f][1][at[f]];
                        w = w * fac.windows() + e / fac.coarsePoints();
                        k = k * fac.coarsePoints() + e % fac.coarsePoints();
                    }
                    int cls = step.window(w, fw, ci, fi);
                    int rb = cls * nf * nc + k;
                    for (int j = 0; j < nf; j++) {
                        acc += r[rb + j * nc] * gs[fi[j]];
                    }
                    int f = m - 1;
                    while (f >= 0 && ++at[f] == hi[f]) {
                        at[f] = lo[f];
                        f--;
                    }
                    empty = f < 0;
                }
                coarseBar.set(c, acc);
            }
        });
    }
}
