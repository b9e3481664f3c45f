package org.dust4j.healpix;

/**
 * A Cartesian 3-vector; the pixel centres returned by {@link HealpixGrid#pix2vec(long)} are unit vectors with
 * {@code z = cos(theta)}, {@code x = sin(theta) cos(phi)}, {@code y = sin(theta) sin(phi)}.
 *
 * @param x x component
 * @param y y component
 * @param z z component (towards the north pole)
 */
public record Vec3(double x, double y, double z) {

    /** The unit vector of direction (theta, phi). */
    public static Vec3 of(Pointing p) {
        double st = Math.sin(p.theta());
        return new Vec3(st * Math.cos(p.phi()), st * Math.sin(p.phi()), Math.cos(p.theta()));
    }

    /** The Euclidean length. */
    public double length() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    /** The angle in radians between this vector and {@code o} (both non-zero), accurate also for tiny angles. */
    public double angleTo(Vec3 o) {
        double cx = y * o.z - z * o.y;
        double cy = z * o.x - x * o.z;
        double cz = x * o.y - y * o.x;
        return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), x * o.x + y * o.y + z * o.z);
    }
}
