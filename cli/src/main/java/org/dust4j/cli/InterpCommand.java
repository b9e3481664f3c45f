package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.dust4j.core.DType;
import org.dust4j.core.json.Json;
import org.dust4j.io.fits.Grid3D;
import org.dust4j.io.fits.HealpixDustMap;
import org.dust4j.io.fits.MapResampler;
import org.dust4j.io.fits.Provenance;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dust4j interp MAP}: resamples a HEALPix x distance map onto a Cartesian box or an l, b, d grid with
 * {@link MapResampler} (the release's interp2box / interp2lbd) and writes a FITS cube file atomically.
 */
@Command(name = "interp", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Resample a dust map onto a Cartesian box or an l, b, d grid (FITS cube).",
        description = {"Resample a HEALPix x distance dust map onto a Cartesian box or a Galactic l, b, d grid and "
                + "write a FITS file: an empty primary HDU, then image MEAN and, where the map has a std (STD. "
                + "cube or samples), image STD. (numpy shape (n3, n2, n1), WCS axis keywords, provenance). Points "
                + "outside the map's radial range are NaN."},
        footer = {"", "Examples:",
            "  dust4j interp map.fits --box=-1250:1250:10 -o box.fits",
            "  dust4j interp map.fits --box=-500:500:5,-500:500:5,-100:100:5 -o box.fits",
            "  dust4j interp map.fits --lbd=180:-180:361,-90:90:181,100:1200:12 -o lbd.fits"})
final class InterpCommand implements Callable<Integer> {
    /** Exactly one grid. */
    static final class GridOption {
        @Option(names = "--box", paramLabel = "X0:X1:DX,Y0:Y1:DY,Z0:Z1:DZ", required = true,
                description = "Cartesian heliocentric Galactic box in pc (X to l = 0, Y to l = 90 deg, Z to the "
                        + "north Galactic pole): first:last:step per axis, or one first:last:step for all three "
                        + "axes. last - first must be a whole number of steps.")
        String box;

        @Option(names = "--lbd", paramLabel = "L0:L1:NL,B0:B1:NB,D0:D1:ND", required = true,
                description = "Galactic longitude and latitude (deg) and distance (pc) grid: first:last:count per "
                        + "axis, count points from first to last inclusive (numpy linspace).")
        String lbd;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MAP", description = "HEALPix x distance map (mean-and-std or samples FITS"
            + " file).")
    Path map;

    @ArgGroup(exclusive = true, multiplicity = "1")
    GridOption grid;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The FITS file to write (atomically: it appears only when complete; an existing file is "
                    + "replaced).")
    Path output;

    @Option(names = "--integrated", description = "Resample the integrated extinction (density integrated from "
            + "the Sun) instead of the density.")
    boolean integrated;

    @Option(names = "--float64", description = "Write float64 cubes (default float32, as the release).")
    boolean float64;

    @Override
    public Integer call() throws IOException {
        CliFiles.requireInput(map, "MAP");
        CliFiles.requireOutput(output, "--output");
        Grid3D g = grid.box != null ? GridSpec.box(grid.box) : GridSpec.lbd(grid.lbd);
        PrintWriter err = spec.commandLine().getErr();
        try (HealpixDustMap dust = HealpixDustMap.open(map, new HealpixDustMap.Options(integrated, 0L))) {
            long points = (long) g.planeSize() * g.planes();
            boolean std = dust.modes().contains(HealpixDustMap.Mode.STD);
            err.println("dust4j interp: " + points + " points, " + GridSpec.describe(g) + "; writing MEAN"
                    + (std ? " and STD." : "") + " of the " + (integrated ? "integrated extinction" : "density")
                    + " to " + output);
            err.flush();
            Instant start = Instant.now();
            MapResampler.write(dust, g, output, float64 ? DType.FLOAT64 : DType.FLOAT32,
                    Provenance.of(configuration(g), 0L));
            err.println("dust4j interp: wrote " + output + " in "
                    + Progress.formatDuration(Duration.between(start, Instant.now())));
            err.flush();
        }
        return Dust4j.EXIT_OK;
    }

    /** The run's configuration as JSON, for the D4JCONF provenance keyword. */
    private String configuration(Grid3D g) {
        List<Object> axes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Grid3D.Axis a = g.axis(i);
            axes.add(Json.object("first", a.first(), "last", a.last(), "n", a.n()));
        }
        return Json.writeAscii(Json.object("command", "interp", "map", map.toAbsolutePath().toString(), "grid",
                g.kind() == Grid3D.Kind.CARTESIAN ? "box" : "lbd", "axes", axes, "integrated", integrated, "dtype",
                float64 ? "float64" : "float32"));
    }
}
