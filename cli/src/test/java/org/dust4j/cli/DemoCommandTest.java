package org.dust4j.cli;

import static org.dust4j.cli.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.dust4j.core.Backends;
import org.dust4j.io.fits.CatalogConfig;
import org.dust4j.io.fits.CatalogReader;
import org.dust4j.io.fits.HealpixMapFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;

/**
 * {@code dust4j demo --quick} end to end (about 10–20 s on two cores): every product exists and is readable, the
 * figures decode, and both reconstructions beat thresholds set from runs (see docs/cli.md, "Demo").
 */
class DemoCommandTest {
    private static final List<String> FIGURES = List.of("icr_sky_extinction.png", "icr_faceon.png",
            "icr_uncertainty.png", "inducing_slice.png", "inducing_uncertainty.png", "convergence.png",
            "true_vs_reconstructed.png");

    @TempDir
    Path dir;

    @Test
    void quickDemoWritesEveryProductAndRecoversTheTruth() throws IOException {
        Path out = dir.resolve("demo");
        TestFiles.Run r = run("demo", "--quick", "--seed", "1", "--backend", "cpu", "--output", out.toString());
        assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());

        // catalog: written, and read back as dust4j reads catalogs
        assertEquals(2300, CatalogReader.read(out.resolve("catalog.csv"), CatalogConfig.defaults()).size());
        assertTrue(Files.readAllLines(out.resolve("truth_clouds.csv")).size() > 40);
        // ICR + MGVI: release layout
        try (HealpixMapFile mean = HealpixMapFile.open(out.resolve("icr/mean_and_std_healpix.fits"));
                HealpixMapFile samples = HealpixMapFile.open(out.resolve("icr/samples_healpix.fits"))) {
            assertEquals(4, mean.geometry().nside());
            assertTrue(mean.hasStd());
            assertEquals(2, samples.sampleCount());
        }
        // inducing points: grid products with the five cubes
        for (String name : List.of("inducing/density.fits", "inducing/extinction.fits")) {
            try (Fits f = new Fits(out.resolve(name).toFile())) {
                BasicHDU<?>[] hdus = f.read();
                assertEquals(List.of("MEAN", "STD", "P16", "P50", "P84"),
                        List.of(hdus).subList(1, hdus.length).stream().map(h -> h.getHeader().getStringValue(
                                "EXTNAME")).toList(), name);
            } catch (nom.tam.fits.FitsException e) {
                throw new AssertionError(name + " does not read as FITS", e);
            }
        }
        for (String name : FIGURES) {
            BufferedImage image = ImageIO.read(out.resolve("figures").resolve(name).toFile());
            assertNotNull(image, name + " does not decode as PNG");
            assertTrue(image.getWidth() >= 1300 && image.getHeight() >= 400, name + " " + image.getWidth() + " x "
                    + image.getHeight());
        }

        // metrics: thresholds hold with margin for seeds 1-6 of the quick run (docs/cli.md, "Demo")
        Map<String, Map<String, Double>> m = metrics(out.resolve("metrics.csv"));
        Map<String, Double> icr = m.get("icr+mgvi");
        Map<String, Double> ind = m.get("inducing");
        assertTrue(icr.get("log_correlation") > 0.8, "ICR correlation " + icr);
        assertTrue(ind.get("log_correlation") > 0.6, "inducing correlation " + ind);
        assertTrue(ind.get("cloud_correlation") > 0.5, "inducing cloud correlation " + ind);
        assertCalibratedAndBetterThanTheDisk("ICR + MGVI", icr, 0.5);
        assertCalibratedAndBetterThanTheDisk("inducing points", ind, 0.1);

        // the report names both methods, the metrics table and every file
        assertTrue(r.out().contains("ICR + MGVI") && r.out().contains("inducing points + AdamW"), r.out());
        assertTrue(r.out().contains("how close to the truth:"), r.out());
        for (String name : FIGURES) {
            assertTrue(r.out().contains("figures/" + name), name + " in " + r.out());
        }
        assertTrue(r.err().contains("icr+mgvi") && r.err().contains("inducing"), "progress lines in " + r.err());
    }

    /**
     * A 1σ coverage between the minimum and 95 %, and a median extinction error to the stars below 20 % and below that
     * of the disk alone (the truth without its clouds).
     */
    private static void assertCalibratedAndBetterThanTheDisk(String method, Map<String, Double> m, double minCoverage) {
        assertTrue(m.get("coverage_1sigma") > minCoverage && m.get("coverage_1sigma") < 0.95, method + " coverage " + m);
        double error = m.get("median_relative_extinction_error");
        assertTrue(error < 0.2, method + " star error " + m);
        assertTrue(error < m.get("reference_median_relative_extinction_error"), method + " vs the disk alone " + m);
    }

    /** metrics.csv as method → column → value. */
    private static Map<String, Map<String, Double>> metrics(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        Map<String, Map<String, Double>> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Map<String, Double> row = new HashMap<>();
            for (int c = 1; c < header.length; c++) {
                row.put(header[c], Double.parseDouble(f[c]));
            }
            out.put(f[0], row);
        }
        assertEquals(2, out.size(), lines.toString());
        return out;
    }

    @Test
    void badOptionsAreUsageErrorsAndCreateNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        TestFiles.Run r = run("demo", "--quick", "--output", file.toString());
        assertEquals(Dust4j.EXIT_USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("is not a directory"), r.err());
        TestFiles.Run b = run("demo", "--backend", "tpu", "--output", dir.resolve("x").toString());
        assertEquals(Dust4j.EXIT_USAGE, b.code(), b.toString());
        TestFiles.Run s = run("demo", "--seed", "many", "--output", dir.resolve("x").toString());
        assertEquals(Dust4j.EXIT_USAGE, s.code(), s.toString());
        assertEquals(List.of(file), Files.list(dir).toList());
    }

    @Test
    void anUnavailableGpuIsExitThreeBeforeAnyWork() throws IOException {
        assumeFalse(Backends.providers().stream().anyMatch(p -> p.name().equals("cuda") && p.availability()
                .available()), "a CUDA device is present");
        TestFiles.Run r = run("demo", "--backend", "cuda", "--output", dir.resolve("x").toString());
        assertEquals(Dust4j.EXIT_UNAVAILABLE, r.code(), r.toString());
        assertTrue(r.err().contains("cuda"), r.err());
        assertEquals(List.of(), Files.list(dir).toList());
    }
}
