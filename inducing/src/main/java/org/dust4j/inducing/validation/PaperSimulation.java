package org.dust4j.inducing.validation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.inducing.FitResult;
import org.dust4j.inducing.GridAxis;
import org.dust4j.inducing.InducingConfig;
import org.dust4j.inducing.InducingFitter;
import org.dust4j.inducing.IterationEvent;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.Prediction;
import org.dust4j.inducing.Predictor;
import org.dust4j.inducing.ProgressListener;
import org.dust4j.inducing.SampleSummary;
import org.dust4j.io.fits.Provenance;

/**
 * The paper's simulated test (Dharmawardena et al. 2022, Sect. 4) at full size or reduced: a background of
 * 1.6e-3 mag/pc with three Gaussian clumps (σ = 25 pc, peak 1e-2 mag/pc above the background) at random positions
 * in l 50..90 deg, b −10..10 deg, d 180..500 pc; stars uniform in space in the region l 40..100 deg, b −20..20 deg,
 * d 100..600 pc (with ghost cells over 0..100 pc in front), 10 % Gaussian extinction noise; fit, predict and
 * compare with {@link SimulationMetrics}.
 *
 * <p>Command (after {@code mvn -B -q -pl inducing -am package -DskipTests}):
 * <pre>
 * java -Xmx8g -cp core/target/classes:io-fits/target/classes:inducing/target/classes:$HOME/.m2/repository/gov/nasa/gsfc/heasarc/nom-tam-fits/1.21.1/nom-tam-fits-1.21.1.jar \
 *     org.dust4j.inducing.validation.PaperSimulation full target/paper-simulation
 * </pre>
 * writes elbo.csv (one row per iteration), elbo.png, metrics.txt and the density and extinction FITS cubes.
 */
public final class PaperSimulation {
    /**
     * The size of a run.
     *
     * @param trainingCells   cells in l, b, d of the training grid
     * @param predictionCells cells in l, b, d of the prediction grid
     * @param inducingPoints  number of inducing points
     * @param samples         Monte-Carlo samples per iteration
     * @param stars           number of stars
     * @param maxIterations   iteration cap
     * @param tolerance       relative ELBO spread that stops the fit (0: run to the cap)
     * @param predictionSamples posterior samples for the predictions
     * @param seed            seed of the field, the stars and the fit
     */
    public record Settings(int[] trainingCells, int[] predictionCells, int inducingPoints, int samples, int stars,
                           int maxIterations, double tolerance, int predictionSamples, long seed) {
        /** The paper's size: 120 000 stars, training grid 20 × 20 × 35, 1000 inducing points, 100 × 100 × 105. */
        public static Settings full() {
            return new Settings(new int[] {20, 20, 35}, new int[] {100, 100, 105}, 1000, 32, 120_000, 1000, 0.01, 100,
                    7);
        }

        /** A reduced run for continuous integration: 3000 stars, 10 × 10 × 20, 150 inducing points, 600 iterations. */
        public static Settings reduced() {
            return new Settings(new int[] {10, 10, 20}, new int[] {20, 20, 40}, 150, 16, 3000, 600, 0, 50, 7);
        }
    }

    /**
     * The outcome of a run.
     *
     * @param fit        the fit
     * @param events     the progress event of every iteration
     * @param prediction the prediction on the prediction grid
     * @param metrics    the comparison with the truth
     */
    public record Result(FitResult fit, List<IterationEvent> events, Prediction prediction, SimulationMetrics metrics) {
    }

    private PaperSimulation() {
    }

    /** The training grid of the test region: l 40..100 (linear), b −20..20 (sine), d 100..600 pc, 2 ghost cells. */
    public static LbdGrid trainingGrid(int[] cells) {
        return LbdGrid.of(cells[0], 40, 100, cells[1], -20, 20, cells[2], 100, 600).withGhostCells(2, 0);
    }

    /** The prediction grid: the same region with linear axes and 4 ghost cells. */
    public static LbdGrid predictionGrid(int[] cells) {
        return LbdGrid.of(GridAxis.linear(cells[0], 40, 100), GridAxis.linear(cells[1], -20, 20),
                GridAxis.linear(cells[2], 100, 600)).withGhostCells(4, 0);
    }

    /** The simulated field of the test. */
    public static SimulatedField field(long seed) {
        return SimulatedField.paper(3, 25, 1e-2, seed);
    }

    /** The configuration of a run: initial c = log10 1.6e-3, α = 0.3, γ = 40 pc, defaults otherwise. */
    public static InducingConfig config(Settings s, DType dtype) {
        return InducingConfig.builder(trainingGrid(s.trainingCells())).predictionGrid(predictionGrid(s.predictionCells()))
                .inducingPoints(s.inducingPoints()).samples(s.samples()).meanLog10Density(Math.log10(1.6e-3))
                .amplitude(0.3).lengthScales(40, 40, 40).maxIterations(s.maxIterations())
                .stopping(s.tolerance(), 10, 10).predictionSamples(s.predictionSamples()).seed(s.seed()).dtype(dtype)
                .build();
    }

    /** Simulates, fits, predicts and evaluates. */
    public static Result run(Settings s, DType dtype, Backend backend, ProgressListener listener) {
        SimulatedField field = field(s.seed());
        InducingConfig config = config(s, dtype);
        SimulatedField.SimulatedStars sim = field.stars(config.trainingGrid(), s.stars(), 0.1, s.seed() + 1);
        List<IterationEvent> events = new ArrayList<>();
        FitResult fit = InducingFitter.fit(config, sim.stars(), backend, e -> {
            events.add(e);
            listener.onIteration(e);
        });
        Prediction prediction = Predictor.predict(fit.posterior(), backend);
        SampleSummary stars = Predictor.starExtinctions(fit.posterior(), sim.stars(), s.predictionSamples(),
                Predictor.predictionSeed(config), backend);
        SimulationMetrics metrics = SimulationMetrics.evaluate(field, sim, stars, prediction,
                fit.posterior().hyperparameters());
        return new Result(fit, List.copyOf(events), prediction, metrics);
    }

    /** Writes one row per iteration: iteration, ELBO, expected log-likelihood, KL, c, α, γ_x, γ_y, γ_z, seconds. */
    public static void writeElboCsv(List<IterationEvent> events, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("iteration,elbo,expected_log_likelihood,kl,c,alpha,gamma_x,gamma_y,gamma_z,seconds");
            for (IterationEvent e : events) {
                double[] g = e.hyperparameters().lengthScales();
                w.printf(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f,%.4f,%.4f,%.3f%n", e.iteration(), e.elbo(),
                        e.expectedLogLikelihood(), e.kl(), e.hyperparameters().meanLog10Density(),
                        e.hyperparameters().amplitude(), g[0], g[1], g[2], e.elapsedSeconds());
            }
        }
    }

    /**
     * Runs the test and writes its outputs.
     *
     * @param args {@code full} or {@code reduced}, the output directory, then optionally {@code float32},
     *             {@code tolerance=X} (stopping tolerance, 0 runs to the cap) and {@code iterations=N} (cap)
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("full") || args[0].equals("reduced"))) {
            System.err.println("usage: PaperSimulation full|reduced OUTPUT_DIR [float32] [tolerance=X] [iterations=N]");
            System.exit(2);
        }
        Settings s = args[0].equals("full") ? Settings.full() : Settings.reduced();
        DType dtype = DType.FLOAT64;
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("float32")) {
                dtype = DType.FLOAT32;
            } else if (args[i].startsWith("tolerance=")) {
                s = new Settings(s.trainingCells(), s.predictionCells(), s.inducingPoints(), s.samples(), s.stars(),
                        s.maxIterations(), Double.parseDouble(args[i].substring(10)), s.predictionSamples(), s.seed());
            } else if (args[i].startsWith("iterations=")) {
                s = new Settings(s.trainingCells(), s.predictionCells(), s.inducingPoints(), s.samples(), s.stars(),
                        Integer.parseInt(args[i].substring(11)), s.tolerance(), s.predictionSamples(), s.seed());
            } else {
                System.err.println("unknown argument " + args[i]);
                System.exit(2);
            }
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Backend backend = Backends.defaultBackend();
        System.out.println("backend " + backend.description() + ", " + dtype + ", " + args[0]);
        long t0 = System.nanoTime();
        Result r = run(s, dtype, backend, e -> {
            if (e.iteration() % 10 == 0) {
                System.out.printf(Locale.ROOT, "iteration %d  ELBO %.1f  KL %.1f  %s  %.1f s%n", e.iteration(), e.elbo(),
                        e.kl(), e.hyperparameters(), e.elapsedSeconds());
            }
        });
        double total = (System.nanoTime() - t0) * 1e-9;
        writeElboCsv(r.events(), out.resolve("elbo.csv"));
        ElboPlot.write(r.events(), out.resolve("elbo.png"));
        InducingConfig config = r.fit().posterior().config();
        Provenance provenance = Provenance.of(config.describe(), config.seed());
        r.prediction().writeDensity(out.resolve("density.fits"), DType.FLOAT32, provenance);
        r.prediction().writeExtinction(out.resolve("extinction.fits"), DType.FLOAT32, provenance);
        String report = String.format(Locale.ROOT, "%s run: %d iterations (%s) in %.1f s fitting, %.1f s in total%n%s%n%s",
                args[0], r.fit().iterations(), r.fit().stopReason(), r.fit().seconds(), total,
                r.fit().posterior().hyperparameters(), r.metrics().report());
        Files.writeString(out.resolve("metrics.txt"), report);
        System.out.print(report);
    }
}
