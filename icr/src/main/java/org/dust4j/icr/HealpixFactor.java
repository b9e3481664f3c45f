package org.dust4j.icr;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Vec3;

/**
 * The HEALPix sphere in NEST ordering, nside doubling per level. The window of pixel p is p and its 8 neighbours
 * (healpy's order SW, W, NW, N, NE, E, SE, S); where p has only 7 neighbours (the pixels at the corners where three
 * base faces meet) the missing one is replaced by the second-order neighbour (a neighbour of a neighbour, not yet
 * in the window) closest to p, ties going to the smaller index, so that every window holds 9 distinct pixels. The
 * fine points of p's window are its 4 NEST children 4p … 4p + 3.
 */
final class HealpixFactor implements ChartFactor {
    /** Coarse points per window. */
    static final int WINDOW = 9;
    /** Fine points per window. */
    static final int CHILDREN = 4;

    private final long nside0;
    private final int levels;

    HealpixFactor(long nside0, int levels) {
        if (nside0 < 1 || Long.bitCount(nside0) != 1) {
            throw new IllegalArgumentException("nside0 must be a power of 2, got " + nside0);
        }
        long last = nside0 << levels;
        if (levels < 0 || 12 * last * last > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("nside0 " + nside0 + " with " + levels + " levels gives nside " + last
                    + ", too large for this implementation");
        }
        this.nside0 = nside0;
        this.levels = levels;
    }

    long nside(int level) {
        return nside0 << level;
    }

    private HealpixGrid grid(int level) {
        return HealpixGrid.of(nside(level), Ordering.NEST);
    }

    @Override
    public int size(int level) {
        long n = nside(level);
        return (int) (12 * n * n);
    }

    @Override
    public int coarsePoints() {
        return WINDOW;
    }

    @Override
    public int finePoints() {
        return CHILDREN;
    }

    @Override
    public int windows(int level) {
        return size(level);
    }

    @Override
    public int[] coarseTable(int level) {
        HealpixGrid g = grid(level);
        int n = size(level);
        int[] t = new int[n * WINDOW];
        org.dust4j.core.cpu.Parallel.forRange(n, 1024, (from, to) -> {
            long[] nb = new long[8];
            long[] nb2 = new long[8];
            for (int p = (int) from; p < to; p++) {
                window(g, p, nb, nb2, t, p * WINDOW);
            }
        });
        return t;
    }

    /** Writes the 9 window pixels of p to out[o …]. */
    private static void window(HealpixGrid g, long p, long[] nb, long[] nb2, int[] out, int o) {
        g.neighbours(p, nb, 0);
        out[o] = (int) p;
        int filled = 1;
        for (long q : nb) {
            if (q >= 0 && !contains(out, o, filled, q)) {
                out[o + filled++] = (int) q;
            }
        }
        if (filled == WINDOW) {
            return;
        }
        Vec3 centre = g.pix2vec(p);
        int firstOrder = filled;
        while (filled < WINDOW) {
            long best = -1;
            double bestDot = Double.NEGATIVE_INFINITY;
            for (int i = 1; i < firstOrder; i++) {
                g.neighbours(out[o + i], nb2, 0);
                for (long q : nb2) {
                    if (q < 0 || contains(out, o, filled, q)) {
                        continue;
                    }
                    Vec3 v = g.pix2vec(q);
                    double dot = v.x() * centre.x() + v.y() * centre.y() + v.z() * centre.z();
                    if (dot > bestDot || dot == bestDot && q < best) {
                        best = q;
                        bestDot = dot;
                    }
                }
            }
            if (best < 0) {
                throw new IllegalStateException("HEALPix pixel " + p + " at nside " + g.nside()
                        + " has fewer than 9 pixels within its second-order neighbourhood");
            }
            out[o + filled++] = (int) best;
        }
    }

    private static boolean contains(int[] a, int o, int n, long v) {
        for (int i = 0; i < n; i++) {
            if (a[o + i] == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] fineTable(int level) {
        int n = size(level) * CHILDREN;
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i;
        }
        return t;
    }

    @Override
    public int coordinateDimension() {
        return 3;
    }

    @Override
    public void coordinate(int level, int index, double[] out, int offset) {
        Vec3 v = grid(level).pix2vec(index);
        out[offset] = v.x();
        out[offset + 1] = v.y();
        out[offset + 2] = v.z();
    }

    @Override
    public GeometryKey windowKey(int level, int window, double relativeTolerance) {
        HealpixGrid g = grid(level);
        HealpixGrid f = grid(level + 1);
        int[] pix = new int[WINDOW];
        window(g, window, new long[8], new long[8], pix, 0);
        double[] v = new double[3 * (WINDOW + CHILDREN)];
        for (int i = 0; i < WINDOW; i++) {
            put(g.pix2vec(pix[i]), v, 3 * i);
        }
        for (int c = 0; c < CHILDREN; c++) {
            put(f.pix2vec(4L * window + c), v, 3 * (WINDOW + c));
        }
        int n = WINDOW + CHILDREN;
        double[] chords = new double[n * (n - 1) / 2];
        double extent = 0;
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                chords[at] = RefinementMatrices.distance(v, 3 * i, v, 3 * j, 3);
                extent = Math.max(extent, chords[at++]);
            }
        }
        return GeometryKey.of(chords, extent, relativeTolerance);
    }

    private static void put(Vec3 u, double[] v, int o) {
        v[o] = u.x();
        v[o + 1] = u.y();
        v[o + 2] = u.z();
    }

    int levels() {
        return levels;
    }
}
