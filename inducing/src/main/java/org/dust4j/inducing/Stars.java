package org.dust4j.inducing;

import java.util.Objects;

import org.dust4j.io.fits.StarCatalog;

/**
 * The stars a fit is conditioned on: Galactic l, b [deg], distance and its one-sigma error [pc], extinction and
 * its one-sigma error [mag]. Immutable: the arrays are copied in and out.
 */
public final class Stars {
    private final double[] l;
    private final double[] b;
    private final double[] distance;
    private final double[] distanceError;
    private final double[] extinction;
    private final double[] extinctionError;

    private Stars(double[] l, double[] b, double[] distance, double[] distanceError, double[] extinction,
                  double[] extinctionError) {
        int n = l.length;
        double[][] columns = {b, distance, distanceError, extinction, extinctionError};
        String[] names = {"b", "distance", "distanceError", "extinction", "extinctionError"};
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].length != n) {
                throw new IllegalArgumentException(names[c] + " has " + columns[c].length + " entries, l has " + n);
            }
        }
        for (int i = 0; i < n; i++) {
            require(Double.isFinite(l[i]), i, "l", l[i], "finite");
            require(b[i] >= -90 && b[i] <= 90, i, "b", b[i], "within [-90, 90] deg");
            require(distance[i] > 0 && Double.isFinite(distance[i]), i, "distance", distance[i], "positive");
            require(distanceError[i] >= 0 && Double.isFinite(distanceError[i]), i, "distanceError", distanceError[i],
                    ">= 0");
            require(Double.isFinite(extinction[i]), i, "extinction", extinction[i], "finite");
            require(extinctionError[i] > 0 && Double.isFinite(extinctionError[i]), i, "extinctionError",
                    extinctionError[i], "positive");
        }
        this.l = l;
        this.b = b;
        this.distance = distance;
        this.distanceError = distanceError;
        this.extinction = extinction;
        this.extinctionError = extinctionError;
    }

    private static void require(boolean ok, int star, String column, double value, String what) {
        if (!ok) {
            throw new IllegalArgumentException("star " + star + ": " + column + " must be " + what + ", got " + value);
        }
    }

    /**
     * Stars from arrays (copied).
     *
     * @throws IllegalArgumentException naming the star and the column of an invalid value
     */
    public static Stars of(double[] l, double[] b, double[] distancePc, double[] distanceErrorPc, double[] extinction,
                           double[] extinctionError) {
        return new Stars(l.clone(), b.clone(), distancePc.clone(), distanceErrorPc.clone(), extinction.clone(),
                extinctionError.clone());
    }

    /**
     * The stars of a catalog. Parallaxes ϖ [mas] become distances 1000/ϖ pc with errors 1000 σ_ϖ/ϖ² (first
     * order); a non-positive parallax is rejected. Extinction and its error are the catalog's: the median and
     * (p84 − p16)/2, the mean of the upper and lower spreads, when it was read from 16/50/84 percentiles.
     *
     * @throws IllegalArgumentException naming the star if a parallax is not positive
     */
    public static Stars from(StarCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        int n = catalog.size();
        double[] d = new double[n];
        double[] e = new double[n];
        if (catalog.distanceKind() == StarCatalog.DistanceKind.PARALLAX) {
            double[] p = catalog.parallax();
            double[] pe = catalog.parallaxError();
            for (int i = 0; i < n; i++) {
                if (!(p[i] > 0)) {
                    throw new IllegalArgumentException("star " + i + ": parallax must be positive to give a distance, "
                            + "got " + p[i] + " mas");
                }
                d[i] = 1000.0 / p[i];
                e[i] = 1000.0 * pe[i] / (p[i] * p[i]);
            }
        } else {
            System.arraycopy(catalog.distance(), 0, d, 0, n);
            System.arraycopy(catalog.distanceError(), 0, e, 0, n);
        }
        return new Stars(catalog.l().clone(), catalog.b().clone(), d, e, catalog.extinction().clone(),
                catalog.extinctionError().clone());
    }

    /** Number of stars. */
    public int size() {
        return l.length;
    }

    /** Galactic longitude [deg] (a copy). */
    public double[] l() {
        return l.clone();
    }

    /** Galactic latitude [deg] (a copy). */
    public double[] b() {
        return b.clone();
    }

    /** Distance [pc] (a copy). */
    public double[] distance() {
        return distance.clone();
    }

    /** One-sigma distance error [pc] (a copy). */
    public double[] distanceError() {
        return distanceError.clone();
    }

    /** Extinction [mag] (a copy). */
    public double[] extinction() {
        return extinction.clone();
    }

    /** One-sigma extinction error [mag] (a copy). */
    public double[] extinctionError() {
        return extinctionError.clone();
    }

    double l(int i) {
        return l[i];
    }

    double b(int i) {
        return b[i];
    }

    double distance(int i) {
        return distance[i];
    }

    double distanceError(int i) {
        return distanceError[i];
    }

    double extinction(int i) {
        return extinction[i];
    }

    double extinctionError(int i) {
        return extinctionError[i];
    }

    /** Heliocentric Galactic Cartesian position [pc] of star i: {x, y, z}. */
    public double[] cartesian(int i) {
        double cl = Math.cos(Math.toRadians(l[i]));
        double sl = Math.sin(Math.toRadians(l[i]));
        double cb = Math.cos(Math.toRadians(b[i]));
        double sb = Math.sin(Math.toRadians(b[i]));
        return new double[] {distance[i] * cb * cl, distance[i] * cb * sl, distance[i] * sb};
    }

    @Override
    public String toString() {
        return "Stars[" + size() + "]";
    }
}
