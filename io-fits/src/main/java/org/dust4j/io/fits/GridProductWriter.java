package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.DType;

/**
 * Writes cubes on a {@link Grid3D} as FITS files: an empty primary HDU, then one image HDU per cube, each with
 * NAXIS1..3 = n1, n2, n3 (numpy shape (n3, n2, n1)), WCS axis keywords and CUNIT, like the release's
 * interpolated products. Atomic and streaming plane by plane.
 */
public final class GridProductWriter {
    /** A cube to write: its EXTNAME and planes ({@code fill(0, k, out)} gives plane k, axis 1 fastest). */
    public record Cube(String name, SliceSource planes) {
        /** Checks neither is null. */
        public Cube {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(planes, "planes");
        }
    }

    /** EXTNAMEs of the percentile cubes of {@link #writePercentiles}. */
    public static final List<String> PERCENTILE_NAMES = List.of("P16", "P50", "P84");

    private GridProductWriter() {
    }

    /**
     * Writes {@code cubes} on {@code grid} to {@code file} atomically.
     *
     * @param unit the data unit (CUNIT)
     * @param dtype FLOAT32 or FLOAT64
     */
    public static void write(Path file, Grid3D grid, List<Cube> cubes, String unit, DType dtype,
            Provenance provenance) throws IOException {
        Objects.requireNonNull(unit, "unit");
        if (cubes.isEmpty()) {
            throw new IllegalArgumentException("no cube to write");
        }
        List<Cube> list = new ArrayList<>(cubes);
        long[] axes = {grid.axis(1).n(), grid.axis(2).n(), grid.axis(3).n()};
        AtomicFiles.write(file, out -> {
            FitsStreamWriter w = new FitsStreamWriter(out, provenance);
            w.primary(FitsStreamWriter.Cards.NONE);
            for (Cube cube : list) {
                w.image(cube.name(), dtype, axes, grid.planeSize(), h -> {
                    grid.addWcs(h);
                    h.addValue("CUNIT", unit, "unit of the data");
                    int p = PERCENTILE_NAMES.indexOf(cube.name());
                    if (p >= 0) {
                        h.addValue("PERCENT", new int[] {16, 50, 84}[p], "percentile of the posterior");
                    }
                }, (k, buf) -> cube.planes().fill(0, (int) k, buf));
            }
            w.flush();
        });
    }

    /**
     * Writes the 16th, 50th and 84th percentile cubes of a map on an l, b, d grid (the inducing-point method's
     * product) as HDUs P16, P50 and P84.
     */
    public static void writePercentiles(Path file, Grid3D grid, SliceSource p16, SliceSource p50, SliceSource p84,
            String unit, DType dtype, Provenance provenance) throws IOException {
        if (grid.kind() != Grid3D.Kind.LBD) {
            throw new IllegalArgumentException("percentile cubes are written on an l, b, d grid, got " + grid.kind());
        }
        write(file, grid, List.of(new Cube("P16", p16), new Cube("P50", p50), new Cube("P84", p84)), unit, dtype,
                provenance);
    }
}
