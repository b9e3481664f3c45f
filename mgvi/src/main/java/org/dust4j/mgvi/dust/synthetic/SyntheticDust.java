package org.dust4j.mgvi.dust.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.dust4j.core.cpu.Parallel;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Vec3;
import org.dust4j.model.SphericalGrid;
import org.dust4j.model.stats.Normal;

/**
 * A known 3D dust density for validating reconstructions: a smooth background declining exponentially with the
 * height |z| above the Galactic plane, plus Gaussian clouds,
 * <pre>
 *   rho(x) = rho0 exp(-|z| / h) + sum_c A_c exp(-|x - x_c|² / (2 sigma_c²))
 * </pre>
 * in heliocentric Galactic Cartesian coordinates (pc; x to l = 0, y to l = 90°, z to the north Galactic pole; the Sun
 * at the origin, in the plane). rho is extinction per parsec (mag/pc).
 *
 * <p>Line integrals from the Sun are exact (closed forms, no quadrature): for the background
 * rho0 h/|n_z| (1 - exp(-d |n_z| / h)); for a cloud, with t0 = n·x_c and p² = |x_c|² - t0²,
 * A_c exp(-p²/(2 sigma²)) sigma √(2π) [Phi((d - t0)/sigma) - Phi(-t0/sigma)]. Clouds whose closest approach p exceeds
 * 8 sigma are skipped (their contribution is below e^-32 of their peak column). Immutable.
 */
public final class SyntheticDust {
    private static final double SKIP_SIGMAS = 8;

    /**
     * A Gaussian cloud.
     *
     * @param x     centre x (pc)
     * @param y     centre y (pc)
     * @param z     centre z (pc)
     * @param sigma standard deviation of the profile (pc), &gt; 0
     * @param peak  density at the centre (mag/pc), &ge; 0
     */
    public record Cloud(double x, double y, double z, double sigma, double peak) {
        public Cloud {
            if (!(sigma > 0) || !(peak >= 0) || !Double.isFinite(x + y + z + sigma + peak)) {
                throw new IllegalArgumentException("cloud needs finite centre, sigma > 0 and peak >= 0, got " + x + ", "
                        + y + ", " + z + ", " + sigma + ", " + peak);
            }
        }

        /** The column through the centre, peak sigma √(2π) (mag). */
        public double centralColumn() {
            return peak * sigma * Math.sqrt(2 * Math.PI);
        }
    }

    private final double rho0;
    private final double scaleHeight;
    private final List<Cloud> clouds;

    /**
     * @param rho0        background density in the plane (mag/pc), &ge; 0
     * @param scaleHeight background scale height h (pc), &gt; 0
     * @param clouds      the clouds
     */
    public SyntheticDust(double rho0, double scaleHeight, List<Cloud> clouds) {
        if (!(rho0 >= 0) || !(scaleHeight > 0) || Double.isInfinite(rho0 + scaleHeight)) {
            throw new IllegalArgumentException("need rho0 >= 0 and scaleHeight > 0, got " + rho0 + ", " + scaleHeight);
        }
        this.rho0 = rho0;
        this.scaleHeight = scaleHeight;
        this.clouds = List.copyOf(clouds);
    }

    /**
     * A random field (deterministic given the seed): {@code count} clouds with centres uniform in the disc of radius
     * {@code radius} around the Sun in x, y and normal in z with standard deviation {@code cloudHeight}; sigma
     * log-uniform in [sigmaMin, sigmaMax]; central columns log-uniform in [columnMin, columnMax] mag (so small
     * clouds are dense).
     */
    public static SyntheticDust random(long seed, double rho0, double scaleHeight, int count, double radius,
            double cloudHeight, double sigmaMin, double sigmaMax, double columnMin, double columnMax) {
        if (count < 0 || !(radius > 0) || !(cloudHeight > 0) || !(sigmaMin > 0 && sigmaMax >= sigmaMin)
                || !(columnMin > 0 && columnMax >= columnMin)) {
            throw new IllegalArgumentException("invalid cloud population: count " + count + ", radius " + radius
                    + ", height " + cloudHeight + ", sigma " + sigmaMin + ".." + sigmaMax + ", column " + columnMin
                    + ".." + columnMax);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Cloud> clouds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double rr = radius * Math.sqrt(rng.nextDouble());
            double phi = 2 * Math.PI * rng.nextDouble();
            double z = cloudHeight * rng.nextGaussian();
            double sigma = sigmaMin * Math.pow(sigmaMax / sigmaMin, rng.nextDouble());
            double column = columnMin * Math.pow(columnMax / columnMin, rng.nextDouble());
            clouds.add(new Cloud(rr * Math.cos(phi), rr * Math.sin(phi), z, sigma,
                    column / (sigma * Math.sqrt(2 * Math.PI))));
        }
        return new SyntheticDust(rho0, scaleHeight, clouds);
    }

    /**
     * The validation field used by the tests and {@code Validate}: background 1e-3 mag/pc with scale height 150 pc,
     * {@code count} clouds within {@code radius} (height 80 pc, sigma 10..100 pc, central columns 0.1..1.5 mag).
     */
    public static SyntheticDust standard(long seed, int count, double radius) {
        return random(seed, 1e-3, 150, count, radius, 80, 10, 100, 0.1, 1.5);
    }

    public double rho0() {
        return rho0;
    }

    public double scaleHeight() {
        return scaleHeight;
    }

    public List<Cloud> clouds() {
        return clouds;
    }

    /** The density at (x, y, z) pc. */
    public double density(double x, double y, double z) {
        double rho = rho0 * Math.exp(-Math.abs(z) / scaleHeight);
        for (Cloud c : clouds) {
            double dx = x - c.x;
            double dy = y - c.y;
            double dz = z - c.z;
            rho += c.peak * Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * c.sigma * c.sigma));
        }
        return rho;
    }

    /** The extinction from the Sun to distance d (pc) along the unit vector (nx, ny, nz). */
    public double lineIntegral(double nx, double ny, double nz, double d) {
        double[] out = new double[1];
        lineIntegrals(nx, ny, nz, new double[] {d}, out);
        return out[0];
    }

    /**
     * The extinctions from the Sun to each of the increasing distances {@code d} (pc) along the unit vector
     * (nx, ny, nz), written to {@code out}.
     */
    public void lineIntegrals(double nx, double ny, double nz, double[] d, double[] out) {
        double az = Math.abs(nz);
        for (int i = 0; i < d.length; i++) {
            out[i] = az * d[i] < 1e-12 * scaleHeight ? rho0 * d[i]
                    : -rho0 * scaleHeight / az * Math.expm1(-d[i] * az / scaleHeight);
        }
        for (Cloud c : clouds) {
            double t0 = nx * c.x + ny * c.y + nz * c.z;
            double p2 = Math.max(0, c.x * c.x + c.y * c.y + c.z * c.z - t0 * t0);
            double s2 = c.sigma * c.sigma;
            if (p2 > SKIP_SIGMAS * SKIP_SIGMAS * s2) {
                continue;
            }
            double amp = c.peak * Math.exp(-p2 / (2 * s2)) * c.sigma * Math.sqrt(2 * Math.PI);
            double a = -t0 / c.sigma;
            for (int i = 0; i < d.length; i++) {
                out[i] += amp * phiDifference((d[i] - t0) / c.sigma, a);
            }
        }
    }

    /** Phi(b) - Phi(a) for b &ge; a, without cancellation in the upper tail. */
    private static double phiDifference(double b, double a) {
        return a > 0 ? Normal.cdf(-a) - Normal.cdf(-b) : Normal.cdf(b) - Normal.cdf(a);
    }

    /**
     * The field on a grid as the reconstruction represents it, from the {@link #columns} of that grid: for every voxel
     * (p, k) the radial mean density (I(r_{k+1}) - I(r_k)) / dr_k of the pixel's averaged column I, i.e. the
     * voxel-constant density that gives each pixel's mean column across the shell. Pixel-major (npix, nshell).
     */
    public static double[] voxelMeans(SphericalGrid grid, double[] columns) {
        int n = grid.nshell();
        if (columns.length != grid.npix() * (n + 1)) {
            throw new IllegalArgumentException("columns must have npix * (nshell + 1) = " + grid.npix() * (n + 1)
                    + " values, got " + columns.length);
        }
        double[] out = new double[grid.npix() * n];
        for (int p = 0; p < grid.npix(); p++) {
            for (int k = 0; k < n; k++) {
                out[p * n + k] = (columns[p * (n + 1) + k + 1] - columns[p * (n + 1) + k]) / grid.shellWidth(k);
            }
        }
        return out;
    }

    /**
     * The extinction from the Sun to every shell boundary of every pixel, averaged over 4^{@code subdivision}
     * directions per pixel (the centres of p's NEST descendants at nside·2^subdivision): [npix, nshell + 1]
     * row-major.
     */
    public double[] columns(SphericalGrid grid, int subdivision) {
        if (subdivision < 0 || subdivision > 6) {
            throw new IllegalArgumentException("subdivision must lie in [0, 6], got " + subdivision);
        }
        int n = grid.nshell();
        double[] r = grid.boundaries();
        int sub = 1 << (2 * subdivision);
        HealpixGrid fine = HealpixGrid.of((long) grid.nside() << subdivision, Ordering.NEST);
        double[] out = new double[grid.npix() * (n + 1)];
        Parallel.forRange(grid.npix(), 16, (from, to) -> {
            double[] col = new double[n + 1];
            for (int p = (int) from; p < to; p++) {
                for (int j = 0; j < sub; j++) {
                    Vec3 v = fine.pix2vec((long) p * sub + j);
                    lineIntegrals(v.x(), v.y(), v.z(), r, col);
                    for (int k = 0; k <= n; k++) {
                        out[p * (n + 1) + k] += col[k] / sub;
                    }
                }
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "SyntheticDust[rho0=" + rho0 + " mag/pc, h=" + scaleHeight + " pc, " + clouds.size() + " clouds]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyntheticDust s && s.rho0 == rho0 && s.scaleHeight == scaleHeight
                && s.clouds.equals(clouds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rho0, scaleHeight, clouds);
    }
}
