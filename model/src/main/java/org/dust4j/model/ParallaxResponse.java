package org.dust4j.model;

import java.util.Arrays;

import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.cpu.Parallel;

/**
 * The parallax-marginalised extinction response: for every star, the mean and the distance-induced variance of the
 * extinction the dust density rho predicts, averaged over the star's distance distribution. With its linearisation
 * (JVP) and adjoint (VJP) with respect to rho, and fused passes that evaluate a per-star loss or metric in between.
 *
 * <h2>Discretisation</h2>
 * rho is piecewise constant in shells (extinction per parsec, mag/pc); the grid's boundaries are r_0 &lt; ... &lt; r_N.
 * A star's distance d has P(d &gt; r) = F(r) = Phi((1000/r - w)/s_w) (a Gaussian parallax; the mass at w' &le; 0,
 * Phi(-w/s_w), lies beyond every boundary). With F_k = F(r_k), F_{-1} = 1 and F_{N+1} = 0, the star lies in shell
 * k with probability p_k = F_k - F_{k+1}, where shell -1 is "inside r_0" and shell N is "beyond r_N". A star in shell k
 * sees the column to the middle of the shell,
 * <pre>
 *   C_k = sum_{j&lt;k} rho_j dr_j + rho_k dr_k / 2   (0 &le; k &lt; N),   C_{-1} = 0,   C_N = sum_j rho_j dr_j,
 * </pre>
 * and the response is a = sum_k p_k C_k, s^2 = sum_k p_k (C_k - a)^2. Written by shell of rho this is
 * a = sum_j rho_j dr_j (F_j + F_{j+1})/2: the trapezoid rule for a = int rho(r) P(d &gt; r) dr, second-order in dr;
 * the variance misses the spread of the extinction inside one shell (at most rho_k^2 dr_k^2 / 12 per shell).
 *
 * <h2>Cut</h2>
 * F is evaluated only at the boundaries whose z_k = (1000/r_k - w)/s_w lies in [-zCut, zCut]: outside it F is set to
 * exactly 1 (nearer boundaries) or 0 (farther ones), an error of at most eps = Phi(-zCut) per boundary (2.9e-7 at the
 * default zCut 5). Since a = sum_k F_k (C_k - C_{k-1}) with non-negative steps for rho &ge; 0, the mean is off by at
 * most eps C_N and the variance by at most 3 eps C_N^2 (C_N the total column of the pixel). The cut depends only on the
 * data, so the forward, JVP and VJP are exact derivatives of one another. A star with s_w = 0 has a step F (its
 * distance 1000/w is known) and costs no F evaluations. Inside the cut, Phi comes from a cubic Hermite table
 * (absolute error below 3.4e-13, see {@code NormalCdfTable}), four table reads instead of two exponentials.
 *
 * <h2>Data layout (mirrored by a GPU kernel)</h2>
 * Stars are sorted by pixel; a group is the run of stars of one pixel ({@code groupPixel[g]}, stars
 * {@code groupStart[g]} to {@code groupStart[g+1]}). Per star the kernel keeps 1/s_w, w/s_w and its evaluated
 * boundary range [lo, hi] (hi = lo - 1 when empty); the shells with non-zero p are lo - 1 .. hi. Per group, the
 * pixel's radial column is read once and turned into C (and its tangent, or the accumulated cotangents are turned
 * back into a column) in O(N); each star then costs O(hi - lo + 2) with its F values in a small buffer: no N_stars x
 * N_shells matrix is ever formed. Groups are gathered into blocks of roughly equal work, run in parallel; a block
 * owns a contiguous pixel range of the output (the VJP clears the columns of its starless pixels), so no two threads
 * write the same voxel. On a GPU the natural mapping is one thread block per pixel group, the column scan in shared
 * memory and one thread per star (the VJP accumulating shell cotangents with shared-memory atomics).
 *
 * <p>Tensors: rho and its tangents/cotangents have the grid's shape (npix, nshell); per-star tensors have shape
 * (nstars) in the (pixel-sorted) order of the {@link StarData}. FLOAT32 and FLOAT64 are accepted; the computation is
 * in double precision. CPU tensors only, for now.
 */
public final class ParallaxResponse {
    /** The default cut: F is evaluated for |z| &le; 5, tail error Phi(-5) = 2.9e-7 per boundary. */
    public static final double DEFAULT_Z_CUT = 5.0;

    /** The cotangents of a per-star loss l_i(mean_i, variance_i). */
    @FunctionalInterface
    public interface StarCotangents {
        /**
         * Writes dl_i/dmean to {@code out[0]} and dl_i/dvariance to {@code out[1]}. Called once per star, from several
         * threads at a time: write only per-star state.
         */
        void cotangents(int star, double mean, double variance, double[] out);
    }

    /** A per-star linear map from response tangents to cotangents (for example a Fisher metric). */
    @FunctionalInterface
    public interface StarTangentMap {
        /**
         * Given star i's response (mean, variance) and its tangents (dMean, dVariance), writes the cotangents to pull
         * back to {@code out[0]} (mean) and {@code out[1]} (variance). Called once per star, from several threads.
         */
        void map(int star, double mean, double variance, double dMean, double dVariance, double[] out);
    }

    private final SphericalGrid grid;
    private final int nshell;
    private final int nstars;
    private final double zCut;
    private final double[] u;
    private final double[] dr;
    private final double[] invSigma;
    private final double[] scaledParallax;
    private final int[] lo;
    private final int[] hi;
    private final int[] groupPixel;
    private final int[] groupStart;
    private final int[] blockStart;
    private final long evaluations;

    private ParallaxResponse(SphericalGrid grid, StarData stars, double zCut) {
        if (!(zCut > 0) || Double.isInfinite(zCut)) {
            throw new IllegalArgumentException("zCut must be positive and finite, got " + zCut);
        }
        if (!stars.isSortedByPixel()) {
            throw new IllegalArgumentException("stars must be sorted by pixel (use StarData.sortedByPixel())");
        }
        this.grid = grid;
        this.nshell = grid.nshell();
        this.nstars = stars.size();
        this.zCut = zCut;
        double[] r = grid.boundaries();
        this.u = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            u[k] = 1000 / r[k];
        }
        this.dr = grid.shellWidths();
        this.invSigma = new double[nstars];
        this.scaledParallax = new double[nstars];
        this.lo = new int[nstars];
        this.hi = new int[nstars];
        int groups = 0;
        long evals = 0;
        for (int i = 0; i < nstars; i++) {
            int p = stars.pixel(i);
            if (p >= grid.npix()) {
                throw new IllegalArgumentException("row " + i + ": pixel " + p + " outside the grid's " + grid.npix()
                        + " pixels (nside " + grid.nside() + ")");
            }
            if (i == 0 || p != stars.pixel(i - 1)) {
                groups++;
            }
            double w = stars.parallax(i);
            double sw = stars.parallaxError(i);
            if (sw == 0) {
                lo[i] = firstBoundaryNotBelow(r, 1000 / w);
                hi[i] = lo[i] - 1;
            } else {
                invSigma[i] = 1 / sw;
                scaledParallax[i] = w / sw;
                lo[i] = firstBelow(i, zCut, false);
                hi[i] = firstBelow(i, -zCut, true) - 1;
            }
            evals += hi[i] - lo[i] + 1;
        }
        this.evaluations = evals;
        this.groupPixel = new int[groups];
        this.groupStart = new int[groups + 1];
        for (int i = 0, g = -1; i < nstars; i++) {
            if (i == 0 || stars.pixel(i) != stars.pixel(i - 1)) {
                g++;
                groupPixel[g] = stars.pixel(i);
                groupStart[g] = i;
            }
        }
        groupStart[groups] = nstars;
        this.blockStart = balanceBlocks(16 * Parallel.threads());
    }

    /** The response of the stars (sorted by pixel) on the grid, with the default cut. */
    public static ParallaxResponse of(SphericalGrid grid, StarData stars) {
        return new ParallaxResponse(grid, stars, DEFAULT_Z_CUT);
    }

    /** The response with F evaluated for |z| &le; zCut (tail error Phi(-zCut) per boundary). */
    public static ParallaxResponse of(SphericalGrid grid, StarData stars, double zCut) {
        return new ParallaxResponse(grid, stars, zCut);
    }

    public SphericalGrid grid() {
        return grid;
    }

    /** Number of stars. */
    public int starCount() {
        return nstars;
    }

    /** Number of occupied pixels (star groups). */
    public int groupCount() {
        return groupPixel.length;
    }

    public double zCut() {
        return zCut;
    }

    /** Number of F = Phi(z) evaluations in one pass over all stars (the dominant cost). */
    public long evaluationsPerPass() {
        return evaluations;
    }

    /**
     * The kernel's data layout (copies), for a device implementation to upload: see the class comment.
     *
     * @param inverseRadius  1000 / r_k for the N + 1 boundaries (so z_k = inverseRadius[k] * invSigma - scaledParallax)
     * @param shellWidth     dr_k for the N shells
     * @param invSigma       per star 1/s_w (0 for exact distances)
     * @param scaledParallax per star w/s_w (0 for exact distances)
     * @param lo             per star first evaluated boundary
     * @param hi             per star last evaluated boundary (lo - 1 when none)
     * @param groupPixel     pixel of each group
     * @param groupStart     first star of each group, plus the star count at the end
     */
    public record Layout(double[] inverseRadius, double[] shellWidth, double[] invSigma, double[] scaledParallax,
            int[] lo, int[] hi, int[] groupPixel, int[] groupStart) {
    }

    /** A copy of the data layout. */
    public Layout layout() {
        return new Layout(u.clone(), dr.clone(), invSigma.clone(), scaledParallax.clone(), lo.clone(), hi.clone(),
                groupPixel.clone(), groupStart.clone());
    }

    /** Shape (nstars) of the per-star tensors. */
    public Shape starShape() {
        return Shape.of(nstars);
    }

    /** Writes the expected extinction and its distance-induced variance of every star. */
    public void apply(Tensor rho, Tensor mean, Tensor variance) {
        Pass pass = new Pass(rho);
        pass.mean = star(mean, "mean");
        pass.variance = star(variance, "variance");
        pass.run();
    }

    /**
     * The linearisation at rho applied to a tangent: writes d mean and d variance of every star.
     */
    public void jvp(Tensor rho, Tensor tangent, Tensor dMean, Tensor dVariance) {
        Pass pass = new Pass(rho);
        pass.tangent = HostArray.of(tangent, "tangent", grid.shape());
        pass.dMean = star(dMean, "dMean");
        pass.dVariance = star(dVariance, "dVariance");
        pass.run();
    }

    /** The adjoint of the linearisation at rho: writes the rho-cotangent of per-star (mean, variance) cotangents. */
    public void vjp(Tensor rho, Tensor meanCotangent, Tensor varianceCotangent, Tensor rhoCotangent) {
        Pass pass = new Pass(rho);
        HostArray gm = star(meanCotangent, "meanCotangent");
        HostArray gv = star(varianceCotangent, "varianceCotangent");
        pass.map = (i, a, v, da, dv, out) -> {
            out[0] = gm.get(i);
            out[1] = gv.get(i);
        };
        pass.rhoCotangent = HostArray.of(rhoCotangent, "rhoCotangent", grid.shape());
        pass.run();
    }

    /**
     * One fused pass for value and gradient: computes each star's (mean, variance), asks {@code loss} for their
     * cotangents and pulls them back into {@code rhoCotangent}.
     */
    public void applyAndPullBack(Tensor rho, StarCotangents loss, Tensor rhoCotangent) {
        Pass pass = new Pass(rho);
        pass.map = (i, a, v, da, dv, out) -> loss.cotangents(i, a, v, out);
        pass.rhoCotangent = HostArray.of(rhoCotangent, "rhoCotangent", grid.shape());
        pass.run();
    }

    /**
     * One fused pass of J^T W J: pushes {@code tangent} forward to per-star (dMean, dVariance), maps them with
     * {@code weights} and pulls the result back into {@code rhoCotangent}.
     */
    public void pushPull(Tensor rho, Tensor tangent, StarTangentMap weights, Tensor rhoCotangent) {
        Pass pass = new Pass(rho);
        pass.tangent = HostArray.of(tangent, "tangent", grid.shape());
        pass.map = weights;
        pass.rhoCotangent = HostArray.of(rhoCotangent, "rhoCotangent", grid.shape());
        pass.run();
    }

    private HostArray star(Tensor t, String name) {
        return HostArray.of(t, name, starShape());
    }

    private double z(int i, int k) {
        return u[k] * invSigma[i] - scaledParallax[i];
    }

    /** First boundary k in [0, N] with z_k &lt; limit (or &le; when not strict; z decreases with k), N + 1 if none. */
    private int firstBelow(int i, double limit, boolean strict) {
        int a = 0;
        int b = u.length;
        while (a < b) {
            int m = (a + b) >>> 1;
            double zm = z(i, m);
            if (strict ? zm < limit : zm <= limit) {
                b = m;
            } else {
                a = m + 1;
            }
        }
        return a;
    }

    private static int firstBoundaryNotBelow(double[] r, double d) {
        int i = Arrays.binarySearch(r, d);
        return i >= 0 ? i : -i - 1;
    }

    /** Splits the groups into about {@code target} contiguous blocks of similar work. */
    private int[] balanceBlocks(int target) {
        int groups = groupPixel.length;
        long[] cost = new long[groups];
        long total = 0;
        for (int g = 0; g < groups; g++) {
            long c = nshell;
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
        return Arrays.copyOf(starts, n);
    }

    /** One pass over all groups; which outputs it computes depends on which fields are set. */
    private final class Pass {
        final HostArray rho;
        HostArray tangent;
        HostArray mean;
        HostArray variance;
        HostArray dMean;
        HostArray dVariance;
        StarTangentMap map;
        HostArray rhoCotangent;

        Pass(Tensor rho) {
            this.rho = HostArray.of(rho, "rho", grid.shape());
        }

        void run() {
            int blocks = blockStart.length - 1;
            Parallel.forRange(blocks, 1, (from, to) -> {
                Buffers buf = new Buffers();
                for (int b = (int) from; b < to; b++) {
                    block(b, buf);
                }
            });
        }

        private void block(int b, Buffers buf) {
            int g0 = blockStart[b];
            int g1 = blockStart[b + 1];
            int nextPixel = b == 0 || g0 >= groupPixel.length ? 0 : groupPixel[g0];
            int endPixel = b == blockStart.length - 2 ? grid.npix() : groupPixel[g1];
            for (int g = g0; g < g1; g++) {
                int p = groupPixel[g];
                if (rhoCotangent != null) {
                    rhoCotangent.clear(nextPixel * nshell, p * nshell);
                }
                group(g, p, buf);
                nextPixel = p + 1;
            }
            if (rhoCotangent != null) {
                rhoCotangent.clear(nextPixel * nshell, endPixel * nshell);
            }
        }

        private void group(int g, int p, Buffers buf) {
            int base = p * nshell;
            double[] cm = buf.cm;
            double[] dcm = buf.dcm;
            double[] gc = buf.gc;
            double[] f = buf.f;
            double[] pk = buf.p;
            double[] out = buf.out;
            rho.load(base, buf.col, nshell);
            columns(buf.col, cm);
            if (tangent != null) {
                tangent.load(base, buf.col, nshell);
                columns(buf.col, dcm);
            }
            if (rhoCotangent != null) {
                Arrays.fill(gc, 0.0);
            }
            for (int i = groupStart[g]; i < groupStart[g + 1]; i++) {
                int l = lo[i];
                int m = hi[i] - l + 2; // shells l-1 .. hi, C index s + 1 = l + j
                double is = invSigma[i];
                double ws = scaledParallax[i];
                f[0] = 1;
                for (int j = 1; j < m; j++) {
                    f[j] = NormalCdfTable.cdf(u[l + j - 1] * is - ws);
                }
                f[m] = 0;
                double a = 0;
                for (int j = 0; j < m; j++) {
                    pk[j] = f[j] - f[j + 1];
                    a += pk[j] * cm[l + j];
                }
                double v = 0;
                for (int j = 0; j < m; j++) {
                    double c = cm[l + j] - a;
                    v += pk[j] * c * c;
                }
                if (mean != null) {
                    mean.set(i, a);
                    variance.set(i, v);
                }
                double da = 0;
                double dv = 0;
                if (tangent != null) {
                    for (int j = 0; j < m; j++) {
                        double t = pk[j] * dcm[l + j];
                        da += t;
                        dv += t * (cm[l + j] - a);
                    }
                    dv *= 2;
                    if (dMean != null) {
                        dMean.set(i, da);
                        dVariance.set(i, dv);
                    }
                }
                if (rhoCotangent != null) {
                    map.map(i, a, v, da, dv, out);
                    double ga = out[0];
                    double gv2 = 2 * out[1];
                    for (int j = 0; j < m; j++) {
                        gc[l + j] += pk[j] * (ga + gv2 * (cm[l + j] - a));
                    }
                }
            }
            if (rhoCotangent != null) {
                double[] col = buf.col;
                double tail = gc[nshell + 1];
                for (int k = nshell - 1; k >= 0; k--) {
                    col[k] = dr[k] * (0.5 * gc[k + 1] + tail);
                    tail += gc[k + 1];
                }
                rhoCotangent.store(base, col, nshell);
            }
        }

        /** cm[k + 1] = column to the middle of shell k; cm[0] = 0 (inside r_0), cm[N + 1] = whole column. */
        private void columns(double[] col, double[] cm) {
            double run = 0;
            cm[0] = 0;
            for (int k = 0; k < nshell; k++) {
                double c = col[k] * dr[k];
                cm[k + 1] = run + 0.5 * c;
                run += c;
            }
            cm[nshell + 1] = run;
        }
    }

    /** Per-thread scratch, O(N) each. */
    private final class Buffers {
        final double[] col = new double[nshell];
        final double[] cm = new double[nshell + 2];
        final double[] dcm = new double[nshell + 2];
        final double[] gc = new double[nshell + 2];
        final double[] f = new double[nshell + 3];
        final double[] p = new double[nshell + 3];
        final double[] out = new double[2];
    }
}
