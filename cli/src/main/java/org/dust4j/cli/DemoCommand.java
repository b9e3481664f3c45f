package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dust4j.cli.plot.Panels;
import org.dust4j.core.Backend;
import org.dust4j.core.BackendUnavailableException;
import org.dust4j.core.Backends;
import org.dust4j.io.fits.CatalogConfig;
import org.dust4j.io.fits.CatalogReader;
import org.dust4j.io.fits.StarCatalog;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dust4j demo}: generates a synthetic star catalog from a known 3D dust field, reconstructs it with both
 * methods (ICR + MGVI on a HEALPix × log-distance grid, inducing points + AdamW in an l, b, d region), writes the
 * FITS products and PNG figures, and reports how close each reconstruction is to the truth.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Reconstruct a synthetic dust field with both methods and compare with the truth.",
        description = {"Draws a known 3D dust field (an exponential disk with Gaussian clouds) and a catalog of stars "
                + "observed through it (parallaxes and extinctions with noise), writes the catalog, reconstructs it "
                + "with ICR + MGVI (all-sky HEALPix x log-distance grid) and with inducing points + AdamW (the region "
                + "50 < l < 90 deg, -10 < b < 10 deg, 100 < d < 600 pc), writes the FITS products and PNG figures, "
                + "and prints per method the correlation of the true and reconstructed log density, the fraction of "
                + "cells whose truth lies within one posterior standard deviation, and the median relative error of "
                + "the extinction to the stars.",
            "", "Progress goes to standard error; the summary to standard output."},
        footer = {"", "Examples:", "  dust4j demo", "  dust4j demo --quick --output /tmp/demo --seed 7"})
final class DemoCommand implements Callable<Integer> {
    /** The backends --backend accepts. */
    enum BackendChoice {
        cpu, cuda, auto
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "dust4j-demo",
            description = "Directory for the catalog, products, figures and metrics (created if missing; earlier "
                    + "demo files in it are replaced). Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the field, the catalog and both fits (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", paramLabel = "cpu|cuda|auto", defaultValue = "auto",
            description = "Backend of both fits: cpu, cuda, or auto (default: a GPU when one is usable, "
                    + "else the CPU).")
    BackendChoice backend;

    @Option(names = "--quick", description = "A smaller, faster run (coarser ICR grid, fewer stars and iterations).")
    boolean quick;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliFiles.requireOutputDirectory(output, "--output");
        Backend compute;
        try {
            compute = switch (backend) {
                case cpu -> Backends.cpu();
                case cuda -> Backends.get("cuda");
                case auto -> Backends.best();
            };
        } catch (BackendUnavailableException e) {
            err.println("dust4j demo: --backend " + backend + ": " + e.getMessage());
            err.flush();
            return Dust4j.EXIT_UNAVAILABLE;
        }
        DemoSettings settings = quick ? DemoSettings.quick() : DemoSettings.standard();
        Path dir = output.toAbsolutePath().normalize();
        Path figures = dir.resolve("figures");
        Path icrDir = dir.resolve("icr");
        Path inducingDir = dir.resolve("inducing");
        for (Path d : List.of(figures, icrDir, inducingDir)) {
            CliFiles.createOutputDirectory(d, "--output");
        }
        long start = System.nanoTime();
        List<Path> files = new ArrayList<>();
        log(err, "%s run, seed %d, both fits on %s; writing into %s", settings.name(), seed,
                compute.description(), dir);

        DemoData data = DemoData.generate(settings, seed);
        Path catalogFile = dir.resolve("catalog.csv");
        Path fieldFile = dir.resolve("truth_clouds.csv");
        data.writeCatalog(catalogFile);
        data.writeField(fieldFile);
        files.add(catalogFile);
        files.add(fieldFile);
        StarCatalog catalog = CatalogReader.read(catalogFile, CatalogConfig.defaults());
        log(err, "truth: %s; catalog of %d stars (%d all-sky out to %s pc, %d toward %s) written and read back",
                data.field(), catalog.size(), catalog.size() - data.targetedStars(),
                Numbers.compact(settings.rMax()), data.targetedStars(), DemoData.REGION);

        long t0 = System.nanoTime();
        DemoIcr icr = DemoIcr.run(settings, data, catalog, catalogFile.getFileName().toString(), seed,
                compute, new MgviProgress(Progress.auto("icr+mgvi", err)));
        files.addAll(icr.write(icrDir, figures));
        double icrSeconds = seconds(t0);
        DemoMetrics icrMetrics = DemoMetrics.of(icr.comparison());
        log(err, "ICR + MGVI done in %.1f s: %s", icrSeconds, icrMetrics.describe());

        long t1 = System.nanoTime();
        InducingProgress listener = new InducingProgress(Progress.auto("inducing", err), settings.adamIterations());
        DemoInducing inducing = DemoInducing.run(settings, data, catalog, seed, compute, listener);
        listener.finish(inducing.fit());
        files.addAll(inducing.write(inducingDir, figures));
        double inducingSeconds = seconds(t1);
        DemoMetrics inducingMetrics = DemoMetrics.of(inducing.comparison());
        log(err, "inducing points done in %.1f s: %s", inducingSeconds, inducingMetrics.describe());

        files.addAll(DemoFigures.ifDrawable(() -> List.of(
                DemoFigures.write(DemoFigures.convergence(IcrFigures.energyCurves(icr.result()), inducing.fit().elbo()),
                        1400, 480, "Convergence", figures.resolve("convergence.png")),
                DemoFigures.write(Panels.row(
                        DemoFigures.histogram("ICR + MGVI (voxels of the data region)", icr.comparison()),
                        DemoFigures.histogram("inducing points (cells of the prediction grid)", inducing.comparison())),
                        1300, 600, "True against reconstructed log10 density",
                        figures.resolve("true_vs_reconstructed.png")))));
        Path metricsFile = dir.resolve("metrics.csv");
        DemoMetrics.writeCsv(metricsFile, List.of("icr+mgvi", "inducing"), List.of(icrMetrics, inducingMetrics),
                new double[] {icrSeconds, inducingSeconds});
        files.add(metricsFile);

        out.printf(Locale.ROOT, "dust4j demo (%s, seed %d): %d stars, truth %s%n", settings.name(), seed,
                catalog.size(), data.field());
        out.println();
        out.println("ICR + MGVI (Edenhofer et al. 2024) on the CPU: " + icr.describe());
        out.printf(Locale.ROOT, "  %.1f s; %s%n", icrSeconds, icrMetrics.describe());
        out.println("inducing points + AdamW (Dharmawardena et al. 2022) on " + compute.name() + ": "
                + inducing.describe());
        out.printf(Locale.ROOT, "  %.1f s; %s%n", inducingSeconds, inducingMetrics.describe());
        out.println();
        out.println("how close to the truth:");
        out.print(DemoMetrics.table(List.of("ICR + MGVI", "inducing points"), List.of(icrMetrics, inducingMetrics)));
        out.println();
        out.println("files in " + dir + ":");
        for (Path f : files) {
            out.printf(Locale.ROOT, "  %-42s %s%n", dir.relativize(f), CliFiles.describeSize(f));
        }
        out.printf(Locale.ROOT, "total %s%n", Progress.formatDuration(Duration.ofNanos(System.nanoTime() - start)));
        out.flush();
        return Dust4j.EXIT_OK;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) * 1e-9;
    }

    private static void log(PrintWriter err, String format, Object... args) {
        err.println("dust4j demo: " + String.format(Locale.ROOT, format, args));
        err.flush();
    }

}
