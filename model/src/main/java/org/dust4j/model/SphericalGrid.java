package org.dust4j.model;

import java.util.Arrays;

import org.dust4j.core.Shape;
import org.dust4j.healpix.Healpix;
import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.icr.HealpixChart;
import org.dust4j.io.fits.ShellGeometry;

/**
 * The spherical voxel grid of the dust density: the pixels of a HEALPix map (NEST ordering, given nside) times
 * radial shells with boundaries r_0 &lt; r_1 &lt; ... &lt; r_N (parsec). Shell k spans [r_k, r_{k+1}) and has width
 * dr_k = r_{k+1} - r_k; there is no dust inside r_0. A field on the grid is a row-major (npix, nshell) array:
 * voxel (p, k) sits at p * nshell + k, so the radial column of one pixel is contiguous.
 *
 * <p>This is the finest level of the ICR chart (HEALPix x log-radius); the radial boundaries and nside are all the
 * response needs. Grids are immutable values.
 */
public final class SphericalGrid {
    private static final int MAX_NSIDE = 1 << 13;

    private final int nside;
    private final double[] boundaries;

    private SphericalGrid(int nside, double[] boundaries) {
        if (!Healpix.isValidNside(nside) || nside > MAX_NSIDE) {
            throw new IllegalArgumentException("nside must be a power of two in [1, " + MAX_NSIDE + "], got " + nside);
        }
        if (boundaries.length < 2) {
            throw new IllegalArgumentException("a grid needs at least two radial boundaries (one shell), got "
                    + boundaries.length);
        }
        for (int k = 0; k < boundaries.length; k++) {
            double r = boundaries[k];
            if (!(r >= 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("radial boundary " + k + " must be finite and >= 0, got " + r);
            }
            if (k > 0 && !(r > boundaries[k - 1])) {
                throw new IllegalArgumentException("radial boundaries must increase strictly: r[" + k + "] = " + r
                        + " <= r[" + (k - 1) + "] = " + boundaries[k - 1]);
            }
        }
        this.nside = nside;
        this.boundaries = boundaries;
    }

    /** A grid with explicit radial boundaries in parsec (copied). */
    public static SphericalGrid of(int nside, double... boundaries) {
        return new SphericalGrid(nside, boundaries.clone());
    }

    /**
     * The grid whose shells are centred (geometrically) on the given radii, as the ICR chart (HEALPix x radius,
     * pixel-major, radial index fastest) places its finest-level points: interior boundaries at the geometric means
     * of neighbouring centres, the two outer boundaries half a (log) step beyond the end centres. For log-spaced
     * centres these are exactly the cell boundaries of the chart's log-radius coordinate.
     */
    public static SphericalGrid fromCentres(int nside, double... centres) {
        int n = centres.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least two shell centres, got " + n);
        }
        for (int k = 0; k < n; k++) {
            if (!(centres[k] > 0) || Double.isInfinite(centres[k]) || (k > 0 && !(centres[k] > centres[k - 1]))) {
                throw new IllegalArgumentException("shell centres must be positive, finite and increasing; centre " + k
                        + " is " + centres[k]);
            }
        }
        double[] r = new double[n + 1];
        for (int k = 1; k < n; k++) {
            r[k] = Math.sqrt(centres[k - 1] * centres[k]);
        }
        r[0] = centres[0] * Math.sqrt(centres[0] / centres[1]);
        r[n] = centres[n - 1] * Math.sqrt(centres[n - 1] / centres[n - 2]);
        return new SphericalGrid(nside, r);
    }

    /**
     * The finest level of an ICR HEALPix x radius chart as a grid: its nside and the shells centred on the chart's
     * radii ({@link #fromCentres}), radii in the chart's units (parsec for the dust map). Exact for a logarithmic
     * radial map, the dust-map geometry; for other radial maps the boundaries are the geometric means of
     * neighbouring centres. The chart's field (pixel-major, radius fastest) then has this grid's shape.
     */
    public static SphericalGrid of(HealpixChart chart) {
        int level = chart.levels();
        long nside = chart.nside(level);
        if (nside > MAX_NSIDE) {
            throw new IllegalArgumentException("chart nside " + nside + " exceeds the grid's maximum " + MAX_NSIDE);
        }
        double[] centres = new double[chart.shells(level)];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = chart.radius(level, i);
        }
        return fromCentres((int) nside, centres);
    }

    /** A grid of {@code shells} log-spaced shells between rMin and rMax (parsec), without padding. */
    public static SphericalGrid logSpaced(int nside, double rMin, double rMax, int shells) {
        return builder().nside(nside).range(rMin, rMax).shells(shells).build();
    }

    /** A builder for log-spaced grids with optional padding shells. */
    public static Builder builder() {
        return new Builder();
    }

    /** HEALPix resolution parameter. */
    public int nside() {
        return nside;
    }

    /** The HEALPix pixelisation of the grid (NEST ordering). */
    public HealpixGrid healpix() {
        return HealpixGrid.of(nside, Ordering.NEST);
    }

    /** The NEST pixel of each direction given as longitude and latitude in degrees (Galactic l, b). */
    public int[] pixels(double[] lonDeg, double[] latDeg) {
        if (lonDeg.length != latDeg.length) {
            throw new IllegalArgumentException("lonDeg has " + lonDeg.length + " entries, latDeg " + latDeg.length);
        }
        int[] out = new int[lonDeg.length];
        healpix().lonLatToPix(lonDeg, latDeg, out);
        return out;
    }

    /** Number of HEALPix pixels, 12 nside^2. */
    public int npix() {
        return 12 * nside * nside;
    }

    /** Number of radial shells N. */
    public int nshell() {
        return boundaries.length - 1;
    }

    /** Number of voxels npix * N. */
    public long voxels() {
        return (long) npix() * nshell();
    }

    /** The field shape (npix, nshell). */
    public Shape shape() {
        if (voxels() > Integer.MAX_VALUE) {
            throw new IllegalStateException("grid of " + voxels() + " voxels exceeds one tensor's int dimensions");
        }
        return Shape.of(npix(), nshell());
    }

    /** Boundary r_k (parsec), k in [0, N]. */
    public double boundary(int k) {
        return boundaries[k];
    }

    /** All N + 1 boundaries (a copy). */
    public double[] boundaries() {
        return boundaries.clone();
    }

    /** Width dr_k of shell k. */
    public double shellWidth(int k) {
        return boundaries[k + 1] - boundaries[k];
    }

    /** All N shell widths. */
    public double[] shellWidths() {
        double[] dr = new double[nshell()];
        for (int k = 0; k < dr.length; k++) {
            dr[k] = shellWidth(k);
        }
        return dr;
    }

    /** Innermost boundary r_0. */
    public double innerRadius() {
        return boundaries[0];
    }

    /** Outermost boundary r_N. */
    public double outerRadius() {
        return boundaries[boundaries.length - 1];
    }

    /**
     * The shell containing distance r: k with r_k &lt; r &le; r_{k+1} (the convention of the response, where a star at
     * distance d sees the dust at r &lt; d); -1 for r &le; r_0 and N for r &gt; r_N.
     */
    public int shellOf(double r) {
        int i = Arrays.binarySearch(boundaries, r);
        int firstNotBelow = i >= 0 ? i : -i - 1; // first k with r_k >= r
        return firstNotBelow - 1;
    }

    /**
     * The grid as the io-fits map geometry, with shell centres at the geometric means of their boundaries (the
     * centres of log-spaced shells; the density is constant within a shell, so centres only label the shells).
     */
    public ShellGeometry shellGeometry() {
        double[] centers = new double[nshell()];
        for (int k = 0; k < centers.length; k++) {
            centers[k] = boundaries[k] > 0 ? Math.sqrt(boundaries[k] * boundaries[k + 1]) : 0.5 * boundaries[k + 1];
        }
        return new ShellGeometry(nside, centers, boundaries);
    }

    /** Row-major index of voxel (pixel, shell). */
    public long voxel(int pixel, int shell) {
        return (long) pixel * nshell() + shell;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SphericalGrid g && g.nside == nside && Arrays.equals(g.boundaries, boundaries);
    }

    @Override
    public int hashCode() {
        return 31 * nside + Arrays.hashCode(boundaries);
    }

    @Override
    public String toString() {
        return "SphericalGrid[nside=" + nside + ", shells=" + nshell() + ", r=" + innerRadius() + ".." + outerRadius()
                + " pc]";
    }

    /**
     * Builds log-spaced grids: {@code shells} shells with ratio q = (rMax/rMin)^(1/shells) between rMin and rMax,
     * continued geometrically by {@code innerPadding} shells inside rMin and {@code outerPadding} shells beyond rMax
     * (padding for the ICR refinement at the radial edges; it carries dust like every other shell).
     */
    public static final class Builder {
        private int nside = -1;
        private double rMin = Double.NaN;
        private double rMax = Double.NaN;
        private int shells = -1;
        private int innerPadding;
        private int outerPadding;

        private Builder() {
        }

        public Builder nside(int nside) {
            this.nside = nside;
            return this;
        }

        /** The data region [rMin, rMax] in parsec, 0 &lt; rMin &lt; rMax. */
        public Builder range(double rMin, double rMax) {
            this.rMin = rMin;
            this.rMax = rMax;
            return this;
        }

        /** Number of shells between rMin and rMax. */
        public Builder shells(int shells) {
            this.shells = shells;
            return this;
        }

        /** Extra shells inside rMin and beyond rMax, with the same log-spacing. */
        public Builder padding(int inner, int outer) {
            this.innerPadding = inner;
            this.outerPadding = outer;
            return this;
        }

        public SphericalGrid build() {
            if (!(rMin > 0 && rMax > rMin) || Double.isInfinite(rMax)) {
                throw new IllegalArgumentException("need 0 < rMin < rMax < inf, got rMin=" + rMin + ", rMax=" + rMax);
            }
            if (shells < 1) {
                throw new IllegalArgumentException("shells must be >= 1, got " + shells);
            }
            if (innerPadding < 0 || outerPadding < 0) {
                throw new IllegalArgumentException("padding must be >= 0, got inner=" + innerPadding + ", outer="
                        + outerPadding);
            }
            int n = innerPadding + shells + outerPadding;
            double logMin = Math.log(rMin);
            double step = (Math.log(rMax) - logMin) / shells;
            double[] r = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                int j = k - innerPadding;
                r[k] = j == 0 ? rMin : j == shells ? rMax : Math.exp(logMin + j * step);
            }
            return new SphericalGrid(nside, r);
        }
    }
}
