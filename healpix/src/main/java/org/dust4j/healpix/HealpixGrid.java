package org.dust4j.healpix;

import java.util.Objects;

/**
 * An immutable HEALPix pixelisation of the sphere at one resolution nside = 2^order and one pixel {@link Ordering}.
 *
 * <p>All algorithms follow the HEALPix C++ library used by healpy (healpix_base.cc) operation by operation, so pixel
 * indices agree exactly with healpy and angles and weights to rounding. Angles are colatitude {@code theta} ∈ [0, π]
 * and longitude {@code phi} in radians (any finite phi; it is taken modulo 2π); the {@code lonLat} variants take
 * longitude and latitude in degrees (l and b for a Galactic map) and convert them as healpy's {@code lonlat=True}.
 *
 * <p>Scalar methods return values; the bulk methods over primitive arrays write into caller-supplied outputs and run
 * in parallel for large arrays. Instances hold no mutable state and are safe to share between threads. Arguments are
 * validated: a pixel outside [0, npix), a theta outside [0, π], a non-finite phi or mismatched array lengths throw
 * {@link IllegalArgumentException} naming the value (and its array index).
 */
public final class HealpixGrid {
    private static final double TWO_THIRDS = 2.0 / 3.0;
    private static final double HALF_PI = Angles.HALF_PI;
    private static final double TWO_PI = 2 * Math.PI;
    /** 2/π as the literal of the C++ library (not 2/Math.PI, which may round differently). */
    private static final double INV_HALF_PI = 0.6366197723675813430755350534900574;
    /** Bulk interpolation tabulates ring colatitudes (8 bytes per ring, 4·nside rings) up to this nside. */
    private static final long RING_TABLE_MAX_NSIDE = 1L << 16;
    /** ⌊√Long.MAX_VALUE⌋. */
    private static final long MAX_LONG_SQRT = 3037000499L;
    /** Ring of the southernmost corner of each base face, in units of nside. */
    private static final int[] JRLL = {2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
    /** Longitude of the southernmost corner of each base face, in units of π/4. */
    private static final int[] JPLL = {1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7};
    /** Neighbour offsets in healpy's order SW, W, NW, N, NE, E, SE, S (x towards NE, y towards NW). */
    private static final int[] NB_XOFFSET = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] NB_YOFFSET = {0, 1, 1, 1, 0, -1, -1, -1};
    /** Face across a face edge/corner, indexed by [3·dy + dx + 4][face]; -1 where none. */
    private static final int[][] NB_FACEARRAY = {
        {8, 9, 10, 11, -1, -1, -1, -1, 10, 11, 8, 9},   // S
        {5, 6, 7, 4, 8, 9, 10, 11, 9, 10, 11, 8},       // SE
        {-1, -1, -1, -1, 5, 6, 7, 4, -1, -1, -1, -1},   // E
        {4, 5, 6, 7, 11, 8, 9, 10, 11, 8, 9, 10},       // SW
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},         // centre
        {1, 2, 3, 0, 0, 1, 2, 3, 5, 6, 7, 4},           // NE
        {-1, -1, -1, -1, 7, 4, 5, 6, -1, -1, -1, -1},   // W
        {3, 0, 1, 2, 3, 0, 1, 2, 4, 5, 6, 7},           // NW
        {2, 3, 0, 1, -1, -1, -1, -1, 0, 1, 2, 3}};      // N
    /** Coordinate transform into the neighbour face: bit 1 flips x, bit 2 flips y, bit 4 swaps x and y. */
    private static final int[][] NB_SWAPARRAY = {
        {0, 0, 3}, {0, 0, 6}, {0, 0, 0}, {0, 0, 5}, {0, 0, 0}, {5, 0, 0}, {0, 0, 0}, {6, 0, 0}, {3, 0, 0}};

    private final int order;
    private final long nside;
    private final Ordering ordering;
    private final long npface;
    private final long ncap;
    private final long npix;
    private final double fact1;
    private final double fact2;

    private HealpixGrid(int order, Ordering ordering) {
        this.order = order;
        this.nside = 1L << order;
        this.ordering = Objects.requireNonNull(ordering, "ordering");
        this.npface = nside * nside;
        this.npix = 12 * npface;
        this.ncap = 2 * nside * (nside - 1);
        this.fact2 = 4.0 / npix;
        this.fact1 = (nside << 1) * fact2;
    }

    /**
     * The grid of the given nside and ordering.
     *
     * @throws IllegalArgumentException if nside is not a power of two in [1, 2^29]
     */
    public static HealpixGrid of(long nside, Ordering ordering) {
        return new HealpixGrid(Healpix.order(nside), ordering);
    }

    /**
     * The grid of nside = 2^order and the given ordering.
     *
     * @throws IllegalArgumentException if order is outside [0, 29]
     */
    public static HealpixGrid ofOrder(int order, Ordering ordering) {
        Healpix.nside(order);
        return new HealpixGrid(order, ordering);
    }

    /** nside = 2^order. */
    public long nside() {
        return nside;
    }

    /** The order (log2 nside). */
    public int order() {
        return order;
    }

    /** The pixel ordering of this grid's indices. */
    public Ordering ordering() {
        return ordering;
    }

    /** The number of pixels, 12·nside². */
    public long npix() {
        return npix;
    }

    /** The solid angle of one pixel in steradians. */
    public double pixelArea() {
        return Healpix.pixelArea(nside);
    }

    /** The approximate pixel size in radians, √(pixel area). */
    public double resolution() {
        return Healpix.resolution(nside);
    }

    /** The largest distance in radians between a pixel centre and its corners. */
    public double maxPixelRadius() {
        return Healpix.maxPixelRadius(nside);
    }

    /** The same resolution in the other (or the same) ordering. */
    public HealpixGrid withOrdering(Ordering newOrdering) {
        return newOrdering == ordering ? this : new HealpixGrid(order, newOrdering);
    }

    /**
     * The grid of twice the nside (same ordering), in which {@link #children(long)} live.
     *
     * @throws IllegalStateException at the maximum order 29
     */
    public HealpixGrid finer() {
        if (order == Healpix.MAX_ORDER) {
            throw new IllegalStateException("nside = " + nside + " is the finest supported resolution");
        }
        return new HealpixGrid(order + 1, ordering);
    }

    /**
     * The grid of half the nside (same ordering), in which {@link #parent(long)} lives.
     *
     * @throws IllegalStateException at nside 1
     */
    public HealpixGrid coarser() {
        if (order == 0) {
            throw new IllegalStateException("nside = 1 has no coarser resolution");
        }
        return new HealpixGrid(order - 1, ordering);
    }

    /** Whether every pixel index fits an {@code int} (npix ≤ 2^31 − 1, i.e. nside ≤ 8192). */
    public boolean fitsInt() {
        return npix <= Integer.MAX_VALUE;
    }

    // ------------------------------------------------------------------ scalar API

    /**
     * The pixel containing direction (theta, phi).
     *
     * @throws IllegalArgumentException if theta ∉ [0, π] or phi is not finite
     */
    public long ang2pix(double theta, double phi) {
        Checks.angles(theta, phi);
        return ang2pixRaw(theta, phi);
    }

    /** The pixel containing direction {@code p}. */
    public long ang2pix(Pointing p) {
        return ang2pix(p.theta(), p.phi());
    }

    /**
     * The pixel containing longitude {@code lonDeg}, latitude {@code latDeg} in degrees (l, b for Galactic maps).
     *
     * @throws IllegalArgumentException if the latitude is outside [−90, 90] or the longitude is not finite
     */
    public long lonLatToPix(double lonDeg, double latDeg) {
        Checks.lonLat(lonDeg, latDeg);
        return ang2pixRaw(Angles.latToTheta(latDeg), Math.toRadians(lonDeg));
    }

    /**
     * The centre of pixel {@code pix}; phi ∈ [0, 2π).
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix)
     */
    public Pointing pix2ang(long pix) {
        checkPixel(pix);
        double[] loc = new double[3];
        return pix2loc(pix, loc) ? new Pointing(Math.atan2(loc[2], loc[0]), loc[1])
                : new Pointing(Math.acos(loc[0]), loc[1]);
    }

    /**
     * The unit vector of the centre of pixel {@code pix}.
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix)
     */
    public Vec3 pix2vec(long pix) {
        checkPixel(pix);
        double[] loc = new double[3];
        return locToVec(pix2loc(pix, loc), loc);
    }

    /**
     * The pixel containing the direction of vector (x, y, z), which need not be normalised.
     *
     * @throws IllegalArgumentException if the vector is zero or not finite
     */
    public long vec2pix(double x, double y, double z) {
        checkVector(x, y, z);
        return vec2pixRaw(x, y, z);
    }

    /** The pixel containing the direction of {@code v}. */
    public long vec2pix(Vec3 v) {
        return vec2pix(v.x(), v.y(), v.z());
    }

    /**
     * The NEST index of RING pixel {@code ringPix} at this nside (independent of this grid's ordering).
     *
     * @throws IllegalArgumentException if the index is outside [0, npix)
     */
    public long ringToNest(long ringPix) {
        checkPixel(ringPix);
        return ringToNestRaw(ringPix);
    }

    /**
     * The RING index of NEST pixel {@code nestPix} at this nside (independent of this grid's ordering).
     *
     * @throws IllegalArgumentException if the index is outside [0, npix)
     */
    public long nestToRing(long nestPix) {
        checkPixel(nestPix);
        return nestToRingRaw(nestPix);
    }

    /**
     * Pixel {@code pix} of this grid renumbered in ordering {@code target}.
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix)
     */
    public long convert(long pix, Ordering target) {
        checkPixel(pix);
        return convertRaw(pix, target);
    }

    /**
     * The 8 neighbours of {@code pix} in healpy's order SW, W, NW, N, NE, E, SE, S (as {@code get_all_neighbours});
     * -1 where a pixel has only 7 neighbours (the corners of the base faces where 3 faces meet).
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix)
     */
    public long[] neighbours(long pix) {
        long[] out = new long[8];
        neighbours(pix, out, 0);
        return out;
    }

    /**
     * Writes the 8 neighbours of {@code pix} (see {@link #neighbours(long)}) into {@code out[offset..offset+7]}.
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix)
     */
    public void neighbours(long pix, long[] out, int offset) {
        checkPixel(pix);
        Objects.checkFromIndexSize(offset, 8, out.length);
        neighboursRaw(pix, (i, p) -> out[offset + i] = p);
    }

    /**
     * The parent of {@code pix} in {@link #coarser()}: in NEST {@code pix / 4}; in RING the same pixel renumbered.
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix)
     * @throws IllegalStateException    at nside 1
     */
    public long parent(long pix) {
        checkPixel(pix);
        HealpixGrid up = coarser();
        return up.fromNest(toNest(pix) >>> 2);
    }

    /**
     * Child {@code c} ∈ [0, 4) of {@code pix} in {@link #finer()}: in NEST {@code 4·pix + c}; in RING the same
     * pixel renumbered.
     *
     * @throws IllegalArgumentException if pix ∉ [0, npix) or c ∉ [0, 4)
     * @throws IllegalStateException    at the maximum order
     */
    public long child(long pix, int c) {
        checkPixel(pix);
        if (c < 0 || c > 3) {
            throw new IllegalArgumentException("child number c = " + c + " is outside [0, 4)");
        }
        HealpixGrid down = finer();
        return down.fromNest(4 * toNest(pix) + c);
    }

    /** The 4 children of {@code pix} in {@link #finer()}, {@code child(pix, 0..3)}. */
    public long[] children(long pix) {
        long[] out = new long[4];
        for (int c = 0; c < 4; c++) {
            out[c] = child(pix, c);
        }
        return out;
    }

    /**
     * The 4 pixels and bilinear weights interpolating a map of this grid at (theta, phi), identical to healpy's
     * {@code get_interp_weights(nside, theta, phi, nest)}.
     *
     * @throws IllegalArgumentException if theta ∉ [0, π] or phi is not finite
     */
    public InterpolationWeights interpolationWeights(double theta, double phi) {
        Checks.angles(theta, phi);
        long[] pix = new long[4];
        double[] w = new double[4];
        interpolRaw(theta, phi, (i, p) -> pix[i] = p, w, 0, null);
        return new InterpolationWeights(pix, w);
    }

    /** The interpolation pixels and weights at direction {@code p} (see {@link #interpolationWeights(double, double)}). */
    public InterpolationWeights interpolationWeights(Pointing p) {
        return interpolationWeights(p.theta(), p.phi());
    }

    /**
     * The bilinear interpolation of {@code map} (one value per pixel, in this grid's ordering) at (theta, phi),
     * healpy's {@code get_interp_val}.
     *
     * @throws IllegalArgumentException if the map length is not npix, theta ∉ [0, π] or phi is not finite
     */
    public double interpolate(double[] map, double theta, double phi) {
        checkMap(map);
        InterpolationWeights w = interpolationWeights(theta, phi);
        double s = 0;
        for (int i = 0; i < 4; i++) {
            s += w.weight(i) * map[(int) w.pixel(i)];
        }
        return s;
    }

    // ------------------------------------------------------------------ bulk API

    /** Writes {@code out[i] = ang2pix(theta[i], phi[i])}, in parallel for large arrays. */
    public void ang2pix(double[] theta, double[] phi, long[] out) {
        ang2pixBulk(theta, phi, out.length, Bulk.out(out), false);
    }

    /**
     * As {@link #ang2pix(double[], double[], long[])} with int indices.
     *
     * @throws IllegalArgumentException if this grid's indices do not fit an int ({@link #fitsInt()})
     */
    public void ang2pix(double[] theta, double[] phi, int[] out) {
        checkFitsInt();
        ang2pixBulk(theta, phi, out.length, Bulk.out(out), false);
    }

    /** Writes {@code out[i] = lonLatToPix(lonDeg[i], latDeg[i])}, in parallel for large arrays. */
    public void lonLatToPix(double[] lonDeg, double[] latDeg, long[] out) {
        ang2pixBulk(lonDeg, latDeg, out.length, Bulk.out(out), true);
    }

    /**
     * As {@link #lonLatToPix(double[], double[], long[])} with int indices.
     *
     * @throws IllegalArgumentException if this grid's indices do not fit an int ({@link #fitsInt()})
     */
    public void lonLatToPix(double[] lonDeg, double[] latDeg, int[] out) {
        checkFitsInt();
        ang2pixBulk(lonDeg, latDeg, out.length, Bulk.out(out), true);
    }

    /** Writes the centre of pixel {@code pix[i]} to {@code theta[i], phi[i]}. */
    public void pix2ang(long[] pix, double[] theta, double[] phi) {
        pix2angBulk(pix.length, Bulk.in(pix), theta, phi, false);
    }

    /** Writes the centre of pixel {@code pix[i]} to {@code theta[i], phi[i]}. */
    public void pix2ang(int[] pix, double[] theta, double[] phi) {
        pix2angBulk(pix.length, Bulk.in(pix), theta, phi, false);
    }

    /** Writes the centre of pixel {@code pix[i]} as longitude/latitude in degrees to {@code lonDeg[i], latDeg[i]}. */
    public void pix2lonLat(long[] pix, double[] lonDeg, double[] latDeg) {
        pix2angBulk(pix.length, Bulk.in(pix), latDeg, lonDeg, true);
    }

    /** Writes the centre of pixel {@code pix[i]} as longitude/latitude in degrees to {@code lonDeg[i], latDeg[i]}. */
    public void pix2lonLat(int[] pix, double[] lonDeg, double[] latDeg) {
        pix2angBulk(pix.length, Bulk.in(pix), latDeg, lonDeg, true);
    }

    /** Writes the unit vector of the centre of pixel {@code pix[i]} to {@code x[i], y[i], z[i]}. */
    public void pix2vec(long[] pix, double[] x, double[] y, double[] z) {
        int n = pix.length;
        Checks.sameLength("pix", n, "x", x.length);
        Checks.sameLength("pix", n, "y", y.length);
        Checks.sameLength("pix", n, "z", z.length);
        Bulk.forRange(n, (from, to) -> {
            double[] loc = new double[3];
            for (int i = from; i < to; i++) {
                checkPixel(pix, i);
                Vec3 v = locToVec(pix2loc(pix[i], loc), loc);
                x[i] = v.x();
                y[i] = v.y();
                z[i] = v.z();
            }
        });
    }

    /** Writes {@code out[i] = vec2pix(x[i], y[i], z[i])}. */
    public void vec2pix(double[] x, double[] y, double[] z, long[] out) {
        int n = out.length;
        Checks.sameLength("x", x.length, "out", n);
        Checks.sameLength("y", y.length, "out", n);
        Checks.sameLength("z", z.length, "out", n);
        Bulk.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                checkVector(x[i], y[i], z[i]);
                out[i] = vec2pixRaw(x[i], y[i], z[i]);
            }
        });
    }

    /** Renumbers {@code pix[i]} (indices of this grid) into ordering {@code target}: {@code out[i]}. */
    public void convert(long[] pix, Ordering target, long[] out) {
        convertBulk(pix.length, Bulk.in(pix), target, out.length, Bulk.out(out));
    }

    /**
     * Renumbers {@code pix[i]} (indices of this grid) into ordering {@code target}: {@code out[i]}.
     *
     * @throws IllegalArgumentException if this grid's indices do not fit an int ({@link #fitsInt()})
     */
    public void convert(int[] pix, Ordering target, int[] out) {
        checkFitsInt();
        convertBulk(pix.length, Bulk.in(pix), target, out.length, Bulk.out(out));
    }

    /** Writes the 8 neighbours of {@code pix[i]} to {@code out[8i..8i+7]} (order and -1 as {@link #neighbours(long)}). */
    public void neighbours(long[] pix, long[] out) {
        int n = pix.length;
        Checks.sameLength("out", out.length, "8 * pix", 8 * n);
        Bulk.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                checkPixel(pix, i);
                int base = 8 * i;
                neighboursRaw(pix[i], (k, p) -> out[base + k] = p);
            }
        });
    }

    /**
     * Writes the 4 interpolation pixels and weights of ({@code theta[i], phi[i]}) (as
     * {@link #interpolationWeights(double, double)}) to {@code pix[4i..4i+3]} and {@code weights[4i..4i+3]}.
     */
    public void interpolationWeights(double[] theta, double[] phi, long[] pix, double[] weights) {
        interpolBulk(theta, phi, pix.length, Bulk.out(pix), weights);
    }

    /**
     * As {@link #interpolationWeights(double[], double[], long[], double[])} with int indices.
     *
     * @throws IllegalArgumentException if this grid's indices do not fit an int ({@link #fitsInt()})
     */
    public void interpolationWeights(double[] theta, double[] phi, int[] pix, double[] weights) {
        checkFitsInt();
        interpolBulk(theta, phi, pix.length, Bulk.out(pix), weights);
    }

    /** Writes {@code out[i] = interpolate(map, theta[i], phi[i])}. */
    public void interpolate(double[] map, double[] theta, double[] phi, double[] out) {
        checkMap(map);
        int n = out.length;
        Checks.sameLength("theta", theta.length, "out", n);
        Checks.sameLength("phi", phi.length, "out", n);
        double[] ringThetas = ringThetaTable(n);
        Bulk.forRange(n, (from, to) -> {
            long[] p = new long[4];
            double[] w = new double[4];
            for (int i = from; i < to; i++) {
                Checks.angles(theta, phi, i);
                interpolRaw(theta[i], phi[i], (k, q) -> p[k] = q, w, 0, ringThetas);
                out[i] = w[0] * map[(int) p[0]] + w[1] * map[(int) p[1]] + w[2] * map[(int) p[2]]
                        + w[3] * map[(int) p[3]];
            }
        });
    }

    // ------------------------------------------------------------------ bulk drivers

    /** Pixels of (theta[i], phi[i]), or with {@code lonLat} of (lon[i], lat[i]) = (first[i], second[i]) in degrees. */
    private void ang2pixBulk(double[] first, double[] second, int n, Bulk.PixOut out, boolean lonLat) {
        Checks.sameLength(lonLat ? "lon" : "theta", first.length, "out", n);
        Checks.sameLength(lonLat ? "lat" : "phi", second.length, "out", n);
        Bulk.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                if (lonLat) {
                    Checks.lonLat(first, second, i);
                    out.set(i, ang2pixRaw(Angles.latToTheta(second[i]), Math.toRadians(first[i])));
                } else {
                    Checks.angles(first, second, i);
                    out.set(i, ang2pixRaw(first[i], second[i]));
                }
            }
        });
    }

    /** Pixel centres; with {@code lonLat} writes latitude into {@code first} and longitude into {@code second}. */
    private void pix2angBulk(int n, Bulk.PixIn pix, double[] first, double[] second, boolean lonLat) {
        Checks.sameLength("pix", n, lonLat ? "lat" : "theta", first.length);
        Checks.sameLength("pix", n, lonLat ? "lon" : "phi", second.length);
        Bulk.forRange(n, (from, to) -> {
            double[] loc = new double[3];
            for (int i = from; i < to; i++) {
                long p = pix.get(i);
                checkPixel(p, i);
                double theta = pix2loc(p, loc) ? Math.atan2(loc[2], loc[0]) : Math.acos(loc[0]);
                first[i] = lonLat ? Angles.thetaToLat(theta) : theta;
                second[i] = lonLat ? Math.toDegrees(loc[1]) : loc[1];
            }
        });
    }

    private void convertBulk(int n, Bulk.PixIn pix, Ordering target, int outLength, Bulk.PixOut out) {
        Checks.sameLength("pix", n, "out", outLength);
        Bulk.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                long p = pix.get(i);
                checkPixel(p, i);
                out.set(i, convertRaw(p, target));
            }
        });
    }

    private void interpolBulk(double[] theta, double[] phi, int pixLength, Bulk.PixOut pix, double[] weights) {
        int n = theta.length;
        Checks.sameLength("theta", n, "phi", phi.length);
        Checks.sameLength("pix", pixLength, "4 * theta", 4 * n);
        Checks.sameLength("weights", weights.length, "4 * theta", 4 * n);
        double[] ringThetas = ringThetaTable(n);
        Bulk.forRange(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                Checks.angles(theta, phi, i);
                int base = 4 * i;
                interpolRaw(theta[i], phi[i], (k, p) -> pix.set(base + k, p), weights, base, ringThetas);
            }
        });
    }

    // ------------------------------------------------------------------ validation

    private void checkPixel(long pix) {
        if (pix < 0 || pix >= npix) {
            throw new IllegalArgumentException("pixel " + pix + " is outside [0, " + npix + ") for nside " + nside);
        }
    }

    private void checkPixel(long[] pix, int i) {
        checkPixel(pix[i], i);
    }

    private void checkPixel(long pix, int i) {
        if (pix < 0 || pix >= npix) {
            throw new IllegalArgumentException("pix[" + i + "] = " + pix + " is outside [0, " + npix + ") for nside "
                    + nside);
        }
    }

    private static void checkVector(double x, double y, double z) {
        double n2 = x * x + y * y + z * z;
        if (!(n2 > 0) || !Double.isFinite(n2)) {
            throw new IllegalArgumentException("vector (" + x + ", " + y + ", " + z + ") is zero or not finite");
        }
    }

    private void checkFitsInt() {
        if (!fitsInt()) {
            throw new IllegalArgumentException("nside " + nside + " has " + npix
                    + " pixels, more than an int index holds; use the long[] variant");
        }
    }

    private void checkMap(double[] map) {
        if (map.length != npix) {
            throw new IllegalArgumentException("map has " + map.length + " values, nside " + nside + " needs "
                    + npix);
        }
    }

    // ------------------------------------------------------------------ algorithms (healpix_base.cc)

    private long ang2pixRaw(double theta, double phi) {
        return (theta < 0.01 || theta > 3.14159 - 0.01)
                ? loc2pix(Math.cos(theta), phi, Math.sin(theta), true)
                : loc2pix(Math.cos(theta), phi, 0, false);
    }

    private long vec2pixRaw(double x, double y, double z) {
        double xl = 1.0 / Math.sqrt(x * x + y * y + z * z);
        double phi = (x == 0 && y == 0) ? 0.0 : Math.atan2(y, x);
        double nz = z * xl;
        return Math.abs(nz) > 0.99 ? loc2pix(nz, phi, Math.sqrt(x * x + y * y) * xl, true)
                : loc2pix(nz, phi, 0, false);
    }

    /** C++ {@code fmodulo}: v1 modulo v2 in [0, v2). */
    private static double fmodulo(double v1, double v2) {
        if (v1 >= 0) {
            return v1 < v2 ? v1 : v1 % v2;
        }
        double tmp = v1 % v2 + v2;
        return tmp == v2 ? 0.0 : tmp;
    }

    private long loc2pix(double z, double phi, double sth, boolean haveSth) {
        double za = Math.abs(z);
        double tt = fmodulo(phi * INV_HALF_PI, 4.0); // in [0,4)
        if (ordering == Ordering.RING) {
            if (za <= TWO_THIRDS) { // equatorial region
                long nl4 = 4 * nside;
                double temp1 = nside * (0.5 + tt);
                double temp2 = nside * z * 0.75;
                long jp = (long) (temp1 - temp2); // index of ascending edge line
                long jm = (long) (temp1 + temp2); // index of descending edge line
                long ir = nside + 1 + jp - jm; // ring number counted from z=2/3, in [1, 2n+1]
                long kshift = 1 - (ir & 1); // 1 if ir even
                long t1 = jp + jm - nside + kshift + 1 + nl4 + nl4;
                long ip = (t1 >> 1) & (nl4 - 1); // in [0, 4n-1]
                return ncap + (ir - 1) * nl4 + ip;
            }
            double tp = tt - (long) tt;
            double tmp = (za < 0.99 || !haveSth) ? nside * Math.sqrt(3 * (1 - za))
                    : nside * sth / Math.sqrt((1.0 + za) / 3.0);
            long jp = (long) (tp * tmp); // increasing edge line index
            long jm = (long) ((1.0 - tp) * tmp); // decreasing edge line index
            long ir = jp + jm + 1; // ring number counted from the closest pole
            long ip = (long) (tt * ir); // in [0, 4 ir - 1]
            return z > 0 ? 2 * ir * (ir - 1) + ip : npix - 2 * ir * (ir + 1) + ip;
        }
        if (za <= TWO_THIRDS) { // equatorial region
            double temp1 = nside * (0.5 + tt);
            double temp2 = nside * (z * 0.75);
            long jp = (long) (temp1 - temp2);
            long jm = (long) (temp1 + temp2);
            long ifp = jp >> order; // in [0, 4]
            long ifm = jm >> order;
            int face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
            long ix = jm & (nside - 1);
            long iy = nside - (jp & (nside - 1)) - 1;
            return xyf2nest(ix, iy, face);
        }
        int ntt = Math.min(3, (int) tt);
        double tp = tt - ntt;
        double tmp = (za < 0.99 || !haveSth) ? nside * Math.sqrt(3 * (1 - za))
                : nside * sth / Math.sqrt((1.0 + za) / 3.0);
        long jp = Math.min((long) (tp * tmp), nside - 1); // clamped for points too close to the boundary
        long jm = Math.min((long) ((1.0 - tp) * tmp), nside - 1);
        return z >= 0 ? xyf2nest(nside - jm - 1, nside - jp - 1, ntt) : xyf2nest(jp, jm, ntt + 8);
    }

    /**
     * C++ {@code pix2loc}: writes z to loc[0], phi to loc[1] and, where it returns true, sin(theta) to loc[2]
     * (given near the poles where it is more accurate than √(1−z²)).
     */
    private boolean pix2loc(long pix, double[] loc) {
        boolean haveSth = false;
        double z;
        double phi;
        if (ordering == Ordering.RING) {
            if (pix < ncap) { // north polar cap
                long iring = (1 + isqrt(1 + 2 * pix)) >> 1; // counted from the north pole
                long iphi = (pix + 1) - 2 * iring * (iring - 1);
                double tmp = (iring * iring) * fact2;
                z = 1.0 - tmp;
                if (z > 0.99) {
                    loc[2] = Math.sqrt(tmp * (2.0 - tmp));
                    haveSth = true;
                }
                phi = (iphi - 0.5) * HALF_PI / iring;
            } else if (pix < npix - ncap) { // equatorial region
                long nl4 = 4 * nside;
                long ip = pix - ncap;
                long tmp = ip >> (order + 2);
                long iring = tmp + nside;
                long iphi = ip - nl4 * tmp + 1;
                double fodd = ((iring + nside) & 1) != 0 ? 1 : 0.5;
                z = (2 * nside - iring) * fact1;
                phi = (iphi - fodd) * Math.PI * 0.75 * fact1;
            } else { // south polar cap
                long ip = npix - pix;
                long iring = (1 + isqrt(2 * ip - 1)) >> 1; // counted from the south pole
                long iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
                double tmp = (iring * iring) * fact2;
                z = tmp - 1.0;
                if (z < -0.99) {
                    loc[2] = Math.sqrt(tmp * (2.0 - tmp));
                    haveSth = true;
                }
                phi = (iphi - 0.5) * HALF_PI / iring;
            }
        } else {
            int face = (int) (pix >> (2 * order));
            long ix = compressBits(pix & (npface - 1));
            long iy = compressBits((pix & (npface - 1)) >> 1);
            long jr = ((long) JRLL[face] << order) - ix - iy - 1;
            long nr;
            if (jr < nside) {
                nr = jr;
                double tmp = (nr * nr) * fact2;
                z = 1 - tmp;
                if (z > 0.99) {
                    loc[2] = Math.sqrt(tmp * (2.0 - tmp));
                    haveSth = true;
                }
            } else if (jr > 3 * nside) {
                nr = nside * 4 - jr;
                double tmp = (nr * nr) * fact2;
                z = tmp - 1;
                if (z < -0.99) {
                    loc[2] = Math.sqrt(tmp * (2.0 - tmp));
                    haveSth = true;
                }
            } else {
                nr = nside;
                z = (2 * nside - jr) * fact1;
            }
            long tmp = JPLL[face] * nr + ix - iy;
            if (tmp < 0) {
                tmp += 8 * nr;
            }
            phi = nr == nside ? 0.75 * HALF_PI * tmp * fact1 : (0.5 * HALF_PI * tmp) / nr;
        }
        loc[0] = z;
        loc[1] = phi;
        return haveSth;
    }

    private static Vec3 locToVec(boolean haveSth, double[] loc) {
        if (!haveSth) {
            return Healpix.zPhi(loc[0], loc[1]);
        }
        double sth = loc[2];
        return new Vec3(sth * Math.cos(loc[1]), sth * Math.sin(loc[1]), loc[0]);
    }

    /** This grid's index of NEST pixel {@code nestPix}. */
    private long fromNest(long nestPix) {
        return ordering == Ordering.NEST ? nestPix : nestToRingRaw(nestPix);
    }

    /** The NEST index of this grid's pixel {@code pix}. */
    private long toNest(long pix) {
        return ordering == Ordering.NEST ? pix : ringToNestRaw(pix);
    }

    private long convertRaw(long pix, Ordering target) {
        if (target == ordering) {
            return pix;
        }
        return target == Ordering.NEST ? ringToNestRaw(pix) : nestToRingRaw(pix);
    }

    private long nestToRingRaw(long pix) {
        int face = (int) (pix >> (2 * order));
        long local = pix & (npface - 1);
        return xyf2ring(compressBits(local), compressBits(local >> 1), face);
    }

    private long ringToNestRaw(long pix) {
        long[] xyf = new long[3];
        ring2xyf(pix, xyf);
        return xyf2nest(xyf[0], xyf[1], (int) xyf[2]);
    }

    private long xyf2nest(long ix, long iy, int face) {
        return ((long) face << (2 * order)) + spreadBits(ix) + (spreadBits(iy) << 1);
    }

    private long xyf2ring(long ix, long iy, int face) {
        long nl4 = 4 * nside;
        long jr = JRLL[face] * nside - ix - iy - 1;
        long nr;
        long kshift;
        long nBefore;
        if (jr < nside) {
            nr = jr;
            nBefore = 2 * nr * (nr - 1);
            kshift = 0;
        } else if (jr > 3 * nside) {
            nr = nl4 - jr;
            nBefore = npix - 2 * (nr + 1) * nr;
            kshift = 0;
        } else {
            nr = nside;
            nBefore = ncap + (jr - nside) * nl4;
            kshift = (jr - nside) & 1;
        }
        long jp = (JPLL[face] * nr + ix - iy + 1 + kshift) / 2;
        if (jp > nl4) {
            jp -= nl4;
        } else if (jp < 1) {
            jp += nl4;
        }
        return nBefore + jp - 1;
    }

    /** C++ {@code ring2xyf}: writes x, y, face of RING pixel {@code pix} to xyf[0..2]. */
    private void ring2xyf(long pix, long[] xyf) {
        long iring;
        long iphi;
        long kshift;
        long nr;
        int face;
        long nl2 = 2 * nside;
        if (pix < ncap) { // north polar cap
            iring = (1 + isqrt(1 + 2 * pix)) >> 1;
            iphi = (pix + 1) - 2 * iring * (iring - 1);
            kshift = 0;
            nr = iring;
            face = (int) ((iphi - 1) / nr);
        } else if (pix < npix - ncap) { // equatorial region
            long ip = pix - ncap;
            long tmp = ip >> (order + 2);
            iring = tmp + nside;
            iphi = ip - tmp * 4 * nside + 1;
            kshift = (iring + nside) & 1;
            nr = nside;
            long ire = tmp + 1;
            long irm = nl2 + 2 - ire;
            long ifm = (iphi - (ire >> 1) + nside - 1) >> order;
            long ifp = (iphi - (irm >> 1) + nside - 1) >> order;
            face = (int) (ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8));
        } else { // south polar cap
            long ip = npix - pix;
            iring = (1 + isqrt(2 * ip - 1)) >> 1;
            iphi = 4 * iring + 1 - (ip - 2 * iring * (iring - 1));
            kshift = 0;
            nr = iring;
            iring = 2 * nl2 - iring;
            face = (int) ((iphi - 1) / nr) + 8;
        }
        long irt = iring - ((2 + (face >> 2)) * nside) + 1;
        long ipt = 2 * iphi - JPLL[face] * nr - kshift - 1;
        if (ipt >= nl2) {
            ipt -= 8 * nside;
        }
        xyf[0] = (ipt - irt) >> 1;
        xyf[1] = (-ipt - irt) >> 1;
        xyf[2] = face;
    }

    private void neighboursRaw(long pix, Bulk.PixOut out) {
        long ix;
        long iy;
        int face;
        if (ordering == Ordering.RING) {
            long[] xyf = new long[3];
            ring2xyf(pix, xyf);
            ix = xyf[0];
            iy = xyf[1];
            face = (int) xyf[2];
        } else {
            face = (int) (pix >> (2 * order));
            long local = pix & (npface - 1);
            ix = compressBits(local);
            iy = compressBits(local >> 1);
        }
        long nsm1 = nside - 1;
        boolean interior = ix > 0 && ix < nsm1 && iy > 0 && iy < nsm1;
        for (int i = 0; i < 8; i++) {
            long x = ix + NB_XOFFSET[i];
            long y = iy + NB_YOFFSET[i];
            int f = face;
            if (!interior) {
                int nbnum = 4;
                if (x < 0) {
                    x += nside;
                    nbnum -= 1;
                } else if (x >= nside) {
                    x -= nside;
                    nbnum += 1;
                }
                if (y < 0) {
                    y += nside;
                    nbnum -= 3;
                } else if (y >= nside) {
                    y -= nside;
                    nbnum += 3;
                }
                f = NB_FACEARRAY[nbnum][face];
                if (f < 0) {
                    out.set(i, -1);
                    continue;
                }
                int bits = NB_SWAPARRAY[nbnum][face >> 2];
                if ((bits & 1) != 0) {
                    x = nside - x - 1;
                }
                if ((bits & 2) != 0) {
                    y = nside - y - 1;
                }
                if ((bits & 4) != 0) {
                    long t = x;
                    x = y;
                    y = t;
                }
            }
            out.set(i, ordering == Ordering.RING ? xyf2ring(x, y, f) : xyf2nest(x, y, f));
        }
    }

    /** C++ {@code ring_above}: the number of the ring north of (or at) height z, 0 north of the first ring. */
    private long ringAbove(double z) {
        double az = Math.abs(z);
        if (az <= TWO_THIRDS) {
            return (long) (nside * (2 - 1.5 * z));
        }
        long iring = (long) (nside * Math.sqrt(3 * (1 - az)));
        return z > 0 ? iring : 4 * nside - iring - 1;
    }

    /**
     * C++ {@code get_ring_info2} without the angle: for ring {@code ring} ∈ [1, 4 nside) writes start pixel, pixel
     * count and shifted flag (1/0) to info[0..2].
     */
    private void ringInfo(long ring, long[] info) {
        long northring = ring > 2 * nside ? 4 * nside - ring : ring;
        long ringpix;
        long startpix;
        boolean shifted;
        if (northring < nside) {
            ringpix = 4 * northring;
            shifted = true;
            startpix = 2 * northring * (northring - 1);
        } else {
            ringpix = 4 * nside;
            shifted = ((northring - nside) & 1) == 0;
            startpix = ncap + (northring - nside) * ringpix;
        }
        if (northring != ring) { // southern hemisphere
            startpix = npix - startpix - ringpix;
        }
        info[0] = startpix;
        info[1] = ringpix;
        info[2] = shifted ? 1 : 0;
    }

    /**
     * The colatitude of ring {@code ring} ∈ [1, 4 nside) as C++ {@code get_ring_info2} computes it, with acos and
     * atan2 correctly rounded like glibc's (see {@link CorrectlyRounded} for why this matters to the weights).
     */
    private double ringTheta(long ring) {
        long northring = ring > 2 * nside ? 4 * nside - ring : ring;
        double theta;
        if (northring < nside) {
            double tmp = northring * northring * fact2;
            double cosTheta = 1 - tmp;
            double sinTheta = Math.sqrt(tmp * (2 - tmp));
            theta = CorrectlyRounded.atan2(sinTheta, cosTheta);
        } else {
            theta = CorrectlyRounded.acos((2 * nside - northring) * fact1);
        }
        return northring != ring ? Math.PI - theta : theta;
    }

    /**
     * The colatitudes of all rings (index = ring number, entry 0 unused) when a bulk interpolation of {@code n}
     * points is large enough to repay computing them once, else null. Local to the call: nothing is cached.
     */
    private double[] ringThetaTable(int n) {
        if (nside > RING_TABLE_MAX_NSIDE || n < 8L * nside) {
            return null;
        }
        double[] table = new double[(int) (4 * nside)];
        Bulk.forRange(table.length - 1, (from, to) -> {
            for (int r = from + 1; r <= to; r++) {
                table[r] = ringTheta(r);
            }
        });
        return table;
    }

    /**
     * The two pixels of {@code ring} bracketing longitude phi ∈ [0, 2π): RING indices to pix[k], pix[k+1], their
     * linear weights to w[k], w[k+1].
     */
    private void ringPair(long ring, double phi, long[] pix, double[] w, int k) {
        long[] info = new long[3];
        ringInfo(ring, info);
        long sp = info[0];
        long nr = info[1];
        double shift = 0.5 * info[2];
        double dphi = TWO_PI / nr;
        double tmp = phi / dphi - shift;
        long i1 = tmp < 0 ? (long) tmp - 1 : (long) tmp;
        double w1 = (phi - (i1 + shift) * dphi) / dphi;
        long i2 = i1 + 1;
        if (i1 < 0) {
            i1 += nr;
        }
        if (i2 >= nr) {
            i2 -= nr;
        }
        pix[k] = sp + i1;
        pix[k + 1] = sp + i2;
        w[k] = 1 - w1;
        w[k + 1] = w1;
    }

    /**
     * C++ {@code get_interpol}: the 4 pixels (in this grid's ordering) to out, weights to w[off..off+3]; ring
     * colatitudes from {@code ringThetas} when not null.
     */
    private void interpolRaw(double theta, double phiAny, Bulk.PixOut out, double[] wOut, int off,
            double[] ringThetas) {
        double phi = fmodulo(phiAny, TWO_PI); // healpy normalises the pointing first
        double z = Math.cos(theta);
        long ir1 = ringAbove(z);
        long ir2 = ir1 + 1;
        long[] pix = new long[4];
        double[] w = new double[4];
        double theta1 = 0;
        double theta2 = 0;
        if (ir1 > 0) {
            ringPair(ir1, phi, pix, w, 0);
            theta1 = ringThetas != null ? ringThetas[(int) ir1] : ringTheta(ir1);
        }
        if (ir2 < 4 * nside) {
            ringPair(ir2, phi, pix, w, 2);
            theta2 = ringThetas != null ? ringThetas[(int) ir2] : ringTheta(ir2);
        }
        if (ir1 == 0) { // north of the first ring: mix in the 4 pixels of ring 1 around the pole
            double wtheta = theta / theta2;
            w[2] *= wtheta;
            w[3] *= wtheta;
            double fac = (1 - wtheta) * 0.25;
            w[0] = fac;
            w[1] = fac;
            w[2] += fac;
            w[3] += fac;
            pix[0] = (pix[2] + 2) & 3;
            pix[1] = (pix[3] + 2) & 3;
        } else if (ir2 == 4 * nside) { // south of the last ring
            double wtheta = (theta - theta1) / (Math.PI - theta1);
            w[0] *= 1 - wtheta;
            w[1] *= 1 - wtheta;
            double fac = wtheta * 0.25;
            w[0] += fac;
            w[1] += fac;
            w[2] = fac;
            w[3] = fac;
            pix[2] = ((pix[0] + 2) & 3) + npix - 4;
            pix[3] = ((pix[1] + 2) & 3) + npix - 4;
        } else {
            double wtheta = (theta - theta1) / (theta2 - theta1);
            w[0] *= 1 - wtheta;
            w[1] *= 1 - wtheta;
            w[2] *= wtheta;
            w[3] *= wtheta;
        }
        for (int m = 0; m < 4; m++) {
            out.set(m, ordering == Ordering.NEST ? ringToNestRaw(pix[m]) : pix[m]);
            wOut[off + m] = w[m];
        }
    }

    // ------------------------------------------------------------------ bit and integer helpers

    /** Interleaves the low 32 bits of v with zeros: bit i goes to bit 2i. */
    static long spreadBits(long v) {
        long x = v & 0xFFFFFFFFL;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x << 2)) & 0x3333333333333333L;
        x = (x | (x << 1)) & 0x5555555555555555L;
        return x;
    }

    /** The inverse of {@link #spreadBits(long)} on the even bits of v. */
    static long compressBits(long v) {
        long x = v & 0x5555555555555555L;
        x = (x | (x >>> 1)) & 0x3333333333333333L;
        x = (x | (x >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        x = (x | (x >>> 4)) & 0x00FF00FF00FF00FFL;
        x = (x | (x >>> 8)) & 0x0000FFFF0000FFFFL;
        x = (x | (x >>> 16)) & 0xFFFFFFFFL;
        return x;
    }

    /** ⌊√v⌋ exactly for 0 ≤ v ≤ Long.MAX_VALUE (the double square root alone can be off by one above 2^52). */
    static long isqrt(long v) {
        long r = (long) Math.sqrt((double) v);
        while (r * r > v) {
            r--;
        }
        while (r < MAX_LONG_SQRT && (r + 1) * (r + 1) <= v) {
            r++;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealpixGrid g && g.order == order && g.ordering == ordering;
    }

    @Override
    public int hashCode() {
        return 31 * order + ordering.hashCode();
    }

    @Override
    public String toString() {
        return "HealpixGrid[nside=" + nside + ", " + ordering + "]";
    }
}
