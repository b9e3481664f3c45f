package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.dust4j.core.DType;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Query results against direct computations on small maps. */
class HealpixDustMapTest {
    @TempDir
    Path dir;

    static final ShellGeometry G = new ShellGeometry(2, new double[] {100, 200, 400, 800},
            new double[] {80, 150, 300, 600, 1000});
    static final double[] SHELL = {0.004, 0.002, 0.001, 0.0005};
    static final double[] SHELL_STD = {0.001, 0.0008, 0.0004, 0.0001};
    static final double INNER = 0.05;
    static final double INNER_R = 80;

    /** A map that is constant on the sky in each shell, so any (l, b) sees exactly the shell values. */
    private Path skyConstant() throws Exception {
        Path file = dir.resolve("const.fits");
        HealpixProduct p = HealpixProduct.meanAndStd(G, (s, sh, out) -> java.util.Arrays.fill(out, SHELL[sh]),
                (s, sh, out) -> java.util.Arrays.fill(out, SHELL_STD[sh]), HealpixMapWriterTest.PROVENANCE)
                .withInner(INNER_R, (s, sh, out) -> java.util.Arrays.fill(out, INNER),
                        (s, sh, out) -> java.util.Arrays.fill(out, 0.01))
                .withDType(DType.FLOAT64);
        HealpixMapWriter.write(file, p);
        return file;
    }

    private static double logInterp(double[] values, double d) {
        double[] r = G.centers();
        for (int i = 1; i < r.length; i++) {
            if (d > r[i - 1] && d <= r[i]) {
                double t = (d - r[i - 1]) / (r[i] - r[i - 1]);
                return Math.exp((1 - t) * Math.log(values[i - 1]) + t * Math.log(values[i]));
            }
        }
        return Double.NaN;
    }

    @Test
    void densityMeanStdAndRadialRange() throws Exception {
        double[] d = {150, 100, 100.0001, 250, 799, 800, 800.0001, 50, Double.NaN, 1e9};
        double[] l = new double[d.length];
        double[] b = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            l[i] = 37.0 * i - 100;
            b[i] = -80 + 17.0 * i;
        }
        try (HealpixDustMap map = HealpixDustMap.open(skyConstant(), HealpixDustMap.Options.density())) {
            assertEquals(Set.of(HealpixDustMap.Mode.MEAN, HealpixDustMap.Mode.STD), map.modes());
            double[] mean = map.query(l, b, d, HealpixDustMap.Mode.MEAN);
            double[] std = map.query(l, b, d, HealpixDustMap.Mode.STD);
            for (int i = 0; i < d.length; i++) {
                assertEquals(logInterp(SHELL, d[i]), mean[i], 1e-15, "d = " + d[i]);
            }
            assertTrue(Double.isNaN(mean[1]), "d equal to the first centre is outside, as in dustmaps");
            assertEquals(SHELL[3], mean[5], 1e-15, "d equal to the last centre is inside");
            assertTrue(Double.isNaN(mean[6]) && Double.isNaN(mean[7]) && Double.isNaN(mean[8]));
            // std interpolates the variance linearly: at 250 pc, t = 0.25 between shells 1 and 2
            double var = 0.75 * SHELL_STD[1] * SHELL_STD[1] + 0.25 * SHELL_STD[2] * SHELL_STD[2];
            assertEquals(Math.sqrt(var), std[3], 1e-15);
            assertThrows(IllegalArgumentException.class, () -> map.querySamples(l, b, d));
            assertThrows(IllegalArgumentException.class,
                    () -> map.query(l, b, d, HealpixDustMap.Mode.RANDOM_SAMPLE));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> map.query(new double[] {0, 1}, new double[] {0, 91}, new double[] {1, 1},
                            HealpixDustMap.Mode.MEAN));
            assertTrue(e.getMessage().contains("point 1"), e.getMessage());
        }
    }

    @Test
    void integratedAddsInnerAndCumulates() throws Exception {
        double[] bounds = G.boundaries();
        double[] cum = new double[4];
        double sum = INNER;
        for (int i = 0; i < 4; i++) {
            sum += SHELL[i] * (bounds[i + 1] - bounds[i]);
            cum[i] = sum;
        }
        double[] d = {120, 300, 700};
        try (HealpixDustMap map = HealpixDustMap.open(skyConstant(),
                HealpixDustMap.Options.integratedExtinction())) {
            assertEquals(Set.of(HealpixDustMap.Mode.MEAN), map.modes());
            double[] got = map.query(new double[] {10, 200, 300}, new double[] {5, -30, 60}, d,
                    HealpixDustMap.Mode.MEAN);
            for (int i = 0; i < d.length; i++) {
                assertEquals(logInterp(cum, d[i]), got[i], 1e-15);
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> map.query(new double[] {1}, new double[] {1}, new double[] {300}, HealpixDustMap.Mode.STD));
            assertTrue(e.getMessage().contains("needs samples"), e.getMessage());
        }
    }

    @Test
    void pixelCentresReturnPixelValues() throws Exception {
        HealpixGrid grid = HealpixGrid.of(2, Ordering.NEST);
        int npix = G.npix();
        Path file = dir.resolve("pix.fits");
        SliceSource mean = (s, sh, out) -> {
            for (int p = 0; p < npix; p++) {
                out[p] = (1 + p) * SHELL[sh];
            }
        };
        HealpixMapWriter.write(file, HealpixProduct.meanAndStd(G, mean, mean, HealpixMapWriterTest.PROVENANCE));
        long[] pix = new long[npix];
        double[] l = new double[npix];
        double[] b = new double[npix];
        for (int p = 0; p < npix; p++) {
            pix[p] = p;
        }
        grid.pix2lonLat(pix, l, b);
        double[] d = new double[npix];
        java.util.Arrays.fill(d, 400);
        try (HealpixDustMap map = HealpixDustMap.open(file, HealpixDustMap.Options.density())) {
            double[] got = map.query(l, b, d, HealpixDustMap.Mode.MEAN);
            for (int p = 0; p < npix; p++) {
                assertEquals((float) ((1 + p) * SHELL[2]), got[p], 1e-9 * got[p], "pixel " + p);
            }
        }
    }

    @Test
    void samplesModes() throws Exception {
        int n = 4;
        double[] scale = {0.5, 1.0, 1.5, 3.0};
        Path file = dir.resolve("samples.fits");
        HealpixProduct p = HealpixProduct.samples(G, n, (s, sh, out) -> java.util.Arrays.fill(out, scale[s] * SHELL[sh]),
                HealpixMapWriterTest.PROVENANCE).withInner(INNER_R,
                        (s, sh, out) -> java.util.Arrays.fill(out, scale[s] * INNER), null).withDType(DType.FLOAT64);
        HealpixMapWriter.write(file, p);
        double[] l = {0, 90, 180};
        double[] b = {0, 45, -45};
        double[] d = {130, 300, 999};
        try (HealpixDustMap map = HealpixDustMap.open(file, HealpixDustMap.Options.density().withSeed(7))) {
            assertEquals(Set.of(HealpixDustMap.Mode.values()), map.modes());
            double[][] all = map.querySamples(l, b, d);
            assertEquals(3, all.length);
            assertEquals(n, all[0].length);
            double[] mean = map.query(l, b, d, HealpixDustMap.Mode.MEAN);
            double[] std = map.query(l, b, d, HealpixDustMap.Mode.STD);
            for (int i = 0; i < 2; i++) {
                double base = logInterp(SHELL, d[i]);
                double m = 0;
                for (int s = 0; s < n; s++) {
                    assertEquals(scale[s] * base, all[i][s], 1e-15);
                    m += scale[s] * base / n;
                }
                double ss = 0;
                for (int s = 0; s < n; s++) {
                    ss += Math.pow(scale[s] * base - m, 2) / n;
                }
                assertEquals(m, mean[i], 1e-15);
                assertEquals(Math.sqrt(ss), std[i], 1e-15);
            }
            assertTrue(Double.isNaN(mean[2]) && Double.isNaN(all[2][0]));
            double[] r = map.query(l, b, d, HealpixDustMap.Mode.RANDOM_SAMPLE);
            int chosen = -1;
            for (int s = 0; s < n; s++) {
                if (r[0] == all[0][s] && r[1] == all[1][s]) {
                    chosen = s;
                }
            }
            assertTrue(chosen >= 0, "random_sample must be one sample for all points");
            try (HealpixDustMap again = HealpixDustMap.open(file, HealpixDustMap.Options.density().withSeed(7))) {
                assertArrayEquals(r, again.query(l, b, d, HealpixDustMap.Mode.RANDOM_SAMPLE), "same seed, same draw");
            }
        }
        try (HealpixDustMap map = HealpixDustMap.open(file, HealpixDustMap.Options.integratedExtinction())) {
            double[][] all = map.querySamples(l, b, d);
            double[] bounds = G.boundaries();
            for (int s = 0; s < n; s++) {
                double[] cum = new double[4];
                double sum = scale[s] * INNER;
                for (int i = 0; i < 4; i++) {
                    sum += scale[s] * SHELL[i] * (bounds[i + 1] - bounds[i]);
                    cum[i] = sum;
                }
                assertEquals(logInterp(cum, d[1]), all[1][s], 1e-14);
            }
        }
    }

    @Test
    void resamplesOntoGrids() throws Exception {
        Path file = skyConstant();
        Path box = dir.resolve("box.fits");
        Grid3D grid = Grid3D.cartesian(new Grid3D.Axis(3, -300, 300), new Grid3D.Axis(2, -100, 100),
                new Grid3D.Axis(2, -50, 50));
        try (HealpixDustMap map = HealpixDustMap.open(file, HealpixDustMap.Options.density())) {
            MapResampler.write(map, grid, box, DType.FLOAT64, HealpixMapWriterTest.PROVENANCE);
        }
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits(box.toFile())) {
            nom.tam.fits.BasicHDU<?>[] hdus = fits.read();
            assertEquals(3, hdus.length);
            double[][][] cube = (double[][][]) hdus[1].getKernel();
            double r = Math.sqrt(300 * 300 + 100 * 100 + 50 * 50);
            assertEquals(logInterp(SHELL, r), cube[1][1][2], 1e-15);
            assertEquals(HealpixProduct.DEFAULT_UNIT, hdus[1].getHeader().getStringValue("CUNIT"));
        }
        try (HealpixDustMap map = HealpixDustMap.open(file, HealpixDustMap.Options.integratedExtinction())) {
            assertEquals("mag", MapResampler.unit(map));
        }
        assertTrue(Files.exists(box));
    }
}
