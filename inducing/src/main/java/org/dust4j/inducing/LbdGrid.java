package org.dust4j.inducing;

import java.util.Arrays;
import java.util.Objects;

import org.dust4j.io.fits.Grid3D;

/**
 * A grid of cells in Galactic longitude l [deg], latitude b [deg] and distance d [pc], each cell holding one
 * density value. Optionally, "ghost" cells extend every line of sight in front of the region: they hold dust
 * (their density enters every extinction behind them) but receive no stars.
 *
 * <p>Cells are numbered column by column: cell (il, ib, k) has index {@code (il * nb + ib) * depth + k}, where
 * k counts along the line of sight from the innermost ghost cell (k = 0) outwards, {@code depth} =
 * ghost cells + distance cells. A column is the line of sight of one (il, ib).
 *
 * <p>Longitudes may run across l = 0 (a lower bound below 0, e.g. -10 .. 10); star longitudes are taken modulo 360
 * into [lower, lower + 360).
 */
public final class LbdGrid {
    private final GridAxis l;
    private final GridAxis b;
    private final GridAxis d;
    private final int ghostCells;
    private final double ghostStart;
    private final double[] lBounds;
    private final double[] bBounds;
    private final double[] dBounds;
    private final double[] lCentres;
    private final double[] bCentres;
    private final double[] dCentres;

    private LbdGrid(GridAxis l, GridAxis b, GridAxis d, int ghostCells, double ghostStart) {
        this.l = Objects.requireNonNull(l, "l");
        this.b = Objects.requireNonNull(b, "b");
        this.d = Objects.requireNonNull(d, "d");
        if (l.upper() - l.lower() > 360) {
            throw new IllegalArgumentException("the longitude axis may span at most 360 deg, got " + l);
        }
        if (b.lower() < -90 || b.upper() > 90) {
            throw new IllegalArgumentException("latitudes must lie within [-90, 90] deg, got " + b);
        }
        if (d.lower() < 0) {
            throw new IllegalArgumentException("distances must be >= 0 pc, got " + d);
        }
        if (ghostCells < 0) {
            throw new IllegalArgumentException("the number of ghost cells must be >= 0, got " + ghostCells);
        }
        if (ghostCells > 0 && !(ghostStart >= 0 && ghostStart < d.lower())) {
            throw new IllegalArgumentException("ghost cells must start at a distance in [0, " + d.lower()
                    + ") pc (in front of the region), got " + ghostStart);
        }
        long cells = (long) l.cells() * b.cells() * (ghostCells + d.cells());
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a grid of " + cells + " cells is too large");
        }
        this.ghostCells = ghostCells;
        this.ghostStart = ghostCells > 0 ? ghostStart : d.lower();
        this.lBounds = l.bounds();
        this.bBounds = b.bounds();
        this.lCentres = l.centres();
        this.bCentres = b.centres();
        double[] main = d.bounds();
        double[] bounds = new double[ghostCells + main.length];
        for (int k = 0; k < ghostCells; k++) {
            bounds[k] = this.ghostStart + (d.lower() - this.ghostStart) * k / ghostCells;
        }
        System.arraycopy(main, 0, bounds, ghostCells, main.length);
        this.dBounds = bounds;
        this.dCentres = new double[depth()];
        for (int k = 0; k < depth(); k++) {
            Spacing s = k < ghostCells ? Spacing.LINEAR : d.spacing();
            dCentres[k] = s.centre(bounds[k], bounds[k + 1]);
        }
    }

    /** A grid without ghost cells. */
    public static LbdGrid of(GridAxis l, GridAxis b, GridAxis d) {
        return new LbdGrid(l, b, d, 0, d.lower());
    }

    /**
     * A grid with the default spacings: l linear, b uniform in sin b (equal solid angles), d linear; no ghost
     * cells.
     */
    public static LbdGrid of(int nl, double lLower, double lUpper, int nb, double bLower, double bUpper, int nd,
                             double dLower, double dUpper) {
        return of(GridAxis.linear(nl, lLower, lUpper), GridAxis.sine(nb, bLower, bUpper),
                GridAxis.linear(nd, dLower, dUpper));
    }

    /**
     * This grid with {@code count} ghost cells, linearly spaced from {@code start} to the region's lower distance
     * bound (count 0 removes them).
     */
    public LbdGrid withGhostCells(int count, double start) {
        return new LbdGrid(l, b, d, count, start);
    }

    /** This grid with other cell counts on the three axes (the same bounds, spacings and ghost region). */
    public LbdGrid withCells(int nl, int nb, int nd) {
        return new LbdGrid(l.withCells(nl), b.withCells(nb), d.withCells(nd), ghostCells, ghostStart);
    }

    /** This grid with other spacings on the three axes. */
    public LbdGrid withSpacings(Spacing sl, Spacing sb, Spacing sd) {
        return new LbdGrid(l.withSpacing(sl), b.withSpacing(sb), d.withSpacing(sd), ghostCells, ghostStart);
    }

    /** The longitude axis. */
    public GridAxis l() {
        return l;
    }

    /** The latitude axis. */
    public GridAxis b() {
        return b;
    }

    /** The distance axis of the region (ghost cells excluded). */
    public GridAxis d() {
        return d;
    }

    /** Number of ghost cells in front of the region on every line of sight. */
    public int ghostCells() {
        return ghostCells;
    }

    /** Inner distance of the first ghost cell [pc] (the region's lower bound when there are none). */
    public double ghostStart() {
        return ghostStart;
    }

    /** Number of lines of sight, l cells × b cells. */
    public int columns() {
        return l.cells() * b.cells();
    }

    /** Cells per line of sight, ghost cells included. */
    public int depth() {
        return ghostCells + d.cells();
    }

    /** Total number of cells, ghost cells included. */
    public int cellCount() {
        return columns() * depth();
    }

    /** The index of cell (il, ib, k), k counted from the innermost ghost cell. */
    public int cellIndex(int il, int ib, int k) {
        Objects.checkIndex(il, l.cells());
        Objects.checkIndex(ib, b.cells());
        Objects.checkIndex(k, depth());
        return (il * b.cells() + ib) * depth() + k;
    }

    /** The distance boundaries along a line of sight, depth() + 1 values, ghost cells first (a copy). */
    public double[] distanceBounds() {
        return dBounds.clone();
    }

    /** The distance centres along a line of sight, depth() values, ghost cells first (a copy). */
    public double[] distanceCentres() {
        return dCentres.clone();
    }

    /** The longitude centres (a copy). */
    public double[] longitudeCentres() {
        return lCentres.clone();
    }

    /** The latitude centres (a copy). */
    public double[] latitudeCentres() {
        return bCentres.clone();
    }

    /**
     * Heliocentric Galactic Cartesian coordinates [pc] of every cell centre, as rows x, y, z of a [3][cellCount]
     * array: x = d cos b cos l, y = d cos b sin l, z = d sin b.
     */
    public double[][] cartesianCentres() {
        int n = cellCount();
        double[][] xyz = new double[3][n];
        for (int il = 0; il < l.cells(); il++) {
            double cl = Math.cos(Math.toRadians(lCentres[il]));
            double sl = Math.sin(Math.toRadians(lCentres[il]));
            for (int ib = 0; ib < b.cells(); ib++) {
                double cb = Math.cos(Math.toRadians(bCentres[ib]));
                double sb = Math.sin(Math.toRadians(bCentres[ib]));
                int base = (il * b.cells() + ib) * depth();
                for (int k = 0; k < depth(); k++) {
                    xyz[0][base + k] = dCentres[k] * cb * cl;
                    xyz[1][base + k] = dCentres[k] * cb * sl;
                    xyz[2][base + k] = dCentres[k] * sb;
                }
            }
        }
        return xyz;
    }

    /**
     * The index of the region cell holding the point (l, b, d), or -1 when it lies outside the region (bounds
     * inclusive below, exclusive above) or in the ghost region in front of it.
     */
    public int locate(double lon, double lat, double dist) {
        double ll = l.lower() + mod360(lon - l.lower());
        int il = bin(lBounds, ll);
        int ib = bin(bBounds, lat);
        int k = bin(dBounds, dist);
        if (il < 0 || ib < 0 || k < ghostCells) {
            return -1;
        }
        return (il * b.cells() + ib) * depth() + k;
    }

    private static double mod360(double x) {
        double r = x % 360.0;
        return r < 0 ? r + 360.0 : r;
    }

    /** The cell i with bounds[i] <= x < bounds[i + 1], or -1. */
    private static int bin(double[] bounds, double x) {
        if (!(x >= bounds[0] && x < bounds[bounds.length - 1])) {
            return -1;
        }
        int i = Arrays.binarySearch(bounds, x);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The region's cell centres as an io-fits l, b, d grid (ghost cells excluded), for writing products. Needs
     * linear spacing on all three axes, since a FITS world-coordinate axis is linear.
     *
     * @throws IllegalStateException if an axis is not linearly spaced
     */
    public Grid3D toGrid3D() {
        if (l.spacing() != Spacing.LINEAR || b.spacing() != Spacing.LINEAR || d.spacing() != Spacing.LINEAR) {
            throw new IllegalStateException("writing a grid product needs linear spacing on all axes (FITS WCS axes "
                    + "are linear), got l " + l.spacing() + ", b " + b.spacing() + ", d " + d.spacing());
        }
        return Grid3D.lbd(axis(lCentres), axis(bCentres),
                axis(Arrays.copyOfRange(dCentres, ghostCells, dCentres.length)));
    }

    private static Grid3D.Axis axis(double[] centres) {
        int n = centres.length;
        return n == 1 ? new Grid3D.Axis(1, centres[0], centres[0]) : new Grid3D.Axis(n, centres[0], centres[n - 1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LbdGrid g && l.equals(g.l) && b.equals(g.b) && d.equals(g.d) && ghostCells == g.ghostCells
                && ghostStart == g.ghostStart;
    }

    @Override
    public int hashCode() {
        return Objects.hash(l, b, d, ghostCells, ghostStart);
    }

    @Override
    public String toString() {
        return "LbdGrid[l " + l + ", b " + b + ", d " + d + (ghostCells > 0 ? ", " + ghostCells + " ghost cells from "
                + ghostStart + " pc" : "") + "]";
    }
}
