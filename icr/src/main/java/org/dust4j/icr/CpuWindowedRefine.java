package org.dust4j.icr;

import org.dust4j.core.cpu.Parallel;

/**
 * The CPU kernel of {@link WindowedRefinement}: the forward map in one pass over the windows (each reads its coarse
 * window and excitations and writes its fine pixels), the adjoint in one pass per window colour (windows of a colour
 * share no coarse pixel, so their scatter-adds never collide). Both are spread over the cores by {@link Parallel}.
 */
final class CpuWindowedRefine {
    /** Windows (or coarse pixels) per parallel chunk. */
    private static final int GRAIN = 256;

    private final WindowedRefinement step;
    /** Per factor, the windows of each colour. */
    private final int[][][] colours;

    CpuWindowedRefine(WindowedRefinement step) {
        this.step = step;
        this.colours = new int[step.factorCount()][][];
        for (int f = 0; f < colours.length; f++) {
            colours[f] = colour(step.factor(f));
        }
    }

    WindowedRefinement step() {
        return step;
    }

    /** fine = refine(coarse, xi); xi and fine have the fine level's size. */
    void forward(Vec coarse, Vec xi, Vec fine) {
        int nc = step.coarsePerWindow();
        int nf = step.finePerWindow();
        double[] r = step.rData();
        double[] d = step.dData();
        double[] s = step.scaleData();
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
     * level, overwritten). One fused pass per window colour: each window writes ξ̄ at its own fine pixels and adds
     * Rᵀ(s ⊙ g) to its coarse pixels, and windows of one colour share no coarse pixel, so the colour's windows run in
     * parallel without conflicting writes (and the result does not depend on the thread count).
     */
    void adjoint(Vec g, Vec coarseBar, Vec xiBar) {
        int nc = step.coarsePerWindow();
        int nf = step.finePerWindow();
        int m = step.factorCount();
        double[] r = step.rData();
        double[] d = step.dData();
        double[] s = step.scaleData();
        Parallel.forRange(step.coarseSize(), Parallel.GRAIN, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                coarseBar.set(i, 0);
            }
        });
        int[] colour = new int[m];
        do {
            long count = 1;
            for (int f = 0; f < m; f++) {
                count *= colours[f][colour[f]].length;
            }
            int[] chosen = colour.clone();
            Parallel.forRange(count, GRAIN, (from, to) -> {
                int[] fw = new int[m];
                int[] ci = new int[nc];
                int[] fi = new int[nf];
                double[] gv = new double[nf];
                double[] t = new double[nc];
                for (long q = from; q < to; q++) {
                    long rest = q;
                    long w = 0;
                    long stride = 1;
                    for (int f = m - 1; f >= 0; f--) {
                        int[] list = colours[f][chosen[f]];
                        int wf = list[(int) (rest % list.length)];
                        rest /= list.length;
                        w += wf * stride;
                        stride *= step.factor(f).windows();
                    }
                    int cls = step.window(w, fw, ci, fi);
                    for (int j = 0; j < nf; j++) {
                        gv[j] = s == null ? g.get(fi[j]) : s[fi[j]] * g.get(fi[j]);
                    }
                    int db = cls * nf * nf;
                    for (int k = 0; k < nf; k++) {
                        double acc = 0;
                        for (int j = 0; j < nf; j++) {
                            acc += d[db + j * nf + k] * gv[j];
                        }
                        xiBar.set(fi[k], acc);
                    }
                    int rb = cls * nf * nc;
                    java.util.Arrays.fill(t, 0);
                    for (int j = 0; j < nf; j++) {
                        double gj = gv[j];
                        int rr = rb + j * nc;
                        for (int k = 0; k < nc; k++) {
                            t[k] += r[rr + k] * gj;
                        }
                    }
                    for (int k = 0; k < nc; k++) {
                        coarseBar.set(ci[k], coarseBar.get(ci[k]) + t[k]);
                    }
                }
            });
        } while (next(colour));
    }

    /** Advances the colour tuple (row-major); false after the last one. */
    private boolean next(int[] colour) {
        for (int f = colour.length - 1; f >= 0; f--) {
            if (++colour[f] < colours[f].length) {
                return true;
            }
            colour[f] = 0;
        }
        return false;
    }

    /**
     * A greedy colouring of one factor's windows such that two windows sharing a coarse point differ in colour;
     * returns the windows of every colour. Along an axis this gives window mod (coarse window width).
     */
    private static int[][] colour(WindowedRefinement.Factor f) {
        int[][] inc = f.incidence();
        int w = f.windows();
        int nc = f.coarsePoints();
        int[] colourOf = new int[w];
        java.util.Arrays.fill(colourOf, -1);
        int colours = 0;
        java.util.BitSet used = new java.util.BitSet();
        for (int i = 0; i < w; i++) {
            used.clear();
            for (int k = 0; k < nc; k++) {
                int c = f.coarseTable[i * nc + k];
                for (int e = inc[0][c]; e < inc[0][c + 1]; e++) {
                    int other = colourOf[inc[1][e] / nc];
                    if (other >= 0) {
                        used.set(other);
                    }
                }
            }
            colourOf[i] = used.nextClearBit(0);
            colours = Math.max(colours, colourOf[i] + 1);
        }
        int[] size = new int[colours];
        for (int c : colourOf) {
            size[c]++;
        }
        int[][] lists = new int[colours][];
        for (int c = 0; c < colours; c++) {
            lists[c] = new int[size[c]];
            size[c] = 0;
        }
        for (int i = 0; i < w; i++) {
            lists[colourOf[i]][size[colourOf[i]]++] = i;
        }
        return lists;
    }
}
