package org.dust4j.cuda;

import java.util.List;
import org.dust4j.core.DType;
import org.dust4j.core.WindowLayout;

/**
 * Launch geometry of the class-major windowed kernels (windowed.cuh, "fast kinds"): which layouts they serve, which
 * variant runs, and how their threads are laid out. Mirrors {@code win_fast_kind}, {@code WinRows} and
 * {@code WIN_TS} of windowed.cuh.
 *
 * <p>The last factor of the layout is the inner one, the others the outer ones. A lane is a pair (chunk of
 * {@link #chunk()} consecutive outer windows in class-major order, inner window); a block is 32 lanes times
 * {@link #groups()} threads, each thread a group of fine rows (forward) or matrix columns (adjoint) of the lane's
 * windows.
 *
 * <p>Two tuning properties, read at every launch (so a benchmark can compare them in one process):
 * {@value #VARIANT_PROPERTY} = {@code wide} (the default: forward 4 fine rows per thread in float, 2 in double; adjoint
 * with the coarse contributions of neighbouring inner windows summed in the warp before the atomics), {@code fast}
 * (forward 2 rows in float, 1 in double; adjoint 5 columns per thread, every coarse contribution its own atomic; on
 * the H100 slower than wide in gpu-logs/run7 and run8), {@code split} (forward with a lane's inputs split between its
 * threads, each input gathered once and the partial sums added with shuffles; the wide adjoint), {@code pipe} (split's
 * division of the work, software-pipelined: each thread loads its table entries two windows and its inputs one window
 * ahead; forward and adjoint), {@code gather} (the wide forward; an adjoint without atomics where the inner factor
 * slides, {@link #gatherApplies}: pass 1 with a lane per (chunk, inner coarse element) sums the radial contributions
 * of the three inner windows holding the element in one thread and writes each outer slot's sum to a part buffer,
 * pass 2 sums the parts of each coarse element in the order of the layout's outer inverse — the same bits on every
 * run; elsewhere the wide adjoint) or {@code generic} (the generic per-slot kernels on every layout, for comparison);
 * and {@value #CHUNK_PROPERTY} = the longest chunk
 * (default {@value #MAX_CHUNK}; shorter chunks give more lanes, longer ones fewer matrix reloads).
 *
 * @param kernel the kernel family (without the dtype suffix; the pipe variant's kernels are per kind,
 *               {@code windowed_matvec_pipe_k3} …)
 * @param kind   the fast kind (1 … 4), see {@link #kind}
 * @param lanes  chunks × inner windows
 * @param chunk  outer windows per lane
 * @param groups threads per lane
 */
record WindowedLaunch(String kernel, int kind, long lanes, int chunk, int groups) {
    /**
     * System property choosing the variant, {@code fast}, {@code wide}, {@code split}, {@code pipe}, {@code gather} or
     * {@code generic}.
     */
    static final String VARIANT_PROPERTY = "dust4j.cuda.windowed";
    /** The variant without the property: the fastest on the H100 in gpu-logs/run7 and run8. */
    static final String DEFAULT_VARIANT = "wide";
    /** System property bounding the chunk length. */
    static final String CHUNK_PROPERTY = "dust4j.cuda.windowedChunk";
    /** Lanes per block (a warp). */
    static final int LANES = 32;
    /** The default longest chunk: long enough to meet each class of a HEALPix level a few times in a row. */
    private static final int MAX_CHUNK = 128;
    /**
     * Chunks are shortened (down to 4 windows) until a launch has at least this many threads: about two waves of
     * the H100's resident threads at the wide kernels' occupancy (8 warps per SM × 132 SMs = 33 792 threads). Was 2^18,
     * which cut level 5 of the 10^8-voxel chart to chunks of 8 windows (a matrix reload every 8 windows; run7: the
     * levels below the last took 30 % of the apply for 13 % of its traffic).
     */
    private static final long TARGET_THREADS = 1L << 16;

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

    /**
     * Threads per lane: forward, fast and wide: the window's fine rows over the rows per thread ({@code WinRows}: fast
     * 2 in float, 1 in double; wide 4 and 2; at most the fine points per window); forward, split
     * ({@code win_split_forward}), both directions of pipe ({@code win_pipe_forward}, {@code win_pipe_adjoint}) and
     * adjoint, wide and split ({@code win_fast_adjoint_reduced}): one thread for the fine slots and one per 3 outer
     * coarse slots ({@code WinReducedGroups}); adjoint, fast: the nf + nc columns of [D; R] in groups of
     * {@code WIN_TS} (5).
     */
    static int groups(WindowLayout l, DType dtype, boolean adjoint, String variant) {
        int nf = l.finePerWindow();
        int nc = l.coarsePerWindow();
        if (adjoint || variant.equals("split") || variant.equals("pipe")) {
            return adjoint && variant.equals("fast") ? (nc + nf + 4) / 5 : 1 + (nc / 3 + 2) / 3;
        }
        boolean wide = variant.equals("wide");
        int rows = dtype == DType.FLOAT64 ? (wide ? 2 : 1) : (wide ? 4 : 2);
        return nf / Math.min(rows, nf);
    }

    /**
     * The launch of a layout's forward (adjoint: {@code adjoint}) in {@code dtype} with the variant and chunk bound of
     * the tuning properties, or null where no fast kind fits or the variant is {@code generic}.
     */
    static WindowedLaunch of(WindowLayout l, DType dtype, boolean adjoint) {
        String variant = System.getProperty(VARIANT_PROPERTY, DEFAULT_VARIANT);
        if (!List.of("fast", "wide", "split", "pipe", "gather", "generic").contains(variant)) {
            throw new IllegalArgumentException(VARIANT_PROPERTY + " must be fast, wide, split, pipe, gather or generic,"
                    + " got '" + variant + "'");
        }
        if (variant.equals("generic")) {
            return null;
        }
        return of(l, dtype, adjoint, variant, Integer.getInteger(CHUNK_PROPERTY, MAX_CHUNK));
    }

    /**
     * {@link #of(WindowLayout, DType, boolean)} with an explicit variant (fast, wide, split, pipe, gather) and chunk
     * bound (≥ 1).
     */
    static WindowedLaunch of(WindowLayout l, DType dtype, boolean adjoint, String variant, int maxChunk) {
        if (maxChunk < 1) {
            throw new IllegalArgumentException(CHUNK_PROPERTY + " must be at least 1, got " + maxChunk);
        }
        int kind = kind(l);
        if (kind == 0 || l.windows() == 0) {
            return null;
        }
        // gather: the wide forward, and the wide adjoint where the inner factor is not regular
        boolean gather = variant.equals("gather") && adjoint && gatherApplies(l);
        String v = variant.equals("gather") && !gather ? "wide" : variant;
        int groups = groups(l, dtype, adjoint, v);
        WindowLayout.Factor innerFactor = l.factor(l.factorCount() - 1);
        long outer = l.windows() / innerFactor.windows();
        // a lane per (chunk, inner window), in gather's adjoint per (chunk, inner coarse element)
        int inner = gather ? innerFactor.coarseSize() : innerFactor.windows();
        int chunk = maxChunk;
        while (chunk > 4 && ceil(outer, chunk) * inner * groups < TARGET_THREADS) {
            chunk /= 2;
        }
        // split: its own forward, the wide adjoint; pipe: a kernel per kind
        String kernel = "windowed_matvec_" + (adjoint ? "adjoint_" + (v.equals("split") ? "wide" : v) : v)
                + (v.equals("pipe") ? "_k" + kind : "");
        return new WindowedLaunch(kernel, kind, ceil(outer, chunk) * inner, chunk, groups);
    }

    /**
     * Whether the gather adjoint serves a layout: a fast kind whose inner factor slides ({@link
     * WindowLayout#innerSlides}: window w's coarse points w, w + 1, w + 2 of W + 2, so the windows holding inner
     * coarse element e are e - 2, e - 1 and e, with e as their slots 2, 1 and 0). Every level of the HEALPix ×
     * log-radius and grid charts does (icr's ChartTest).
     */
    static boolean gatherApplies(WindowLayout l) {
        return kind(l) != 0 && l.innerSlides();
    }

    /** Whether this is the gather adjoint's first pass (a part buffer and a second pass follow). */
    boolean gather() {
        return kernel.equals("windowed_matvec_adjoint_gather");
    }

    /**
     * Elements of the gather adjoint's part buffer: a value per outer coarse slot, class-major outer position and
     * inner coarse element.
     */
    static long gatherParts(WindowLayout l) {
        WindowLayout.Factor inner = l.factor(l.factorCount() - 1);
        return (long) (l.coarsePerWindow() / 3) * (l.windows() / inner.windows()) * inner.coarseSize();
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
