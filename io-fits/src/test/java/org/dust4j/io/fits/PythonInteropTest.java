package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.dust4j.core.DType;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads dust4j's products with astropy and healpy (Debian: apt-get update && apt-get install -y python3-astropy
 * python3-healpy) through check_products.py, which checks the HDU rules of the dustmaps reader, the NEST pixel
 * layout, the query semantics and the grid WCS. Skipped with a message when no python3 with those modules exists.
 */
class PythonInteropTest {
    static final String INSTALL = "apt-get update && apt-get install -y python3-astropy python3-healpy";

    @TempDir
    Path dir;

    /** $DUST4J_PYTHON, python3 on the PATH, /usr/bin/python3: the first that imports astropy, healpy and numpy. */
    static String findPython() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("DUST4J_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import astropy, healpy, numpy").redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not installed under this name: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Test
    void astropyAndHealpyReadOurProducts() throws Exception {
        String python = findPython();
        if (python == null && "1".equals(System.getenv("DUST4J_REQUIRE_PYTHON_CHECKS"))) {
            throw new AssertionError("DUST4J_REQUIRE_PYTHON_CHECKS=1 but no python3 with astropy, healpy and numpy was"
                    + " found; install with: " + INSTALL);
        }
        Assumptions.assumeTrue(python != null, "SKIPPED: no python3 with astropy, healpy and numpy found "
                + "($DUST4J_PYTHON, python3, /usr/bin/python3); install with: " + INSTALL);

        int nside = 4;
        ShellGeometry g = ShellGeometry.logSpaced(nside, 6, 42.5, 600);
        int npix = g.npix();
        HealpixGrid grid = HealpixGrid.of(nside, Ordering.NEST);
        long[] pixels = new long[npix];
        for (int p = 0; p < npix; p++) {
            pixels[p] = p;
        }
        double[] lon = new double[npix];
        double[] lat = new double[npix];
        grid.pix2lonLat(pixels, lon, lat);
        double[] layout = new double[npix];
        for (int p = 0; p < npix; p++) {
            layout[p] = 1.0 + lon[p] / 360.0 + 2.0 * (lat[p] + 90.0) / 180.0;
        }
        SliceSource mean = (s, shell, out) -> {
            for (int p = 0; p < npix; p++) {
                out[p] = layout[p] * (shell == 0 ? 1.0 : 1.0 + 0.3 * Math.sin(0.7 * shell + 0.05 * p)) * 1e-3;
            }
        };
        SliceSource std = (s, shell, out) -> {
            mean.fill(0, shell, out);
            for (int p = 0; p < npix; p++) {
                out[p] *= 0.2;
            }
        };
        Provenance provenance = Provenance.of("{\"nside\": 4, \"shells\": 6, \"test\": \"python interop\"}",
                20240117L);
        // shell 0 must be exactly the layout function: scale it back
        SliceSource meanScaled = (s, shell, out) -> {
            mean.fill(s, shell, out);
            if (shell == 0) {
                System.arraycopy(layout, 0, out, 0, npix);
            }
        };
        Path meanFile = dir.resolve("mean_and_std_healpix.fits");
        HealpixMapWriter.write(meanFile, HealpixProduct.meanAndStd(g, meanScaled, std, provenance).withInner(42.5,
                (s, sh, out) -> {
                    for (int p = 0; p < npix; p++) {
                        out[p] = 0.05 + 1e-4 * p;
                    }
                }, (s, sh, out) -> java.util.Arrays.fill(out, 0.01)));
        int samples = 3;
        Path samplesFile = dir.resolve("samples_healpix.fits");
        HealpixMapWriter.write(samplesFile, HealpixProduct.samples(g, samples, (s, shell, out) -> {
            meanScaled.fill(0, shell, out);
            for (int p = 0; p < npix; p++) {
                out[p] *= (0.8 + 0.2 * s) * (1 + 0.1 * Math.sin(p + s + shell));
            }
        }, provenance).withInner(42.5, (s, sh, out) -> {
            for (int p = 0; p < npix; p++) {
                out[p] = (0.04 + 1e-4 * p) * (1 + s);
            }
        }, null));

        Random random = new Random(11);
        int n = 300;
        double[] l = new double[n];
        double[] b = new double[n];
        double[] d = new double[n];
        double[] centers = g.centers();
        for (int i = 0; i < n; i++) {
            l[i] = -180 + 540 * random.nextDouble();
            b[i] = i % 50 == 0 ? (i % 100 == 0 ? 90 : -90) : -90 + 180 * random.nextDouble();
            d[i] = i % 7 == 0 ? centers[i % centers.length] : 20 + 700 * random.nextDouble();
        }
        try (HealpixDustMap density = HealpixDustMap.open(meanFile, HealpixDustMap.Options.density());
                HealpixDustMap integrated = HealpixDustMap.open(meanFile, HealpixDustMap.Options.integratedExtinction())) {
            writeCsv(dir.resolve("queries.csv"), List.of("l", "b", "d", "mean", "std", "int_mean"), l, b, d,
                    density.query(l, b, d, HealpixDustMap.Mode.MEAN), density.query(l, b, d, HealpixDustMap.Mode.STD),
                    integrated.query(l, b, d, HealpixDustMap.Mode.MEAN));
            Grid3D box = Grid3D.cartesian(new Grid3D.Axis(9, -300, 300), new Grid3D.Axis(9, -300, 300),
                    new Grid3D.Axis(5, -100, 100));
            MapResampler.write(density, box, dir.resolve("box.fits"), DType.FLOAT32, provenance);
            Grid3D lbd = Grid3D.lbd(new Grid3D.Axis(8, 180, -180), new Grid3D.Axis(5, -60, 60),
                    new Grid3D.Axis(4, 60, 400));
            MapResampler.write(density, lbd, dir.resolve("lbd.fits"), DType.FLOAT32, provenance);
            SliceSource p50 = MapResampler.planes(density, lbd, HealpixDustMap.Mode.MEAN);
            GridProductWriter.writePercentiles(dir.resolve("percentiles.fits"), lbd, scaled(p50, 0.5), p50,
                    scaled(p50, 2.0), "mag / pc", DType.FLOAT32, provenance);
        }
        try (HealpixDustMap density = HealpixDustMap.open(samplesFile, HealpixDustMap.Options.density().withSeed(3));
                HealpixDustMap integrated = HealpixDustMap.open(samplesFile,
                        HealpixDustMap.Options.integratedExtinction())) {
            double[][] all = density.querySamples(l, b, d);
            List<String> names = new ArrayList<>(List.of("l", "b", "d", "mean", "std", "random", "int_mean",
                    "int_std"));
            List<double[]> columns = new ArrayList<>(List.of(l, b, d, density.query(l, b, d, HealpixDustMap.Mode.MEAN),
                    density.query(l, b, d, HealpixDustMap.Mode.STD),
                    density.query(l, b, d, HealpixDustMap.Mode.RANDOM_SAMPLE),
                    integrated.query(l, b, d, HealpixDustMap.Mode.MEAN),
                    integrated.query(l, b, d, HealpixDustMap.Mode.STD)));
            for (int s = 0; s < samples; s++) {
                names.add("s" + s);
                double[] column = new double[n];
                for (int i = 0; i < n; i++) {
                    column[i] = all[i][s];
                }
                columns.add(column);
            }
            writeCsv(dir.resolve("sample_queries.csv"), names, columns.toArray(double[][]::new));
        }

        Path script = dir.resolve("check_products.py");
        try (var in = getClass().getResourceAsStream("check_products.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(python, script.toString(), dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(300, TimeUnit.SECONDS);
        System.out.println(output);
        assertEquals(true, finished, "check_products.py did not finish");
        assertEquals(0, p.exitValue(), "check_products.py reported failures:\n" + output);
    }

    private static SliceSource scaled(SliceSource source, double factor) {
        return (s, k, out) -> {
            source.fill(s, k, out);
            for (int i = 0; i < out.length; i++) {
                out[i] *= factor;
            }
        };
    }

    private static void writeCsv(Path file, List<String> names, double[]... columns) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println(String.join(",", names));
            for (int i = 0; i < columns[0].length; i++) {
                StringBuilder row = new StringBuilder();
                for (int c = 0; c < columns.length; c++) {
                    if (c > 0) {
                        row.append(',');
                    }
                    row.append(Double.isNaN(columns[c][i]) ? "nan" : Double.toString(columns[c][i]));
                }
                w.println(row);
            }
        }
    }
}
