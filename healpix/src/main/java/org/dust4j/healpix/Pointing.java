package org.dust4j.healpix;

/**
 * A direction on the sphere as colatitude {@code theta} ∈ [0, π] (0 at the north pole) and longitude {@code phi}
 * (radians, eastwards from the x axis), the angles of healpy's {@code ang2pix}/{@code pix2ang}.
 *
 * @param theta colatitude in radians
 * @param phi   longitude in radians
 */
public record Pointing(double theta, double phi) {

    /**
     * The pointing of longitude {@code lonDeg} and latitude {@code latDeg} in degrees (for a Galactic map: l and b),
     * converted exactly as healpy's {@code lonlat=True}: theta = π/2 − radians(lat), phi = radians(lon).
     *
     * @throws IllegalArgumentException if the latitude is outside [−90, 90] or either angle is not finite
     */
    public static Pointing ofLonLat(double lonDeg, double latDeg) {
        Checks.lonLat(lonDeg, latDeg);
        return new Pointing(Angles.latToTheta(latDeg), Math.toRadians(lonDeg));
    }

    /** The longitude in degrees, healpy's {@code degrees(phi)} (for a Galactic map: l). */
    public double lonDeg() {
        return Math.toDegrees(phi);
    }

    /** The latitude in degrees, healpy's {@code 90 - degrees(theta)} (for a Galactic map: b). */
    public double latDeg() {
        return Angles.thetaToLat(theta);
    }
}
