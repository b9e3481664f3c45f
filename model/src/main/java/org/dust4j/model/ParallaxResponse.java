package org.dust4j.model;

import java.util.Arrays;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.dust4j.core.Backend;
import org.dust4j.core.Checks;
import org.dust4j.core.LineMoments;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;

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
 * <h2>Computation</h2>
 * The response is core's line-moments primitive ({@link LineMoments}, {@link Backend#lineMoments} and its JVP, VJP
 * and fused passes) with the pixels as lines, the shells as cells, u_k = 1000/r_k, slope 1/s_w and shift w/s_w per
 * star, the evaluated boundaries [lo, hi] of the cut and Phi tabulated by {@code NormalCdfTable}. It runs on the
 * backend of rho: on the CPU one fused pass per call over blocks of pixel groups of similar work (each star costs
 * O(hi - lo + 2), the pixel's column is read once), on the CUDA backend one kernel launch per pass, a thread block
 * per pixel group and a thread per star. The star data are uploaded to a backend once, on first use there. Stars
 * are sorted by pixel; a group is the run of stars of one pixel ({@code groupPixel[g]}, stars {@code groupStart[g]}
 * to {@code groupStart[g+1]}).
 *
 * <p>Tensors: rho and its tangents/cotangents have the grid's shape (npix, nshell); per-star tensors have shape
 * (nstars) in the (pixel-sorted) order of the {@link StarData}. FLOAT32 and FLOAT64 are accepted; the computation is
 * in double precision. The fused passes with per-star callbacks ({@link #applyAndPullBack}, {@link #pushPull}) are one
 * pass on the CPU; on other backends the callbacks run on the host between a value (and JVP) pass and a VJP pass.
 */
public final class ParallaxResponse {
    /** The default cut: F is evaluated for |z| &le; 5, tail error Phi(-5) = 2.9e-7 per boundary. */
    public static final double DEFAULT_Z_CUT = 5.0;

    /** The cotangents of a per-star loss l_i(mean_i, variance_i). */
    @FunctionalInterface
    public interface StarCotangents extends LineMoments.ItemCotangents {
        /**
         * Writes dl_i/dmean to {@code out[0]} and dl_i/dvariance to {@code out[1]}. Called once per star, from several
         * threads at a time: write only per-star state.
         */
        @Override
        void cotangents(int star, double mean, double variance, double[] out);
    }

    /** A per-star linear map from response tangents to cotangents (for example a Fisher metric). */
    @FunctionalInterface
    public interface StarTangentMap extends LineMoments.ItemTangentMap {
        /**
         * Given star i's response (mean, variance) and its tangents (dMean, dVariance), writes the cotangents to pull
         * back to {@code out[0]} (mean) and {@code out[1]} (variance). Called once per star, from several threads.
         */
        @Override
        void map(int star, double mean, double variance, double dMean, double dVariance, double[] out);
    }

    private final SphericalGrid grid;
    private final int nstars;
    private final double zCut;
    private final double[] u;
    private final double[] invSigma;
    private final double[] scaledParallax;
    private final int[] lo;
    private final int[] hi;
    private final LineMoments moments;
    private final Map<Backend, LineMoments.Tables> tables = new ConcurrentHashMap<>();

    private ParallaxResponse(SphericalGrid grid, StarData stars, double zCut) {
        if (!(zCut > 0) || Double.isInfinite(zCut)) {
            throw new IllegalArgumentException("zCut must be positive and finite, got " + zCut);
        }
        if (!stars.isSortedByPixel()) {
            throw new IllegalArgumentException("stars must be sorted by pixel (use StarData.sortedByPixel())");
        }
        this.grid = grid;
        this.nstars = stars.size();
        this.zCut = zCut;
        double[] r = grid.boundaries();
        this.u = new double[r.length];
        for (int k = 0; k < r.length; k++) {
            u[k] = 1000 / r[k];
        }
        this.invSigma = new double[nstars];
        this.scaledParallax = new double[nstars];
        this.lo = new int[nstars];
        this.hi = new int[nstars];
        int[] pixel = new int[nstars];
        for (int i = 0; i < nstars; i++) {
            int p = stars.pixel(i);
            if (p >= grid.npix()) {
                throw new IllegalArgumentException("row " + i + ": pixel " + p + " outside the grid's " + grid.npix()
                        + " pixels (nside " + grid.nside() + ")");
            }
            pixel[i] = p;
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
        }
        this.moments = new LineMoments(grid.npix(), u, grid.shellWidths(), pixel, invSigma, scaledParallax, lo, hi,
                NormalCdfTable.TABLE);
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
        return moments.groups();
    }

    public double zCut() {
        return zCut;
    }

    /** Number of F = Phi(z) evaluations in one pass over all stars (the dominant cost). */
    public long evaluationsPerPass() {
        return moments.evaluations();
    }

    /** The response as core's line-moments layout (pixels as lines, shells as cells). */
    public LineMoments lineMoments() {
        return moments;
    }

    /**
     * The data layout (copies): the star and grid arrays the line-moments layout is made of.
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
        int[] packed = moments.packedInts();
        int groups = moments.groups();
        return new Layout(u.clone(), grid.shellWidths(), invSigma.clone(), scaledParallax.clone(), lo.clone(),
                hi.clone(), Arrays.copyOf(packed, groups), Arrays.copyOfRange(packed, groups, 2 * groups + 1));
    }

    /** Shape (nstars) of the per-star tensors. */
    public Shape starShape() {
        return Shape.of(nstars);
    }

    /** Writes the expected extinction and its distance-induced variance of every star. */
    public void apply(Tensor rho, Tensor mean, Tensor variance) {
        backend(rho).lineMoments(tables(rho), rho, mean, variance);
    }

    /**
     * The linearisation at rho applied to a tangent: writes d mean and d variance of every star.
     */
    public void jvp(Tensor rho, Tensor tangent, Tensor dMean, Tensor dVariance) {
        backend(rho).lineMomentsJvp(tables(rho), rho, tangent, dMean, dVariance);
    }

    /** The adjoint of the linearisation at rho: writes the rho-cotangent of per-star (mean, variance) cotangents. */
    public void vjp(Tensor rho, Tensor meanCotangent, Tensor varianceCotangent, Tensor rhoCotangent) {
        backend(rho).lineMomentsVjp(tables(rho), rho, meanCotangent, varianceCotangent, rhoCotangent);
    }

    /**
     * One fused pass for value and gradient: computes each star's (mean, variance), asks {@code loss} for their
     * cotangents and pulls them back into {@code rhoCotangent}.
     */
    public void applyAndPullBack(Tensor rho, StarCotangents loss, Tensor rhoCotangent) {
        backend(rho).lineMomentsPullBack(tables(rho), rho, loss, rhoCotangent);
    }

    /**
     * The Gaussian likelihood of observed extinctions in one pass on rho's backend (see
     * {@link Backend#lineMomentsGaussian}): with v_i = extraVariance_i + variance_i and r_i = observed_i − mean_i, writes
     * every star's mean and variance, its term (r_i²/v_i + log v_i)/2 to {@code loss} and ∂term/∂v_i to
     * {@code varianceCotangent}, and the rho-cotangent of the sum of the terms to {@code rhoCotangent}.
     */
    public void gaussian(Tensor rho, Tensor observed, Tensor extraVariance, Tensor mean, Tensor variance, Tensor loss,
                         Tensor varianceCotangent, Tensor rhoCotangent) {
        backend(rho).lineMomentsGaussian(tables(rho), rho, observed, extraVariance, mean, variance, loss,
                varianceCotangent, rhoCotangent);
    }

    /**
     * The metric-like product Jᵀ W J with a diagonal W in one pass on rho's backend (see
     * {@link Backend#lineMomentsPushPullDiagonal}): pushes {@code tangent} to per-star (dMean, dVariance), weights them
     * (meanWeight dMean, varianceWeight (dVariance + varianceOffset); varianceOffset may be null), writes the variance
     * part to {@code varianceCotangent} and pulls both back into {@code rhoCotangent}.
     */
    public void pushPullDiagonal(Tensor rho, Tensor tangent, Tensor meanWeight, Tensor varianceWeight,
                                 Tensor varianceOffset, Tensor varianceCotangent, Tensor rhoCotangent) {
        backend(rho).lineMomentsPushPullDiagonal(tables(rho), rho, tangent, meanWeight, varianceWeight, varianceOffset,
                varianceCotangent, rhoCotangent);
    }

    /** Device memory (bytes) the star tables take on {@code backend} once uploaded there (0 before). */
    public long deviceBytes(Backend backend) {
        LineMoments.Tables t = tables.get(backend);
        return t == null ? 0 : t.ints().size() * 4L + t.doubles().size() * 8L;
    }

    /**
     * One fused pass of J^T W J: pushes {@code tangent} forward to per-star (dMean, dVariance), maps them with
     * {@code weights} and pulls the result back into {@code rhoCotangent}.
     */
    public void pushPull(Tensor rho, Tensor tangent, StarTangentMap weights, Tensor rhoCotangent) {
        backend(rho).lineMomentsPushPull(tables(rho), rho, tangent, weights, rhoCotangent);
    }

    /** The backend of rho, after checking rho's shape (the grid's). */
    private Backend backend(Tensor rho) {
        Checks.shape("rho", rho, grid.shape());
        return rho.backend();
    }

    /** The star data on rho's backend, uploaded on first use there and kept for the response's lifetime. */
    private LineMoments.Tables tables(Tensor rho) {
        return tables.computeIfAbsent(rho.backend(), moments::upload);
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
}
