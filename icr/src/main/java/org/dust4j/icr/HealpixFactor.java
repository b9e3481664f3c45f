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
 *
 * <h2>Deduplication modulo the HEALPix symmetries</h2>
 * In face coordinates (x towards NE, y towards NW) a window is a 3 × 3 block of pixels — p at (0, 0), SW (-1, 0),
 * W (-1, 1), NW (0, 1), N (1, 1), NE (1, 0), E (1, -1), SE (0, -1), S (-1, -1) — refined into a 2 × 2 block of
 * children (child c at (c mod 2, c div 2) within p). The sphere's symmetries that map the pixelisation onto itself
 * (rotations by π/2 about the polar axis, rotations along an equatorial ring, the mirror images in the equator and in
 * the meridians through face centres and corners) map windows onto windows, but mirrors reverse the slot order
 * (e.g. the equator mirror swaps N and S and keeps E and W). {@link #classify} therefore tries the 8 symmetries of the
 * square on each window's slots (coarse and children alike) and keeps the slot order whose chord key is smallest,
 * so that mirror-image windows are listed slot by slot in the same order and share one class. This is a relabelling
 * of the window's points, never an approximation: the class key is the chord key of the relabelled points, and the
 * tables hold the relabelled order, so a window's fine pixel in slot j is refined with row j of its class's
 * matrices. At coarse nside 128 it leaves 4 396 angular classes instead of 17 135 (about nside²/4, the number of
 * cap pixels modulo the 16 symmetries, plus a few per ring).
 */
final class HealpixFactor implements ChartFactor {
    /** Coarse points per window. */
    static final int WINDOW = 9;
    /** Fine points per window. */
    static final int CHILDREN = 4;
    /**
     * Relative difference of squared chords below which two replacement candidates count as equally near p: mirror
     * images of each other are, up to the rounding of their centres (about 1e-16); distinct distances in the
     * second-order neighbourhood differ by far more (at least 0.17 %, at nside 4; about 5 % at nside 8 … 1024).
     */
    private static final double TIE = 1e-9;
    /** Face offsets (x towards NE, y towards NW) of the natural window slots: p, then SW, W, NW, N, NE, E, SE, S. */
    private static final int[][] SLOT_OFFSETS = {{0, 0}, {-1, 0}, {-1, 1}, {0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1},
            {-1, -1}};
    /**
     * The 8 symmetries of the square as relabellings of a window's 13 points (9 coarse slots, then 4 children):
     * slot i of the relabelled window is point ORIENTATIONS[t][i] of the natural one. Entry 0 is the identity.
     */
    private static final int[][] ORIENTATIONS = orientations();

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
        long[] candidates = new long[8 * 8];
        double[] chords = new double[8 * 8];
        while (filled < WINDOW) {
            int count = 0;
            double nearest = Double.POSITIVE_INFINITY;
            for (int i = 1; i < firstOrder; i++) {
                g.neighbours(out[o + i], nb2, 0);
                for (long q : nb2) {
                    if (q >= 0 && !contains(out, o, filled, q)) {
                        candidates[count] = q;
                        chords[count] = squaredChord(g.pix2vec(q), centre);
                        nearest = Math.min(nearest, chords[count++]);
                    }
                }
            }
            // the nearest; candidates equally near (the same distance up to rounding) go to the smaller index
            long best = -1;
            for (int k = 0; k < count; k++) {
                if (chords[k] <= nearest * (1 + TIE) && (best < 0 || candidates[k] < best)) {
                    best = candidates[k];
                }
            }
            if (best < 0) {
                throw new IllegalStateException("HEALPix pixel " + p + " at nside " + g.nside()
                        + " has fewer than 9 pixels within its second-order neighbourhood");
            }
            out[o + filled++] = (int) best;
        }
    }

    private static double squaredChord(Vec3 a, Vec3 b) {
        double dx = a.x() - b.x();
        double dy = a.y() - b.y();
        double dz = a.z() - b.z();
        return dx * dx + dy * dy + dz * dz;
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
    public WindowClasses classify(int level, double relativeTolerance, boolean deduplicate) {
        int[] natural = coarseTable(level);
        int n = windows(level);
        HealpixGrid g = grid(level);
        HealpixGrid f = grid(level + 1);
        byte[] orientation = new byte[n];
        GeometryKey.Grouping classes = GeometryKey.group(n, deduplicate, w -> {
            double[] v = new double[3 * (WINDOW + CHILDREN)];
            for (int i = 0; i < WINDOW; i++) {
                put(g.pix2vec(natural[w * WINDOW + i]), v, 3 * i);
            }
            for (int c = 0; c < CHILDREN; c++) {
                put(f.pix2vec(4L * w + c), v, 3 * (WINDOW + c));
            }
            // every chord rounded once; an orientation's key lists them in its slot order
            int points = WINDOW + CHILDREN;
            double[] chords = new double[points * points];
            double extent = 0;
            for (int i = 0; i < points; i++) {
                for (int j = i + 1; j < points; j++) {
                    double c = RefinementMatrices.distance(v, 3 * i, v, 3 * j, 3);
                    chords[i * points + j] = c;
                    chords[j * points + i] = c;
                    extent = Math.max(extent, c);
                }
            }
            long[] rounded = new long[points * points];
            for (int k = 0; k < rounded.length; k++) {
                rounded[k] = GeometryKey.bin(chords[k], extent, relativeTolerance);
            }
            long size = GeometryKey.bins(extent, relativeTolerance);
            long[] best = null;
            long[] key = new long[1 + points * (points - 1) / 2];
            for (int t = 0; t < ORIENTATIONS.length; t++) {
                int[] o = ORIENTATIONS[t];
                key[0] = size;
                int at = 1;
                for (int i = 0; i < points; i++) {
                    for (int j = i + 1; j < points; j++) {
                        key[at++] = rounded[o[i] * points + o[j]];
                    }
                }
                if (best == null || java.util.Arrays.compare(key, best) < 0) {
                    best = key.clone();
                    orientation[w] = (byte) t;
                }
            }
            return GeometryKey.ofBins(best);
        });
        int[] coarse = new int[n * WINDOW];
        int[] fine = new int[n * CHILDREN];
        for (int w = 0; w < n; w++) {
            int[] o = ORIENTATIONS[orientation[w]];
            for (int i = 0; i < WINDOW; i++) {
                coarse[w * WINDOW + i] = natural[w * WINDOW + o[i]];
            }
            for (int c = 0; c < CHILDREN; c++) {
                fine[w * CHILDREN + c] = CHILDREN * w + o[WINDOW + c] - WINDOW;
            }
        }
        return new WindowClasses(coarse, fine, classes.classOf(), classes.representatives());
    }

    private static int[][] orientations() {
        int[][] out = new int[8][WINDOW + CHILDREN];
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < WINDOW + CHILDREN; i++) {
                // a child's offset in half-pixel units: c mod 2 along x, c div 2 along y, centred on p
                int c = i - WINDOW;
                int x = i < WINDOW ? SLOT_OFFSETS[i][0] : 2 * (c & 1) - 1;
                int y = i < WINDOW ? SLOT_OFFSETS[i][1] : 2 * (c >> 1) - 1;
                if (t >= 4) {
                    int s = x;
                    x = y;
                    y = s;
                }
                for (int r = 0; r < t % 4; r++) {
                    int s = x;
                    x = -y;
                    y = s;
                }
                out[t][i] = i < WINDOW ? slotAt(x, y) : WINDOW + (x + 1) / 2 + 2 * ((y + 1) / 2);
            }
        }
        return out;
    }

    private static int slotAt(int x, int y) {
        for (int k = 0; k < WINDOW; k++) {
            if (SLOT_OFFSETS[k][0] == x && SLOT_OFFSETS[k][1] == y) {
                return k;
            }
        }
        throw new AssertionError("no window slot at (" + x + ", " + y + ")");
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
