package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dust4j.io.fits.TestTables.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogReaderTest {
    @TempDir
    Path dir;

    private Path parallaxTable(double[] plxArcsec, double[] b) throws Exception {
        int n = b.length;
        double[] l = new double[n];
        double[] err = new double[n];
        float[] ext = new float[n];
        float[] extErr = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = -10.0 + 7.0 * i; // negative longitudes wrap into [0, 360)
            err[i] = 0.1 + 0.01 * i;
            ext[i] = 0.5f + i;
            extErr[i] = 0.05f;
        }
        return TestTables.write(dir.resolve("stars.fits"), "STARS",
                new Column("L", l, "deg"), new Column("B", b, null), new Column("parallax", plxArcsec, "arcsec"),
                new Column("parallax_error", err, "mas"), new Column("extinction", ext, "mag"),
                new Column("extinction_error", extErr, ""));
    }

    @Test
    void readsFitsInChunksWithUnitConversion() throws Exception {
        int n = 10;
        double[] plx = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            plx[i] = 0.001 * (i + 1);
            b[i] = -45 + 10 * i;
        }
        Path file = parallaxTable(plx, b);
        StarCatalog one = CatalogReader.read(file, CatalogConfig.builder().chunkRows(3).build());
        StarCatalog all = CatalogReader.read(file, CatalogConfig.defaults());
        assertEquals(one, all);
        assertEquals(n, all.size());
        assertEquals(StarCatalog.DistanceKind.PARALLAX, all.distanceKind());
        for (int i = 0; i < n; i++) {
            assertEquals(1.0 * (i + 1), all.parallax()[i], 1e-12, "arcsec -> mas");
            assertEquals(0.1 + 0.01 * i, all.parallaxError()[i], 1e-15);
            assertEquals(b[i], all.b()[i]);
            assertEquals(0.5 + i, all.extinction()[i], 1e-6);
        }
        assertEquals(350.0, all.l()[0], 1e-12);
        assertEquals(4.0, all.l()[2], 1e-12);
        assertEquals(ValidationReport.allKept(n), all.report());
        assertFalse(all.hasPercentiles());
        assertThrows(IllegalStateException.class, all::distance);
    }

    @Test
    void readsDistancesInKpcAndAppliesScalingAndNulls() throws Exception {
        double[] l = {10, 20, 30};
        double[] b = {1, 2, 3};
        short[] distRaw = {100, 200, -1}; // scaled: kpc = raw * 0.01 + 0.5; -1 is TNULL
        double[] distErr = {0.01, 0.02, 0.03};
        double[] ext = {0.1, 0.2, 0.3};
        double[] extErr = {0.01, 0.01, 0.01};
        Path file = TestTables.write(dir.resolve("dist.fits"), null, new Column("l", l, null),
                new Column("b", b, null),
                new Column("dist", distRaw, "kpc", TestTables.cards("TSCAL", 0.01, "TZERO", 0.5, "TNULL", -1)),
                new Column("dist_err", distErr, "kpc"), new Column("extinction", ext, null),
                new Column("extinction_error", extErr, null));
        CatalogConfig config = CatalogConfig.builder().column(CatalogColumn.DISTANCE, "DIST")
                .column(CatalogColumn.DISTANCE_ERROR, "dist_err").invalidRows(CatalogConfig.InvalidRows.DROP).build();
        StarCatalog c = CatalogReader.read(file, config);
        assertEquals(StarCatalog.DistanceKind.DISTANCE, c.distanceKind());
        assertArrayEquals(new double[] {1500, 2500}, c.distance(), 1e-9);
        assertArrayEquals(new double[] {10, 20}, c.distanceError(), 1e-9);
        assertEquals(1, c.report().dropped(InvalidReason.NOT_FINITE));

        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, config.toBuilder().invalidRows(CatalogConfig.InvalidRows.FAIL).build()));
        assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("'dist'")
                && e.getMessage().contains("TNULL3"), e.getMessage());
    }

    @Test
    void failsNamingRowColumnAndReason() throws Exception {
        String header = "l,b,parallax,parallax_error,extinction,extinction_error\n";
        String[][] cases = {
            {"10,95,1,0.1,0.5,0.1", "data row 2 (line 4), column 'b'", "LATITUDE_OUT_OF_RANGE"},
            {"10,5,1,0,0.5,0.1", "data row 2 (line 4), column 'parallax_error'", "NON_POSITIVE_SIGMA"},
            {"10,5,1,0.1,abc,0.1", "data row 2 (line 4), column 'extinction'", "'abc'"},
            {"10,5,1,0.1,,0.1", "column 'extinction'", "NOT_FINITE"},
            {"10,5,inf,0.1,0.5,0.1", "column 'parallax'", "NOT_FINITE"},
            {"10,5,1,0.1,0.5,-2", "column 'extinction_error'", "NON_POSITIVE_SIGMA"},
        };
        for (String[] c : cases) {
            Path file = dir.resolve("bad.csv");
            Files.writeString(file, "# comment\n" + header + "1,2,1,0.1,0.3,0.1\n" + c[0] + "\n");
            CatalogException e = assertThrows(CatalogException.class,
                    () -> CatalogReader.read(file, CatalogConfig.defaults()));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains(c[2]), e.getMessage());
        }
    }

    @Test
    void negativeDistanceIsInvalid() throws Exception {
        Path file = dir.resolve("d.csv");
        Files.writeString(file, "l,b,distance,distance_error,extinction,extinction_error\n1,2,-100,10,0.3,0.1\n");
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("column 'distance'") && e.getMessage().contains("NON_POSITIVE_DISTANCE"),
                e.getMessage());
    }

    @Test
    void dropsInvalidRowsAndCountsPerReason() throws Exception {
        StringBuilder csv = new StringBuilder("l;b;plx;plx_err;A;A_err\n");
        csv.append("1;2;1;0.1;0.3;0.1\n");
        csv.append("1;91;1;0.1;0.3;0.1\n");
        csv.append("1;-90.5;1;0.1;0.3;0.1\n");
        csv.append("1;2;1;-0.1;0.3;0.1\n");
        csv.append("1;2;NaN;0.1;0.3;0.1\n");
        csv.append("1;2;1;0.1\n"); // ragged: 4 fields
        csv.append("\n# trailing comment\n");
        csv.append("\"3\";\"4\";2;0.2;0.6;0.2\n");
        Path file = dir.resolve("drop.csv");
        Files.writeString(file, csv);
        CatalogConfig config = CatalogConfig.builder().csvDelimiter(';').column(CatalogColumn.PARALLAX, "plx")
                .column(CatalogColumn.PARALLAX_ERROR, "PLX_ERR").column(CatalogColumn.EXTINCTION, "A")
                .column(CatalogColumn.EXTINCTION_ERROR, "A_err").unit(CatalogColumn.PARALLAX, "uas")
                .unit(CatalogColumn.PARALLAX_ERROR, "uas").invalidRows(CatalogConfig.InvalidRows.DROP).build();
        StarCatalog c = CatalogReader.read(file, config);
        assertEquals(2, c.size());
        assertArrayEquals(new double[] {0.001, 0.002}, c.parallax(), 1e-15);
        assertArrayEquals(new double[] {3, 4}, new double[] {c.l()[1], c.b()[1]});
        ValidationReport r = c.report();
        assertEquals(7, r.rowsRead());
        assertEquals(2, r.rowsKept());
        assertEquals(2, r.dropped(InvalidReason.LATITUDE_OUT_OF_RANGE));
        assertEquals(1, r.dropped(InvalidReason.NON_POSITIVE_SIGMA));
        assertEquals(1, r.dropped(InvalidReason.NOT_FINITE));
        assertEquals(1, r.dropped(InvalidReason.MALFORMED_ROW));
        assertTrue(r.toString().contains("dropped 5"), r.toString());
        // without DROP the ragged row fails the read, naming it
        CatalogConfig fail = CatalogConfig.builder().csvDelimiter(';').column(CatalogColumn.PARALLAX, "plx")
                .column(CatalogColumn.PARALLAX_ERROR, "PLX_ERR").column(CatalogColumn.EXTINCTION, "A")
                .column(CatalogColumn.EXTINCTION_ERROR, "A_err").build();
        Files.writeString(file, "l;b;plx;plx_err;A;A_err\n1;2;1;0.1;0.3;0.1\n1;2;1;0.1\n");
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.read(file, fail));
        assertTrue(e.getMessage().endsWith("data row 2 (line 3) has 4 fields, the header has 6"), e.getMessage());
    }

    @Test
    void readsPercentilesAsMedianAndHalfWidth() throws Exception {
        Path file = dir.resolve("p.csv");
        Files.writeString(file, "l,b,parallax,parallax_error,extinction_p16,extinction_p50,extinction_p84\n"
                + "1,2,1,0.1,0.2,0.3,0.6\n" + "1,2,1,0.1,0.5,0.4,0.6\n");
        CatalogConfig drop = CatalogConfig.builder().invalidRows(CatalogConfig.InvalidRows.DROP).build();
        StarCatalog c = CatalogReader.read(file, drop);
        assertTrue(c.hasPercentiles());
        assertEquals(1, c.size());
        assertEquals(0.3, c.extinction()[0]);
        assertEquals(0.2, c.extinctionError()[0], 1e-15);
        assertEquals(0.2, c.extinctionP16()[0]);
        assertEquals(0.6, c.extinctionP84()[0]);
        assertEquals(1, c.report().dropped(InvalidReason.PERCENTILES_NOT_ORDERED));
    }

    @Test
    void unitsAsAstropyWritesThem() throws Exception {
        // astropy writes µas as "10**-6 arcsec" in TUNITn; photometric errors often come in mmag
        Path fits = TestTables.write(dir.resolve("astropy.fits"), null, new Column("l", new double[] {1}, "deg"),
                new Column("b", new double[] {1}, "deg"), new Column("parallax", new double[] {2500}, "10**-6 arcsec"),
                new Column("parallax_error", new double[] {100}, "10^-6 arcsec"),
                new Column("extinction", new double[] {0.5}, "mag"),
                new Column("extinction_error", new double[] {30}, "mmag"));
        StarCatalog c = CatalogReader.read(fits, CatalogConfig.defaults());
        assertEquals(2.5, c.parallax()[0]);
        assertEquals(0.1, c.parallaxError()[0]);
        assertEquals(0.03, c.extinctionError()[0], 1e-17);
        assertEquals(1.0e3, Quantity.DISTANCE.factorFrom("10**3 pc"));
        assertEquals(1.0, Quantity.PARALLAX.factorFrom("10^(-3) arcsec")); // milliarcsec
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Quantity.PARALLAX.factorFrom("10**-6 pc"));
        assertTrue(e.getMessage().contains("'10**-6 pc'"), e.getMessage());
    }

    @Test
    void nonStandardFileUnitsCanBeIgnoredForTheConfiguredOnes() throws Exception {
        Path fits = TestTables.write(dir.resolve("odd.fits"), null, new Column("l", new double[] {1}, "Angle[deg]"),
                new Column("b", new double[] {2}, "deg"), new Column("parallax", new double[] {2.5}, "mas"),
                new Column("parallax_error", new double[] {0.1}, "mas"),
                new Column("extinction", new double[] {0.5}, "mag"),
                new Column("extinction_error", new double[] {0.03}, "mag"));
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.read(fits,
                CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("column 'l'") && e.getMessage().contains("'Angle[deg]'")
                && e.getMessage().contains("CatalogConfig.Builder.fileUnits(false), or catalog.file_units = false in a"
                + " dust4j fit configuration"), e.getMessage());
        StarCatalog c = CatalogReader.read(fits, CatalogConfig.builder().fileUnits(false).unit(CatalogColumn.L, "deg")
                .build());
        assertEquals(1.0, c.l()[0]);
        assertEquals(2.5, c.parallax()[0]);
        // ignored file units are ignored for every column: parallaxes in uas by the configuration
        StarCatalog uas = CatalogReader.read(fits, CatalogConfig.builder().fileUnits(false)
                .unit(CatalogColumn.PARALLAX, "uas").unit(CatalogColumn.PARALLAX_ERROR, "uas").build());
        assertEquals(0.0025, uas.parallax()[0], 1e-18);
    }

    @Test
    void missingColumnsAndBadUnitsAreNamed() throws Exception {
        Path file = dir.resolve("m.csv");
        Files.writeString(file, "l,b,parallax,extinction,extinction_error\n1,2,3,4,5\n");
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("no distance information")
                && e.getMessage().contains("parallax_error"), e.getMessage());
        CatalogException e2 = assertThrows(CatalogException.class, () -> CatalogReader.read(file,
                CatalogConfig.builder().distanceInput(CatalogConfig.DistanceInput.PARALLAX).build()));
        assertTrue(e2.getMessage().contains("no column named 'parallax_error'"), e2.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CatalogConfig.builder().unit(CatalogColumn.DISTANCE, "furlong"));

        Path fits = TestTables.write(dir.resolve("u.fits"), null, new Column("l", new double[] {1}, "deg"),
                new Column("b", new double[] {1}, "deg"), new Column("distance", new double[] {1}, "furlong"),
                new Column("distance_error", new double[] {1}, "pc"), new Column("extinction", new double[] {1}, null),
                new Column("extinction_error", new double[] {1}, null));
        CatalogException e3 = assertThrows(CatalogException.class,
                () -> CatalogReader.read(fits, CatalogConfig.defaults()));
        assertTrue(e3.getMessage().contains("'distance'") && e3.getMessage().contains("furlong"), e3.getMessage());
    }

    @Test
    void malformedCsvLinesAreNamed() throws Exception {
        Path file = dir.resolve("x.csv");
        Files.writeString(file, "l,b,parallax,parallax_error,extinction,extinction_error\n1,2,3\n");
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("3 fields"), e.getMessage());
        Files.writeString(file, "");
        assertThrows(CatalogException.class, () -> CatalogReader.read(file, CatalogConfig.defaults()));
    }

    @Test
    void csvAsSpreadsheetsWriteIt() throws Exception {
        // Excel's "CSV UTF-8": a byte-order mark before the first column name; Latin-1 text in an unused column
        String header = "l,b,parallax,parallax_error,extinction,extinction_error,name\r\n";
        Path file = dir.resolve("excel.csv");
        Files.write(file, concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                (header + "10,5,2,0.1,0.5,0.05,caf").getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xe9},
                "\r\n".getBytes(StandardCharsets.US_ASCII)));
        StarCatalog c = CatalogReader.read(file, CatalogConfig.defaults());
        assertEquals(1, c.size());
        assertEquals(10.0, c.l()[0]);
        // a byte that is not UTF-8 inside a number column fails that row and column, not the whole file
        Files.write(file, concat(header.getBytes(StandardCharsets.US_ASCII), "10,5,2".getBytes(
                StandardCharsets.US_ASCII), new byte[] {(byte) 0xb0}, ",0.1,0.5,0.05,x\n".getBytes(
                StandardCharsets.US_ASCII)));
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("data row 1 (line 2), column 'parallax'"), e.getMessage());
    }

    @Test
    void aFileWithAnotherSeparatorGetsAHint() throws Exception {
        Path file = dir.resolve("semicolon.csv"); // as spreadsheets write CSV where ',' is the decimal mark
        Files.writeString(file, "l;b;parallax;parallax_error;extinction;extinction_error\n10;5;2;0,1;0,5;0,05\n");
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("is the file separated by ';' rather than ','? Set the CSV delimiter:"
                + " CatalogConfig.Builder.csvDelimiter, or catalog.delimiter in a dust4j fit configuration"),
                e.getMessage());
        Files.writeString(file, "l\tb\tparallax\n");
        e = assertThrows(CatalogException.class, () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("separated by tab rather than ','"), e.getMessage());
    }

    @Test
    void unnamedColumnsAreNeverRead() throws Exception {
        Path file = dir.resolve("trailing.csv"); // every line ends in the delimiter, and an empty spreadsheet column
        Files.writeString(file, "l,b,,parallax,parallax_error,extinction,extinction_error,\n"
                + "10,5,,2,0.1,0.5,0.05,\n20,-5,x,4,0.2,0.6,0.05,\n");
        StarCatalog c = CatalogReader.read(file, CatalogConfig.defaults());
        assertEquals(2, c.size());
        assertEquals(4.0, c.parallax()[1]);
    }

    @Test
    void csvNumbersAreDecimalOnly() throws Exception {
        Path file = dir.resolve("java.csv");
        for (String plx : new String[] {"1.5f", "2d", "0x1p1", "Infinity"}) {
            Files.writeString(file, "l,b,parallax,parallax_error,extinction,extinction_error\n1,2," + plx
                    + ",0.1,0.3,0.1\n");
            CatalogException e = assertThrows(CatalogException.class,
                    () -> CatalogReader.read(file, CatalogConfig.defaults()), plx);
            assertTrue(e.getMessage().contains("column 'parallax'") && e.getMessage().contains("'" + plx + "'"),
                    e.getMessage());
        }
        Files.writeString(file, "l,b,parallax,parallax_error,extinction,extinction_error\n+1,-2,1.5E+0,1e-1,.3,3.E-1\n");
        StarCatalog c = CatalogReader.read(file, CatalogConfig.defaults());
        assertEquals(1.5, c.parallax()[0]);
        assertEquals(0.3, c.extinctionError()[0]);
    }

    @Test
    void compressedAndMisnamedFilesAreRecognised() throws Exception {
        Path csv = dir.resolve("stars.csv");
        Files.writeString(csv, "l,b,parallax,parallax_error,extinction,extinction_error\n1,2,1,0.1,0.3,0.1\n");
        Path gz = dir.resolve("stars.csv.gz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(csv));
        }
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(gz, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("gzip") && e.getMessage().contains(gz.toString()), e.getMessage());
        // a FITS table under another name is read as FITS, by its first card
        Path fits = parallaxTable(new double[] {0.002}, new double[] {5});
        Path dat = Files.copy(fits, dir.resolve("stars.dat"));
        assertEquals(1, CatalogReader.read(dat, CatalogConfig.defaults()).size());
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void duplicateColumnNamesMatterOnlyWhenUsed() throws Exception {
        Path file = dir.resolve("dup.csv");
        Files.writeString(file, "l,b,parallax,parallax_error,extinction,extinction_error,note,NOTE\n1,2,1,0.1,0.3,0.1,x,y\n");
        assertEquals(1, CatalogReader.read(file, CatalogConfig.defaults()).size());
        Files.writeString(file, "l,B,b,parallax,parallax_error,extinction,extinction_error\n1,2,2,1,0.1,0.3,0.1\n");
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("ambiguous"), e.getMessage());
    }

    @Test
    void corruptAndTruncatedFitsGiveClearErrors() throws Exception {
        double[] b = new double[200];
        double[] plx = new double[200];
        java.util.Arrays.fill(plx, 0.001);
        Path good = parallaxTable(plx, b);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.fits");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, 2880 * 2 + 100));
        FitsFormatException t = assertThrows(FitsFormatException.class,
                () -> CatalogReader.read(truncated, CatalogConfig.defaults()));
        assertTrue(t.getMessage().contains("truncated") && t.getMessage().contains("STARS"), t.getMessage());

        Path headerCut = dir.resolve("headercut.fits");
        Files.write(headerCut, java.util.Arrays.copyOf(bytes, 2880 + 800));
        FitsFormatException h = assertThrows(FitsFormatException.class,
                () -> CatalogReader.read(headerCut, CatalogConfig.defaults()));
        assertTrue(h.getMessage().contains("HDU #1"), h.getMessage());

        Path garbage = dir.resolve("garbage.fits");
        byte[] junk = new byte[5760];
        java.util.Arrays.fill(junk, (byte) 'x');
        Files.write(garbage, junk);
        FitsFormatException g = assertThrows(FitsFormatException.class,
                () -> CatalogReader.read(garbage, CatalogConfig.defaults()));
        assertTrue(g.getMessage().contains("FITS"), g.getMessage());

        Path tiny = dir.resolve("tiny.fits");
        Files.writeString(tiny, "SIMPLE");
        assertThrows(FitsFormatException.class, () -> CatalogReader.read(tiny, CatalogConfig.defaults()));

        IOException wrongHdu = assertThrows(FitsFormatException.class,
                () -> CatalogReader.read(good, CatalogConfig.builder().fitsHdu("NOPE").build()));
        assertTrue(wrongHdu.getMessage().contains("NOPE") && wrongHdu.getMessage().contains("STARS"));
    }

    @Test
    void nonScalarColumnIsRejected() throws Exception {
        Path file = TestTables.write(dir.resolve("v.fits"), null, new Column("l", new double[][] {{1, 2}}, null),
                new Column("b", new double[] {1}, null), new Column("parallax", new double[] {1}, null),
                new Column("parallax_error", new double[] {1}, null), new Column("extinction", new double[] {1}, null),
                new Column("extinction_error", new double[] {1}, null));
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogReader.read(file, CatalogConfig.defaults()));
        assertTrue(e.getMessage().contains("'l'") && e.getMessage().contains("2D"), e.getMessage());
    }

    @Test
    void programmaticCatalogsAreValidated() {
        StarCatalog c = StarCatalog.ofDistances(new double[] {-1}, new double[] {3}, new double[] {100},
                new double[] {5}, new double[] {0.2}, new double[] {0.1});
        assertEquals(359.0, c.l()[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StarCatalog.ofParallaxes(new double[] {1, 2}, new double[] {3, 4}, new double[] {1, 1},
                        new double[] {0.1, 0}, new double[] {0.2, 0.2}, new double[] {0.1, 0.1}));
        assertTrue(e.getMessage().contains("star 1") && e.getMessage().contains("PARALLAX_ERROR"), e.getMessage());
    }
}
