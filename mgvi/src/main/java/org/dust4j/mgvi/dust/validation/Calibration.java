package org.dust4j.mgvi.dust.validation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.Tensor;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.MgviListener;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.DustModel;
import org.dust4j.model.StarData;
import org.dust4j.model.stats.GammaFunctions;

/**
 * Simulation-based calibration of the ICR + MGVI reconstruction: the truth is drawn from the model's own prior and
 * the extinctions from the model's own likelihood, so that model and data agree exactly and any miscalibration of
 * the posterior is the inference's (MGVI's Gaussian approximation, its sample count, unconverged minimisation), not
 * a misspecified prior or likelihood as in {@link Validate} (clouds the kernel does not describe, the field's voxel
 * means, the survey's distance distribution).
 *
 * <p>A case of {@link Validate} supplies the grid, kernel, inference settings and the stars' directions, parallaxes
 * and errors ({@link Validate.Case#survey()}). For each truth seed: ξ* ~ N(0, 1) over all model parameters
 * (excitations, scl, off, the stars' noise factors), extinctions A_i = a_i(ξ*) + √v_i(ξ*) z_i for the selected stars,
 * the reconstruction of that catalog, and the z-scores (posterior mean − truth) / posterior std of log ρ in the
 * data-region voxels, of scl and off, and of the stars' expected extinctions a_i. For an exact Gaussian posterior
 * estimated from K antithetic pairs z is Student-t with K degrees of freedom times √((2K−1)/(2K))
 * ({@link #expectedCoverage}).
 *
 * <pre>
 * java -cp ... org.dust4j.mgvi.dust.validation.Calibration [truths=3] [truthseed=100] [noise=prior|zero]
 *     [key=value of Validate ...]
 * </pre>
 */
public final class Calibration {
    private Calibration() {
    }

    /**
     * The z-scores of one truth.
     *
     * @param voxels log ρ in the data-region voxels
     * @param stars  the selected stars' expected extinctions a_i
     * @param scale  scl
     * @param offset off
     */
    public record Outcome(double[] voxels, double[] voxelStd, double[] stars, double scale, double offset,
            double trueScale, double trueOffset, DustResult result) {
        /** Fraction of |z| ≤ k. */
        public static double coverage(double[] z, double k) {
            return (double) Arrays.stream(z).filter(v -> Math.abs(v) <= k).count() / z.length;
        }
    }

    /**
     * Draws a truth from the model's prior with {@code truthSeed}, data from its likelihood, and reconstructs. With
     * {@code drawNoise} false the stars' noise parameters are not drawn but set to ξ_n = 0 (n_i = f_n(0), the value the
     * reconstruction starts from), which isolates the effect of estimating them as point estimates.
     */
    public static Outcome run(Validate.Case c, long truthSeed, boolean drawNoise, MgviListener listener) {
        SyntheticSurvey survey = c.survey();
        StarCatalog cat = survey.catalog();
        DustModel model = c.reconstruction(survey, MgviListener.NONE).prepare().model();
        Backend be = Backends.cpu();
        SplittableRandom rnd = new SplittableRandom(truthSeed);
        int np = (int) model.parameters().space().size();
        double[] xi = new double[np];
        for (int j = 0; j < np; j++) {
            xi[j] = rnd.nextGaussian();
        }
        if (!drawNoise) {
            int from = (int) model.parameters().offset(DustModel.NOISE);
            Arrays.fill(xi, from, from + model.stars().size(), 0);
        }
        double[] extinction = cat.extinction();
        double[] logTrue;
        double[] meanTrue;
        double scaleTrue;
        double offsetTrue;
        int[] rows;
        try (Tensor x = be.fromHost(xi, model.dtype(), model.parameters().space().shape());
                Tensor av = model.response().apply(x); Tensor rho = model.density(x)) {
            double[] r = av.toDoubleArray();
            StarData stars = model.stars();
            int n = stars.size();
            meanTrue = new double[n];
            rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = stars.sourceRow(i);
                meanTrue[i] = r[i];
                extinction[rows[i]] = r[i] + Math.sqrt(r[n + i]) * rnd.nextGaussian();
            }
            logTrue = rho.toDoubleArray();
            for (int k = 0; k < logTrue.length; k++) {
                logTrue[k] = Math.log(logTrue[k]);
            }
            scaleTrue = model.description().scale().value(xi[(int) model.parameters().offset(DustModel.SCALE)]);
            offsetTrue = model.description().offset().value(xi[(int) model.parameters().offset(DustModel.OFFSET)]);
        }
        StarCatalog data = StarCatalog.ofParallaxes(cat.l(), cat.b(), cat.parallax(), cat.parallaxError(), extinction,
                cat.extinctionError());
        DustResult result = c.reconstruction(data, "calibration truth " + truthSeed, listener).run();

        DustGrid g = result.grid();
        int nshell = g.sphericalGrid().nshell();
        int first = g.firstDataShell();
        int shells = g.dataShells();
        double[] lm = result.logMean();
        double[] ls = result.logStd();
        double[] zv = new double[g.sphericalGrid().npix() * shells];
        double[] sv = new double[zv.length];
        for (int p = 0, j = 0; p < g.sphericalGrid().npix(); p++) {
            for (int k = first; k < first + shells; k++, j++) {
                int v = p * nshell + k;
                zv[j] = (lm[v] - logTrue[v]) / ls[v];
                sv[j] = ls[v];
            }
        }
        // the result's stars are in catalog order, the model's in pixel order: match by catalog row
        Map<Integer, Double> truthByRow = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            truthByRow.put(rows[i], meanTrue[i]);
        }
        DustResult.StarPredictions sp = result.stars();
        int[] resultRows = sp.catalogRows();
        double[] am = sp.mean();
        double[] as = sp.std();
        double[] zs = new double[resultRows.length];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (am[i] - truthByRow.get(resultRows[i])) / as[i];
        }
        return new Outcome(zv, sv, zs, (result.scale().mean() - scaleTrue) / result.scale().std(),
                (result.offset().mean() - offsetTrue) / result.offset().std(), scaleTrue, offsetTrue, result);
    }

    /**
     * The coverage of |z| ≤ k for an exact Gaussian posterior whose mean and std are estimated from K antithetic
     * pairs x ± s_k (the mean exactly, the unbiased variance with 2K − 1 degrees): P(|t_K| ≤ k √(2K/(2K−1))).
     */
    public static double expectedCoverage(int pairs, double k) {
        double t = k * Math.sqrt(2.0 * pairs / (2.0 * pairs - 1));
        // P(|T| <= t) = 1 - I_{K/(K+t^2)}(K/2, 1/2): integrate the t density by Simpson's rule on [0, t]
        int steps = 4000;
        double h = t / steps;
        double logNorm = GammaFunctions.logGamma((pairs + 1) / 2.0) - GammaFunctions.logGamma(pairs / 2.0)
                - 0.5 * Math.log(pairs * Math.PI);
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double x = i * h;
            double f = Math.exp(logNorm - (pairs + 1) / 2.0 * Math.log1p(x * x / pairs));
            sum += f * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return 2 * sum * h / 3;
    }

    public static void main(String[] args) {
        Map<String, String> kv = Validate.arguments(args);
        int truths = Integer.parseInt(kv.getOrDefault("truths", "3"));
        long truthSeed = Long.parseLong(kv.getOrDefault("truthseed", "100"));
        boolean drawNoise = !"zero".equals(kv.getOrDefault("noise", "prior"));
        kv.remove("truths");
        kv.remove("truthseed");
        kv.remove("noise");
        Validate.Case c = Validate.Case.small().parse(kv);
        System.out.println(c);
        int pairs = c.samples() / 2;
        System.out.printf(Locale.ROOT, "exact Gaussian posterior from %d pairs: %.1f %% / %.1f %% within 1 / 2 std%n",
                pairs, 100 * expectedCoverage(pairs, 1), 100 * expectedCoverage(pairs, 2));
        System.out.println("| truth | voxels 1σ / 2σ | best-constrained third 1σ / 2σ | least-constrained third 1σ / 2σ"
                + " | median abs z | stars 1σ / 2σ | scl: truth, posterior | off: truth, posterior | MGVI |");
        System.out.println("|---|---|---|---|---:|---|---|---|---:|");
        for (int t = 0; t < truths; t++) {
            Outcome o = run(c, truthSeed + t, drawNoise, MgviListener.NONE);
            double[] az = Arrays.stream(o.voxels()).map(Math::abs).sorted().toArray();
            double[] sorted = o.voxelStd().clone();
            Arrays.sort(sorted);
            double lo = sorted[sorted.length / 3];
            double hi = sorted[2 * sorted.length / 3];
            double[] best = select(o, v -> v <= lo);
            double[] least = select(o, v -> v > hi);
            DustResult r = o.result();
            System.out.printf(Locale.ROOT, "| %d | %.1f / %.1f %% | %.1f / %.1f %% | %.1f / %.1f %% | %.2f | %.1f / %.1f %%"
                    + " | %.3f, %.3f ± %.3f | %.2f, %.2f ± %.2f | %.1f s |%n", truthSeed + t,
                    100 * Outcome.coverage(o.voxels(), 1), 100 * Outcome.coverage(o.voxels(), 2),
                    100 * Outcome.coverage(best, 1), 100 * Outcome.coverage(best, 2),
                    100 * Outcome.coverage(least, 1), 100 * Outcome.coverage(least, 2), az[az.length / 2],
                    100 * Outcome.coverage(o.stars(), 1), 100 * Outcome.coverage(o.stars(), 2), o.trueScale(),
                    r.scale().mean(), r.scale().std(), o.trueOffset(), r.offset().mean(), r.offset().std(),
                    r.timings().inference().toMillis() / 1e3);
        }
    }

    /** The voxel z-scores whose posterior std passes the test. */
    private static double[] select(Outcome o, java.util.function.DoublePredicate std) {
        double[] z = o.voxels();
        double[] s = o.voxelStd();
        return java.util.stream.IntStream.range(0, z.length).filter(i -> std.test(s[i])).mapToDouble(i -> z[i])
                .toArray();
    }
}
