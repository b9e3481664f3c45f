package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dust4j.io.fits.HealpixDustMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryCommandTest {
    @TempDir
    Path dir;

    /** Points inside the radial range (100 < d <= 800 pc) and two outside (50 pc, 900 pc). */
    private static final double[] L = {0, 45.5, 123.25, 200, 359.9, 10, 20};
    private static final double[] B = {0, 30, -60.5, 89.9, -89.9, 5, -5};
    private static final double[] D = {150, 101, 399.5, 800, 250, 50, 900};

    private Path pointsCsv() throws Exception {
        String[] lines = new String[L.length + 2];
        lines[0] = "# query points";
        lines[1] = "name,d,B,l";
        for (int i = 0; i < L.length; i++) {
            lines[i + 2] = "\"star " + i + "\"," + D[i] + "," + B[i] + "," + L[i];
        }
        return TestFiles.text(dir.resolve("points.csv"), lines);
    }

    /** The table's rows after the header, each split into numbers. */
    private static double[][] table(String csv, List<String> expectedHeader) {
        List<String> lines = csv.lines().toList();
        assertEquals(String.join(",", expectedHeader), lines.get(0));
        return lines.stream().skip(1).map(s -> java.util.Arrays.stream(s.split(","))
                .mapToDouble(Double::parseDouble).toArray()).toArray(double[][]::new);
    }

    private static double[] column(double[][] rows, int c) {
        return java.util.Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
    }

    @Test
    void densityMeanAndStdEqualTheMapsAnswersWithNanOutside() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path points = pointsCsv();
        for (String mode : new String[] {"mean", "std"}) {
            TestFiles.Run r = TestFiles.run("query", map.toString(), "--input", points.toString(), "--mode", mode);
            assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());
            double[][] rows = table(r.out(), List.of("l", "b", "d", "density_" + mode));
            try (HealpixDustMap m = HealpixDustMap.open(map, HealpixDustMap.Options.density())) {
                double[] expected = m.query(L, B, D, HealpixDustMap.Mode.valueOf(mode.toUpperCase()));
                assertArrayEquals(expected, column(rows, 3), 0.0);
            }
            assertArrayEquals(L, column(rows, 0), 0.0);
            assertArrayEquals(B, column(rows, 1), 0.0);
            assertArrayEquals(D, column(rows, 2), 0.0);
            assertTrue(Double.isNaN(rows[5][3]) && Double.isNaN(rows[6][3]), "outside the radial range: NaN");
            assertFalse(Double.isNaN(rows[3][3]), "d = last centre is inside");
            assertTrue(r.err().contains("2 outside the map's radial range"), r.err());
        }
    }

    @Test
    void pointsFromSpreadsheetsAndOlderTools() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path points = dir.resolve("excel.csv"); // a byte-order mark before 'l', a Latin-1 name column
        Files.write(points, TestFiles.bytes("\uFEFFl,b,d,name\r\n10,5,300,caf\u00e9\r\n",
                java.nio.charset.StandardCharsets.ISO_8859_1));
        TestFiles.Run r = TestFiles.run("query", map.toString(), "--input", points.toString());
        assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());
        TestFiles.Run direct = TestFiles.run("query", map.toString(), "--l", "10", "--b", "5", "--d", "300");
        assertEquals(direct.out(), r.out());
        // a gzip-compressed points file is refused by name (it read as U+FFFD and failed with "no column 'l'")
        Path gz = dir.resolve("points.csv.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("l,b,d\n10,5,300\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        TestFiles.Run zipped = TestFiles.run("query", map.toString(), "--input", gz.toString());
        assertEquals(Dust4j.EXIT_USAGE, zipped.code(), zipped.toString());
        assertTrue(zipped.err().contains(gz + ": a gzip-compressed file"), zipped.err());
    }

    @Test
    void integratedExtinctionFromCommandLinePoints() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        TestFiles.Run r = TestFiles.run("query", map.toString(), "--l", "10,200.5", "--b", "5,-45", "--d", "120,700",
                "--integrated");
        assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());
        double[][] rows = table(r.out(), List.of("l", "b", "d", "extinction_mean"));
        try (HealpixDustMap m = HealpixDustMap.open(map, HealpixDustMap.Options.integratedExtinction())) {
            double[] expected = m.query(new double[] {10, 200.5}, new double[] {5, -45}, new double[] {120, 700},
                    HealpixDustMap.Mode.MEAN);
            assertArrayEquals(expected, column(rows, 3), 0.0);
            assertTrue(expected[1] > expected[0] && expected[0] > 0.05, "integrals grow from the inner 0.05");
        }
    }

    @Test
    void samplesRandomSampleAndStdOfASamplesFile() throws Exception {
        Path map = TestFiles.samples(dir.resolve("samples.fits"));
        Path points = pointsCsv();
        TestFiles.Run all = TestFiles.run("query", map.toString(), "-i", points.toString(), "--mode", "samples",
                "--integrated");
        assertEquals(Dust4j.EXIT_OK, all.code(), all.toString());
        double[][] rows = table(all.out(), List.of("l", "b", "d", "extinction_sample_0", "extinction_sample_1",
                "extinction_sample_2"));
        try (HealpixDustMap m = HealpixDustMap.open(map, HealpixDustMap.Options.integratedExtinction())) {
            double[][] expected = m.querySamples(L, B, D);
            for (int i = 0; i < L.length; i++) {
                assertArrayEquals(expected[i], java.util.Arrays.copyOfRange(rows[i], 3, 6), 0.0, "row " + i);
            }
        }
        TestFiles.Run std = TestFiles.run("query", map.toString(), "-i", points.toString(), "--mode", "std");
        try (HealpixDustMap m = HealpixDustMap.open(map, HealpixDustMap.Options.density())) {
            assertArrayEquals(m.query(L, B, D, HealpixDustMap.Mode.STD),
                    column(table(std.out(), List.of("l", "b", "d", "density_std")), 3), 0.0);
        }
        // random-sample: one sample for all points, the one the map draws with the same seed
        TestFiles.Run one = TestFiles.run("query", map.toString(), "-i", points.toString(), "--mode",
                "random-sample", "--seed", "7");
        assertEquals(Dust4j.EXIT_OK, one.code(), one.toString());
        // a seed with a mode that draws nothing is refused, not silently ignored
        TestFiles.Run seeded = TestFiles.run("query", map.toString(), "-i", points.toString(), "--mode", "std",
                "--seed", "7");
        assertEquals(Dust4j.EXIT_USAGE, seeded.code(), seeded.toString());
        assertTrue(seeded.err().contains("--seed 7 applies to --mode random-sample only; this query is --mode std"),
                seeded.err());
        double[] got = column(table(one.out(), List.of("l", "b", "d", "density_random_sample")), 3);
        try (HealpixDustMap m = HealpixDustMap.open(map, HealpixDustMap.Options.density().withSeed(7))) {
            assertArrayEquals(m.query(L, B, D, HealpixDustMap.Mode.RANDOM_SAMPLE), got, 0.0);
            double[][] each = m.querySamples(L, B, D);
            boolean matchesOne = false;
            for (int s = 0; s < TestFiles.SAMPLES; s++) {
                boolean all5 = true;
                for (int i = 0; i < 5; i++) {
                    all5 &= each[i][s] == got[i];
                }
                matchesOne |= all5;
            }
            assertTrue(matchesOne, "the random sample is one of the samples for all points");
        }
    }

    @Test
    void outputFileIsWrittenAtomicallyAndEqualsStandardOutput() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path points = pointsCsv();
        Path out = dir.resolve("out.csv");
        TestFiles.Run toFile = TestFiles.run("query", map.toString(), "-i", points.toString(), "-o", out.toString());
        TestFiles.Run toStdout = TestFiles.run("query", map.toString(), "-i", points.toString());
        assertEquals(Dust4j.EXIT_OK, toFile.code(), toFile.toString());
        assertEquals("", toFile.out());
        assertEquals(toStdout.out(), Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("map.fits", "out.csv", "points.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void badPointsNameTheRowAndColumnAndCreateNoOutput() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path out = dir.resolve("out.csv");
        record Case(String[] lines, String... expected) {
        }
        List<Case> cases = List.of(
                new Case(new String[] {"l,b,d", "1,2,300", "1,9x,300"}, "data row 2 (line 3)", "column 'b'",
                        "'9x' is not a number"),
                new Case(new String[] {"# c", "l,b,d", "1,2,300", "", "1,2,300", "1,95,300"}, "data row 3 (line 6)",
                        "column 'b'", "latitude 95.0"),
                new Case(new String[] {"l,b,d", "1,2,-5"}, "data row 1 (line 2)", "column 'd'", "distance -5.0"),
                new Case(new String[] {"l,b,d", "NaN,2,5"}, "data row 1 (line 2)", "column 'l'",
                        "'NaN' is not a number"),
                // Java's own number forms are not decimal numbers
                new Case(new String[] {"l,b,d", "1,2,1.5e2f"}, "column 'd'", "'1.5e2f' is not a number"),
                new Case(new String[] {"l,b,d", "1,0x1p3,5"}, "column 'b'", "'0x1p3' is not a number"),
                new Case(new String[] {"l,b,d", "1,2,"}, "data row 1 (line 2)", "column 'd'", "'' is not a number"),
                new Case(new String[] {"l,b,d", "1,2,3,4"}, "data row 1 (line 2)", "4 fields"),
                new Case(new String[] {"l,b,dist", "1,2,3"}, "no column 'd'"),
                new Case(new String[] {"l,b,d,L", "1,2,3,4"}, "column 'l' appears twice"));
        for (Case c : cases) {
            Path points = TestFiles.text(dir.resolve("bad.csv"), c.lines());
            TestFiles.Run r = TestFiles.run("query", map.toString(), "-i", points.toString(), "-o", out.toString());
            assertEquals(Dust4j.EXIT_USAGE, r.code(), r.toString());
            for (String e : c.expected()) {
                assertTrue(r.err().contains(e), "expected '" + e + "' in: " + r.err());
            }
            assertTrue(r.err().contains("bad.csv"), r.err());
            assertFalse(Files.exists(out), "no output file on failure");
        }
    }

    @Test
    void badCommandLinesAreUsageErrors() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path samples = TestFiles.samples(dir.resolve("samples.fits"));
        Path out = dir.resolve("out.csv");
        record Case(List<String> args, String expected) {
        }
        List<Case> cases = List.of(
                new Case(List.of(map.toString(), "--l", "1,2", "--b", "3", "--d", "100,200"), "same number"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "91", "--d", "100"),
                        "point 1 of the command line, option --b"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2,x", "--d", "100,200"),
                        "option --b, value 2: 'x' is not a number"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2", "--d", "300d"),
                        "option --d, value 1: '300d' is not a number"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2"), "missing: --d"),
                new Case(List.of(map.toString()), "missing: --l, --b, --d"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2", "--d", "3", "-i", "p.csv"),
                        "not both (got --input and --l, --b, --d)"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2", "--d", "300", "--mode", "median"),
                        "'median' is not a mode"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2", "--d", "300", "--mode", "samples"),
                        "--mode samples is not available"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2", "--d", "300", "--mode", "std",
                        "--integrated"), "[mean]"),
                new Case(List.of(samples.toString() + ".missing", "--l", "1", "--b", "2", "--d", "300"),
                        "MAP file not found"),
                new Case(List.of(map.toString(), "-i", dir.resolve("nope.csv").toString()),
                        "--input file not found"),
                new Case(List.of(map.toString(), "--l", "1", "--b", "2", "--d", "300", "-o",
                        dir.resolve("no/such/dir/out.csv").toString()), "does not exist"),
                new Case(List.of(dir.resolve("points.txt").toString(), "--l", "1", "--b", "2", "--d", "300"),
                        "not a FITS file"));
        TestFiles.text(dir.resolve("points.txt"), "l,b,d", "1,2,3");
        for (Case c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("query"));
            args.addAll(c.args());
            if (!args.contains("-o")) {
                args.addAll(List.of("-o", out.toString()));
            }
            TestFiles.Run r = TestFiles.run(args.toArray(String[]::new));
            assertEquals(Dust4j.EXIT_USAGE, r.code(), args + "\n" + r);
            assertTrue(r.err().contains(c.expected()),
                    "expected '" + c.expected() + "' for " + args + " in: " + r.err());
            assertFalse(Files.exists(out), "no output file on failure: " + args);
        }
    }
}
