package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

import org.dust4j.io.fits.Grid3D;
import org.dust4j.io.fits.HealpixDustMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpCommandTest {
    @TempDir
    Path dir;

    /** The value of {@code mode} of the map at grid point (i, j, k), as HealpixDustMap answers it. */
    private static double expected(Path map, HealpixDustMap.Options options, HealpixDustMap.Mode mode, Grid3D grid,
            int i, int j, int k) throws Exception {
        double[] l = new double[grid.planeSize()];
        double[] b = new double[l.length];
        double[] d = new double[l.length];
        grid.lbdOfPlane(k, l, b, d);
        int at = i + grid.axis(1).n() * j;
        try (HealpixDustMap m = HealpixDustMap.open(map, options)) {
            return m.query(new double[] {l[at]}, new double[] {b[at]}, new double[] {d[at]}, mode)[0];
        }
    }

    @Test
    void boxFromOneAxisSpecHasMeanAndStdWithTheMapsValues() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path out = dir.resolve("box.fits");
        TestFiles.Run r = TestFiles.run("interp", map.toString(), "--box", "-600:600:200", "-o", out.toString());
        assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());
        assertTrue(r.err().contains("343 points"), r.err());
        Grid3D grid = GridSpec.box("-600:600:200");
        try (Fits fits = new Fits(out.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(3, hdus.length);
            Header mean = hdus[1].getHeader();
            assertEquals("MEAN", mean.getStringValue("EXTNAME"));
            assertEquals("STD.", hdus[2].getHeader().getStringValue("EXTNAME"));
            assertEquals(List.of(7L, 7L, 7L), List.of(mean.getLongValue("NAXIS1"), mean.getLongValue("NAXIS2"),
                    mean.getLongValue("NAXIS3")));
            assertEquals("X", mean.getStringValue("CTYPE1"));
            assertEquals(-600.0, mean.getDoubleValue("CRVAL1"));
            assertEquals(200.0, mean.getDoubleValue("CDELT3"));
            assertEquals("mag / pc", mean.getStringValue("CUNIT"));
            assertTrue(mean.getStringValue("D4JCONF").contains("\"grid\":\"box\""), mean.getStringValue("D4JCONF"));
            // valid JSON with the three axes, as core's Json writes it
            org.dust4j.core.json.JsonFields conf = org.dust4j.core.json.JsonFields.of(
                    org.dust4j.core.json.Json.parse(mean.getStringValue("D4JCONF")), "D4JCONF");
            assertEquals("interp", conf.string("command"));
            assertEquals(3, conf.objects("axes").size());
            float[][][] m = (float[][][]) hdus[1].getKernel();
            float[][][] s = (float[][][]) hdus[2].getKernel();
            // (x, y, z) = (200, -400, 0) -> d = 447 pc, inside; the Sun (0, 0, 0) and the corners are outside
            assertEquals((float) expected(map, HealpixDustMap.Options.density(), HealpixDustMap.Mode.MEAN, grid,
                    4, 1, 3), m[3][1][4]);
            assertEquals((float) expected(map, HealpixDustMap.Options.density(), HealpixDustMap.Mode.STD, grid,
                    4, 1, 3), s[3][1][4]);
            assertTrue(m[3][1][4] > 0);
            assertTrue(Float.isNaN(m[3][3][3]) && Float.isNaN(m[0][0][0]));
        }
    }

    @Test
    void lbdGridOfIntegratedExtinctionInFloat64() throws Exception {
        Path map = TestFiles.samples(dir.resolve("samples.fits"));
        Path out = dir.resolve("lbd.fits");
        String spec = "180:-180:5,-60:60:3,150:750:4";
        TestFiles.Run r = TestFiles.run("interp", map.toString(), "--lbd=" + spec, "--integrated", "--float64",
                "--output", out.toString());
        assertEquals(Dust4j.EXIT_OK, r.code(), r.toString());
        Grid3D grid = GridSpec.lbd(spec);
        try (Fits fits = new Fits(out.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            Header h = hdus[1].getHeader();
            assertEquals(List.of("GLON-CAR", "GLAT-CAR", "DIST"), List.of(h.getStringValue("CTYPE1"),
                    h.getStringValue("CTYPE2"), h.getStringValue("CTYPE3")));
            assertEquals("mag", h.getStringValue("CUNIT"), "integrated: density unit times pc");
            double[][][] m = (double[][][]) hdus[1].getKernel();
            double[][][] s = (double[][][]) hdus[2].getKernel();
            HealpixDustMap.Options o = HealpixDustMap.Options.integratedExtinction();
            for (int[] p : new int[][] {{0, 0, 0}, {2, 1, 2}, {4, 2, 3}, {1, 2, 1}}) {
                assertEquals(expected(map, o, HealpixDustMap.Mode.MEAN, grid, p[0], p[1], p[2]), m[p[2]][p[1]][p[0]]);
                assertEquals(expected(map, o, HealpixDustMap.Mode.STD, grid, p[0], p[1], p[2]), s[p[2]][p[1]][p[0]]);
            }
        }
    }

    @Test
    void badGridsAndFilesAreUsageErrorsWithoutOutput() throws Exception {
        Path map = TestFiles.meanAndStd(dir.resolve("map.fits"));
        Path out = dir.resolve("out.fits");
        record Case(List<String> args, String expected) {
        }
        List<Case> cases = List.of(
                new Case(List.of("--box", "-600:600:250"), "not a whole number of steps"),
                new Case(List.of("--box", "-600:600:0"), "axis x '-600:600:0': STEP must be a positive"),
                new Case(List.of("--box", "0:1:1,0:1"), "three comma-separated axes"),
                new Case(List.of("--box", "0:1:1,0:1,0:1:1"), "axis y '0:1' must have the form FIRST:LAST:STEP"),
                new Case(List.of("--box", "0:a:1"), "LAST 'a' is not a number"),
                new Case(List.of("--box", "0:0x10:1"), "LAST '0x10' is not a number"),
                new Case(List.of("--lbd", "0:10f:3,0:10:2,100:200:2"), "LAST '10f' is not a number"),
                new Case(List.of("--lbd", "0:10:3,0:10:2.5,100:200:2"), "axis b '0:10:2.5': COUNT must be a whole"),
                new Case(List.of("--lbd", "0:10:3,-95:10:2,100:200:2"), "--lbd: latitudes must be within"),
                new Case(List.of("--lbd", "0:10:3,0:10:1,100:200:2"), "a single point needs FIRST = LAST"),
                new Case(List.of("--lbd", "0:10:3,0:10:2"), "three comma-separated axes"),
                new Case(List.of("--box", "0:1:1", "--lbd", "0:1:2,0:1:2,1:2:2"), "mutually exclusive"),
                new Case(List.of(), "Missing required argument"));
        for (Case c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("interp", map.toString(), "-o", out.toString()));
            args.addAll(c.args());
            TestFiles.Run r = TestFiles.run(args.toArray(String[]::new));
            assertEquals(Dust4j.EXIT_USAGE, r.code(), args + "\n" + r);
            assertTrue(r.err().contains(c.expected()),
                    "expected '" + c.expected() + "' for " + args + " in: " + r.err());
            assertFalse(Files.exists(out));
        }
        TestFiles.Run missing = TestFiles.run("interp", dir.resolve("none.fits").toString(), "--box", "0:10:10",
                "-o", out.toString());
        assertEquals(Dust4j.EXIT_USAGE, missing.code(), missing.toString());
        assertTrue(missing.err().contains("MAP file not found"), missing.err());
        TestFiles.Run noOutput = TestFiles.run("interp", map.toString(), "--box", "0:10:10");
        assertEquals(Dust4j.EXIT_USAGE, noOutput.code());
        assertTrue(noOutput.err().contains("--output"), noOutput.err());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("map.fits"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
