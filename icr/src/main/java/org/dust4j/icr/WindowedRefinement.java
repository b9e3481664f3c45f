package org.dust4j.icr;

import org.dust4j.core.WindowLayout;

/**
 * One refinement step of ICR as a backend-neutral primitive: index tables, matrix classes and an optional per-pixel
 * scale that together define the linear map (coarse, ξ) ↦ fine. It is core's windowed matrix-vector product
 * ({@link org.dust4j.core.Backend#windowedMatVec} over {@link #layout()}), which every backend implements: the CPU
 * as a fused pass over the windows and a coloured adjoint, the CUDA backend as one kernel per level (and one per
 * colour tuple for the adjoint).
 *
 * <h2>Definition</h2>
 * The step is the product of m factors. Factor f has W_f windows, each with nc_f coarse and nf_f fine points; its
 * tables give the coarse points {@code coarseTable_f[w_f·nc_f + k_f]} ∈ [0, Nc_f) and the fine points
 * {@code fineTable_f[w_f·nf_f + j_f]} ∈ [0, Nf_f), and {@code classOf_f[w_f]} ∈ [0, C_f) its geometry class. A
 * window is a tuple w = (w_1 … w_m), row-major (first factor slowest); its coarse point k = (k_1 … k_m) is the coarse
 * pixel Σ_f coarseTable_f[w_f, k_f] · Π_{g&gt;f} Nc_g and likewise its fine point j the fine pixel
 * Σ_f fineTable_f[w_f, j_f] · Π_{g&gt;f} Nf_g; slots k and j are row-major too. The window's class is
 * c(w) = Σ_f classOf_f[w_f] · Π_{g&gt;f} C_g. Then for every window and every fine slot j:
 * <pre>
 *   fine[J(w, j)] = s[J(w, j)] · ( Σ_k R[c(w), j, k] · coarse[K(w, k)] + Σ_j' D[c(w), j, j'] · ξ[J(w, j')] )
 * </pre>
 * with R of shape [C, nf, nc], D of shape [C, nf, nf] and s the optional scale (1 if absent). The excitations ξ of the
 * step have the layout of the fine level: ξ[J] is the excitation of fine pixel J. Every fine pixel belongs to exactly
 * one window, so the map writes each fine pixel once, and the adjoint is
 * <pre>
 *   ξ̄[J(w, j)]  = Σ_j' D[c(w), j', j] · s[J(w, j')] · ḡ[J(w, j')]
 *   coarse̅[K]  = Σ over all (w, k) with K(w, k) = K of Σ_j R[c(w), j, k] · s[J(w, j)] · ḡ[J(w, j)]
 * </pre>
 * The ξ̄ part writes every fine pixel once; the coarse̅ part adds contributions of overlapping windows, which both
 * backends scatter per window colour tuple (windows of one colour share no coarse pixel).
 */
public final class WindowedRefinement {
    private final Factor[] factors;
    private final int classes;
    private final int coarsePerWindow;
    private final int finePerWindow;
    private final int coarseSize;
    private final int fineSize;
    private final long windows;
    private final double[] r;
    private final double[] d;
    private final double[] scale;
    private final WindowLayout layout;

    /** The index data of one factor of a step (immutable; the accessors return copies). */
    public static final class Factor {
        /** The same factor as core's validated, coloured window factor; the sizes are read from it. */
        final WindowLayout.Factor layout;
        /** The tables, kept here without copies for the per-window lookups of {@link #window}. */
        final int[] coarseTable;
        final int[] fineTable;
        final int[] classOf;

        /**
         * @param coarsePoints nc_f
         * @param finePoints   nf_f
         * @param coarseSize   Nc_f, points of the factor at the coarse level
         * @param fineSize     Nf_f, points of the factor at the fine level
         * @param coarseTable  [W_f × nc_f]
         * @param fineTable    [W_f × nf_f]; every fine point in exactly one window
         * @param classOf      [W_f], values in [0, classCount)
         * @param classCount   C_f
         */
        public Factor(int coarsePoints, int finePoints, int coarseSize, int fineSize, int[] coarseTable,
                      int[] fineTable, int[] classOf, int classCount) {
            this.layout = new WindowLayout.Factor(coarsePoints, finePoints, coarseSize, fineSize, coarseTable,
                    fineTable, classOf, classCount);
            this.coarseTable = coarseTable.clone();
            this.fineTable = fineTable.clone();
            this.classOf = classOf.clone();
        }

        /** W_f. */
        public int windows() {
            return classOf.length;
        }

        /** nc_f. */
        public int coarsePoints() {
            return layout.coarsePoints();
        }

        /** nf_f. */
        public int finePoints() {
            return layout.finePoints();
        }

        /** Nc_f. */
        public int coarseSize() {
            return layout.coarseSize();
        }

        /** Nf_f. */
        public int fineSize() {
            return layout.fineSize();
        }

        /** C_f. */
        public int classCount() {
            return layout.classCount();
        }

        /** A copy of the coarse table [W_f × nc_f]. */
        public int[] coarseTable() {
            return coarseTable.clone();
        }

        /** A copy of the fine table [W_f × nf_f]. */
        public int[] fineTable() {
            return fineTable.clone();
        }

        /** A copy of the class table [W_f]. */
        public int[] classOf() {
            return classOf.clone();
        }
    }

    /**
     * @param factors the factors, first slowest
     * @param r       [C × nf × nc] row-major, C = Π classCount_f
     * @param d       [C × nf × nf] row-major
     * @param scale   per fine pixel, or null for none (all arrays are copied)
     */
    public WindowedRefinement(Factor[] factors, double[] r, double[] d, double[] scale) {
        this(factors, r, d, scale, true);
    }

    /** With {@code copy} false the arrays are taken as they are (and must not be modified afterwards). */
    WindowedRefinement(Factor[] factors, double[] r, double[] d, double[] scale, boolean copy) {
        if (factors.length == 0) {
            throw new IllegalArgumentException("a refinement needs at least one factor");
        }
        this.factors = factors.clone();
        int c = 1;
        int nc = 1;
        int nf = 1;
        long nCoarse = 1;
        long nFine = 1;
        long w = 1;
        for (Factor f : factors) {
            c = Math.multiplyExact(c, f.classCount());
            nc *= f.coarsePoints();
            nf *= f.finePoints();
            nCoarse *= f.coarseSize();
            nFine *= f.fineSize();
            w *= f.windows();
        }
        if (nCoarse > Integer.MAX_VALUE || nFine > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("level sizes " + nCoarse + " / " + nFine + " exceed an int");
        }
        this.classes = c;
        this.coarsePerWindow = nc;
        this.finePerWindow = nf;
        this.coarseSize = (int) nCoarse;
        this.fineSize = (int) nFine;
        this.windows = w;
        if (r.length != (long) c * nf * nc) {
            throw new IllegalArgumentException("R has " + r.length + " entries, needs " + (long) c * nf * nc + " = "
                    + c + " classes × " + nf + " × " + nc);
        }
        if (d.length != (long) c * nf * nf) {
            throw new IllegalArgumentException("D has " + d.length + " entries, needs " + (long) c * nf * nf + " = "
                    + c + " classes × " + nf + " × " + nf);
        }
        if (scale != null && scale.length != fineSize) {
            throw new IllegalArgumentException("scale has " + scale.length + " entries, the fine level has "
                    + fineSize);
        }
        this.r = copy ? r.clone() : r;
        this.d = copy ? d.clone() : d;
        this.scale = copy && scale != null ? scale.clone() : scale;
        WindowLayout.Factor[] cores = new WindowLayout.Factor[factors.length];
        for (int f = 0; f < cores.length; f++) {
            cores[f] = factors[f].layout;
        }
        this.layout = WindowLayout.of(cores);
    }

    /** The window structure of this step as core's {@link WindowLayout} (same factors, classes and colouring). */
    public WindowLayout layout() {
        return layout;
    }

    /** The same step with another per-fine-pixel scale (null for none). */
    WindowedRefinement withScale(double[] newScale) {
        return new WindowedRefinement(factors, r, d, newScale, false);
    }

    /** The number of factors m. */
    public int factorCount() {
        return factors.length;
    }

    /** Factor f (first slowest). */
    public Factor factor(int f) {
        return factors[f];
    }

    /** Number of matrix classes C. */
    public int classes() {
        return classes;
    }

    /** Coarse points per window nc. */
    public int coarsePerWindow() {
        return coarsePerWindow;
    }

    /** Fine points per window nf. */
    public int finePerWindow() {
        return finePerWindow;
    }

    /** Pixels of the coarse level. */
    public int coarseSize() {
        return coarseSize;
    }

    /** Pixels of the fine level (and excitations of this step). */
    public int fineSize() {
        return fineSize;
    }

    /** Number of windows W = Π W_f. */
    public long windows() {
        return windows;
    }

    /** A copy of R, [C × nf × nc] row-major. */
    public double[] r() {
        return r.clone();
    }

    /** A copy of D, [C × nf × nf] row-major. */
    public double[] d() {
        return d.clone();
    }

    /** A copy of the scale per fine pixel, or null if there is none. */
    public double[] scale() {
        return scale == null ? null : scale.clone();
    }

    /** R itself, for the kernels (do not modify). */
    double[] rData() {
        return r;
    }

    /** D itself, for the kernels (do not modify). */
    double[] dData() {
        return d;
    }

    /** The scale itself or null, for the kernels (do not modify). */
    double[] scaleData() {
        return scale;
    }

    /** Bytes held by matrices, tables and scale. */
    public long memoryBytes() {
        long b = 8L * (r.length + d.length) + (scale == null ? 0 : 8L * scale.length);
        for (Factor f : factors) {
            b += 4L * (f.coarseTable.length + f.fineTable.length + f.classOf.length);
        }
        return b;
    }

    /**
     * Decodes window w into factor windows, its class and its coarse and fine pixels.
     *
     * @param w      flat window index in [0, W)
     * @param fw     out: the factor windows (length m)
     * @param coarse out: the nc coarse pixels
     * @param fine   out: the nf fine pixels
     * @return the window's class
     */
    int window(long w, int[] fw, int[] coarse, int[] fine) {
        long rest = w;
        for (int f = factors.length - 1; f >= 0; f--) {
            int wf = factors[f].classOf.length;
            fw[f] = (int) (rest % wf);
            rest /= wf;
        }
        int cls = 0;
        coarse[0] = 0;
        fine[0] = 0;
        int nc = 1;
        int nf = 1;
        for (int f = 0; f < factors.length; f++) {
            Factor fac = factors[f];
            cls = cls * fac.classCount() + fac.classOf[fw[f]];
            int fc = fac.coarsePoints();
            nc = expand(coarse, nc, fac.coarseTable, fw[f] * fc, fc, fac.coarseSize());
            int ff = fac.finePoints();
            nf = expand(fine, nf, fac.fineTable, fw[f] * ff, ff, fac.fineSize());
        }
        return cls;
    }

    /** Replaces idx[0 … n) by the row-major product {idx[i] · size + table[base + k]}, returning the new length. */
    private static int expand(int[] idx, int n, int[] table, int base, int points, int size) {
        for (int i = n - 1; i >= 0; i--) {
            int head = idx[i] * size;
            for (int k = points - 1; k >= 0; k--) {
                idx[i * points + k] = head + table[base + k];
            }
        }
        return n * points;
    }
}
