package org.dust4j.cli;

import static org.dust4j.cli.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    @TempDir
    Path dir;

    private static void assertContains(TestFiles.Run r, String... parts) {
        assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());
        for (String p : parts) {
            assertTrue(r.out().contains(p), "expected '" + p + "' in:\n" + r.out());
        }
    }

    @Test
    void meanAndStdMap() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        assertContains(run("info", map.toString()),
                "format: FITS, 7 HDUs", "MEAN", "STD.", "RADIAL PIXEL CENTERS", "RADIAL PIXEL BOUNDARIES",
                "MEAN OF INTEGRATED INNER 80 PC", "float64 image 48 x 4",
                "content: HEALPix x distance dust map, mean-and-std file",
                "nside: 2 (48 pixels per shell), ordering NEST, coordinate system G",
                "shells: 4, centres 100 .. 800 pc, boundaries 80 .. 1000 pc",
                "100 < d <= 800 pc", "samples: none", "std: STD. cube", "unit: mag / pc",
                "inner integral: within 80 pc (mean and std)",
                "query modes: density [mean, std], integrated extinction [mean]",
                "CREATOR  dust4j test", "DATE     2024-01-02T03:04:05", "D4JSEED  42",
                "D4JCONF  {\"run\": \"cli test\"}");
    }

    @Test
    void samplesMap() throws Exception {
        Path map = TestFiles.samples(dir.resolve("samples.fits"));
        assertContains(run("info", map.toString()),
                "content: HEALPix x distance dust map, samples file (3 samples)", "samples: 3",
                "std: from the samples", "float32 image 48 x 4 x 3", "inner integral: none",
                "query modes: density [mean, random-sample, samples, std], integrated extinction [mean, "
                        + "random-sample, samples, std]");
    }

    @Test
    void gridProductWrittenByInterp() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path box = dir.resolve("box.fits");
        assertEquals(Dust4j.EXIT_OK, run("interp", map.toString(), "--box=-600:600:200,-400:400:100,0:100:50",
                "-o", box.toString()).code());
        assertContains(run("info", box.toString()),
                "format: FITS, 3 HDUs", "content: resampled grid product (Cartesian box), cubes [MEAN, STD.], "
                        + "unit mag / pc",
                "axis 1 X        -600 .. 600 pc, 7 points, step 200", "axis 2 Y        -400 .. 400 pc, 9 points",
                "axis 3 Z        0 .. 100 pc, 3 points, step 50", "CREATOR  dust4j", "\"command\":\"interp\"");
        Path lbd = dir.resolve("lbd.fits");
        assertEquals(Dust4j.EXIT_OK, run("interp", map.toString(), "--lbd=180:-180:5,-60:60:3,150:750:4",
                "-o", lbd.toString()).code());
        assertContains(run("info", lbd.toString()), "(l, b, d grid)", "axis 1 GLON-CAR 180 .. -180 deg, 5 points",
                "axis 2 GLAT-CAR -60 .. 60 deg, 3 points, step 60", "axis 3 DIST     150 .. 750 pc, 4 points");
    }

    @Test
    void fitsCatalogWithUnitsAndAnInvalidRow() throws Exception {
        Path file = TestFiles.fitsTable(dir.resolve("stars.fits"), "STARS", new String[] {"l", "b", "parallax",
            "parallax_error", "extinction", "extinction_error"}, new String[] {"deg", "deg", "mas", "mas", "mag", "mag"},
            new double[] {10, 20, 30}, new double[] {1, 2, 95}, new double[] {1, 2, 3}, new double[] {0.1, 0.1, 0.1},
            new float[] {0.5f, 0.6f, 0.7f}, new float[] {0.05f, 0.05f, 0.05f});
        TestFiles.Run r = run("info", file.toString());
        assertContains(r, "content: binary table #1 'STARS', 3 rows, 6 columns", "parallax_error", "1D", "1E", "mas",
                "as a dust4j catalog: 2 stars usable; distances from parallaxes, extinction mean and error; read 3 "
                        + "rows, kept 2, dropped 1 (1 Galactic latitude outside [-90, 90] deg)",
                "provenance: none");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+extinction\\s+1E\\s+mag")), r.out());
    }

    @Test
    void csvCatalogAndPointsFiles() throws Exception {
        Path catalog = TestFiles.text(dir.resolve("stars.csv"), "# a catalog", "l,b,distance,distance_error,"
                + "extinction_p16,extinction_p50,extinction_p84", "1,2,300,10,0.1,0.2,0.3", "3,4,400,10,0.2,0.3,0.4");
        assertContains(run("info", catalog.toString()), "format: CSV text, 2 data rows, 7 columns, 1 comment lines",
                "columns: l, b, distance, distance_error, extinction_p16", "units: not stated in CSV",
                "as a dust4j catalog: 2 stars usable; distances from distances, extinction 16/50/84 percentiles");
        Path points = TestFiles.text(dir.resolve("points.csv"), "l,b,d", "1,2,300");
        TestFiles.Run r = run("info", points.toString());
        assertContains(r, "format: CSV text, 1 data rows, 3 columns", "as a dust4j catalog: not usable",
                "no distance information", "as query points: has columns l, b, d");
    }

    @Test
    void csvFromSpreadsheetsAndOlderTools() throws Exception {
        Path excel = dir.resolve("excel.csv"); // "CSV UTF-8": a byte-order mark; a Latin-1 name column
        Files.write(excel, TestFiles.bytes("\uFEFFl,b,d,parallax,parallax_error,extinction,extinction_error,name\r\n"
                + "1,2,300,3.3,0.1,0.5,0.05,caf\u00e9\r\n", java.nio.charset.StandardCharsets.ISO_8859_1));
        assertContains(run("info", excel.toString()), "format: CSV text, 1 data rows, 8 columns",
                "columns: l, b, d, parallax", "as a dust4j catalog: 1 stars usable", "as query points: has columns l, b, d");
    }

    @Test
    void jsonAndConfigurationFilesAreNamedNotReadAsCsv() throws Exception {
        Path json = dir.resolve("checkpoint.mgvi.model.json");
        Files.writeString(json, "{\n  \"grid\": {\"nside\": 4},\n  \"priors\": []\n}\n");
        assertContains(run("info", json.toString()), "format: JSON text, not a catalog or a map; keys: grid, priors");
        Path conf = dir.resolve("fit.conf");
        Files.writeString(conf, "# a fit\nmethod = icr\n\ncatalog = stars.csv\nicr.nside = 4\n");
        assertContains(run("info", conf.toString()), "format: dust4j fit configuration (key = value lines), not a"
                + " catalog or a map (use: dust4j fit --config " + conf + ")");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"a\": 1,\n");
        TestFiles.Run r = run("info", broken.toString());
        assertEquals(Dust4j.EXIT_USAGE, r.code(), r.toString());
    }

    @Test
    void missingBinaryAndTruncatedFilesAreUsageErrors() throws Exception {
        TestFiles.Run missing = run("info", dir.resolve("none.fits").toString());
        assertEquals(Dust4j.EXIT_USAGE, missing.code());
        assertTrue(missing.err().contains("FILE file not found"), missing.err());
        Path binary = dir.resolve("junk.bin");
        Files.write(binary, new byte[] {1, 2, 0, 3});
        TestFiles.Run junk = run("info", binary.toString());
        assertEquals(Dust4j.EXIT_USAGE, junk.code());
        assertTrue(junk.err().contains("neither a FITS file"), junk.err());
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        byte[] bytes = Files.readAllBytes(map);
        Path cut = dir.resolve("cut.fits");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 2880));
        // the FITS library's own warnings (with a stack trace on standard error) are not passed on
        List<java.util.logging.LogRecord> library = new ArrayList<>();
        java.util.logging.Handler recorder = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                library.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger fits = java.util.logging.Logger.getLogger("nom.tam.fits");
        fits.addHandler(recorder);
        TestFiles.Run truncated;
        try {
            truncated = run("info", cut.toString());
        } finally {
            fits.removeHandler(recorder);
        }
        assertEquals(Dust4j.EXIT_USAGE, truncated.code(), truncated.toString());
        assertTrue(truncated.err().contains("truncated"), truncated.err());
        assertEquals(List.of(), library.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
        assertEquals(Dust4j.EXIT_USAGE, run("info").code());
    }

    @Test
    void aMapWithoutItsRadialTablesIsListedThenRejected() throws Exception {
        Path file = dir.resolve("half.fits"); // the cube alone, as the primary HDU
        BasicHDU<?> image = Fits.makeHDU(new float[4][48]);
        image.getHeader().addValue("EXTNAME", "MEAN", null);
        image.getHeader().addValue("NSIDE", 2, null);
        image.getHeader().addValue("ORDERING", "NEST", null);
        try (Fits fits = new Fits()) {
            fits.addHDU(image);
            fits.write(file.toFile());
        }
        TestFiles.Run r = run("info", file.toString());
        assertEquals(Dust4j.EXIT_USAGE, r.code(), r.toString());
        assertTrue(r.out().contains("format: FITS, 1 HDU") && r.out().contains("MEAN"), r.out());
        assertTrue(r.err().contains("RADIAL PIXEL CENTERS"), r.err());
    }
}
