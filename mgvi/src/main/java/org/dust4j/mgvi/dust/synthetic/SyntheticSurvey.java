package org.dust4j.mgvi.dust.synthetic;

import java.util.Objects;
import java.util.SplittableRandom;

import org.dust4j.core.cpu.Parallel;
import org.dust4j.io.fits.StarCatalog;

/**
 * A synthetic star catalog observed through a {@link SyntheticDust} field, with the truth kept for validation.
 * Deterministic given the settings and seed.
 *
 * <p>Stars: directions uniform on the sphere; true distances d with density ∝ d² between {@code minDistance} and
 * {@code maxDistance} (uniform in volume); parallax error s_w = f · 1000/d with f uniform in
 * [{@code minParallaxFraction}, {@code maxParallaxFraction}]; observed parallax w = 1000/d + N(0, s_w²) mas (may be
 * negative); extinction error sA uniform in [{@code minExtinctionError}, {@code maxExtinctionError}] mag; true
 * extinction A_true = the exact line integral of the field to the TRUE distance; observed A = A_true + N(0, sA²),
 * except for a fraction {@code outlierFraction} of stars whose noise is {@code outlierScale} times larger than the
 * catalogued sA (to exercise the model's per-star error factors).
 */
public final class SyntheticSurvey {
    private final SyntheticDust field;
    private final Settings settings;
    private final StarCatalog catalog;
    private final double[] trueDistance;
    private final double[] trueExtinction;
    private final boolean[] outlier;

    /**
     * How stars are drawn and observed.
     *
     * @param stars               number of stars
     * @param minDistance         smallest true distance (pc), &ge; 0
     * @param maxDistance         largest true distance (pc)
     * @param minParallaxFraction smallest relative parallax error
     * @param maxParallaxFraction largest relative parallax error
     * @param minExtinctionError  smallest extinction error (mag), &gt; 0
     * @param maxExtinctionError  largest extinction error (mag)
     * @param outlierFraction     fraction of stars with underestimated errors, in [0, 1]
     * @param outlierScale        factor of their true noise over the catalogued error, &ge; 1
     * @param seed                seed of the draws
     */
    public record Settings(int stars, double minDistance, double maxDistance, double minParallaxFraction,
            double maxParallaxFraction, double minExtinctionError, double maxExtinctionError, double outlierFraction,
            double outlierScale, long seed) {
        public Settings {
            if (stars < 1 || !(minDistance >= 0 && maxDistance > minDistance) || !(minParallaxFraction > 0
                    && maxParallaxFraction >= minParallaxFraction) || !(minExtinctionError > 0
                    && maxExtinctionError >= minExtinctionError) || !(outlierFraction >= 0 && outlierFraction <= 1)
                    || !(outlierScale >= 1) || Double.isInfinite(maxDistance + maxParallaxFraction + maxExtinctionError
                    + outlierScale)) {
                throw new IllegalArgumentException("invalid survey settings: " + stars + " stars, distance "
                        + minDistance + ".." + maxDistance + " pc, parallax error " + minParallaxFraction + ".."
                        + maxParallaxFraction + ", extinction error " + minExtinctionError + ".." + maxExtinctionError
                        + " mag, outliers " + outlierFraction + " x" + outlierScale);
            }
        }

        /**
         * {@code stars} stars out to {@code maxDistance} with 5–20 % parallax errors, 0.03–0.1 mag extinction errors
         * and no outliers.
         */
        public static Settings of(int stars, double maxDistance, long seed) {
            return new Settings(stars, 0, maxDistance, 0.05, 0.20, 0.03, 0.10, 0, 1, seed);
        }

        public Settings withOutliers(double fraction, double scale) {
            return new Settings(stars, minDistance, maxDistance, minParallaxFraction, maxParallaxFraction,
                    minExtinctionError, maxExtinctionError, fraction, scale, seed);
        }

        public Settings withDistances(double min, double max) {
            return new Settings(stars, min, max, minParallaxFraction, maxParallaxFraction, minExtinctionError,
                    maxExtinctionError, outlierFraction, outlierScale, seed);
        }
    }

    private SyntheticSurvey(SyntheticDust field, Settings s) {
        this.field = Objects.requireNonNull(field, "field");
        this.settings = Objects.requireNonNull(s, "settings");
        int n = s.stars();
        double[] l = new double[n];
        double[] b = new double[n];
        double[] w = new double[n];
        double[] sw = new double[n];
        double[] a = new double[n];
        double[] sa = new double[n];
        double[] nx = new double[n];
        double[] ny = new double[n];
        double[] nz = new double[n];
        double[] noise = new double[n];
        this.trueDistance = new double[n];
        this.trueExtinction = new double[n];
        this.outlier = new boolean[n];
        SplittableRandom rng = new SplittableRandom(s.seed());
        double lo3 = Math.pow(s.minDistance(), 3);
        double hi3 = Math.pow(s.maxDistance(), 3);
        for (int i = 0; i < n; i++) {
            double cosTheta = 2 * rng.nextDouble() - 1;
            double phi = 2 * Math.PI * rng.nextDouble();
            double sinTheta = Math.sqrt(Math.max(0, 1 - cosTheta * cosTheta));
            nx[i] = sinTheta * Math.cos(phi);
            ny[i] = sinTheta * Math.sin(phi);
            nz[i] = cosTheta;
            l[i] = Math.toDegrees(phi);
            b[i] = Math.toDegrees(Math.asin(cosTheta));
            double d = Math.cbrt(lo3 + (hi3 - lo3) * rng.nextDouble());
            d = Math.max(d, 1e-3 * s.maxDistance()); // a star at the Sun has no parallax
            trueDistance[i] = d;
            double wTrue = 1000 / d;
            double f = s.minParallaxFraction() + (s.maxParallaxFraction() - s.minParallaxFraction()) * rng.nextDouble();
            sw[i] = f * wTrue;
            w[i] = wTrue + sw[i] * rng.nextGaussian();
            sa[i] = s.minExtinctionError() + (s.maxExtinctionError() - s.minExtinctionError()) * rng.nextDouble();
            outlier[i] = rng.nextDouble() < s.outlierFraction();
            noise[i] = sa[i] * (outlier[i] ? s.outlierScale() : 1) * rng.nextGaussian();
        }
        Parallel.forRange(n, 1024, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                trueExtinction[i] = field.lineIntegral(nx[i], ny[i], nz[i], trueDistance[i]);
            }
        });
        for (int i = 0; i < n; i++) {
            a[i] = trueExtinction[i] + noise[i];
        }
        this.catalog = StarCatalog.ofParallaxes(l, b, w, sw, a, sa);
    }

    /** Draws the survey. */
    public static SyntheticSurvey observe(SyntheticDust field, Settings settings) {
        return new SyntheticSurvey(field, settings);
    }

    public SyntheticDust field() {
        return field;
    }

    public Settings settings() {
        return settings;
    }

    /** The observed catalog (Galactic l, b in degrees; parallaxes in mas; extinctions in mag). */
    public StarCatalog catalog() {
        return catalog;
    }

    /** True distance of catalog row i (pc). */
    public double trueDistance(int i) {
        return trueDistance[i];
    }

    /** Noise-free extinction of catalog row i: the line integral to its true distance (mag). */
    public double trueExtinction(int i) {
        return trueExtinction[i];
    }

    /** Whether catalog row i was drawn as an outlier. */
    public boolean isOutlier(int i) {
        return outlier[i];
    }
}
