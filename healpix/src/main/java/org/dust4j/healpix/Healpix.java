package org.dust4j.healpix;

/**
 * Resolution-level HEALPix helpers: nside/order/npix conversions, pixel area and size. Only nside = 2^order with
 * order ∈ [0, {@value #MAX_ORDER}] is supported (both orderings need it for NEST, and the reference data too).
 */
public final class Healpix {
    /** The largest supported order; nside = 2^29 has 12·4^29 ≈ 3.5e18 pixels, which still fit a long. */
    public static final int MAX_ORDER = 29;
    /** The largest supported nside, 2^{@value #MAX_ORDER}. */
    public static final long MAX_NSIDE = 1L << MAX_ORDER;

    private Healpix() {
    }

    /** Whether {@code nside} is a power of two in [1, {@link #MAX_NSIDE}]. */
    public static boolean isValidNside(long nside) {
        return nside > 0 && nside <= MAX_NSIDE && (nside & (nside - 1)) == 0;
    }

    /**
     * The order k of nside = 2^k.
     *
     * @throws IllegalArgumentException if nside is not a power of two in [1, 2^29]
     */
    public static int order(long nside) {
        if (!isValidNside(nside)) {
            throw new IllegalArgumentException("nside = " + nside + " is not a power of two in [1, 2^"
                    + MAX_ORDER + "]");
        }
        return Long.numberOfTrailingZeros(nside);
    }

    /**
     * The nside 2^order.
     *
     * @throws IllegalArgumentException if order is outside [0, 29]
     */
    public static long nside(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order = " + order + " is outside [0, " + MAX_ORDER + "]");
        }
        return 1L << order;
    }

    /** The number of pixels 12·nside² (nside validated). */
    public static long npix(long nside) {
        order(nside);
        return 12 * nside * nside;
    }

    /**
     * The nside of a map with {@code npix} pixels.
     *
     * @throws IllegalArgumentException if npix is not 12·nside² for a supported nside
     */
    public static long nsideOfNpix(long npix) {
        if (npix > 0 && npix % 12 == 0) {
            long n2 = npix / 12;
            long nside = (long) Math.sqrt((double) n2);
            for (long s = Math.max(1, nside - 1); s <= nside + 1; s++) {
                if (s * s == n2 && isValidNside(s)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("npix = " + npix + " is not 12*nside^2 for a power-of-two nside in [1, 2^"
                + MAX_ORDER + "]");
    }

    /** The solid angle of one pixel in steradians, 4π / npix (all pixels have equal area). */
    public static double pixelArea(long nside) {
        return 4 * Math.PI / npix(nside);
    }

    /** The approximate pixel size in radians, √(pixel area) (healpy's {@code nside2resol}). */
    public static double resolution(long nside) {
        return Math.sqrt(pixelArea(nside));
    }

    /**
     * The largest angular distance in radians between any pixel centre and its corners (healpy's
     * {@code max_pixrad}), attained by pixels touching the polar-cap boundary.
     */
    public static double maxPixelRadius(long nside) {
        order(nside);
        Vec3 a = zPhi(2.0 / 3.0, Math.PI / (4 * nside));
        double t1 = 1.0 - 1.0 / nside;
        t1 *= t1;
        Vec3 b = zPhi(1 - t1 / 3, 0);
        return a.angleTo(b);
    }

    /**
     * Converts longitudes/latitudes in degrees (l, b for Galactic maps) to colatitude/longitude in radians exactly as
     * healpy's {@code lonlat=True}, for the bulk methods of {@link HealpixGrid} that take theta and phi.
     *
     * @throws IllegalArgumentException if the lengths differ, a latitude is outside [−90, 90] or a longitude is not
     *                                  finite (naming its index)
     */
    public static void lonLatToThetaPhi(double[] lonDeg, double[] latDeg, double[] theta, double[] phi) {
        int n = lonDeg.length;
        Checks.sameLength("lon", n, "lat", latDeg.length);
        Checks.sameLength("lon", n, "theta", theta.length);
        Checks.sameLength("lon", n, "phi", phi.length);
        Bulk.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                Checks.lonLat(lonDeg, latDeg, i);
                theta[i] = Angles.latToTheta(latDeg[i]);
                phi[i] = Math.toRadians(lonDeg[i]);
            }
        });
    }

    /** The unit vector of height z and longitude phi, HEALPix C++ {@code vec3::set_z_phi}. */
    static Vec3 zPhi(double z, double phi) {
        double sth = Math.sqrt((1.0 - z) * (1.0 + z));
        return new Vec3(sth * Math.cos(phi), sth * Math.sin(phi), z);
    }
}
