package org.dust4j.io.fits;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A HEALPix x distance map file opened lazily: headers are parsed and checked on open, the data HDUs are
 * memory-mapped and read value by value on demand, so a multi-gigabyte cube costs no heap. Accepts the files
 * of {@link HealpixMapWriter} and of the Edenhofer et al. (2024) release, with the acceptance rules of the
 * dustmaps reader (docs/fits-layout.md). Close it to unmap. Reads are thread-safe.
 */
public final class HealpixMapFile implements AutoCloseable {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE =
            ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** A memory-mapped image HDU: float32 or float64 values in numpy order. */
    private record Image(MemorySegment data, boolean single, long[] shape) {
        double get(long index) {
            return single ? data.getAtIndex(FLOAT, index) : data.getAtIndex(DOUBLE, index);
        }
    }

    private final Path file;
    private final Arena arena;
    private final ShellGeometry geometry;
    private final Image main;
    private final Image std;
    private final Image inner;
    private final Image innerStd;
    private final double innerRadius;
    private final int sampleCount;
    private final String unit;
    private final Provenance provenance;

    private HealpixMapFile(Path file, Arena arena, ShellGeometry geometry, Image main, Image std, Image inner,
            Image innerStd, double innerRadius, String unit, Provenance provenance) {
        this.file = file;
        this.arena = arena;
        this.geometry = geometry;
        this.main = main;
        this.std = std;
        this.inner = inner;
        this.innerStd = innerStd;
        this.innerRadius = innerRadius;
        this.sampleCount = main.shape.length == 3 ? (int) main.shape[0] : 0;
        this.unit = unit;
        this.provenance = provenance;
    }

    /**
     * Opens and checks a map file.
     *
     * @throws FitsFormatException naming the HDU and keyword at fault if the file does not have the layout
     */
    public static HealpixMapFile open(Path file) throws IOException {
        FitsLayout layout = FitsLayout.scan(file);
        FitsLayout.Hdu mainHdu = null;
        FitsLayout.Hdu stdHdu = null;
        FitsLayout.Hdu innerHdu = null;
        FitsLayout.Hdu innerStdHdu = null;
        FitsLayout.Hdu centersHdu = null;
        FitsLayout.Hdu boundsHdu = null;
        double radius = Double.NaN;
        for (FitsLayout.Hdu hdu : layout.hdus()) {
            String name = hdu.name().toLowerCase(Locale.ROOT);
            if (hdu.kind() == FitsLayout.Kind.PRIMARY && hdu.dataBytes() == 0) {
                continue;
            }
            if (List.of("primary", "mean", "samples", "healpix times distance").contains(name)
                    || hdu.kind() == FitsLayout.Kind.PRIMARY) {
                if (!hdu.header().containsKey("NSIDE") && hdu.header().containsKey("CTYPE1")) {
                    throw new FitsFormatException(file, hdu.label() + " is a cube with WCS axes (CTYPE1 = '"
                            + hdu.header().getStringValue("CTYPE1").trim() + "', no NSIDE), a grid product as"
                            + " dust4j interp and the inducing-point fit write, not a HEALPix x distance map; read"
                            + " it as a FITS image (dust4j info describes its axes)");
                }
                mainHdu = once(file, mainHdu, hdu);
            } else if (hdu.kind() == FitsLayout.Kind.BINTABLE) {
                List<String> columns = FitsTableSource.columnNames(file, hdu);
                if (columns.equals(List.of(HealpixMapWriter.CENTERS_COLUMN))) {
                    centersHdu = once(file, centersHdu, hdu);
                } else if (columns.equals(List.of(HealpixMapWriter.BOUNDARIES_COLUMN))) {
                    boundsHdu = once(file, boundsHdu, hdu);
                } else {
                    throw new FitsFormatException(file, "unrecognised binary table " + hdu.label() + " with columns "
                            + columns + " (expected ['" + HealpixMapWriter.CENTERS_COLUMN + "'] or ['"
                            + HealpixMapWriter.BOUNDARIES_COLUMN + "'])");
                }
            } else if (hdu.kind() == FitsLayout.Kind.IMAGE
                    && (name.startsWith("mean of integrated inner") || name.startsWith("integrated inner"))) {
                requireMainFirst(file, mainHdu, hdu);
                innerHdu = once(file, innerHdu, hdu);
                radius = innerRadius(file, hdu, HealpixMapWriter.INNER_CTYPE);
            } else if (hdu.kind() == FitsLayout.Kind.IMAGE && name.startsWith("std. of integrated inner")) {
                requireMainFirst(file, innerHdu, hdu);
                innerStdHdu = once(file, innerStdHdu, hdu);
                double r = innerRadius(file, hdu, HealpixMapWriter.INNER_STD_CTYPE);
                if (r != radius) {
                    throw new FitsFormatException(file, hdu.label() + " has inner radius " + r
                            + " pc but the inner mean has " + radius + " pc");
                }
            } else if (hdu.kind() == FitsLayout.Kind.IMAGE && name.equals("std.")) {
                requireMainFirst(file, mainHdu, hdu);
                stdHdu = once(file, stdHdu, hdu);
            } else {
                throw new FitsFormatException(file, "unrecognised " + hdu.label() + " (" + hdu.kind() + ")");
            }
        }
        if (mainHdu == null || centersHdu == null || boundsHdu == null) {
            throw new FitsFormatException(file, "a HEALPix map needs a MEAN or SAMPLES image and the tables "
                    + HealpixMapWriter.CENTERS + " and " + HealpixMapWriter.BOUNDARIES + "; found " + layout.names());
        }
        int nside = mainHdu.header().getIntValue("NSIDE", -1);
        if (nside < 1) {
            throw new FitsFormatException(file, mainHdu.label() + " has no valid NSIDE keyword");
        }
        boolean nest = ordering(file, mainHdu);
        if (!nest) {
            throw new FitsFormatException(file, mainHdu.label() + " has ORDERING '"
                    + mainHdu.header().getStringValue("ORDERING") + "'; only NEST ordering is supported");
        }
        long npix = 12L * nside * nside;
        double[] centers = FitsTableSource.readColumn(file, centersHdu, 0);
        double[] bounds = FitsTableSource.readColumn(file, boundsHdu, 0);
        ShellGeometry geometry;
        try {
            geometry = new ShellGeometry(nside, centers, bounds);
        } catch (IllegalArgumentException e) {
            throw new FitsFormatException(file, "bad radial tables: " + e.getMessage(), e);
        }
        long shells = centers.length;
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long[] mainAxes = mainHdu.axes();
            if (mainAxes.length != 2 && mainAxes.length != 3) {
                throw new FitsFormatException(file, mainHdu.label() + " must be 2-D (shells x npix) or 3-D (samples x"
                        + " shells x npix), has NAXIS = " + mainAxes.length);
            }
            Image main = image(file, channel, arena, mainHdu, mainAxes.length == 3
                    ? new long[] {mainAxes[2], shells, npix} : new long[] {shells, npix});
            Image std = stdHdu == null ? null : image(file, channel, arena, checkOrdering(file, stdHdu),
                    new long[] {shells, npix});
            int samples = mainAxes.length == 3 ? (int) mainAxes[2] : 0;
            Image inner = innerHdu == null ? null : image(file, channel, arena, checkOrdering(file, innerHdu),
                    samples > 0 && innerHdu.axes().length == 2 ? new long[] {samples, npix} : new long[] {npix});
            Image innerStd = innerStdHdu == null ? null : image(file, channel, arena,
                    checkOrdering(file, innerStdHdu), new long[] {npix});
            String unit = mainHdu.header().getStringValue("CUNIT", "");
            Provenance provenance = Provenance.readFrom(mainHdu.header());
            return new HealpixMapFile(file, arena, geometry, main, std, inner, innerStd, radius, unit.trim(),
                    provenance);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static FitsLayout.Hdu once(Path file, FitsLayout.Hdu previous, FitsLayout.Hdu hdu)
            throws FitsFormatException {
        if (previous != null) {
            throw new FitsFormatException(file, hdu.label() + " repeats " + previous.label());
        }
        return hdu;
    }

    private static void requireMainFirst(Path file, FitsLayout.Hdu before, FitsLayout.Hdu hdu)
            throws FitsFormatException {
        if (before == null) {
            throw new FitsFormatException(file, hdu.label() + " comes before the HDU it depends on (the main cube,"
                    + " or for the inner std the inner mean)");
        }
    }

    private static boolean ordering(Path file, FitsLayout.Hdu hdu) throws FitsFormatException {
        String ordering = hdu.header().getStringValue("ORDERING", null);
        if (ordering == null) {
            throw new FitsFormatException(file, hdu.label() + " has no ORDERING keyword");
        }
        return ordering.trim().toLowerCase(Locale.ROOT).startsWith("nest");
    }

    private static FitsLayout.Hdu checkOrdering(Path file, FitsLayout.Hdu hdu) throws FitsFormatException {
        if (!ordering(file, hdu)) {
            throw new FitsFormatException(file, hdu.label() + ": ordering mismatch (the main cube is NEST)");
        }
        return hdu;
    }

    private static double innerRadius(Path file, FitsLayout.Hdu hdu, String prefix) throws FitsFormatException {
        String ctype = hdu.header().getStringValue("CTYPE", null);
        if (ctype == null) {
            ctype = hdu.header().getStringValue("CTYPE1", null);
        }
        String c = ctype == null ? "" : ctype.trim().toLowerCase(Locale.ROOT);
        if (!c.startsWith(prefix) || !c.endsWith("pc")) {
            throw new FitsFormatException(file, hdu.label() + " needs CTYPE '" + prefix + " <R>pc', has "
                    + (ctype == null ? "none" : "'" + ctype + "'"));
        }
        try {
            return Double.parseDouble(c.substring(prefix.length(), c.length() - 2).trim());
        } catch (NumberFormatException e) {
            throw new FitsFormatException(file, hdu.label() + ": cannot read the radius in CTYPE '" + ctype + "'", e);
        }
    }

    private static Image image(Path file, FileChannel channel, Arena arena, FitsLayout.Hdu hdu, long[] shape)
            throws IOException {
        int bitpix = hdu.header().getIntValue("BITPIX", 0);
        if (bitpix != -32 && bitpix != -64) {
            throw new FitsFormatException(file, hdu.label() + " has BITPIX " + bitpix + "; expected -32 or -64");
        }
        if (hdu.header().getDoubleValue("BSCALE", 1.0) != 1.0 || hdu.header().getDoubleValue("BZERO", 0.0) != 0.0) {
            throw new FitsFormatException(file, hdu.label() + " is scaled (BSCALE/BZERO); unsupported");
        }
        long[] axes = hdu.axes();
        long[] numpy = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            numpy[i] = axes[axes.length - 1 - i];
        }
        if (!java.util.Arrays.equals(numpy, shape)) {
            throw new FitsFormatException(file, hdu.label() + " has numpy shape " + java.util.Arrays.toString(numpy)
                    + ", expected " + java.util.Arrays.toString(shape));
        }
        MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, hdu.dataOffset(), hdu.dataBytes(), arena);
        return new Image(data, bitpix == -32, shape);
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The grid. */
    public ShellGeometry geometry() {
        return geometry;
    }

    /** Number of samples, or 0 for a mean-and-std file. */
    public int sampleCount() {
        return sampleCount;
    }

    /** True for a samples file. */
    public boolean hasSamples() {
        return sampleCount > 0;
    }

    /** True if the file has a STD. cube. */
    public boolean hasStd() {
        return std != null;
    }

    /** Radius of the inner integral [pc], if the file has one. */
    public OptionalDouble innerRadius() {
        return inner == null ? OptionalDouble.empty() : OptionalDouble.of(innerRadius);
    }

    /** True if the file has the std of the inner integral. */
    public boolean hasInnerStd() {
        return innerStd != null;
    }

    /** The data unit (CUNIT of the main cube; "" if none). */
    public String unit() {
        return unit;
    }

    /** Provenance from the main cube's header, if written by dust4j. */
    public Optional<Provenance> provenance() {
        return Optional.ofNullable(provenance);
    }

    /**
     * The main cube at (sample, shell, pixel): the mean for a mean-and-std file ({@code sample} must be 0), else
     * that sample.
     */
    public double value(int sample, int shell, long pixel) {
        int s = sampleCount == 0 ? checkIndex(sample, 1, "sample") : checkIndex(sample, sampleCount, "sample");
        checkIndex(shell, geometry.shells(), "shell");
        checkPixel(pixel);
        return main.get(((long) s * geometry.shells() + shell) * geometry.npix() + pixel);
    }

    /** The STD. cube at (shell, pixel). @throws IllegalStateException if the file has none */
    public double std(int shell, long pixel) {
        if (std == null) {
            throw new IllegalStateException(file + " has no STD. cube");
        }
        checkIndex(shell, geometry.shells(), "shell");
        checkPixel(pixel);
        return std.get((long) shell * geometry.npix() + pixel);
    }

    /**
     * The inner integral at {@code pixel}: the mean (mean-and-std file; {@code sample} 0), or that sample's
     * (samples file with per-sample inner maps; a single inner map serves every sample).
     *
     * @throws IllegalStateException if the file has none
     */
    public double inner(int sample, long pixel) {
        if (inner == null) {
            throw new IllegalStateException(file + " has no inner integral");
        }
        checkPixel(pixel);
        if (inner.shape.length == 2) {
            return inner.get((long) checkIndex(sample, sampleCount, "sample") * geometry.npix() + pixel);
        }
        return inner.get(pixel);
    }

    /** The std of the inner integral at {@code pixel}. @throws IllegalStateException if the file has none */
    public double innerStd(long pixel) {
        if (innerStd == null) {
            throw new IllegalStateException(file + " has no std of the inner integral");
        }
        checkPixel(pixel);
        return innerStd.get(pixel);
    }

    private static int checkIndex(int i, int n, String what) {
        if (i < 0 || i >= n) {
            throw new IndexOutOfBoundsException(what + " " + i + " outside [0, " + n + ")");
        }
        return i;
    }

    private void checkPixel(long pixel) {
        if (pixel < 0 || pixel >= geometry.npix()) {
            throw new IndexOutOfBoundsException("pixel " + pixel + " outside [0, " + geometry.npix() + ")");
        }
    }

    /** Unmaps the file; later reads fail. */
    @Override
    public void close() {
        arena.close();
    }
}
