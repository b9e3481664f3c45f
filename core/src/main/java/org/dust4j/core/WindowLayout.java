package org.dust4j.core;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The index structure of the windowed matrix-vector products {@link Backend#windowedMatVec} and
 * {@link Backend#windowedMatVecAdjoint}: overlapping windows of a coarse vector, each refined by small dense matrices
 * of its class into its own disjoint set of fine elements. Host data, validated once and immutable; {@link #upload}
 * puts it on a backend.
 *
 * <h2>Definition</h2>
 * The windows are the product of m factors (1 &le; m &le; {@value #MAX_FACTORS}; one factor expresses any window
 * set). Factor f has W_f windows with nc_f coarse and nf_f fine points each: window w_f's coarse points are
 * {@code coarseTable_f[w_f·nc_f + k_f]} ∈ [0, Nc_f) (distinct within the window), its fine points
 * {@code fineTable_f[w_f·nf_f + j_f]} ∈ [0, Nf_f) (every fine point in exactly one window), its class
 * {@code classOf_f[w_f]} ∈ [0, C_f). A window is a tuple w = (w_1 … w_m), row-major (first factor slowest), and so
 * are its slots k = (k_1 … k_m) and j = (j_1 … j_m): coarse slot k is the element
 * K(w, k) = Σ_f coarseTable_f[w_f, k_f] · Π_{g&gt;f} Nc_g of the coarse vector, fine slot j the element
 * J(w, j) = Σ_f fineTable_f[w_f, j_f] · Π_{g&gt;f} Nf_g of the fine vector, and the window's class is
 * c(w) = Σ_f classOf_f[w_f] · Π_{g&gt;f} C_g. So nc = Π nc_f, nf = Π nf_f, Nc = Π Nc_f, Nf = Π Nf_f, C = Π C_f.
 *
 * <h2>Colouring</h2>
 * For the adjoint, which adds every window's contribution into shared coarse elements, each factor's windows are
 * coloured greedily (in window order, the smallest colour not used by a window sharing a coarse point) so that
 * windows of one colour share no coarse point; a tuple of factor colours is then a set of windows whose scatter-adds
 * never collide. Along a regular axis the colour is the window index modulo the coarse window width.
 *
 * <h2>Slabs</h2>
 * {@link #slabs()} is a second schedule for the adjoint, for backends that visit windows in their natural order (the
 * CPU): the first factor's windows are cut into at most {@value #MAX_SLABS} runs of equal length (the last may be
 * shorter), a slab being all windows whose first-factor window lies in one run, i.e. a contiguous range of window
 * indices; the slabs are coloured greedily (in slab order, the smallest colour not used by a slab whose first-factor
 * windows share a coarse point with its own), so slabs of one colour share no coarse element. The schedule depends on
 * the layout alone, not on the number of threads.
 *
 * <h2>Packed form</h2>
 * {@link #packed()} is the INT32 array the backends read (also on the device): a header
 * {@code [m, nc, nf, Nc, Nf, C, outerTable, outerRow]}, then per factor f at {@code HEADER + f·FACTOR} the entries
 * {@code [W_f, nc_f, nf_f, Nc_f, Nf_f, C_f, coarse, fine, class, order, colours_f, colourStart, byClass]}, where
 * coarse, fine, class, order, colourStart and byClass are offsets into the same array of the coarse table, the fine
 * table, the class table, the windows sorted by colour (W_f entries), the colour starts (colours_f + 1 entries: the
 * windows of colour q are {@code order[colourStart[q]] … order[colourStart[q + 1] - 1]}) and the windows sorted by
 * class (W_f entries, stable: a backend that visits a factor's windows in this order meets each class's matrices in
 * one run). Last, at offset {@code outerTable} (a multiple of 4), the outer table: the factors but the last are the
 * "outer" ones, and for each of their windows in class-major order — position (d_0 … d_{m-2}) row-major over the
 * outer factors, factor window w_f = byClass_f[d_f] — one row of {@code outerRow} entries (1 + nc/nc_{m-1} +
 * nf/nf_{m-1} rounded up to a multiple of 4): the outer class Σ_f classOf_f[w_f] · Π_{g&gt;f, g&lt;m-1} C_g, the
 * outer parts of the coarse elements of the outer slots (row-major), Σ_{f&lt;m-1} coarseTable_f[w_f, k_f] ·
 * Π_{g&gt;f} Nc_g, the same for the fine elements, and zeros. A layout of one factor has one row. (The CUDA backend's
 * class-major kernels read a row per window instead of decoding it from the factor tables.) Right after the outer
 * table, at {@code outerTable + outerWindows·outerRow} ({@link #outerInverseOffset()}), its inverse: Q (the outer
 * coarse points, Nc / Nc_{m-1}), then Q + 1 starts, then for each outer coarse point q in turn, in increasing order,
 * the entries {@code o·outerWindows + position} of the outer slots o of the class-major positions whose outer coarse
 * part is q·Nc_{m-1} (every (position, o) once; a backend that writes each outer slot's contribution of each position
 * apart sums a coarse element's contributions from these lists, without atomics).
 */
public final class WindowLayout {
    /** The most factors a layout may have. */
    public static final int MAX_FACTORS = 4;
    /** Length of the packed header. */
    public static final int HEADER = 8;
    /** Entries per factor in the packed form. */
    public static final int FACTOR = 13;
    /** The most slabs {@link #slabs()} cuts a layout into. */
    public static final int MAX_SLABS = 256;

    private final Factor[] factors;
    private final int coarsePerWindow;
    private final int finePerWindow;
    private final int coarseSize;
    private final int fineSize;
    private final int classes;
    private final int windows;
    private final int[] packed;
    private final boolean innerSlides;
    private volatile Slabs slabs;

    /** One factor of a layout (immutable; validated on construction, coloured once). */
    public static final class Factor {
        private final int coarsePoints;
        private final int finePoints;
        private final int coarseSize;
        private final int fineSize;
        private final int classCount;
        private final int[] coarseTable;
        private final int[] fineTable;
        private final int[] classOf;
        private final int[] order;
        private final int[] colourStart;
        private final int[] byClass;

        /**
         * @param coarsePoints nc_f ≥ 1
         * @param finePoints   nf_f ≥ 1
         * @param coarseSize   Nc_f, the factor's coarse extent
         * @param fineSize     Nf_f, the factor's fine extent
         * @param coarseTable  [W_f × nc_f], values in [0, Nc_f), distinct within a window
         * @param fineTable    [W_f × nf_f], every value of [0, Nf_f) exactly once
         * @param classOf      [W_f], values in [0, classCount)
         * @param classCount   C_f ≥ 1
         * @throws IllegalArgumentException naming the offending entry
         */
        public Factor(int coarsePoints, int finePoints, int coarseSize, int fineSize, int[] coarseTable,
                      int[] fineTable, int[] classOf, int classCount) {
            if (coarsePoints < 1 || finePoints < 1 || classCount < 1 || coarseSize < 0 || fineSize < 0) {
                throw new IllegalArgumentException("factor needs nc >= 1, nf >= 1, C >= 1 and sizes >= 0, got nc "
                        + coarsePoints + ", nf " + finePoints + ", C " + classCount + ", Nc " + coarseSize + ", Nf "
                        + fineSize);
            }
            int w = classOf.length;
            if (coarseTable.length != (long) w * coarsePoints || fineTable.length != (long) w * finePoints) {
                throw new IllegalArgumentException("factor tables disagree: " + w + " windows, coarse table "
                        + coarseTable.length + " (needs " + (long) w * coarsePoints + "), fine table "
                        + fineTable.length + " (needs " + (long) w * finePoints + ")");
            }
            checkRange("coarse table", coarseTable, coarseSize);
            checkRange("fine table", fineTable, fineSize);
            checkRange("class table", classOf, classCount);
            BitSet seen = new BitSet(fineSize);
            for (int i = 0; i < fineTable.length; i++) {
                if (seen.get(fineTable[i])) {
                    throw new IllegalArgumentException("fine point " + fineTable[i] + " belongs to two windows (fine"
                            + " table entry " + i + ")");
                }
                seen.set(fineTable[i]);
            }
            if (seen.cardinality() != fineSize) {
                throw new IllegalArgumentException("fine point " + seen.nextClearBit(0) + " belongs to no window");
            }
            int[] row = new int[coarsePoints];
            for (int i = 0; i < w; i++) {
                System.arraycopy(coarseTable, i * coarsePoints, row, 0, coarsePoints);
                Arrays.sort(row);
                for (int k = 1; k < coarsePoints; k++) {
                    if (row[k] == row[k - 1]) {
                        throw new IllegalArgumentException("window " + i + " holds coarse point " + row[k]
                                + " twice");
                    }
                }
            }
            this.coarsePoints = coarsePoints;
            this.finePoints = finePoints;
            this.coarseSize = coarseSize;
            this.fineSize = fineSize;
            this.classCount = classCount;
            this.coarseTable = coarseTable.clone();
            this.fineTable = fineTable.clone();
            this.classOf = classOf.clone();
            int[] colourOf = colour();
            int colours = 0;
            for (int c : colourOf) {
                colours = Math.max(colours, c + 1);
            }
            this.colourStart = new int[colours + 1];
            for (int c : colourOf) {
                colourStart[c + 1]++;
            }
            for (int c = 0; c < colours; c++) {
                colourStart[c + 1] += colourStart[c];
            }
            this.order = new int[w];
            int[] fill = Arrays.copyOf(colourStart, colours);
            for (int i = 0; i < w; i++) {
                order[fill[colourOf[i]]++] = i;
            }
            this.byClass = stableOrder(classOf, classCount);
        }

        /** The indices of {@code keys} (values in [0, n)) sorted by key, stably. */
        private static int[] stableOrder(int[] keys, int n) {
            int[] start = new int[n + 1];
            for (int k : keys) {
                start[k + 1]++;
            }
            for (int c = 0; c < n; c++) {
                start[c + 1] += start[c];
            }
            int[] sorted = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                sorted[start[keys[i]]++] = i;
            }
            return sorted;
        }

        private static void checkRange(String what, int[] t, int n) {
            for (int i = 0; i < t.length; i++) {
                if (t[i] < 0 || t[i] >= n) {
                    throw new IllegalArgumentException(what + " entry " + i + " is " + t[i] + ", outside [0, " + n
                            + ")");
                }
            }
        }

        /** Greedy colouring: two windows sharing a coarse point differ in colour. */
        private int[] colour() {
            int w = classOf.length;
            int[] start = new int[coarseSize + 1];
            for (int v : coarseTable) {
                start[v + 1]++;
            }
            for (int c = 0; c < coarseSize; c++) {
                start[c + 1] += start[c];
            }
            int[] fill = Arrays.copyOf(start, coarseSize);
            int[] windowsOf = new int[coarseTable.length];
            for (int i = 0; i < coarseTable.length; i++) {
                windowsOf[fill[coarseTable[i]]++] = i / coarsePoints;
            }
            int[] colourOf = new int[w];
            Arrays.fill(colourOf, -1);
            BitSet used = new BitSet();
            for (int i = 0; i < w; i++) {
                used.clear();
                for (int k = 0; k < coarsePoints; k++) {
                    int c = coarseTable[i * coarsePoints + k];
                    for (int e = start[c]; e < start[c + 1]; e++) {
                        int other = colourOf[windowsOf[e]];
                        if (other >= 0) {
                            used.set(other);
                        }
                    }
                }
                colourOf[i] = used.nextClearBit(0);
            }
            return colourOf;
        }

        /** W_f. */
        public int windows() {
            return classOf.length;
        }

        /** nc_f. */
        public int coarsePoints() {
            return coarsePoints;
        }

        /** nf_f. */
        public int finePoints() {
            return finePoints;
        }

        /** Nc_f. */
        public int coarseSize() {
            return coarseSize;
        }

        /** Nf_f. */
        public int fineSize() {
            return fineSize;
        }

        /** C_f. */
        public int classCount() {
            return classCount;
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

        /** Number of colours of this factor's windows. */
        public int colours() {
            return colourStart.length - 1;
        }

        /** Number of windows of colour q. */
        public int windowsOfColour(int q) {
            return colourStart[q + 1] - colourStart[q];
        }
    }

    private WindowLayout(Factor[] factors) {
        if (factors.length < 1 || factors.length > MAX_FACTORS) {
            throw new IllegalArgumentException("a window layout needs 1 to " + MAX_FACTORS + " factors, got "
                    + factors.length);
        }
        this.factors = factors.clone();
        long nc = 1;
        long nf = 1;
        long nCoarse = 1;
        long nFine = 1;
        long c = 1;
        long w = 1;
        for (Factor f : this.factors) {
            nc *= f.coarsePoints;
            nf *= f.finePoints;
            nCoarse *= f.coarseSize;
            nFine *= f.fineSize;
            c *= f.classCount;
            w *= f.windows();
        }
        if (nCoarse > Integer.MAX_VALUE || nFine > Integer.MAX_VALUE || c > Integer.MAX_VALUE
                || nc * nf > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("window layout too large: coarse size " + nCoarse + ", fine size "
                    + nFine + ", classes " + c + ", window size " + nc + " x " + nf + " (each must fit an int)");
        }
        this.coarsePerWindow = (int) nc;
        this.finePerWindow = (int) nf;
        this.coarseSize = (int) nCoarse;
        this.fineSize = (int) nFine;
        this.classes = (int) c;
        this.windows = (int) w;
        this.packed = pack();
        this.innerSlides = slides();
    }

    /** The layout of the given factors (first slowest). */
    public static WindowLayout of(Factor... factors) {
        return new WindowLayout(factors);
    }

    private int[] pack() {
        long n = HEADER + (long) FACTOR * factors.length;
        for (Factor f : factors) {
            n += (long) f.coarseTable.length + f.fineTable.length + 3L * f.windows() + f.colourStart.length;
        }
        int m = factors.length;
        Factor inner = factors[m - 1];
        int outerCoarse = coarsePerWindow / inner.coarsePoints;
        int outerFine = finePerWindow / inner.finePoints;
        int row = (1 + outerCoarse + outerFine + 3) / 4 * 4;
        long outer = windows / Math.max(1, inner.windows());
        long tableAt = (n + 3) / 4 * 4;
        long outerPoints = coarseSize / Math.max(1, inner.coarseSize);
        n = tableAt + outer * row + 1 + (outerPoints + 1) + outer * outerCoarse;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("window tables of " + n + " entries exceed an INT32 tensor");
        }
        int[] p = new int[(int) n];
        p[6] = (int) tableAt;
        p[7] = row;
        fillOuterTable(p, (int) tableAt, row, (int) outer, outerCoarse, outerFine);
        fillOuterInverse(p, (int) (tableAt + outer * row), (int) tableAt, row, (int) outer, outerCoarse,
                (int) outerPoints, inner.coarseSize);
        p[0] = factors.length;
        p[1] = coarsePerWindow;
        p[2] = finePerWindow;
        p[3] = coarseSize;
        p[4] = fineSize;
        p[5] = classes;
        int at = HEADER + FACTOR * factors.length;
        for (int i = 0; i < factors.length; i++) {
            Factor f = factors[i];
            int h = HEADER + FACTOR * i;
            p[h] = f.windows();
            p[h + 1] = f.coarsePoints;
            p[h + 2] = f.finePoints;
            p[h + 3] = f.coarseSize;
            p[h + 4] = f.fineSize;
            p[h + 5] = f.classCount;
            p[h + 10] = f.colours();
            int[][] arrays = {f.coarseTable, f.fineTable, f.classOf, f.order, f.colourStart, f.byClass};
            int[] slots = {6, 7, 8, 9, 11, 12};
            for (int a = 0; a < arrays.length; a++) {
                p[h + slots[a]] = at;
                System.arraycopy(arrays[a], 0, p, at, arrays[a].length);
                at += arrays[a].length;
            }
        }
        return p;
    }

    /** Writes the outer table (see the class comment) at {@code at}: {@code outer} rows of {@code row} entries. */
    private void fillOuterTable(int[] p, int at, int row, int outer, int outerCoarse, int outerFine) {
        int m = factors.length;
        int[] digit = new int[m];
        int[] w = new int[m];
        int[] k = new int[m];
        for (int pos = 0; pos < outer; pos++) {
            int base = at + pos * row;
            int cls = 0;
            for (int f = 0; f < m - 1; f++) {
                w[f] = factors[f].byClass[digit[f]];
                cls = cls * factors[f].classCount + factors[f].classOf[w[f]];
            }
            p[base] = cls;
            outerElements(p, base + 1, outerCoarse, w, k, true);
            outerElements(p, base + 1 + outerCoarse, outerFine, w, k, false);
            for (int f = m - 2; f >= 0 && ++digit[f] == factors[f].windows(); f--) {
                digit[f] = 0;
            }
        }
    }

    /**
     * Writes the outer table's inverse (see the class comment) at {@code at}: Q, Q + 1 starts, the entries grouped by
     * outer coarse point, each group in increasing order (a counting sort over the entries, taken in increasing order).
     */
    private static void fillOuterInverse(int[] p, int at, int tableAt, int row, int outer, int outerCoarse,
                                         int outerPoints, int innerCoarseSize) {
        p[at] = outerPoints;
        int starts = at + 1;
        int entries = starts + outerPoints + 1;
        int[] fill = new int[outerPoints + 1];
        for (int pos = 0; pos < outer; pos++) {
            for (int o = 0; o < outerCoarse; o++) {
                fill[p[tableAt + pos * row + 1 + o] / innerCoarseSize + 1]++;
            }
        }
        for (int q = 0; q < outerPoints; q++) {
            fill[q + 1] += fill[q];
        }
        System.arraycopy(fill, 0, p, starts, outerPoints + 1);
        for (int o = 0; o < outerCoarse; o++) {
            for (int pos = 0; pos < outer; pos++) {
                int q = p[tableAt + pos * row + 1 + o] / innerCoarseSize;
                p[entries + fill[q]++] = o * outer + pos;
            }
        }
    }

    /**
     * Whether the last ("inner") factor slides: its window w holds the coarse points w, w + 1, …, w + nc - 1 and the
     * factor has W + nc - 1 coarse points, so the windows holding coarse point e are e - nc + 1 … e (those that exist),
     * e being slot e - w of window w. A backend may then sum a coarse point's inner contributions in one place (the
     * CUDA backend's gather adjoint).
     */
    public boolean innerSlides() {
        return innerSlides;
    }

    /** Computes {@link #innerSlides()} once, at construction. */
    private boolean slides() {
        Factor inner = factors[factors.length - 1];
        int nc = inner.coarsePoints;
        if (inner.coarseSize != inner.windows() + nc - 1) {
            return false;
        }
        for (int w = 0; w < inner.windows(); w++) {
            for (int k = 0; k < nc; k++) {
                if (inner.coarseTable[w * nc + k] != w + k) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Offset in {@link #packed()} of the outer table's inverse (see the class comment). */
    public int outerInverseOffset() {
        int outer = windows / Math.max(1, factors[factors.length - 1].windows());
        return packed[6] + outer * packed[7];
    }

    /** The outer parts of the coarse (or fine) elements of the {@code count} outer slots of outer windows w. */
    private void outerElements(int[] p, int at, int count, int[] w, int[] k, boolean coarse) {
        int m = factors.length;
        Arrays.fill(k, 0);
        for (int o = 0; o < count; o++) {
            long e = 0;
            long stride = coarse ? factors[m - 1].coarseSize : factors[m - 1].fineSize;
            for (int f = m - 2; f >= 0; f--) {
                Factor x = factors[f];
                e += (long) (coarse ? x.coarseTable[w[f] * x.coarsePoints + k[f]]
                        : x.fineTable[w[f] * x.finePoints + k[f]]) * stride;
                stride *= coarse ? x.coarseSize : x.fineSize;
            }
            p[at + o] = (int) e;
            for (int f = m - 2; f >= 0 && ++k[f] == (coarse ? factors[f].coarsePoints : factors[f].finePoints); f--) {
                k[f] = 0;
            }
        }
    }

    /** The number of factors m. */
    public int factorCount() {
        return factors.length;
    }

    /** Factor f (first slowest). */
    public Factor factor(int f) {
        return factors[f];
    }

    /** nc, coarse points per window. */
    public int coarsePerWindow() {
        return coarsePerWindow;
    }

    /** nf, fine points per window. */
    public int finePerWindow() {
        return finePerWindow;
    }

    /** Nc, elements of the coarse vector. */
    public int coarseSize() {
        return coarseSize;
    }

    /** Nf, elements of the fine vector (and of ξ). */
    public int fineSize() {
        return fineSize;
    }

    /** C, matrix classes. */
    public int classes() {
        return classes;
    }

    /** W, windows. */
    public int windows() {
        return windows;
    }

    /**
     * Advances a tuple of factor colours (length ≥ m, row-major, last factor fastest) to the next one; false after the
     * last one (the tuple is then all zeros again). Start from all zeros to visit every colour tuple once, in the
     * order the backends process them.
     */
    public boolean nextColourTuple(int[] colour) {
        for (int f = factors.length - 1; f >= 0; f--) {
            if (++colour[f] < factors[f].colours()) {
                return true;
            }
            colour[f] = 0;
        }
        return false;
    }

    /** Number of windows of a colour tuple (the product of its factors' colour sizes). */
    public long windowsOfColourTuple(int[] colour) {
        long n = 1;
        for (int f = 0; f < factors.length; f++) {
            n *= factors[f].windowsOfColour(colour[f]);
        }
        return n;
    }

    /**
     * The slab schedule of the adjoint (see the class comment), computed on first use.
     *
     * @return the slabs of this layout
     */
    public Slabs slabs() {
        Slabs s = slabs;
        if (s == null) {
            s = Slabs.of(factors[0], windows / Math.max(1, factors[0].windows()));
            slabs = s;
        }
        return s;
    }

    /**
     * Contiguous ranges of windows, coloured so that the slabs of one colour share no coarse element (see the class
     * comment). Immutable.
     */
    public static final class Slabs {
        private final long[] start;
        private final int[] order;
        private final int[] colourStart;

        private Slabs(long[] start, int[] order, int[] colourStart) {
            this.start = start;
            this.order = order;
            this.colourStart = colourStart;
        }

        /** The slabs of a layout whose first factor is {@code first} and which has {@code per} windows per window of it. */
        static Slabs of(Factor first, long per) {
            int w0 = first.windows();
            int run = (int) Math.max(1, (w0 + (long) MAX_SLABS - 1) / MAX_SLABS);
            int n = (w0 + run - 1) / run;
            long[] start = new long[n + 1];
            for (int s = 0; s <= n; s++) {
                start[s] = Math.min(w0, (long) s * run) * per;
            }
            // the slabs touching each coarse point of the first factor, then a greedy colouring in slab order
            int nc = first.coarsePoints;
            int[] at = new int[first.coarseSize + 1];
            for (int v : first.coarseTable) {
                at[v + 1]++;
            }
            for (int c = 0; c < first.coarseSize; c++) {
                at[c + 1] += at[c];
            }
            int[] fill = Arrays.copyOf(at, first.coarseSize);
            int[] slabsOf = new int[first.coarseTable.length];
            for (int i = 0; i < first.coarseTable.length; i++) {
                slabsOf[fill[first.coarseTable[i]]++] = i / nc / run;
            }
            int[] colourOf = new int[n];
            Arrays.fill(colourOf, -1);
            BitSet used = new BitSet();
            int colours = 0;
            for (int s = 0; s < n; s++) {
                used.clear();
                int end = (int) Math.min(w0, (long) (s + 1) * run) * nc;
                for (int i = s * run * nc; i < end; i++) {
                    int c = first.coarseTable[i];
                    for (int e = at[c]; e < at[c + 1]; e++) {
                        int other = colourOf[slabsOf[e]];
                        if (other >= 0) {
                            used.set(other);
                        }
                    }
                }
                colourOf[s] = used.nextClearBit(0);
                colours = Math.max(colours, colourOf[s] + 1);
            }
            int[] colourStart = new int[colours + 1];
            for (int c : colourOf) {
                colourStart[c + 1]++;
            }
            for (int c = 0; c < colours; c++) {
                colourStart[c + 1] += colourStart[c];
            }
            int[] order = new int[n];
            int[] next = Arrays.copyOf(colourStart, colours);
            for (int s = 0; s < n; s++) {
                order[next[colourOf[s]]++] = s;
            }
            return new Slabs(start, order, colourStart);
        }

        /** Number of slabs. */
        public int count() {
            return order.length;
        }

        /** The first window of slab s. */
        public long from(int s) {
            return start[s];
        }

        /** One past the last window of slab s. */
        public long to(int s) {
            return start[s + 1];
        }

        /** Number of colours. */
        public int colours() {
            return colourStart.length - 1;
        }

        /** Number of slabs of colour q. */
        public int slabsOfColour(int q) {
            return colourStart[q + 1] - colourStart[q];
        }

        /** The i-th slab of colour q (in slab order). */
        public int slabOfColour(int q, int i) {
            return order[colourStart[q] + i];
        }
    }

    /** A copy of the packed INT32 form (see the class comment). */
    public int[] packed() {
        return packed.clone();
    }

    /** Bytes of the packed form. */
    public long packedBytes() {
        return 4L * packed.length;
    }

    /** Uploads the packed form to {@code backend}; the caller closes the result. */
    public Tables upload(Backend backend) {
        return new Tables(this, backend.fromHost(packed, Shape.of(packed.length)));
    }

    /**
     * A layout on one backend: its packed form as an INT32 tensor. Owns the tensor and releases it on close.
     *
     * @param layout the host layout
     * @param index  the packed form on the backend
     */
    public record Tables(WindowLayout layout, Tensor index) implements AutoCloseable {
        /** The backend the tables live on. */
        public Backend backend() {
            return index.backend();
        }

        @Override
        public void close() {
            index.close();
        }
    }
}
