package org.dust4j.healpix;

/** Longitude/latitude ↔ colatitude conversions with healpy's exact arithmetic. */
final class Angles {
    static final double HALF_PI = Math.PI / 2;

    private Angles() {
    }

    /** healpy's {@code pi/2 - radians(lat)}. */
    static double latToTheta(double latDeg) {
        return HALF_PI - Math.toRadians(latDeg);
    }

    /** healpy's {@code 90 - degrees(theta)}. */
    static double thetaToLat(double theta) {
        return 90.0 - Math.toDegrees(theta);
    }
}
