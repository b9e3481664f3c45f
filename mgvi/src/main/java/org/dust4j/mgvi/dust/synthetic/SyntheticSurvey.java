package org.dust4j.mgvi.dust.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.dust4j.core.cpu.Parallel;
import org.dust4j.io.fits.StarCatalog;

/**
 * A synthetic star catalog observed through a {@link SyntheticDust} field, with the truth kept for validation.
 * Deterministic given the settings and seed.
 *
 * <p>Stars: directions uniform on the sphere (or within a {@link Sky} box: l uniform, sin b uniform); true distances d with density ∝ d² between {@code minDistance} and
 * {@code maxDistance} (uniform in volume); parallax error s_w = f · 1000/d with f uniform in
 * [{@code minParallaxFraction}, {@code maxParallaxFraction}]; observed parallax w = 1000/d + N(0, s_w²) mas (may be
 * negative); extinction error sA uniform in [{@code minExtinctionError}, {@code maxExtinctionError}] mag; true
 * extinction A_true = the exact line integral of the field to the TRUE distance; observed A = A_true + N(0, sA²),
 * except for a fraction {@code outlierFraction} of stars whose noise is {@code outlierScale} times larger than the
 * catalogued sA (to exercise the model's per-star error factors).
 */
public final class SyntheticSurvey {
    private final SyntheticDust field;
    private final List<Part> parts;
    private final StarCatalog catalog;
    private final double[] trueDistance;
    private final double[] trueExtinction;
    private final boolean[] outlier;

    /**
     * A Galactic longitude-latitude box (degrees) that directions are drawn in, uniformly in solid angle.
     *
     * @param lMin smallest l, in [0, 360)
     * @param lMax largest l, in (lMin, 360]
     * @param bMin smallest b, in [-90, 90)
     * @param bMax largest b, in (bMin, 90]
     */
    public record Sky(double lMin, double lMax, double bMin, double bMax) {
        /** The whole sky. */
        public static final Sky ALL = new Sky(0, 360, -90, 90);

        public Sky {
            if (!(lMin >= 0 && lMin < lMax && lMax <= 360 && bMin >= -90 && bMin < bMax && bMax <= 90)) {
                throw new IllegalArgumentException("sky box needs 0 <= lMin < lMax <= 360 and -90 <= bMin < bMax <= 90,"
                        + " got l " + lMin + ".." + lMax + ", b " + bMin + ".." + bMax);
            }
        }
    }

    /** One survey of a (possibly {@linkplain #concat concatenated}) catalog: its settings and sky. */
    public record Part(Settings settings, Sky sky) {
        public Part {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(sky, "sky");
        }
    }

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

        public Settings withParallaxErrors(double min, double max) {
            return new Settings(stars, minDistance, maxDistance, min, max, minExtinctionError, maxExtinctionError,
                    outlierFraction, outlierScale, seed);
        }

        public Settings withDistances(double min, double max) {
            return new Settings(stars, min, max, minParallaxFraction, maxParallaxFraction, minExtinctionError,
                    maxExtinctionError, outlierFraction, outlierScale, seed);
        }
    }

    private SyntheticSurvey(SyntheticDust field, List<Part> parts, StarCatalog catalog, double[] trueDistance,
            double[] trueExtinction, boolean[] outlier) {
        this.field = field;
        this.parts = List.copyOf(parts);
        this.catalog = catalog;
        this.trueDistance = trueDistance;
        this.trueExtinction = trueExtinction;
        this.outlier = outlier;
    }

    private SyntheticSurvey(SyntheticDust field, Settings s, Sky sky) {
        this.field = Objects.requireNonNull(field, "field");
        this.parts = List.of(new Part(s, sky));
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
        // sin b uniform in [sin bMin, sin bMax], l uniform in [lMin, lMax] (for the whole sky: 2u - 1 and 2 pi u)
        double sinLo = sky.bMin() == -90 ? -1 : Math.sin(Math.toRadians(sky.bMin()));
        double sinHi = sky.bMax() == 90 ? 1 : Math.sin(Math.toRadians(sky.bMax()));
        double turn0 = sky.lMin() / 360;
        double turns = (sky.lMax() - sky.lMin()) / 360;
        for (int i = 0; i < n; i++) {
            double cosTheta = (sinHi - sinLo) * rng.nextDouble() + sinLo;
            double phi = 2 * Math.PI * (turn0 + turns * rng.nextDouble());
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

    /** Draws the survey over the whole sky. */
    public static SyntheticSurvey observe(SyntheticDust field, Settings settings) {
        return observe(field, settings, Sky.ALL);
    }

    /** Draws the survey with directions in the given sky box. */
    public static SyntheticSurvey observe(SyntheticDust field, Settings settings, Sky sky) {
        return new SyntheticSurvey(field, Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(sky,
                "sky"));
    }

    /**
     * The stars of several surveys of the same field in one catalog, in order (the rows of {@code surveys[1]} follow
     * those of {@code surveys[0]}, and so on), with their truth: e.g. an all-sky survey and a targeted one.
     */
    public static SyntheticSurvey concat(SyntheticSurvey... surveys) {
        if (surveys.length == 0) {
            throw new IllegalArgumentException("concat needs at least one survey");
        }
        SyntheticDust field = surveys[0].field;
        int n = 0;
        List<Part> parts = new ArrayList<>();
        for (int k = 0; k < surveys.length; k++) {
            if (!surveys[k].field.equals(field)) {
                throw new IllegalArgumentException("survey " + k + " observes another field (" + surveys[k].field
                        + ") than survey 0 (" + field + ")");
            }
            n += surveys[k].catalog.size();
            parts.addAll(surveys[k].parts);
        }
        double[][] columns = new double[6][n];
        double[] distance = new double[n];
        double[] extinction = new double[n];
        boolean[] outlier = new boolean[n];
        int at = 0;
        for (SyntheticSurvey s : surveys) {
            StarCatalog c = s.catalog;
            double[][] from = {c.l(), c.b(), c.parallax(), c.parallaxError(), c.extinction(), c.extinctionError()};
            int m = c.size();
            for (int j = 0; j < 6; j++) {
                System.arraycopy(from[j], 0, columns[j], at, m);
            }
            System.arraycopy(s.trueDistance, 0, distance, at, m);
            System.arraycopy(s.trueExtinction, 0, extinction, at, m);
            System.arraycopy(s.outlier, 0, outlier, at, m);
            at += m;
        }
        StarCatalog catalog = StarCatalog.ofParallaxes(columns[0], columns[1], columns[2], columns[3], columns[4],
                columns[5]);
        return new SyntheticSurvey(field, parts, catalog, distance, extinction, outlier);
    }

    public SyntheticDust field() {
        return field;
    }

    /** The survey(s) this catalog was drawn by, in row order: one part, or several for {@link #concat}. */
    public List<Part> parts() {
        return parts;
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
