package org.dust4j.io.fits;

import java.util.Arrays;

import org.dust4j.healpix.Healpix;

/**
 * The grid of a HEALPix x distance map: NEST-ordered HEALPix pixels of one nside on each of a series of
 * concentric shells, given by their radial centres and the n + 1 boundaries around them [pc].
 */
public final class ShellGeometry {
    private final int nside;
    private final double[] centers;
    private final double[] boundaries;

    /**
     * @param nside HEALPix nside, a power of two with 12 nside² pixels fitting a Java array
     * @param centers shell centres [pc], strictly increasing and positive
     * @param boundaries shell boundaries [pc], one more than the centres, each centre strictly inside its shell
     * @throws IllegalArgumentException naming the offending value otherwise
     */
    public ShellGeometry(int nside, double[] centers, double[] boundaries) {
        if (!Healpix.isValidNside(nside) || 12L * nside * nside > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("nside must be a power of two with 12 nside^2 < 2^31, got " + nside);
        }
        if (centers.length == 0 || boundaries.length != centers.length + 1) {
            throw new IllegalArgumentException("need n >= 1 centres and n + 1 boundaries, got " + centers.length
                    + " centres and " + boundaries.length + " boundaries");
        }
        for (int i = 0; i < centers.length; i++) {
            if (!(boundaries[i] >= 0 && boundaries[i] < centers[i] && centers[i] < boundaries[i + 1])
                    || !Double.isFinite(boundaries[i + 1])) {
                throw new IllegalArgumentException("shell " + i + ": need 0 <= boundary " + boundaries[i]
                        + " < centre " + centers[i] + " < boundary " + boundaries[i + 1]);
            }
        }
        this.nside = nside;
        this.centers = centers.clone();
        this.boundaries = boundaries.clone();
    }

    /**
     * Logarithmically spaced shells between {@code inner} and {@code outer} [pc]: boundaries geometric, centres
     * the geometric means of their boundaries.
     */
    public static ShellGeometry logSpaced(int nside, int shells, double inner, double outer) {
        if (shells < 1 || !(inner > 0 && outer > inner)) {
            throw new IllegalArgumentException("need shells >= 1 and 0 < inner < outer, got " + shells + ", " + inner
                    + ", " + outer);
        }
        double[] bounds = new double[shells + 1];
        double[] centers = new double[shells];
        double step = Math.log(outer / inner) / shells;
        for (int i = 0; i <= shells; i++) {
            bounds[i] = inner * Math.exp(step * i);
        }
        bounds[shells] = outer;
        for (int i = 0; i < shells; i++) {
            centers[i] = Math.sqrt(bounds[i] * bounds[i + 1]);
        }
        return new ShellGeometry(nside, centers, bounds);
    }

    /** HEALPix nside. */
    public int nside() {
        return nside;
    }

    /** Pixels per shell, 12 nside². */
    public int npix() {
        return 12 * nside * nside;
    }

    /** Number of shells. */
    public int shells() {
        return centers.length;
    }

    /** A copy of the shell centres [pc]. */
    public double[] centers() {
        return centers.clone();
    }

    /** A copy of the shell boundaries [pc]. */
    public double[] boundaries() {
        return boundaries.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShellGeometry g && nside == g.nside && Arrays.equals(centers, g.centers)
                && Arrays.equals(boundaries, g.boundaries);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * nside + Arrays.hashCode(centers)) + Arrays.hashCode(boundaries);
    }

    @Override
    public String toString() {
        return "ShellGeometry[nside=" + nside + ", " + centers.length + " shells, " + boundaries[0] + ".."
                + boundaries[centers.length] + " pc]";
    }
}
