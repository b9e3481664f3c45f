package org.dust4j.io.fits;

import java.util.Arrays;
import java.util.Objects;

/**
 * A validated star catalog held in primitive arrays, one entry per star, in canonical units: Galactic l and b in
 * degrees (l in [0, 360)), parallax and its error in mas or distance and its error in pc, extinction and its
 * one-sigma error in mag, and optionally the 16/50/84 percentiles of each star's extinction.
 *
 * <p>The arrays are the catalog's own storage, returned without copying so that a 50-million-star catalog is
 * held once; callers must not modify them. Every value is finite, |b| &lt;= 90, errors and distances are
 * positive, and percentiles are ordered.
 *
 * <p>When the catalog was read from percentiles, {@link #extinction()} is the median (p50) and
 * {@link #extinctionError()} is (p84 - p16) / 2, the one-sigma half-width of a Gaussian with those percentiles.
 */
public final class StarCatalog {
    /** What the catalog holds for distance. */
    public enum DistanceKind {
        /** Parallax and its error [mas]. */
        PARALLAX,
        /** Distance and its error [pc]. */
        DISTANCE
    }

    private final double[] l;
    private final double[] b;
    private final DistanceKind distanceKind;
    private final double[] distanceValue;
    private final double[] distanceError;
    private final double[] extinction;
    private final double[] extinctionError;
    private final double[] p16;
    private final double[] p50;
    private final double[] p84;
    private final ValidationReport report;

    StarCatalog(double[] l, double[] b, DistanceKind distanceKind, double[] distanceValue, double[] distanceError,
            double[] extinction, double[] extinctionError, double[] p16, double[] p50, double[] p84,
            ValidationReport report) {
        this.l = Objects.requireNonNull(l, "l");
        this.b = Objects.requireNonNull(b, "b");
        this.distanceKind = Objects.requireNonNull(distanceKind, "distanceKind");
        this.distanceValue = Objects.requireNonNull(distanceValue, "distance");
        this.distanceError = Objects.requireNonNull(distanceError, "distanceError");
        this.extinction = Objects.requireNonNull(extinction, "extinction");
        this.extinctionError = Objects.requireNonNull(extinctionError, "extinctionError");
        if ((p16 == null) != (p50 == null) || (p16 == null) != (p84 == null)) {
            throw new IllegalArgumentException("percentiles must be given all three or none");
        }
        this.p16 = p16;
        this.p50 = p50;
        this.p84 = p84;
        this.report = Objects.requireNonNull(report, "report");
        int n = l.length;
        for (double[] a : new double[][] {b, distanceValue, distanceError, extinction, extinctionError, p16, p50, p84}) {
            if (a != null && a.length != n) {
                throw new IllegalArgumentException("all columns must have " + n + " entries (the length of l), got "
                        + a.length);
            }
        }
        if (report.rowsKept() != n) {
            throw new IllegalArgumentException("report keeps " + report.rowsKept() + " rows but the catalog has " + n);
        }
    }

    /**
     * A catalog from parallaxes, validated like a file read with {@link CatalogConfig.InvalidRows#FAIL}. The
     * arrays are taken over, not copied.
     *
     * @throws IllegalArgumentException naming the star and the column if a value is invalid
     */
    public static StarCatalog ofParallaxes(double[] l, double[] b, double[] parallaxMas, double[] parallaxErrorMas,
            double[] extinction, double[] extinctionError) {
        return validated(l, b, DistanceKind.PARALLAX, parallaxMas, parallaxErrorMas, extinction, extinctionError);
    }

    /**
     * A catalog from distances, validated like a file read with {@link CatalogConfig.InvalidRows#FAIL}. The
     * arrays are taken over, not copied.
     *
     * @throws IllegalArgumentException naming the star and the column if a value is invalid
     */
    public static StarCatalog ofDistances(double[] l, double[] b, double[] distancePc, double[] distanceErrorPc,
            double[] extinction, double[] extinctionError) {
        return validated(l, b, DistanceKind.DISTANCE, distancePc, distanceErrorPc, extinction, extinctionError);
    }

    private static StarCatalog validated(double[] l, double[] b, DistanceKind kind, double[] d, double[] dErr,
            double[] ext, double[] extErr) {
        boolean parallax = kind == DistanceKind.PARALLAX;
        CatalogColumn[] columns = {CatalogColumn.L, CatalogColumn.B,
            parallax ? CatalogColumn.PARALLAX : CatalogColumn.DISTANCE,
            parallax ? CatalogColumn.PARALLAX_ERROR : CatalogColumn.DISTANCE_ERROR,
            CatalogColumn.EXTINCTION, CatalogColumn.EXTINCTION_ERROR};
        double[][] data = {l, b, d, dErr, ext, extErr};
        for (int c = 0; c < data.length; c++) {
            Objects.requireNonNull(data[c], columns[c].name());
            if (data[c].length != l.length) {
                throw new IllegalArgumentException(columns[c] + " has " + data[c].length + " entries, l has " + l.length);
            }
        }
        RowValidator validator = new RowValidator(columns);
        double[] row = new double[columns.length];
        for (int i = 0; i < l.length; i++) {
            for (int c = 0; c < columns.length; c++) {
                row[c] = data[c][i];
            }
            RowValidator.Failure failure = validator.check(row);
            if (failure != null) {
                throw new IllegalArgumentException("star " + i + ", " + failure.describe(columns, row));
            }
            l[i] = RowValidator.wrapLongitude(l[i]);
        }
        return new StarCatalog(l, b, kind, d, dErr, ext, extErr, null, null, null, ValidationReport.allKept(l.length));
    }

    /** Number of stars. */
    public int size() {
        return l.length;
    }

    /** Galactic longitude [deg], in [0, 360). */
    public double[] l() {
        return l;
    }

    /** Galactic latitude [deg], in [-90, 90]. */
    public double[] b() {
        return b;
    }

    /** Whether the catalog holds parallaxes or distances. */
    public DistanceKind distanceKind() {
        return distanceKind;
    }

    /** Parallax [mas]. @throws IllegalStateException if the catalog holds distances */
    public double[] parallax() {
        requireKind(DistanceKind.PARALLAX);
        return distanceValue;
    }

    /** One-sigma parallax error [mas]. @throws IllegalStateException if the catalog holds distances */
    public double[] parallaxError() {
        requireKind(DistanceKind.PARALLAX);
        return distanceError;
    }

    /** Distance [pc]. @throws IllegalStateException if the catalog holds parallaxes */
    public double[] distance() {
        requireKind(DistanceKind.DISTANCE);
        return distanceValue;
    }

    /** One-sigma distance error [pc]. @throws IllegalStateException if the catalog holds parallaxes */
    public double[] distanceError() {
        requireKind(DistanceKind.DISTANCE);
        return distanceError;
    }

    /** Extinction [mag] (the median when read from percentiles). */
    public double[] extinction() {
        return extinction;
    }

    /** One-sigma extinction error [mag] ((p84 - p16) / 2 when read from percentiles). */
    public double[] extinctionError() {
        return extinctionError;
    }

    /** True if the 16/50/84 extinction percentiles are present. */
    public boolean hasPercentiles() {
        return p16 != null;
    }

    /** 16th extinction percentile [mag]. @throws IllegalStateException if absent */
    public double[] extinctionP16() {
        return requirePercentiles(p16);
    }

    /** 50th extinction percentile [mag]. @throws IllegalStateException if absent */
    public double[] extinctionP50() {
        return requirePercentiles(p50);
    }

    /** 84th extinction percentile [mag]. @throws IllegalStateException if absent */
    public double[] extinctionP84() {
        return requirePercentiles(p84);
    }

    /** Rows read, kept and dropped (per reason). */
    public ValidationReport report() {
        return report;
    }

    private void requireKind(DistanceKind kind) {
        if (distanceKind != kind) {
            throw new IllegalStateException("this catalog holds " + distanceKind.name().toLowerCase(java.util.Locale.ROOT)
                    + " values, not " + kind.name().toLowerCase(java.util.Locale.ROOT) + " values");
        }
    }

    private double[] requirePercentiles(double[] p) {
        if (p == null) {
            throw new IllegalStateException("this catalog has no extinction percentiles");
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StarCatalog c && distanceKind == c.distanceKind && report.equals(c.report)
                && Arrays.equals(l, c.l) && Arrays.equals(b, c.b) && Arrays.equals(distanceValue, c.distanceValue)
                && Arrays.equals(distanceError, c.distanceError) && Arrays.equals(extinction, c.extinction)
                && Arrays.equals(extinctionError, c.extinctionError) && Arrays.equals(p16, c.p16)
                && Arrays.equals(p50, c.p50) && Arrays.equals(p84, c.p84);
    }

    @Override
    public int hashCode() {
        return Objects.hash(distanceKind, report, Arrays.hashCode(l), Arrays.hashCode(b),
                Arrays.hashCode(distanceValue), Arrays.hashCode(extinction));
    }

    @Override
    public String toString() {
        return "StarCatalog[" + size() + " stars, " + distanceKind + (hasPercentiles() ? ", percentiles" : "") + ", "
                + report + "]";
    }
}
