package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.dust4j.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealpixMapWriterTest {
    @TempDir
    Path dir;

    static final Provenance PROVENANCE =
            new Provenance("dust4j test", "{\"kernel\": \"matern\", \"note\": \"it's a test\"}", 42L,
                    java.time.Instant.parse("2024-01-02T03:04:05Z"));

    /** A smooth positive density: value(sample, shell, pixel). */
    static double density(int sample, int shell, long pixel) {
        return 1e-3 * (1.0 + 0.5 * Math.sin(0.37 * pixel + 0.11 * shell)) * (1.0 + 0.1 * sample) / (1.0 + 0.05 * shell);
    }

    static ShellGeometry geometry() {
        return ShellGeometry.logSpaced(2, 5, 50.0, 500.0);
    }

    static HealpixProduct meanStd(ShellGeometry g) {
        return HealpixProduct.meanAndStd(g, (s, shell, out) -> {
            for (int p = 0; p < out.length; p++) {
                out[p] = density(0, shell, p);
            }
        }, (s, shell, out) -> {
            for (int p = 0; p < out.length; p++) {
                out[p] = 0.3 * density(0, shell, p);
            }
        }, PROVENANCE).withInner(50.0, (s, shell, out) -> {
            for (int p = 0; p < out.length; p++) {
                out[p] = 0.01 + 1e-4 * p;
            }
        }, (s, shell, out) -> java.util.Arrays.fill(out, 0.002));
    }

    @Test
    void meanAndStdRoundTrip() throws Exception {
        ShellGeometry g = geometry();
        Path file = dir.resolve("mean_and_std_healpix.fits");
        HealpixMapWriter.write(file, meanStd(g));
        FitsLayout layout = FitsLayout.scan(file);
        assertEquals(List.of("#0", "MEAN", "STD.", "RADIAL PIXEL CENTERS", "RADIAL PIXEL BOUNDARIES",
                "MEAN OF INTEGRATED INNER 50 PC", "STD. OF INTEGRATED INNER 50 PC"), layout.names());
        assertEquals(0, layout.hdus().get(0).dataBytes());
        for (FitsLayout.Hdu h : layout.hdus()) {
            assertEquals("dust4j test", h.header().getStringValue("CREATOR"), h.label());
            assertEquals(42L, h.header().getLongValue("D4JSEED"), h.label());
        }
        FitsLayout.Hdu mean = layout.require("MEAN");
        assertEquals(-32, mean.header().getIntValue("BITPIX"));
        assertEquals(48, mean.header().getIntValue("NAXIS1"));
        assertEquals(5, mean.header().getIntValue("NAXIS2"));
        assertEquals("NEST", mean.header().getStringValue("ORDERING"));
        assertEquals(2, mean.header().getIntValue("NSIDE"));
        assertEquals("inner density integrated within 50pc",
                layout.require("MEAN OF INTEGRATED INNER 50 PC").header().getStringValue("CTYPE"));
        assertEquals("std. of inner density integrated within 50pc",
                layout.require("STD. OF INTEGRATED INNER 50 PC").header().getStringValue("CTYPE"));
        assertEquals("mag / pc", mean.header().getStringValue("CUNIT"));
        for (String inner : List.of("MEAN OF INTEGRATED INNER 50 PC", "STD. OF INTEGRATED INNER 50 PC")) {
            nom.tam.fits.Header h = layout.require(inner).header();
            assertEquals("mag", h.getStringValue("CUNIT"), inner + ": the density integrated over pc");
            assertEquals(1, java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(
                    h.iterator(), 0), false).filter(c -> "CUNIT".equals(c.getKey())).count(), inner);
        }

        try (HealpixMapFile m = HealpixMapFile.open(file)) {
            assertEquals(g, m.geometry());
            assertFalse(m.hasSamples());
            assertEquals(50.0, m.innerRadius().getAsDouble());
            assertEquals(HealpixProduct.DEFAULT_UNIT, m.unit());
            assertEquals(PROVENANCE, m.provenance().orElseThrow());
            for (int shell = 0; shell < 5; shell++) {
                for (int p = 0; p < 48; p++) {
                    assertEquals((float) density(0, shell, p), m.value(0, shell, p));
                    assertEquals((float) (0.3 * density(0, shell, p)), m.std(shell, p));
                }
            }
            assertEquals((float) (0.01 + 1e-4 * 7), m.inner(0, 7));
            assertEquals(0.002f, (float) m.innerStd(7));
            assertThrows(IndexOutOfBoundsException.class, () -> m.value(0, 5, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> m.value(0, 0, 48));
        }
    }

    @Test
    void samplesRoundTripInFloat64() throws Exception {
        ShellGeometry g = geometry();
        int n = 3;
        double[] flat = new double[n * g.shells() * g.npix()];
        for (int s = 0; s < n; s++) {
            for (int shell = 0; shell < g.shells(); shell++) {
                for (int p = 0; p < g.npix(); p++) {
                    flat[(s * g.shells() + shell) * g.npix() + p] = density(s, shell, p);
                }
            }
        }
        float[] inner = new float[n * g.npix()];
        for (int i = 0; i < inner.length; i++) {
            inner[i] = 0.02f + i * 1e-4f;
        }
        HealpixProduct product = HealpixProduct.samples(g, n, SliceSource.of(flat, g.shells()), PROVENANCE)
                .withInner(42.5, SliceSource.of(inner, 1), null).withDType(DType.FLOAT64).withUnit("E / pc");
        Path file = dir.resolve("samples_healpix.fits");
        HealpixMapWriter.write(file, product);
        FitsLayout layout = FitsLayout.scan(file);
        assertEquals(List.of("#0", "SAMPLES", "RADIAL PIXEL CENTERS", "RADIAL PIXEL BOUNDARIES",
                "INTEGRATED INNER 42.5 PC"), layout.names());
        assertEquals(-64, layout.require("SAMPLES").header().getIntValue("BITPIX"));
        assertEquals("E", layout.require("INTEGRATED INNER 42.5 PC").header().getStringValue("CUNIT"));
        try (HealpixMapFile m = HealpixMapFile.open(file)) {
            assertEquals(n, m.sampleCount());
            assertEquals("E / pc", m.unit());
            for (int s = 0; s < n; s++) {
                for (int shell = 0; shell < g.shells(); shell++) {
                    for (int p = 0; p < g.npix(); p++) {
                        assertEquals(density(s, shell, p), m.value(s, shell, p));
                    }
                }
                assertEquals(inner[s * g.npix() + 5], m.inner(s, 5));
            }
        }
    }

    @Test
    void failedWriteLeavesNoFile() throws Exception {
        ShellGeometry g = geometry();
        Path file = dir.resolve("broken.fits");
        HealpixProduct product = HealpixProduct.meanAndStd(g, (s, shell, out) -> {
            if (shell == 3) {
                throw new IOException("simulated failure in shell 3");
            }
        }, (s, shell, out) -> { }, PROVENANCE);
        IOException e = assertThrows(IOException.class, () -> HealpixMapWriter.write(file, product));
        assertTrue(e.getMessage().contains("shell 3"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "neither the target nor a temporary file may remain");
        }
        // an existing file is left untouched by a failed overwrite
        HealpixMapWriter.write(file, meanStd(g));
        byte[] before = Files.readAllBytes(file);
        assertThrows(IOException.class, () -> HealpixMapWriter.write(file, product));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void rejectsBadProducts() {
        ShellGeometry g = geometry();
        assertThrows(IllegalArgumentException.class, () -> new ShellGeometry(3, new double[] {1}, new double[] {0, 2}));
        assertThrows(IllegalArgumentException.class,
                () -> new ShellGeometry(2, new double[] {1, 0.5}, new double[] {0, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> meanStd(g).withInner(60.0, (s, sh, o) -> { },
                (s, sh, o) -> { }));
        assertThrows(IllegalArgumentException.class, () -> meanStd(g).withInner(40.0, (s, sh, o) -> { }, null));
        assertThrows(IllegalArgumentException.class, () -> meanStd(g).withDType(DType.INT32));
    }

    @Test
    void openRejectsForeignLayouts() throws Exception {
        Path table = TestTables.write(dir.resolve("t.fits"), "STARS",
                new TestTables.Column("x", new double[] {1}, null));
        FitsFormatException e = assertThrows(FitsFormatException.class, () -> HealpixMapFile.open(table));
        assertTrue(e.getMessage().contains("unrecognised binary table") && e.getMessage().contains("STARS"),
                e.getMessage());

        // a grid product (interp's or the inducing-point fit's cubes) is named as such
        Path cube = dir.resolve("density.fits");
        GridProductWriter.write(cube, Grid3D.lbd(new Grid3D.Axis(3, 50, 90), new Grid3D.Axis(2, -10, 10),
                new Grid3D.Axis(2, 100, 600)), List.of(new GridProductWriter.Cube("MEAN", (s, k, out) -> { }),
                new GridProductWriter.Cube("STD", (s, k, out) -> { })), "mag/pc", DType.FLOAT32, PROVENANCE);
        FitsFormatException g = assertThrows(FitsFormatException.class, () -> HealpixMapFile.open(cube));
        assertTrue(g.getMessage().contains("HDU #1 'MEAN' is a cube with WCS axes (CTYPE1 = 'GLON-CAR', no NSIDE),"
                + " a grid product"), g.getMessage());

        Path file = dir.resolve("m.fits");
        HealpixMapWriter.write(file, meanStd(geometry()));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.fits");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3000));
        FitsFormatException t = assertThrows(FitsFormatException.class, () -> HealpixMapFile.open(cut));
        assertTrue(t.getMessage().contains("truncated"), t.getMessage());

        String[][] patches = {
            {"ORDERING= 'NEST    '", "ORDERING= 'RING    '", "NEST"},
            {"NSIDE   =                    2", "NSIDE   =                    4", "numpy shape"},
            {"EXTNAME = 'STD.    '", "EXTNAME = 'STDX    '", "unrecognised HDU #2 'STDX'"},
            {"TTYPE1  = 'radial pixel centers'", "TTYPE1  = 'radial pixel centres'", "unrecognised binary table"},
        };
        for (String[] patch : patches) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(text.contains(patch[0]), patch[0]);
            Path bad = dir.resolve("patched.fits");
            Files.write(bad, text.replaceFirst(java.util.regex.Pattern.quote(patch[0]), patch[1])
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            FitsFormatException p = assertThrows(FitsFormatException.class, () -> HealpixMapFile.open(bad));
            assertTrue(p.getMessage().contains(patch[2]), p.getMessage());
        }
    }
}
