package org.dust4j.cuda;

import org.dust4j.core.DType;
import org.dust4j.core.WindowLayout;

/**
 * Launch geometry of the class-major windowed kernels (windowed.cuh, "fast kinds"): which layouts they serve, and how
 * their threads are laid out. Mirrors {@code win_fast_kind}, {@code WinRows} and {@code WIN_TS} of windowed.cuh.
 *
 * <p>The last factor of the layout is the inner one, the others the outer ones. A lane is a pair (chunk of
 * {@link #chunk()} consecutive outer windows in class-major order, inner window); a block is 32 lanes times
 * {@link #groups()} threads, each thread a group of fine rows (forward) or matrix columns (adjoint) of the lane's
 * windows.
 *
 * @param kind   the fast kind (1 … 4), see {@link #of}
 * @param lanes  chunks × inner windows
 * @param chunk  outer windows per lane
 * @param groups threads per lane
 */
record WindowedLaunch(int kind, long lanes, int chunk, int groups) {
    /** Lanes per block (a warp). */
    static final int LANES = 32;
    /** Columns of the adjoint per thread ({@code WIN_TS}). */
    private static final int COLUMNS = 5;
    /** The largest chunk: long enough to meet each class of a HEALPix level a few times in a row. */
    private static final int MAX_CHUNK = 128;
    /** Chunks are shortened (down to 4 windows) until a launch has at least this many threads. */
    private static final long TARGET_THREADS = 1L << 19;

    /**
     * The fast kind of a layout ({@code win_fast_kind}): 0 where only the generic kernels apply, else an inner factor
     * of 3 coarse and 2 fine points per window and 1 (one factor), 2 (two factors, outer 3 / 2), 3 (two factors,
     * outer 9 / 4: HEALPix × radius) or 4 (three factors, outer 9 / 4: a 3D grid).
     */
    static int kind(WindowLayout l) {
        int m = l.factorCount();
        WindowLayout.Factor inner = l.factor(m - 1);
        if (m > 3 || inner.coarsePoints() != 3 || inner.finePoints() != 2) {
            return 0;
        }
        int nco = l.coarsePerWindow() / 3;
        int nfo = l.finePerWindow() / 2;
        if (m == 1) {
            return 1;
        }
        if (m == 2 && nco == 3 && nfo == 2) {
            return 2;
        }
        if (nco == 9 && nfo == 4) {
            return m == 2 ? 3 : 4;
        }
        return 0;
    }

    /** The launch of a layout's forward (adjoint: {@code adjoint}) in {@code dtype}, or null where no fast kind fits. */
    static WindowedLaunch of(WindowLayout l, DType dtype, boolean adjoint) {
        int kind = kind(l);
        if (kind == 0 || l.windows() == 0) {
            return null;
        }
        int rows = dtype == DType.FLOAT64 ? 1 : 2;
        int groups = adjoint ? (l.coarsePerWindow() + l.finePerWindow() + COLUMNS - 1) / COLUMNS
                : l.finePerWindow() / rows;
        int inner = l.factor(l.factorCount() - 1).windows();
        long outer = l.windows() / inner;
        int chunk = MAX_CHUNK;
        while (chunk > 4 && ceil(outer, chunk) * inner * groups < TARGET_THREADS) {
            chunk /= 2;
        }
        return new WindowedLaunch(kind, ceil(outer, chunk) * inner, chunk, groups);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    /** Blocks of the launch. */
    int grid() {
        return Math.toIntExact(ceil(lanes, LANES));
    }

    /** Threads per block. */
    int block() {
        return LANES * groups;
    }
}
