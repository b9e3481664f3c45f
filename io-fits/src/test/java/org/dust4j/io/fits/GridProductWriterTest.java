package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridProductWriterTest {
    @TempDir
    Path dir;

    @Test
    void cartesianCubeHasWcsAndNumpyOrder() throws Exception {
        Grid3D grid = Grid3D.cartesian(new Grid3D.Axis(5, -20, 20), new Grid3D.Axis(3, -10, 10),
                new Grid3D.Axis(2, 0, 4));
        SliceSource f = (s, k, out) -> {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 5; i++) {
                    out[i + 5 * j] = grid.axis(1).at(i) + 100 * grid.axis(2).at(j) + 10000 * grid.axis(3).at(k);
                }
            }
        };
        Path file = dir.resolve("box.fits");
        GridProductWriter.write(file, grid, List.of(new GridProductWriter.Cube("MEAN", f)), "mag / pc",
                DType.FLOAT64, HealpixMapWriterTest.PROVENANCE);
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(2, hdus.length);
            Header h = hdus[1].getHeader();
            assertEquals("MEAN", h.getStringValue("EXTNAME"));
            assertEquals(List.of("X", "Y", "Z"), List.of(h.getStringValue("CTYPE1"), h.getStringValue("CTYPE2"),
                    h.getStringValue("CTYPE3")));
            assertEquals("pc", h.getStringValue("CUNIT1"));
            assertEquals(-20.0, h.getDoubleValue("CRVAL1"));
            assertEquals(10.0, h.getDoubleValue("CDELT1"));
            assertEquals(1.0, h.getDoubleValue("CRPIX1"));
            assertEquals(4.0, h.getDoubleValue("CDELT3"));
            assertEquals("dust4j test", h.getStringValue("CREATOR"));
            double[][][] data = (double[][][]) hdus[1].getKernel();
            assertEquals(2, data.length);
            assertEquals(3, data[0].length);
            assertEquals(5, data[0][0].length);
            assertEquals(20 + 100 * 10 + 10000 * 4, data[1][2][4]);
            assertEquals(-20 - 100 * 10, data[0][0][0]);
        }
    }

    @Test
    void lbdPercentilesReferenceLatitudeZero() throws Exception {
        Grid3D grid = Grid3D.lbd(new Grid3D.Axis(4, 180, -180), new Grid3D.Axis(3, 10, 30),
                new Grid3D.Axis(2, 100, 200));
        Path file = dir.resolve("p.fits");
        SliceSource c = (s, k, out) -> java.util.Arrays.fill(out, k + 1);
        GridProductWriter.writePercentiles(file, grid, c, c, c, "mag / pc", DType.FLOAT32,
                HealpixMapWriterTest.PROVENANCE);
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(4, hdus.length);
            for (int i = 1; i <= 3; i++) {
                assertEquals(GridProductWriter.PERCENTILE_NAMES.get(i - 1), hdus[i].getHeader().getStringValue("EXTNAME"));
            }
            Header h = hdus[2].getHeader();
            assertEquals(50, h.getIntValue("PERCENT"));
            assertEquals("GLAT-CAR", h.getStringValue("CTYPE2"));
            assertEquals(0.0, h.getDoubleValue("CRVAL2"));
            // b(pixel 1) = 10 => CRPIX2 = 1 - 10 / 10 = 0
            assertEquals(0.0, h.getDoubleValue("CRPIX2"));
            assertEquals(-120.0, h.getDoubleValue("CDELT1"), 1e-12);
            float[][][] data = (float[][][]) hdus[2].getKernel();
            assertArrayEquals(new float[] {2, 2, 2, 2}, data[1][0]);
        }
        assertThrows(IllegalArgumentException.class, () -> GridProductWriter.writePercentiles(file,
                Grid3D.cartesian(new Grid3D.Axis(1, 0, 0), new Grid3D.Axis(1, 0, 0), new Grid3D.Axis(1, 0, 0)), null,
                null, null, "u", DType.FLOAT32, HealpixMapWriterTest.PROVENANCE));
    }

    @Test
    void badLbdAxesAreNamedInPlainWords() {
        Grid3D.Axis l = new Grid3D.Axis(5, 50, 90);
        Grid3D.Axis d = new Grid3D.Axis(6, 100, 600);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Grid3D.lbd(l, new Grid3D.Axis(5, -100, 10), d));
        assertEquals("latitudes must be within [-90, 90], got -100.0 .. 10.0 (5 points)", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Grid3D.lbd(l, new Grid3D.Axis(1, 0, 0), new Grid3D.Axis(6, -100, 600)));
        assertEquals("distances must be >= 0, got -100.0 .. 600.0 (6 points)", e.getMessage());
    }

    @Test
    void cartesianPointsMapToGalacticCoordinates() {
        Grid3D grid = Grid3D.cartesian(new Grid3D.Axis(3, -1, 1), new Grid3D.Axis(3, -1, 1), new Grid3D.Axis(1, 2, 2));
        double[] l = new double[9];
        double[] b = new double[9];
        double[] d = new double[9];
        grid.lbdOfPlane(0, l, b, d);
        // (x, y) = (0, 1): towards l = 90; (x, y) = (1, 0): l = 0; (0, 0): b = 90
        assertEquals(90.0, l[1 + 3 * 2], 1e-12);
        assertEquals(0.0, l[2 + 3 * 1], 1e-12);
        assertEquals(90.0, b[1 + 3 * 1], 1e-12);
        assertEquals(Math.sqrt(6), d[2 + 3 * 2], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Grid3D.Axis(2, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Grid3D.lbd(new Grid3D.Axis(1, 0, 0), new Grid3D.Axis(2, 0, 91), new Grid3D.Axis(1, 1, 1)));
    }
}
