package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dust4j.core.DType;

/**
 * Resamples a HEALPix x distance map onto a {@link Grid3D} (Cartesian box or l, b, d grid) with the map's own
 * interpolation ({@link HealpixDustMap}), like the release's interp2box and interp2lbd, and writes the result
 * with {@link GridProductWriter}: HDU MEAN, and STD. where the map answers {@link HealpixDustMap.Mode#STD}.
 * Points outside the map's radial range are NaN. Planes are computed and written one at a time.
 */
public final class MapResampler {
    private MapResampler() {
    }

    /** Resamples {@code map} onto {@code grid} and writes {@code file} atomically. */
    public static void write(HealpixDustMap map, Grid3D grid, Path file, DType dtype, Provenance provenance)
            throws IOException {
        List<GridProductWriter.Cube> cubes = new ArrayList<>();
        cubes.add(new GridProductWriter.Cube(HealpixMapWriter.MEAN, planes(map, grid, HealpixDustMap.Mode.MEAN)));
        if (map.modes().contains(HealpixDustMap.Mode.STD)) {
            cubes.add(new GridProductWriter.Cube(HealpixMapWriter.STD, planes(map, grid, HealpixDustMap.Mode.STD)));
        }
        GridProductWriter.write(file, grid, cubes, unit(map), dtype, provenance);
    }

    /** The planes of {@code mode} of {@code map} on {@code grid}. */
    public static SliceSource planes(HealpixDustMap map, Grid3D grid, HealpixDustMap.Mode mode) {
        int size = grid.planeSize();
        return (sample, plane, out) -> {
            double[] l = new double[size];
            double[] b = new double[size];
            double[] d = new double[size];
            grid.lbdOfPlane(plane, l, b, d);
            System.arraycopy(map.query(l, b, d, mode), 0, out, 0, size);
        };
    }

    /** The unit of the resampled values: the density unit, times pc when integrated. */
    static String unit(HealpixDustMap map) {
        String unit = map.file().unit();
        return map.options().integrated() ? HealpixProduct.integratedUnit(unit) : unit;
    }
}
