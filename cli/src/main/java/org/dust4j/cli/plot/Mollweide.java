package org.dust4j.cli.plot;

/**
 * The Mollweide equal-area projection of the whole sphere onto the ellipse x²/8 + y²/2 ≤ 1 (x ∈ [−2√2, 2√2],
 * y ∈ [−√2, √2]), centred on longitude 0: x = (2√2/π)·λ·cos θ, y = √2·sin θ with 2θ + sin 2θ = π·sin φ.
 *
 * <p>Here x grows with longitude (λ ∈ [−180°, 180°)) and y with latitude; a sky map drawn in the astronomical
 * convention (longitude increasing to the left) mirrors x on screen ({@link SkyMap} does).
 */
public final class Mollweide {
    /** Half the width of the ellipse, 2√2. */
    public static final double X_MAX = 2 * Math.sqrt(2);
    /** Half the height of the ellipse, √2. */
    public static final double Y_MAX = Math.sqrt(2);

    private Mollweide() {
    }

    /**
     * The projection of longitude {@code lonDeg} (any finite value, wrapped to [−180°, 180°)) and latitude
     * {@code latDeg} ∈ [−90°, 90°] as {x, y}.
     *
     * @throws IllegalArgumentException if the longitude is not finite or the latitude is outside [−90, 90]
     */
    public static double[] forward(double lonDeg, double latDeg) {
        if (!Double.isFinite(lonDeg) || !(latDeg >= -90 && latDeg <= 90)) {
            throw new IllegalArgumentException("cannot project longitude " + lonDeg + ", latitude " + latDeg
                    + " (need a finite longitude and a latitude in [-90, 90] degrees)");
        }
        double lambda = Math.toRadians(wrapLongitude(lonDeg));
        double theta = auxiliaryAngle(Math.toRadians(latDeg));
        return new double[] {X_MAX / Math.PI * lambda * Math.cos(theta), Y_MAX * Math.sin(theta)};
    }

    /**
     * The longitude ∈ [−180°, 180°] and latitude ∈ [−90°, 90°] in degrees of the projected point (x, y), as
     * {lon, lat}, or {@code null} outside the ellipse.
     */
    public static double[] inverse(double x, double y) {
        double ex = x / X_MAX;
        double ey = y / Y_MAX;
        if (!(ex * ex + ey * ey <= 1)) {
            return null;
        }
        double theta = Math.asin(Math.max(-1, Math.min(1, ey)));
        double lat = Math.asin(Math.max(-1, Math.min(1, (2 * theta + Math.sin(2 * theta)) / Math.PI)));
        double c = Math.cos(theta);
        double lambda = c > 0 ? Math.PI * x / (X_MAX * c) : 0;
        lambda = Math.max(-Math.PI, Math.min(Math.PI, lambda));
        return new double[] {Math.toDegrees(lambda), Math.toDegrees(lat)};
    }

    /** Longitude wrapped to [−180, 180). */
    static double wrapLongitude(double lonDeg) {
        double w = ((lonDeg + 180) % 360 + 360) % 360 - 180;
        return w >= 180 ? -180 : w;
    }

    /** θ with 2θ + sin 2θ = π sin φ, by Newton's method on 2θ. */
    private static double auxiliaryAngle(double phi) {
        if (Math.abs(phi) >= Math.PI / 2) {
            return Math.copySign(Math.PI / 2, phi);
        }
        double target = Math.PI * Math.sin(phi);
        double t = 2 * phi; // t = 2θ
        for (int i = 0; i < 100; i++) {
            double d = (t + Math.sin(t) - target) / (1 + Math.cos(t));
            t -= d;
            if (Math.abs(d) < 1e-14) {
                break;
            }
        }
        return t / 2;
    }
}
