package org.dust4j.healpix;

/** Argument validation with messages that name the offending value. */
final class Checks {
    private Checks() {
    }

    static void theta(double theta) {
        if (!(theta >= 0 && theta <= Math.PI)) {
            throw new IllegalArgumentException("theta = " + theta + " rad is outside [0, pi]");
        }
    }

    static void phi(double phi) {
        if (!Double.isFinite(phi)) {
            throw new IllegalArgumentException("phi = " + phi + " rad is not finite");
        }
    }

    static void angles(double theta, double phi) {
        theta(theta);
        phi(phi);
    }

    /** Element {@code i} of bulk angle arrays. */
    static void angles(double[] theta, double[] phi, int i) {
        if (!(theta[i] >= 0 && theta[i] <= Math.PI)) {
            throw new IllegalArgumentException("theta[" + i + "] = " + theta[i] + " rad is outside [0, pi]");
        }
        if (!Double.isFinite(phi[i])) {
            throw new IllegalArgumentException("phi[" + i + "] = " + phi[i] + " rad is not finite");
        }
    }

    static void lonLat(double lonDeg, double latDeg) {
        if (!(latDeg >= -90 && latDeg <= 90)) {
            throw new IllegalArgumentException("latitude = " + latDeg + " deg is outside [-90, 90]");
        }
        if (!Double.isFinite(lonDeg)) {
            throw new IllegalArgumentException("longitude = " + lonDeg + " deg is not finite");
        }
    }

    /** Element {@code i} of bulk lon/lat arrays. */
    static void lonLat(double[] lonDeg, double[] latDeg, int i) {
        if (!(latDeg[i] >= -90 && latDeg[i] <= 90)) {
            throw new IllegalArgumentException("lat[" + i + "] = " + latDeg[i] + " deg is outside [-90, 90]");
        }
        if (!Double.isFinite(lonDeg[i])) {
            throw new IllegalArgumentException("lon[" + i + "] = " + lonDeg[i] + " deg is not finite");
        }
    }

    static void sameLength(String nameA, int a, String nameB, int b) {
        if (a != b) {
            throw new IllegalArgumentException("length mismatch: " + nameA + " has " + a + " elements, " + nameB
                    + " has " + b);
        }
    }
}
