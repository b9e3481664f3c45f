package org.dust4j.io.fits;

import java.util.Objects;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;

/**
 * A regular 3-D grid on which a map is resampled, like the release's interp2box (Cartesian) and interp2lbd
 * (Galactic l, b, distance) products: each axis has n points from {@code first} to {@code last} inclusive, equally
 * spaced (numpy linspace). Axis 1 varies fastest; the data cube in numpy order is (n3, n2, n1).
 *
 * <p>Cartesian grids are heliocentric Galactic [pc]: X towards l = 0, Y towards l = 90 deg, Z towards the north
 * Galactic pole (FITS CTYPE X, Y, Z). l, b, d grids have axes Galactic longitude and latitude [deg] (CTYPE
 * GLON-CAR, GLAT-CAR: a plate carrée referenced at b = 0 and at the middle of the longitude axis, so pixel to
 * world is linear; the longitude axis may span at most 360 deg) and distance [pc]
 * (CTYPE DIST).
 */
public final class Grid3D {
    /** The coordinate system. */
    public enum Kind {
        /** Heliocentric Galactic X, Y, Z [pc]. */
        CARTESIAN,
        /** Galactic longitude, latitude [deg] and distance [pc]. */
        LBD
    }

    /**
     * One axis: n points from first to last inclusive.
     *
     * @param n number of points (>= 1)
     * @param first first coordinate
     * @param last last coordinate (equal to first when n = 1)
     */
    public record Axis(int n, double first, double last) {
        /** Checks n >= 1, finite ends, and first == last when n == 1. */
        public Axis {
            if (n < 1 || !Double.isFinite(first) || !Double.isFinite(last) || (n == 1 && first != last)
                    || (n > 1 && first == last)) {
                throw new IllegalArgumentException("bad axis: n = " + n + ", " + first + " .. " + last);
            }
        }

        /** For messages: "first .. last (n points)", e.g. "-100.0 .. 10.0 (5 points)". */
        @Override
        public String toString() {
            return first + " .. " + last + " (" + n + (n == 1 ? " point)" : " points)");
        }

        /** Coordinate of point {@code i}. */
        public double at(int i) {
            return n == 1 ? first : first + (last - first) * i / (n - 1);
        }

        /** Spacing (1 for a single point, so that WCS stays defined). */
        public double delta() {
            return n == 1 ? 1.0 : (last - first) / (n - 1);
        }
    }

    private final Kind kind;
    private final Axis a1;
    private final Axis a2;
    private final Axis a3;

    private Grid3D(Kind kind, Axis a1, Axis a2, Axis a3) {
        this.kind = kind;
        this.a1 = Objects.requireNonNull(a1);
        this.a2 = Objects.requireNonNull(a2);
        this.a3 = Objects.requireNonNull(a3);
        if ((long) a1.n() * a2.n() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a plane of " + a1.n() + " x " + a2.n() + " points is too large");
        }
    }

    /** A Cartesian box, e.g. {@code cartesian(new Axis(1251, -1250, 1250), ...)} as the release's xyz product. */
    public static Grid3D cartesian(Axis x, Axis y, Axis z) {
        return new Grid3D(Kind.CARTESIAN, x, y, z);
    }

    /**
     * An l, b, d grid, e.g. {@code lbd(new Axis(1572, 180, -180), new Axis(786, -90, 90), new Axis(2381, 69, 1250))}
     * as the release's lbd product.
     *
     * @throws IllegalArgumentException if latitudes leave [-90, 90], longitudes span more than 360 deg or
     *     distances are negative
     */
    public static Grid3D lbd(Axis l, Axis b, Axis d) {
        if (Math.abs(b.first()) > 90 || Math.abs(b.last()) > 90) {
            throw new IllegalArgumentException("latitudes must be within [-90, 90], got " + b);
        }
        if (Math.abs(l.last() - l.first()) > 360) {
            throw new IllegalArgumentException("the longitude axis may span at most 360 deg, got " + l);
        }
        if (d.first() < 0 || d.last() < 0) {
            throw new IllegalArgumentException("distances must be >= 0, got " + d);
        }
        return new Grid3D(Kind.LBD, l, b, d);
    }

    /** The coordinate system. */
    public Kind kind() {
        return kind;
    }

    /** Axis {@code i} (1, 2 or 3, as in FITS). */
    public Axis axis(int i) {
        return switch (i) {
            case 1 -> a1;
            case 2 -> a2;
            case 3 -> a3;
            default -> throw new IllegalArgumentException("axis must be 1, 2 or 3, got " + i);
        };
    }

    /** Points per plane, n1 x n2. */
    public int planeSize() {
        return a1.n() * a2.n();
    }

    /** Number of planes, n3. */
    public int planes() {
        return a3.n();
    }

    /**
     * Galactic l, b [deg] and distance [pc] of the points of plane {@code k}, point (i, j) at index i + n1 j.
     * For a Cartesian grid l = atan2(Y, X), b = atan2(Z, sqrt(X² + Y²)), d = |(X, Y, Z)| as in interp2box.
     */
    public void lbdOfPlane(int k, double[] l, double[] b, double[] d) {
        int n1 = a1.n();
        int n2 = a2.n();
        double c3 = a3.at(k);
        for (int j = 0; j < n2; j++) {
            double c2 = a2.at(j);
            for (int i = 0; i < n1; i++) {
                double c1 = a1.at(i);
                int at = i + n1 * j;
                if (kind == Kind.LBD) {
                    l[at] = c1;
                    b[at] = c2;
                    d[at] = c3;
                } else {
                    double rho = Math.hypot(c1, c2);
                    l[at] = Math.toDegrees(Math.atan2(c2, c1));
                    b[at] = Math.toDegrees(Math.atan2(c3, rho));
                    d[at] = Math.hypot(rho, c3);
                }
            }
        }
    }

    /** Adds CTYPEi, CUNITi, CRPIXi, CRVALi, CDELTi. */
    void addWcs(Header h) throws HeaderCardException {
        String[] ctype = kind == Kind.CARTESIAN ? new String[] {"X", "Y", "Z"}
                : new String[] {"GLON-CAR", "GLAT-CAR", "DIST"};
        String[] cunit = kind == Kind.CARTESIAN ? new String[] {"pc", "pc", "pc"} : new String[] {"deg", "deg", "pc"};
        for (int i = 1; i <= 3; i++) {
            Axis a = axis(i);
            double crpix = 1.0;
            double crval = a.first();
            if (kind == Kind.LBD && i == 1) {
                // plate carrée covers 180 deg either side of its reference longitude: reference the middle
                crpix = 1.0 + 0.5 * (a.n() - 1);
                crval = a.first() + 0.5 * (a.last() - a.first());
            }
            if (kind == Kind.LBD && i == 2) {
                // plate carrée is linear only when referenced at latitude 0: put the reference pixel where b = 0
                crpix = 1.0 - a.first() / a.delta();
                crval = 0.0;
            }
            h.addValue("CTYPE" + i, ctype[i - 1], "axis " + i);
            h.addValue("CUNIT" + i, cunit[i - 1], null);
            h.addValue("CRPIX" + i, crpix, null);
            h.addValue("CRVAL" + i, crval, null);
            h.addValue("CDELT" + i, a.delta(), null);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Grid3D g && kind == g.kind && a1.equals(g.a1) && a2.equals(g.a2) && a3.equals(g.a3);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, a1, a2, a3);
    }

    @Override
    public String toString() {
        return "Grid3D[" + kind + ", " + a1 + ", " + a2 + ", " + a3 + "]";
    }
}
