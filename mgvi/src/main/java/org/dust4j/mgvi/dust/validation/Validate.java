package org.dust4j.mgvi.dust.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.DType;
import org.dust4j.core.cpu.Parallel;
import org.dust4j.icr.Kernel;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.CgSettings;
import org.dust4j.mgvi.MgviEvent;
import org.dust4j.mgvi.NewtonSettings;
import org.dust4j.mgvi.MgviListener;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.DustModel;

/**
 * Validates the ICR + MGVI reconstruction on synthetic data: draws a {@link SyntheticDust} field and a
 * {@link SyntheticSurvey}, reconstructs, prints the {@link ValidationMetrics} and timings, and writes CSVs, PNG plots
 * and (optionally) the FITS products to an output directory.
 *
 * <pre>
 * java -cp ... org.dust4j.mgvi.dust.validation.Validate [key=value ...]
 * </pre>
 * Keys (defaults = the small CI case, {@code ValidationTest}): {@code nside} (8), {@code levels} (grid default),
 * {@code rmin} (60), {@code rmax} (1000) pc, {@code shells} (24), {@code pad} (4: least padding on each side),
 * {@code stars} (3000), {@code clouds} (40), {@code samples} (4), {@code iterations} (4), {@code newton} (5 steps per
 * iteration), {@code forcing} (0.1, Newton's maxForcing), {@code cgtol} (1e-3, sample CG tolerance), {@code cgmax}
 * (1000, the sample CG's iteration cap), {@code kernel}
 * ({@code matern12} | {@code matern32} | {@code matern52}; matern12), {@code amplitude} (2), {@code length} (kernel
 * length scale, 300 pc), {@code seed} (1: field and stars), {@code mgviseed} (42), {@code dtype} (FLOAT64),
 * {@code pmin}, {@code pmax} (0.05, 0.2: relative parallax errors), {@code targeted} (0: stars of a targeted survey
 * of {@link Case#REGION} at 100..600 pc), {@code regionclouds} (0: dense clouds added in that region), {@code case}
 * ({@code small} | {@code targeted}: the defaults the other keys override), {@code curvature} ({@code observed} |
 * {@code fisher}: the Newton curvature of the KL minimisation, {@link DustReconstruction.Builder#newtonCurvature}),
 * {@code out} (no files unless given: voxels.csv, stars.csv, metrics.md, logrho.png, stars.png, sky.png),
 * {@code fits} (false: also write the FITS products into {@code out}).
 */
public final class Validate {
    private Validate() {
    }

    /** The settings of a validation run; {@link #parse} reads them from key=value arguments. */
    public record Case(int nside, int levels, double rMin, double rMax, int shells, int padding, int stars,
            int clouds, int samples, int iterations, int newtonSteps, double forcing, double sampleTolerance,
            String kernel, double amplitude, double length, long seed, long mgviSeed, DType dtype,
            double minParallaxError, double maxParallaxError, int targetedStars, int regionClouds,
            DustModel.Curvature newtonCurvature, int sampleMaxIterations) {

        /** The targeted region (the demo's inducing-point region): l, b box. */
        public static final SyntheticSurvey.Sky REGION = new SyntheticSurvey.Sky(50, 90, -10, 10);
        /** Distances of the targeted survey's stars (pc). */
        public static final double REGION_MIN_DISTANCE = 100;
        public static final double REGION_MAX_DISTANCE = 600;

        /** The small case run in CI. */
        public static Case small() {
            return new Case(8, -1, 60, 1000, 24, 4, 3000, 40, 4, 4, 5, 0.1, 1e-3, "matern12", 2, 300, 1, 42,
                    DType.FLOAT64, 0.05, 0.20, 0, 0, DustModel.Curvature.OBSERVED_VARIANCE, 1000);
        }

        /**
         * The small case with the demo's targeted survey (docs/validation.md, "Targeted survey"): 1500 more stars in
         * {@link #REGION} at 100..600 pc, and 3 dense clouds there (sigma 25 pc, peak 1e-2 mag/pc).
         */
        public static Case targeted() {
            return new Case(8, -1, 60, 1000, 24, 4, 3000, 40, 4, 6, 5, 0.1, 1e-3, "matern12", 2, 300, 1, 42,
                    DType.FLOAT64, 0.05, 0.20, 1500, 3, DustModel.Curvature.OBSERVED_VARIANCE, 1000);
        }

        /** The settings with key=value overrides. */
        public Case parse(Map<String, String> kv) {
            Map<String, String> m = new LinkedHashMap<>(kv);
            Case c = new Case(integer(m, "nside", nside), integer(m, "levels", levels), number(m, "rmin", rMin),
                    number(m, "rmax", rMax), integer(m, "shells", shells), integer(m, "pad", padding),
                    integer(m, "stars", stars), integer(m, "clouds", clouds), integer(m, "samples", samples),
                    integer(m, "iterations", iterations), integer(m, "newton", newtonSteps),
                    number(m, "forcing", forcing), number(m, "cgtol", sampleTolerance),
                    m.containsKey("kernel") ? m.remove("kernel") : kernel, number(m, "amplitude", amplitude),
                    number(m, "length", length), (long) number(m, "seed", seed),
                    (long) number(m, "mgviseed", mgviSeed),
                    m.containsKey("dtype") ? DType.valueOf(m.remove("dtype")) : dtype,
                    number(m, "pmin", minParallaxError), number(m, "pmax", maxParallaxError),
                    integer(m, "targeted", targetedStars), integer(m, "regionclouds", regionClouds),
                    m.containsKey("curvature") ? curvature(m.remove("curvature")) : newtonCurvature,
                    integer(m, "cgmax", sampleMaxIterations));
            m.remove("out");
            m.remove("fits");
            m.remove("case");
            if (!m.isEmpty()) {
                throw new IllegalArgumentException("unknown arguments " + m.keySet());
            }
            return c;
        }

        private static DustModel.Curvature curvature(String name) {
            return switch (name) {
                case "fisher" -> DustModel.Curvature.FISHER;
                case "observed" -> DustModel.Curvature.OBSERVED_VARIANCE;
                default -> throw new IllegalArgumentException("curvature must be fisher or observed, got '" + name
                        + "'");
            };
        }

        private static int integer(Map<String, String> m, String k, int def) {
            return m.containsKey(k) ? Integer.parseInt(m.remove(k)) : def;
        }

        private static double number(Map<String, String> m, String k, double def) {
            return m.containsKey(k) ? Double.parseDouble(m.remove(k)) : def;
        }

        /** The grid. */
        public DustGrid grid() {
            DustGrid.Builder b = DustGrid.builder().nside(nside).shells(rMin, rMax, shells).padding(padding, padding);
            if (levels >= 0) {
                b.levels(levels);
            }
            return b.build();
        }

        /** The ICR kernel. */
        public Kernel icrKernel() {
            return switch (kernel) {
                case "matern12" -> Kernel.matern12(amplitude, length);
                case "matern32" -> Kernel.matern32(amplitude, length);
                case "matern52" -> Kernel.matern52(amplitude, length);
                default -> throw new IllegalArgumentException("kernel must be matern12, matern32 or matern52, got '"
                        + kernel + "'");
            };
        }

        /**
         * The synthetic survey: field within rMax (plus {@code regionClouds} dense clouds in {@link #REGION}), stars out
         * to rMax over the whole sky, followed by {@code targetedStars} stars in {@link #REGION} at 100..600 pc; both
         * with relative parallax errors uniform in [minParallaxError, maxParallaxError].
         */
        public SyntheticSurvey survey() {
            SyntheticDust base = SyntheticDust.standard(seed, clouds, rMax);
            List<SyntheticDust.Cloud> all = new ArrayList<>(base.clouds());
            SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
            for (int c = 0; c < regionClouds; c++) {
                double l = Math.toRadians(REGION.lMin() + 5 + (REGION.lMax() - REGION.lMin() - 10) * random.nextDouble());
                double b = Math.toRadians(REGION.bMin() + 4 + (REGION.bMax() - REGION.bMin() - 8) * random.nextDouble());
                double d = 200 + 250 * random.nextDouble();
                all.add(new SyntheticDust.Cloud(d * Math.cos(b) * Math.cos(l), d * Math.cos(b) * Math.sin(l),
                        d * Math.sin(b), 25, 1e-2));
            }
            SyntheticDust field = regionClouds == 0 ? base : new SyntheticDust(base.rho0(), base.scaleHeight(), all);
            SyntheticSurvey.Settings sky = SyntheticSurvey.Settings.of(stars, rMax, seed + 1)
                    .withParallaxErrors(minParallaxError, maxParallaxError);
            SyntheticSurvey survey = SyntheticSurvey.observe(field, sky);
            if (targetedStars == 0) {
                return survey;
            }
            SyntheticSurvey.Settings region = SyntheticSurvey.Settings.of(targetedStars, rMax, seed + 2)
                    .withParallaxErrors(minParallaxError, maxParallaxError)
                    .withDistances(REGION_MIN_DISTANCE, REGION_MAX_DISTANCE);
            return SyntheticSurvey.concat(survey, SyntheticSurvey.observe(field, region, REGION));
        }

        /** The reconstruction of a survey. */
        public DustReconstruction reconstruction(SyntheticSurvey survey, MgviListener listener) {
            return reconstruction(survey.catalog(), "synthetic seed " + seed, listener);
        }

        /** The reconstruction of a catalog with this case's grid, kernel and inference settings. */
        public DustReconstruction reconstruction(StarCatalog catalog, String source, MgviListener listener) {
            return DustReconstruction.builder().grid(grid()).kernel(icrKernel()).catalog(catalog, source)
                    .samples(samples).globalIterations(iterations)
                    .minimizer(NewtonSettings.DEFAULT.withMaxSteps(newtonSteps).withMaxForcing(forcing))
                    .sampling(CgSettings.DEFAULT.withRelativeTolerance(sampleTolerance)
                            .withMaxIterations(sampleMaxIterations)).seed(mgviSeed)
                    .newtonCurvature(newtonCurvature).dtype(dtype).listener(listener).build();
        }
    }

    /**
     * The command-line arguments {@code key=value} as an insertion-ordered, modifiable map (a later key replaces an
     * earlier one), for {@link Case#parse} and the other mains that build a case.
     *
     * @throws IllegalArgumentException naming an argument without '='
     */
    public static Map<String, String> arguments(String... args) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String a : args) {
            String[] p = a.split("=", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            kv.put(p[0], p[1]);
        }
        return kv;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> kv = arguments(args);
        String name = kv.getOrDefault("case", "small");
        Case base = switch (name) {
            case "small" -> Case.small();
            case "targeted" -> Case.targeted();
            default -> throw new IllegalArgumentException("case must be small or targeted, got '" + name + "'");
        };
        Case c = base.parse(kv);
        Path out = kv.containsKey("out") ? Path.of(kv.get("out")) : null;
        boolean fits = Boolean.parseBoolean(kv.getOrDefault("fits", "false"));
        System.out.println(c);
        long t0 = System.nanoTime();
        SyntheticSurvey survey = c.survey();
        System.out.printf(Locale.ROOT, "survey: %d stars, %s (%.2f s)%n", survey.catalog().size(), survey.field(),
                (System.nanoTime() - t0) * 1e-9);
        DustReconstruction rec = c.reconstruction(survey, progress());
        System.out.println(rec.grid() + ", " + Parallel.threads() + " threads");
        DustResult result = rec.run();
        System.out.println(result.priorReport());
        DustResult.Timings t = result.timings();
        System.out.printf(Locale.ROOT, "time: setup %.2f s, MGVI %.2f s, statistics %.2f s, total %.2f s%n",
                t.setup().toMillis() / 1e3, t.inference().toMillis() / 1e3, t.statistics().toMillis() / 1e3,
                t.total().toMillis() / 1e3);
        System.out.printf(Locale.ROOT, "scl %.3f +- %.3f, off %.3f +- %.3f, all samples converged: %s%n",
                result.scale().mean(), result.scale().std(), result.offset().mean(), result.offset().std(),
                result.allSamplesConverged());
        long t1 = System.nanoTime();
        ValidationMetrics.Truth truth = ValidationMetrics.Truth.of(result.grid(), survey);
        ValidationMetrics m = ValidationMetrics.evaluate(result, survey, truth);
        System.out.printf(Locale.ROOT, "truth and metrics: %.2f s%n", (System.nanoTime() - t1) * 1e-9);
        System.out.print(m.toMarkdown());
        if (out != null) {
            Files.createDirectories(out);
            ValidationOutput.write(out, result, survey, truth, m);
            if (fits) {
                result.writeFits(out);
            }
            System.out.println("wrote " + out);
        }
    }

    /** Prints one line per global iteration: KL, steps, stop reason, CG iterations of samples and Newton steps. */
    static MgviListener progress() {
        return e -> {
            if (e instanceof MgviEvent.IterationFinished f) {
                var r = f.report();
                int sampleCg = r.samples().stream().mapToInt(org.dust4j.mgvi.CgResult::iterations).sum();
                int sampleMax = r.samples().stream().mapToInt(org.dust4j.mgvi.CgResult::iterations).max().orElse(0);
                int newtonCg = r.minimizer().steps().stream().mapToInt(s -> s.cg().iterations()).sum();
                System.out.printf(Locale.ROOT, "iteration %d: KL %.1f -> %.1f in %d steps (%s); CG iterations: samples"
                        + " %d (at most %d per pair), Newton %d; samples converged: %s; %.1f s%n", f.iteration(),
                        r.minimizer().initialEnergy(), r.minimizer().finalEnergy(), r.minimizer().steps().size(),
                        r.minimizer().reason(), sampleCg, sampleMax, newtonCg, r.unconvergedSamples().isEmpty(),
                        f.elapsed().toMillis() / 1e3);
            }
        };
    }
}
