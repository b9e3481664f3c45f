package org.dust4j.mgvi.dust;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;
import org.dust4j.icr.AxisMap;
import org.dust4j.icr.HealpixChart;
import org.dust4j.model.SphericalGrid;

/**
 * The one definition of the voxel grid of an ICR + MGVI dust reconstruction, from which both the ICR chart
 * ({@link HealpixChart}, whose finest level carries the field) and the model's {@link SphericalGrid} (on which the
 * response integrates) are derived, so that the two cannot disagree.
 *
 * <p>The grid is HEALPix at {@code nside} (NEST) times log-spaced shells: {@code shells} shells of equal log-width
 * δ = ln(rMax/rMin)/shells span the data region [rMin, rMax], continued with the same δ by {@code innerPadding}
 * shells inside rMin and {@code outerPadding} shells beyond rMax (padding carries dust like any shell: the inner one
 * the dust in front of the data region, the outer one the dust behind it that stars with wide distance
 * distributions see). The field is stored pixel-major, (npix, N) with N = innerPadding + shells + outerPadding.
 *
 * <p>The chart has {@code levels} refinements from nside0 = nside / 2^levels: its radial axis is
 * r(u) = exp(a u + b) in level-0 shell units with a = 2^levels δ, and b chosen so that the finest level's shell k sits
 * at the geometric centre √(r_k r_{k+1}) of grid shell k. The HEALPix factor's finest level is NEST at nside with the
 * radius fastest, which is the grid's layout. A refinement turns n shells into 2 (n − 2), so the finest level has
 * N = 2^levels (n0 − 4) + 4 shells for n0 level-0 shells: only such N are possible. {@link Builder#padding} therefore
 * takes the <em>least</em> padding on each side and adds shells (alternately outside, then inside) up to the next
 * possible N; {@link #innerPadding()} and {@link #outerPadding()} report what was used.
 *
 * <p>{@link #sphericalGrid()} has the boundaries exactly at rMin and rMax (from {@link SphericalGrid.Builder});
 * construction checks that the model's reading of the chart, {@link SphericalGrid#of(HealpixChart)} (shells centred
 * on the chart's radii), has the same nside, shell count and boundaries to 1e-12 relative, so either grid may be
 * used; this one keeps rMin and rMax free of rounding for the FITS radial tables and HDU names.
 */
public final class DustGrid {
    /** Relative agreement required between this grid's boundaries and those the chart implies. */
    static final double RADIUS_TOLERANCE = 1e-12;

    private final int nside;
    private final double rMin;
    private final double rMax;
    private final int shells;
    private final int innerPadding;
    private final int outerPadding;
    private final int levels;
    private final int shells0;
    private final double logStep;
    private final double mapSlope;
    private final double mapOffset;
    private final SphericalGrid grid;
    private final HealpixChart chart;

    private DustGrid(Builder b, int lv) {
        if (b.nside < 1 || Integer.bitCount(b.nside) != 1) {
            throw new IllegalArgumentException("nside must be a power of two >= 1, got " + b.nside);
        }
        if (!(b.rMin > 0 && b.rMax > b.rMin) || Double.isInfinite(b.rMax)) {
            throw new IllegalArgumentException("need 0 < rMin < rMax < inf, got rMin=" + b.rMin + ", rMax=" + b.rMax);
        }
        if (b.shells < 1) {
            throw new IllegalArgumentException("shells must be >= 1, got " + b.shells);
        }
        if (b.innerPadding < 0 || b.outerPadding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got inner=" + b.innerPadding + ", outer="
                    + b.outerPadding);
        }
        if (lv < 0 || (b.nside >> lv) < 1 || (b.nside >> lv) << lv != b.nside) {
            throw new IllegalArgumentException("levels must lie in [0, log2(nside) = "
                    + Integer.numberOfTrailingZeros(b.nside) + "] so that nside0 = nside / 2^levels is an integer, got "
                    + lv);
        }
        this.nside = b.nside;
        this.rMin = b.rMin;
        this.rMax = b.rMax;
        this.shells = b.shells;
        this.levels = lv;
        // finest-level shell counts are N = 2^L (n0 - 4) + 4 for n0 level-0 shells; n0 >= 3 (one 3-shell window),
        // and n0 >= 4 when L >= 2 so that every intermediate level keeps >= 3 shells (n0 = 4 is the fixed point)
        int step = 1 << lv;
        int least = shells + b.innerPadding + b.outerPadding;
        int n0 = levelZeroShells(least, lv);
        int total = step * (n0 - 4) + 4;
        long voxels = 12L * b.nside * b.nside * total;
        if (voxels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("nside " + b.nside + " x " + total + " shells (" + shells
                    + " data shells and padding) = " + voxels + " voxels, more than one array holds ("
                    + (Integer.MAX_VALUE - 8) + "); lower nside or the number of shells");
        }
        int extra = total - least;
        this.outerPadding = b.outerPadding + (extra + 1) / 2;
        this.innerPadding = b.innerPadding + extra / 2;
        this.shells0 = n0;
        this.grid = SphericalGrid.builder().nside(nside).range(rMin, rMax).shells(shells)
                .padding(innerPadding, outerPadding).build();
        this.logStep = Math.log(rMax / rMin) / shells;
        this.mapSlope = step * logStep;
        // centre of finest shell 0: exp(ln rMin + (0.5 - innerPadding) δ); the chart puts it at exp(a o_L + b)
        HealpixChart probe = chart(0);
        double logCentre0 = Math.log(rMin) + (0.5 - innerPadding) * logStep;
        this.mapOffset = logCentre0 - Math.log(probe.radius(lv, 0));
        this.chart = chart(mapOffset);
        checkAgreement();
    }

    /** The fewest level-0 shells whose finest level (after {@code levels} refinements) has at least n shells. */
    static int levelZeroShells(int n, int levels) {
        return Math.max(Math.ceilDiv(n - 4, 1 << levels) + 4, levels >= 2 ? 4 : 3);
    }

    private HealpixChart chart(double offset) {
        return HealpixChart.builder().nside0(nside >> levels).levels(levels).shells0(shells0)
                .radialMap(AxisMap.logarithmic(mapSlope, offset)).build();
    }

    /** Checks that the model's own reading of the chart, {@link SphericalGrid#of(HealpixChart)}, is this grid. */
    private void checkAgreement() {
        SphericalGrid fromChart = SphericalGrid.of(chart);
        if (fromChart.nside() != nside || fromChart.nshell() != grid.nshell()
                || chart.size(levels) != grid.npix() * grid.nshell()) {
            throw new IllegalStateException("chart " + chart.describe() + " gives " + fromChart + ", not " + grid);
        }
        for (int k = 0; k <= grid.nshell(); k++) {
            double r = grid.boundary(k);
            if (!(Math.abs(fromChart.boundary(k) - r) <= RADIUS_TOLERANCE * r)) {
                throw new IllegalStateException("boundary " + k + " of the chart's grid, " + fromChart.boundary(k)
                        + ", differs from " + r);
            }
        }
    }

    /** A builder; set nside, the data range and its shell count, optionally padding and levels. */
    public static Builder builder() {
        return new Builder();
    }

    /** HEALPix nside of the field (the chart's finest level). */
    public int nside() {
        return nside;
    }

    /** Inner edge of the data region (pc), a shell boundary. */
    public double rMin() {
        return rMin;
    }

    /** Outer edge of the data region (pc), a shell boundary. */
    public double rMax() {
        return rMax;
    }

    /** Shells between rMin and rMax. */
    public int dataShells() {
        return shells;
    }

    /** Padding shells inside rMin actually used (at least the requested number). */
    public int innerPadding() {
        return innerPadding;
    }

    /** Padding shells beyond rMax actually used (at least the requested number). */
    public int outerPadding() {
        return outerPadding;
    }

    /** The first shell of the data region (= {@link #innerPadding()}). */
    public int firstDataShell() {
        return innerPadding;
    }

    /** ICR refinement levels. */
    public int levels() {
        return levels;
    }

    /** nside of the chart's level 0. */
    public int nside0() {
        return nside >> levels;
    }

    /** Radial shells of the chart's level 0. */
    public int shells0() {
        return shells0;
    }

    /** The log-width δ of every shell. */
    public double logStep() {
        return logStep;
    }

    /** The model's grid (all shells, padding included). */
    public SphericalGrid sphericalGrid() {
        return grid;
    }

    /** The ICR chart whose finest level is {@link #sphericalGrid()}. */
    public HealpixChart chart() {
        return chart;
    }

    /** This grid as a JSON-ready map (for model descriptions and provenance). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nside", nside);
        m.put("rMin", rMin);
        m.put("rMax", rMax);
        m.put("dataShells", shells);
        m.put("innerPadding", innerPadding);
        m.put("outerPadding", outerPadding);
        m.put("levels", levels);
        m.put("nside0", nside0());
        m.put("shells0", shells0);
        m.put("radialMap", chart.radialMap().toMap());
        return m;
    }

    /**
     * Reads a grid written by {@link #toJson()}: rebuilds it from nside, rMin, rMax, dataShells, the padding used and
     * levels, and checks that the derived members present (nside0, shells0, radialMap) are the rebuilt grid's, bit
     * for bit. Numbers may be any {@link Number} (a JSON reader's doubles too).
     *
     * @throws IllegalArgumentException if a member is missing or ill-typed, the grid is invalid or a derived member
     *                                  disagrees (each message names the member and its value)
     */
    public static DustGrid fromJson(Map<String, Object> map) {
        return fromJson(JsonFields.of(map, "dust grid"));
    }

    /** {@link #fromJson(Map)} of a named object, whose path prefixes every message (e.g. "field prior.grid"). */
    static DustGrid fromJson(JsonFields f) {
        int nside = f.integer("nside");
        double rMin = f.number("rMin");
        double rMax = f.number("rMax");
        int dataShells = f.integer("dataShells");
        int innerPadding = f.integer("innerPadding");
        int outerPadding = f.integer("outerPadding");
        int levels = f.integer("levels");
        DustGrid g;
        try {
            g = builder().nside(nside).shells(rMin, rMax, dataShells).padding(innerPadding, outerPadding)
                    .levels(levels).build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(f.what() + ": " + e.getMessage(), e);
        }
        Map<String, Object> derived = g.toJson();
        for (String key : new String[] {"nside0", "shells0", "radialMap", "innerPadding", "outerPadding"}) {
            if (!f.has(key)) {
                continue;
            }
            Object given = f.get(key); // a present null is refused here, naming the field
            if (!Json.canonical(given).equals(Json.canonical(derived.get(key)))) {
                throw new IllegalArgumentException(f.what() + ": field '" + key + "' is " + given + " but"
                        + " the grid rebuilt from it is " + derived.get(key) + " (" + g + ")");
            }
        }
        return g;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DustGrid g && g.nside == nside && g.rMin == rMin && g.rMax == rMax && g.shells == shells
                && g.innerPadding == innerPadding && g.outerPadding == outerPadding && g.levels == levels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(nside, rMin, rMax, shells, innerPadding, outerPadding, levels);
    }

    @Override
    public String toString() {
        return "DustGrid[nside=" + nside + " (nside0=" + nside0() + ", " + levels + " levels), " + shells
                + " shells in " + rMin + ".." + rMax + " pc + " + innerPadding + " inner / " + outerPadding
                + " outer padding, " + shells0 + " level-0 shells]";
    }

    /** Builder of {@link DustGrid}s. */
    public static final class Builder {
        /** The largest level-0 size the default number of levels allows. */
        public static final int LEVEL_ZERO_POINTS = 1024;

        private int nside = -1;
        private double rMin = Double.NaN;
        private double rMax = Double.NaN;
        private int shells = -1;
        private int innerPadding;
        private int outerPadding;
        private int levels = -1;

        private Builder() {
        }

        /** HEALPix nside of the field, a power of two. */
        public Builder nside(int nside) {
            this.nside = nside;
            return this;
        }

        /** The data region [rMin, rMax] in pc and its number of log-spaced shells. */
        public Builder shells(double rMin, double rMax, int shells) {
            this.rMin = rMin;
            this.rMax = rMax;
            this.shells = shells;
            return this;
        }

        /**
         * The least number of padding shells inside rMin and beyond rMax (default 0 and 0); shells are added up to
         * the next count the chart can produce (see the class comment).
         */
        public Builder padding(int inner, int outer) {
            this.innerPadding = inner;
            this.outerPadding = outer;
            return this;
        }

        /**
         * ICR refinement levels. Each level halves the angular and radial spacing; level 0 is an exact Gaussian
         * process on N0 = 12 nside0² n0 points whose dense covariance root costs 8 N0² bytes and O(N0³) time. The
         * default is the fewest levels with N0 ≤ {@value #LEVEL_ZERO_POINTS} (or all levels, nside0 = 1). Fewer
         * levels approximate the kernel better (the ICR error grows as its length scale shrinks below a level-0
         * spacing, see docs/icr.md).
         */
        public Builder levels(int levels) {
            this.levels = levels;
            return this;
        }

        public DustGrid build() {
            if (nside < 0 || shells < 0) {
                throw new IllegalStateException("set nside and shells(rMin, rMax, n) (got nside=" + nside + ", shells="
                        + shells + ")");
            }
            int l = levels;
            if (l < 0 && nside >= 1 && Integer.bitCount(nside) == 1) {
                int least = shells + Math.max(0, innerPadding) + Math.max(0, outerPadding);
                l = 0;
                while ((nside >> (l + 1)) >= 1
                        && 12L * (nside >> l) * (nside >> l) * levelZeroShells(least, l) > LEVEL_ZERO_POINTS) {
                    l++;
                }
            }
            return new DustGrid(this, l);
        }
    }
}
