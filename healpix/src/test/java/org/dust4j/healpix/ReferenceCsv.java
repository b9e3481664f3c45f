package org.dust4j.healpix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One healpy reference CSV from src/test/resources/healpix: a header and rows of fields. */
final class ReferenceCsv {
    /** Tolerance for angles, vector components and weights. */
    static final double TOL = 1e-12;

    /**
     * Tolerance for interpolation weights at nside: 1e-12, or healpy's own rounding noise where that is larger.
     * A weight is f·(θ − θ₁)/(θ₂ − θ₁) with ring spacing θ₂ − θ₁ ≥ 0.66/nside, so one ulp (≤ 4.45e-16) of a ring
     * colatitude θ₁ moves it by up to 6.7e-16·nside. Our ring colatitudes are correctly rounded; glibc's, which
     * healpy uses, are too except for about 0.03% (acos) and 0.2% (atan2) of the rings, where they differ by that
     * one ulp. Above nside 1024 such a ring makes healpy's weight differ from the exact one by more than 1e-12.
     */
    static double weightTolerance(long nside) {
        return Math.max(TOL, 7e-16 * nside);
    }

    /** The share of weight comparisons allowed to exceed {@link #TOL} (under {@link #weightTolerance}). */
    static final double MAX_SHARE_ABOVE_TOL = 0.01;

    final String name;
    final List<String> header;
    final List<String[]> rows;

    private ReferenceCsv(String name, List<String> header, List<String[]> rows) {
        this.name = name;
        this.header = header;
        this.rows = rows;
    }

    static ReferenceCsv load(String name) {
        InputStream in = ReferenceCsv.class.getResourceAsStream("/healpix/" + name);
        assertNotNull(in, "test resource /healpix/" + name + " is missing");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = Arrays.asList(r.readLine().split(","));
            List<String[]> rows = new ArrayList<>();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    String[] f = line.split(",");
                    assertEquals(header.size(), f.length, name + ": row " + rows.size() + " has the wrong width");
                    rows.add(f);
                }
            }
            return new ReferenceCsv(name, header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HealpixGrid grid(String nside, Ordering o) {
        return HealpixGrid.of(Long.parseLong(nside), o);
    }

    /** Rows nside, theta, phi, NEST pixel, RING pixel: both orderings must give exactly those pixels. */
    void assertAng2pixRows() {
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            double theta = Double.parseDouble(r[1]);
            double phi = Double.parseDouble(r[2]);
            assertEquals(Long.parseLong(r[3]), grid(r[0], Ordering.NEST).ang2pix(theta, phi), where(i));
            assertEquals(Long.parseLong(r[4]), grid(r[0], Ordering.RING).ang2pix(theta, phi), where(i));
        }
    }

    /**
     * Rows nside, pix, 8 neighbours of pix read as NEST, 8 neighbours of pix read as RING: both must match exactly.
     * Returns how many rows have a -1 (a pixel with only 7 neighbours).
     */
    int assertNeighbourRows() {
        int sevens = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            long pix = Long.parseLong(r[1]);
            long[] nest = longs(r[2]);
            assertArrayEquals(nest, grid(r[0], Ordering.NEST).neighbours(pix), where(i) + " NEST");
            assertArrayEquals(longs(r[3]), grid(r[0], Ordering.RING).neighbours(pix), where(i) + " RING");
            sevens += Arrays.stream(nest).anyMatch(p -> p == -1) ? 1 : 0;
        }
        return sevens;
    }

    static long[] longs(String field) {
        return Arrays.stream(field.split(";")).mapToLong(Long::parseLong).toArray();
    }

    static double[] doubles(String field) {
        return Arrays.stream(field.split(";")).mapToDouble(Double::parseDouble).toArray();
    }

    /** Where row {@code i} is, for assertion messages. */
    String where(int i) {
        return name + " row " + (i + 2) + " " + String.join(",", rows.get(i));
    }

    static void assertClose(double[] expected, double[] actual, String message) {
        assertClose(expected, actual, TOL, message);
    }

    /** Asserts agreement to {@code tol}; returns whether some component differs by more than {@link #TOL}. */
    static boolean assertClose(double[] expected, double[] actual, double tol, String message) {
        assertEquals(expected.length, actual.length, message);
        boolean aboveTol = false;
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], tol, message + " [component " + k + "]");
            aboveTol |= Math.abs(expected[k] - actual[k]) > TOL;
        }
        return aboveTol;
    }

    /** Fails when more than {@link #MAX_SHARE_ABOVE_TOL} of {@code total} comparisons exceeded {@link #TOL}. */
    static void assertRarelyAboveTol(int above, int total, String what) {
        assertTrue(above <= MAX_SHARE_ABOVE_TOL * total, what + ": " + above + " of " + total
                + " rows differ from healpy by more than " + TOL + "; one-ulp ring colatitude differences are rarer");
    }
}
