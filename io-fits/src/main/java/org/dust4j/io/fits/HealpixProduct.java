package org.dust4j.io.fits;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalDouble;

import org.dust4j.core.DType;

/**
 * A HEALPix x distance map product to write, in the layout of the Edenhofer et al. (2024) release (see
 * docs/fits-layout.md): either a mean-and-std file (HDUs MEAN, STD., the radial tables and optionally the
 * mean and std of the density integrated inside the inner radius) or a samples file (SAMPLES, the radial tables
 * and optionally each sample's inner integral). Immutable; start with {@link #meanAndStd} or {@link #samples}.
 */
public final class HealpixProduct {
    /** Which of the two files this is. */
    public enum Kind {
        /** MEAN and STD. cubes. */
        MEAN_AND_STD,
        /** A SAMPLES stack. */
        SAMPLES
    }

    /** Default data unit (CUNIT): extinction in magnitudes per parsec. */
    public static final String DEFAULT_UNIT = "mag / pc";

    private final Kind kind;
    private final ShellGeometry geometry;
    private final int sampleCount;
    private final SliceSource main;
    private final SliceSource std;
    private final double innerRadius;
    private final SliceSource innerMain;
    private final SliceSource innerStd;
    private final String unit;
    private final DType dtype;
    private final Provenance provenance;

    private HealpixProduct(Kind kind, ShellGeometry geometry, int sampleCount, SliceSource main, SliceSource std,
            double innerRadius, SliceSource innerMain, SliceSource innerStd, String unit, DType dtype,
            Provenance provenance) {
        this.kind = kind;
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.sampleCount = sampleCount;
        this.main = Objects.requireNonNull(main, "data");
        this.std = std;
        this.innerRadius = innerRadius;
        this.innerMain = innerMain;
        this.innerStd = innerStd;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("dtype must be FLOAT32 or FLOAT64, got " + dtype);
        }
    }

    /** A mean-and-std product (FLOAT32, unit {@value #DEFAULT_UNIT}, no inner integral). */
    public static HealpixProduct meanAndStd(ShellGeometry geometry, SliceSource mean, SliceSource std,
            Provenance provenance) {
        return new HealpixProduct(Kind.MEAN_AND_STD, geometry, 0, mean, Objects.requireNonNull(std, "std"),
                Double.NaN, null, null, DEFAULT_UNIT, DType.FLOAT32, provenance);
    }

    /** A samples product of {@code sampleCount} samples (FLOAT32, unit {@value #DEFAULT_UNIT}, no inner integral). */
    public static HealpixProduct samples(ShellGeometry geometry, int sampleCount, SliceSource samples,
            Provenance provenance) {
        if (sampleCount < 1) {
            throw new IllegalArgumentException("sampleCount must be >= 1, got " + sampleCount);
        }
        return new HealpixProduct(Kind.SAMPLES, geometry, sampleCount, samples, null, Double.NaN, null, null,
                DEFAULT_UNIT, DType.FLOAT32, provenance);
    }

    /**
     * With the density integrated inside {@code radiusPc} (the region inside the first shell): for a mean-and-std
     * product its mean and std maps, for a samples product each sample's map ({@code std} must then be null).
     * The sources give one map (shell 0) of npix values, per sample for a samples product.
     */
    public HealpixProduct withInner(double radiusPc, SliceSource mean, SliceSource std) {
        if (!(radiusPc > 0 && radiusPc <= geometry.boundaries()[0] + 1e-9 * geometry.boundaries()[0])) {
            throw new IllegalArgumentException("inner radius must be in (0, first boundary "
                    + geometry.boundaries()[0] + "], got " + radiusPc);
        }
        Objects.requireNonNull(mean, "inner mean");
        if ((kind == Kind.MEAN_AND_STD) != (std != null)) {
            throw new IllegalArgumentException(kind == Kind.MEAN_AND_STD
                    ? "a mean-and-std product needs the std of the inner integral"
                    : "a samples product takes per-sample inner integrals only (std must be null)");
        }
        return new HealpixProduct(kind, geometry, sampleCount, main, this.std, radiusPc, mean, std, unit, dtype,
                provenance);
    }

    /** With data unit {@code unit} (CUNIT of the cubes). */
    public HealpixProduct withUnit(String unit) {
        return new HealpixProduct(kind, geometry, sampleCount, main, std, innerRadius, innerMain, innerStd, unit,
                dtype, provenance);
    }

    /**
     * The unit of a density in {@code densityUnit} integrated over distance in pc: a trailing "/ pc" dropped
     * ("mag / pc" gives "mag"), else " pc" appended.
     */
    static String integratedUnit(String densityUnit) {
        String trimmed = densityUnit.replaceAll("\\s*/\\s*pc$", "");
        return trimmed.equals(densityUnit) ? (densityUnit + " pc").trim() : trimmed;
    }

    /** With data written as {@code dtype} (FLOAT32, as the release, or FLOAT64). */
    public HealpixProduct withDType(DType dtype) {
        return new HealpixProduct(kind, geometry, sampleCount, main, std, innerRadius, innerMain, innerStd, unit,
                dtype, provenance);
    }

    /** Which file this is. */
    public Kind kind() {
        return kind;
    }

    /** The grid. */
    public ShellGeometry geometry() {
        return geometry;
    }

    /** Number of samples (0 for a mean-and-std product). */
    public int sampleCount() {
        return sampleCount;
    }

    /** The mean (MEAN_AND_STD) or the samples (SAMPLES). */
    public SliceSource data() {
        return main;
    }

    /** The std (MEAN_AND_STD only, else null). */
    public SliceSource std() {
        return std;
    }

    /** Radius of the inner integral [pc], if present. */
    public OptionalDouble innerRadius() {
        return innerMain == null ? OptionalDouble.empty() : OptionalDouble.of(innerRadius);
    }

    /** Inner integral: the mean (MEAN_AND_STD) or per-sample maps (SAMPLES); null if absent. */
    public SliceSource innerData() {
        return innerMain;
    }

    /** Std of the inner integral (MEAN_AND_STD with inner only, else null). */
    public SliceSource innerStd() {
        return innerStd;
    }

    /** Data unit. */
    public String unit() {
        return unit;
    }

    /** Element type written. */
    public DType dtype() {
        return dtype;
    }

    /** Provenance written into every header. */
    public Provenance provenance() {
        return provenance;
    }

    /** The inner radius as written in HDU names and CTYPE: plain decimal without trailing zeros (68.8, 69). */
    static String radiusText(double radiusPc) {
        return BigDecimal.valueOf(radiusPc).stripTrailingZeros().toPlainString();
    }
}
