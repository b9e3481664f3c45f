package org.dust4j.icr;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dust4j.core.json.Json;

/**
 * HEALPix × radius, the geometry of the 3D dust map: a level is the product of the HEALPix sphere at
 * nside_l = nside0 · 2^l (NEST) and a radial axis of shells r(u) given by an {@link AxisMap} (typically
 * {@link AxisMap#logarithmic log-spaced}). Pixel (p, i) sits at r(u_l(i)) · n̂(p); a level is stored pixel-major,
 * [12 nside_l², n_r,l], the radial index fastest.
 *
 * <p>A refinement window is p's angular window (p, its 8 neighbours, see {@link HealpixFactor}) times 3 consecutive
 * radial shells: 27 coarse points. Its fine points are p's 4 NEST children times the 2 radial sub-shells of the
 * central shell: 8 points. The new angular index is 4p + child; radially each level loses one shell at each end,
 * n_r,l+1 = 2 (n_r,l - 2), as on a {@link GridChart} axis.
 */
public final class HealpixChart extends Chart {
    private final long nside0;
    private final AxisMap radialMap;

    private HealpixChart(long nside0, int levels, int shells0, AxisMap radialMap) {
        super(List.of(new HealpixFactor(nside0, levels), new AxisFactor(1, shells0, levels, 3, 2, radialMap, false)),
                levels);
        this.nside0 = nside0;
        this.radialMap = radialMap;
    }

    /** A builder; set {@link Builder#nside0}, {@link Builder#levels}, {@link Builder#shells0} and the radial map. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int dimension() {
        return 3;
    }

    /** nside at a level. */
    public long nside(int level) {
        checkLevel(level);
        return nside0 << level;
    }

    /** Radial shells at a level. */
    public int shells(int level) {
        return shape(level)[1];
    }

    /** The radius of shell i at a level. */
    public double radius(int level, int shell) {
        checkLevel(level);
        return radialMap.toPhysical(((AxisFactor) factors().get(1)).indexCoordinate(level, shell));
    }

    public AxisMap radialMap() {
        return radialMap;
    }

    @Override
    void combine(double[] c, int cOff, double[] p, int pOff) {
        double r = c[cOff + 3];
        p[pOff] = r * c[cOff];
        p[pOff + 1] = r * c[cOff + 1];
        p[pOff + 2] = r * c[cOff + 2];
    }

    @Override
    public String describe() {
        return "HealpixChart(nside0=" + nside0 + ", levels=" + levels() + ", shells0=" + shells(0) + ", final nside="
                + nside(levels()) + " x " + shells(levels()) + " shells, radius " + radialMap + ")";
    }

    @Override
    public Map<String, Object> toMap() {
        return Json.object("type", "healpix", "nside0", nside0, "levels", levels(), "shells0", shells(0),
                "radialMap", radialMap.toMap());
    }

    /** Equal nside0, levels, level-0 shells and radial maps (hence equal positions at every level). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HealpixChart h && h.nside0 == nside0 && h.levels() == levels() && h.shells(0) == shells(0)
                && h.radialMap.equals(radialMap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nside0, levels(), shells(0), radialMap);
    }

    /** Builder of {@link HealpixChart}s. */
    public static final class Builder {
        private long nside0;
        private int levels = -1;
        private int shells0;
        private AxisMap radialMap;

        private Builder() {
        }

        /** nside of level 0 (a power of 2). */
        public Builder nside0(long nside0) {
            this.nside0 = nside0;
            return this;
        }

        /** Number of refinements. */
        public Builder levels(int levels) {
            if (levels < 0) {
                throw new IllegalArgumentException("levels must be >= 0, got " + levels);
            }
            this.levels = levels;
            return this;
        }

        /** Radial shells of level 0 (≥ 3). */
        public Builder shells0(int shells0) {
            this.shells0 = shells0;
            return this;
        }

        /** The radius as a function of the radial index coordinate (in level-0 shells); must be positive. */
        public Builder radialMap(AxisMap map) {
            this.radialMap = map;
            return this;
        }

        public HealpixChart build() {
            if (nside0 == 0 || levels < 0 || shells0 == 0 || radialMap == null) {
                throw new IllegalStateException("set nside0, levels, shells0 and radialMap (got nside0=" + nside0
                        + ", levels=" + levels + ", shells0=" + shells0 + ", radialMap=" + radialMap + ")");
            }
            if (!(radialMap.toPhysical(0) > 0)) {
                throw new IllegalArgumentException("radii must be positive; the map gives r(0) = "
                        + radialMap.toPhysical(0));
            }
            return new HealpixChart(nside0, levels, shells0, radialMap);
        }
    }
}
