package org.dust4j.inducing.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.Stars;

/**
 * The simulated dust of the paper's test (Dharmawardena et al. 2022, Sect. 4): a constant background density plus
 * Gaussian clumps, ρ(x) = ρ_bg + Σ_c a_c exp(−|x − x_c|²/(2 s_c²)) [mag/pc], with exact line-of-sight integrals
 * (the integral of a Gaussian clump along a ray is a difference of error functions), and stars drawn uniformly in
 * space with Gaussian extinction noise.
 */
public final class SimulatedField {
    /**
     * One Gaussian clump.
     *
     * @param x         centre, heliocentric Galactic x [pc]
     * @param y         centre y [pc]
     * @param z         centre z [pc]
     * @param sigma     standard deviation of the Gaussian [pc]
     * @param amplitude peak density above the background [mag/pc]
     */
    public record Clump(double x, double y, double z, double sigma, double amplitude) {
    }

    private final double background;
    private final List<Clump> clumps;

    /** A field of a background density [mag/pc] and clumps. */
    public SimulatedField(double background, List<Clump> clumps) {
        this.background = background;
        this.clumps = List.copyOf(clumps);
    }

    /**
     * The paper's setup: background 1.6e-3 mag/pc and {@code count} clumps of the given size and peak density at
     * random positions, uniform in l 50..90 deg, b −10..10 deg and d 180..500 pc.
     */
    public static SimulatedField paper(int count, double sigma, double amplitude, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Clump> list = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            double[] p = cartesian(50 + 40 * r.nextDouble(), -10 + 20 * r.nextDouble(), 180 + 320 * r.nextDouble());
            list.add(new Clump(p[0], p[1], p[2], sigma, amplitude));
        }
        return new SimulatedField(1.6e-3, list);
    }

    /** The background density [mag/pc]. */
    public double background() {
        return background;
    }

    /** The clumps. */
    public List<Clump> clumps() {
        return clumps;
    }

    /** Heliocentric Galactic Cartesian coordinates [pc] of (l, b) [deg] and d [pc]. */
    public static double[] cartesian(double l, double b, double d) {
        double cb = Math.cos(Math.toRadians(b));
        return new double[] {d * cb * Math.cos(Math.toRadians(l)), d * cb * Math.sin(Math.toRadians(l)),
            d * Math.sin(Math.toRadians(b))};
    }

    /** ρ at a Cartesian point [mag/pc]. */
    public double density(double x, double y, double z) {
        double rho = background;
        for (Clump c : clumps) {
            double dx = x - c.x;
            double dy = y - c.y;
            double dz = z - c.z;
            rho += c.amplitude * Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * c.sigma * c.sigma));
        }
        return rho;
    }

    /**
     * The exact extinction [mag] from the observer to distance d along (l, b): ρ_bg d plus, per clump with
     * t0 = u·x_c and p² = |x_c|² − t0², a exp(−p²/2s²) s √(π/2) [erf((d − t0)/(s√2)) + erf(t0/(s√2))].
     */
    public double extinction(double l, double b, double d) {
        double[] u = cartesian(l, b, 1);
        double a = background * d;
        for (Clump c : clumps) {
            double t0 = u[0] * c.x + u[1] * c.y + u[2] * c.z;
            double p2 = Math.max(0, c.x * c.x + c.y * c.y + c.z * c.z - t0 * t0);
            double s2 = c.sigma * Math.sqrt(2);
            a += c.amplitude * Math.exp(-p2 / (2 * c.sigma * c.sigma)) * c.sigma * Math.sqrt(Math.PI / 2)
                    * (erf((d - t0) / s2) + erf(t0 / s2));
        }
        return a;
    }

    /**
     * {@code n} stars uniform in space inside the region of {@code grid} (ghost cells excluded): l uniform, sin b
     * uniform, d³ uniform; exact distances (error 0); extinctions with Gaussian noise of relative size
     * {@code noise}, reported errors noise × the true extinction. Also returns the true extinctions.
     */
    public SimulatedStars stars(LbdGrid grid, int n, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double l0 = grid.l().lower();
        double l1 = grid.l().upper();
        double s0 = Math.sin(Math.toRadians(grid.b().lower()));
        double s1 = Math.sin(Math.toRadians(grid.b().upper()));
        double d0 = Math.pow(grid.d().lower(), 3);
        double d1 = Math.pow(grid.d().upper(), 3);
        double[] l = new double[n];
        double[] b = new double[n];
        double[] d = new double[n];
        double[] truth = new double[n];
        double[] obs = new double[n];
        double[] err = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = l0 + (l1 - l0) * r.nextDouble();
            b[i] = Math.toDegrees(Math.asin(s0 + (s1 - s0) * r.nextDouble()));
            d[i] = Math.cbrt(d0 + (d1 - d0) * r.nextDouble());
            truth[i] = extinction(l[i], b[i], d[i]);
            err[i] = noise * truth[i];
            obs[i] = truth[i] + err[i] * gaussian(r);
        }
        return new SimulatedStars(Stars.of(l, b, d, new double[n], obs, err), truth);
    }

    /**
     * Simulated stars and their noise-free extinctions.
     *
     * @param stars the catalog given to the fit
     * @param trueExtinction the exact extinction of each star [mag]
     */
    public record SimulatedStars(Stars stars, double[] trueExtinction) {
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * The error function, from the Chebyshev fit of erfc in Numerical Recipes (fractional error below 1.2e-7
     * everywhere).
     */
    static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }
}
