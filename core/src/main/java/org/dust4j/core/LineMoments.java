package org.dust4j.core;

import java.util.Arrays;

/**
 * The layout of the line-moments primitive ({@link Backend#lineMoments} and its derivatives): items (stars, say) at
 * uncertain positions along lines of cells (lines of sight through a grid), and for each item the mean and the
 * variance of the cumulative sum along its line up to the item's position. Host data, validated once and immutable;
 * {@link #upload} puts it on a backend.
 *
 * <h2>Definition</h2>
 * The values x form a [L, N] tensor: L lines of N cells; cell k spans the boundaries k and k + 1 (boundary
 * coordinates u_0 … u_N) and has width w_k. The midpoint cumulative sums of line ℓ are
 * <pre>
 *   C_{-1} = 0,   C_k = Σ_{j&lt;k} x[ℓ, j] w_j + x[ℓ, k] w_k / 2  (0 &le; k &lt; N),   C_N = Σ_j x[ℓ, j] w_j.
 * </pre>
 * Item i lies on line ℓ_i (items sorted by line) beyond boundary k with probability
 * F_i(k) = G(a_i u_k − b_i) for lo_i &le; k &le; hi_i, 1 for k &lt; lo_i and 0 for k &gt; hi_i (F_i(-1) = 1,
 * F_i(N + 1) = 0), G a tabulated symmetric distribution function ({@link SymmetricCdfTable}); the caller chooses the
 * evaluated range [lo_i, hi_i] (where G is neither 0 nor 1 to the precision it wants) and so the cost. With
 * p_ik = F_i(k) − F_i(k + 1) for k = −1 … N (k = −1: before boundary 0, k = N: beyond boundary N),
 * <pre>
 *   mean_i = Σ_k p_ik C_k,        variance_i = Σ_k p_ik (C_k − mean_i)².
 * </pre>
 * Both are differentiable in x; the backends give the value, the JVP (tangent of x ↦ per-item tangents) and the VJP
 * (per-item cotangents ↦ x cotangent), and fused passes that apply a per-item map in between. No items × cells matrix
 * is formed: per line the sums C are computed once, and each item costs O(hi_i − lo_i + 2).
 *
 * <h2>Packed forms</h2>
 * {@link #packedInts()}: [line of each group (G) | first item of each group, then n (G + 1) | lo (n) | hi (n)], a
 * group being the run of items of one line. {@link #packedDoubles()}: [u (N + 1) | w (N) | a (n) | b (n) | the
 * table of G].
 */
public final class LineMoments {
    private final int lines;
    private final int cells;
    private final int items;
    private final double[] u;
    private final double[] width;
    private final double[] slope;
    private final double[] shift;
    private final int[] lo;
    private final int[] hi;
    private final int[] groupLine;
    private final int[] groupStart;
    private final SymmetricCdfTable cdf;
    private final long evaluations;
    private volatile int[] blocks;

    /** The per-item cotangents of a loss of (mean, variance), for the fused {@link Backend#lineMomentsPullBack}. */
    @FunctionalInterface
    public interface ItemCotangents {
        /**
         * Writes dl_i/dmean to {@code out[0]} and dl_i/dvariance to {@code out[1]}. Called once per item, on the host,
         * from several threads at a time: write only per-item state.
         */
        void cotangents(int item, double mean, double variance, double[] out);
    }

    /** A per-item linear map from (mean, variance) tangents to cotangents, for {@link Backend#lineMomentsPushPull}. */
    @FunctionalInterface
    public interface ItemTangentMap {
        /**
         * Given item i's (mean, variance) and its tangents, writes the cotangents to pull back to {@code out[0]}
         * (mean) and {@code out[1]} (variance). Called once per item, on the host, from several threads at a time.
         */
        void map(int item, double mean, double variance, double dMean, double dVariance, double[] out);
    }

    /**
     * @param lines  L ≥ 0
     * @param u      boundary coordinates, N + 1 finite values (N ≥ 1)
     * @param width  cell widths, N finite values
     * @param line   per item its line in [0, L), non-decreasing
     * @param slope  per item a_i (finite)
     * @param shift  per item b_i (finite)
     * @param lo     per item the first evaluated boundary, in [0, N + 1]
     * @param hi     per item the last evaluated boundary, in [lo_i − 1, N]
     * @param cdf    the distribution function G
     * @throws IllegalArgumentException naming the offending item or value
     */
    public LineMoments(int lines, double[] u, double[] width, int[] line, double[] slope, double[] shift, int[] lo,
                       int[] hi, SymmetricCdfTable cdf) {
        int n = line.length;
        if (lines < 0 || width.length < 1 || u.length != width.length + 1) {
            throw new IllegalArgumentException("line moments need L >= 0 lines, N >= 1 cells and N + 1 boundaries, got"
                    + " L " + lines + ", " + width.length + " widths, " + u.length + " boundaries");
        }
        if (slope.length != n || shift.length != n || lo.length != n || hi.length != n) {
            throw new IllegalArgumentException("per-item arrays disagree: " + n + " lines, " + slope.length
                    + " slopes, " + shift.length + " shifts, " + lo.length + " lo, " + hi.length + " hi");
        }
        finite("boundary", u);
        finite("width", width);
        finite("slope", slope);
        finite("shift", shift);
        int nCells = width.length;
        int groups = 0;
        long evals = 0;
        for (int i = 0; i < n; i++) {
            if (line[i] < 0 || line[i] >= lines) {
                throw new IllegalArgumentException("item " + i + ": line " + line[i] + " outside [0, " + lines + ")");
            }
            if (i > 0 && line[i] < line[i - 1]) {
                throw new IllegalArgumentException("items must be sorted by line: item " + i + " has line " + line[i]
                        + " after " + line[i - 1]);
            }
            if (lo[i] < 0 || lo[i] > nCells + 1 || hi[i] < lo[i] - 1 || hi[i] > nCells) {
                throw new IllegalArgumentException("item " + i + ": evaluated boundaries [" + lo[i] + ", " + hi[i]
                        + "] must satisfy 0 <= lo <= N + 1 and lo - 1 <= hi <= N (N = " + nCells + ")");
            }
            if (i == 0 || line[i] != line[i - 1]) {
                groups++;
            }
            evals += hi[i] - lo[i] + 1;
        }
        this.lines = lines;
        this.cells = nCells;
        this.items = n;
        this.u = u.clone();
        this.width = width.clone();
        this.slope = slope.clone();
        this.shift = shift.clone();
        this.lo = lo.clone();
        this.hi = hi.clone();
        this.cdf = cdf;
        this.evaluations = evals;
        this.groupLine = new int[groups];
        this.groupStart = new int[groups + 1];
        for (int i = 0, g = -1; i < n; i++) {
            if (i == 0 || line[i] != line[i - 1]) {
                g++;
                groupLine[g] = line[i];
                groupStart[g] = i;
            }
        }
        groupStart[groups] = n;
    }

    private static void finite(String what, double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(what + " " + i + " is " + a[i] + ", not finite");
            }
        }
    }

    /** L. */
    public int lines() {
        return lines;
    }

    /** N. */
    public int cells() {
        return cells;
    }

    /** n. */
    public int items() {
        return items;
    }

    /** Number of groups (lines holding items). */
    public int groups() {
        return groupLine.length;
    }

    /** The distribution function G. */
    public SymmetricCdfTable cdf() {
        return cdf;
    }

    /** Evaluations of G in one value pass, Σ_i (hi_i − lo_i + 1). */
    public long evaluations() {
        return evaluations;
    }

    /** The shape [L, N] of x and of its tangents and cotangents. */
    public Shape lineShape() {
        return Shape.of(lines, cells);
    }

    /** The shape [n] of the per-item tensors. */
    public Shape itemShape() {
        return Shape.of(items);
    }

    /** The packed INT32 form (see the class comment). */
    public int[] packedInts() {
        int n = items;
        int g = groupLine.length;
        int[] p = new int[2 * g + 1 + 2 * n];
        System.arraycopy(groupLine, 0, p, 0, g);
        System.arraycopy(groupStart, 0, p, g, g + 1);
        System.arraycopy(lo, 0, p, 2 * g + 1, n);
        System.arraycopy(hi, 0, p, 2 * g + 1 + n, n);
        return p;
    }

    /** The packed FLOAT64 form (see the class comment). */
    public double[] packedDoubles() {
        double[] t = cdf.table();
        int n = items;
        double[] p = new double[2 * cells + 1 + 2 * n + t.length];
        System.arraycopy(u, 0, p, 0, cells + 1);
        System.arraycopy(width, 0, p, cells + 1, cells);
        System.arraycopy(slope, 0, p, 2 * cells + 1, n);
        System.arraycopy(shift, 0, p, 2 * cells + 1 + n, n);
        System.arraycopy(t, 0, p, 2 * cells + 1 + 2 * n, t.length);
        return p;
    }

    /**
     * The groups split into about {@code target} contiguous blocks of similar work (cost N + Σ (hi − lo + 3) per
     * group): block b holds the groups {@code result[b] … result[b + 1] − 1}. Cached for the last target asked.
     */
    public int[] workBlocks(int target) {
        int[] cached = blocks;
        if (cached != null && cached[cached.length - 1] == target) {
            return Arrays.copyOf(cached, cached.length - 1);
        }
        int groups = groupLine.length;
        long total = 0;
        long[] cost = new long[groups];
        for (int g = 0; g < groups; g++) {
            long c = cells;
            for (int i = groupStart[g]; i < groupStart[g + 1]; i++) {
                c += hi[i] - lo[i] + 3;
            }
            cost[g] = c;
            total += c;
        }
        long per = Math.max(1, total / Math.max(1, target));
        int[] starts = new int[Math.max(1, Math.min(groups, target * 2)) + 2];
        int n = 0;
        starts[n++] = 0;
        long acc = 0;
        for (int g = 0; g < groups; g++) {
            acc += cost[g];
            if (acc >= per && g + 1 < groups && n < starts.length - 1) {
                starts[n++] = g + 1;
                acc = 0;
            }
        }
        starts[n++] = groups;
        int[] withKey = Arrays.copyOf(starts, n + 1);
        withKey[n] = target;
        blocks = withKey;
        return Arrays.copyOf(starts, n);
    }

    /** Uploads the packed forms to {@code backend}; the caller closes the result. */
    public Tables upload(Backend backend) {
        int[] ints = packedInts();
        double[] doubles = packedDoubles();
        Tensor i = backend.fromHost(ints, Shape.of(ints.length));
        try {
            return new Tables(this, i, backend.fromHost(doubles, DType.FLOAT64, Shape.of(doubles.length)));
        } catch (RuntimeException e) {
            i.close();
            throw e;
        }
    }

    /**
     * A layout on one backend: its packed forms as an INT32 and a FLOAT64 tensor. Owns them and releases them on
     * close.
     *
     * @param layout  the host layout
     * @param ints    {@link #packedInts()} on the backend
     * @param doubles {@link #packedDoubles()} on the backend
     */
    public record Tables(LineMoments layout, Tensor ints, Tensor doubles) implements AutoCloseable {
        /** The backend the tables live on. */
        public Backend backend() {
            return ints.backend();
        }

        @Override
        public void close() {
            ints.close();
            doubles.close();
        }
    }
}
