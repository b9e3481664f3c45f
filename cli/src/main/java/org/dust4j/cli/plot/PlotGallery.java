package org.dust4j.cli.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Pointing;

/**
 * Renders one sample of every figure type into a folder, from a synthetic dust-like field (an exponential disk and
 * a few Gaussian clouds near the Sun), for looking at the figures. Usage: {@code PlotGallery [folder]} (default
 * {@code target/plot-gallery}). The data are made up; the figures show how real outputs will look.
 */
public final class PlotGallery {
    private PlotGallery() {
    }

    /** Writes the gallery PNGs into {@code args[0]} (default {@code target/plot-gallery}) and lists them. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/plot-gallery");
        Files.createDirectories(dir);
        SyntheticField truth = SyntheticField.TRUTH;
        HealpixGrid grid = HealpixGrid.of(32, Ordering.NEST);
        double[] a1000 = truth.integratedSky(grid, 1000);

        write(dir, "sky_extinction_1kpc.png", Figure.of(SkyMap.builder(a1000, Ordering.NEST)
                .title("Integrated extinction to 1 kpc (nside 32, NEST)")
                .label("A_V", "mag").build(), 900, 560));
    }

    private static void write(Path dir, String name, Figure figure) throws IOException {
        Path file = dir.resolve(name);
        figure.writePng(file);
        System.out.println(file);
    }

    /** A made-up dust density [mag/kpc] in heliocentric Galactic X, Y, Z [pc]: disk plus Gaussian clouds. */
    record SyntheticField(double diskDensity, double scaleHeight, double[][] clouds) {
        /** {x, y, z, sigma [pc], peak density [mag/kpc]}. */
        static final SyntheticField TRUTH = new SyntheticField(0.4, 90, new double[][] {
            {150, 60, 20, 30, 9}, {-280, 220, -45, 55, 5}, {380, -330, 70, 75, 3.5}, {90, -160, -15, 22, 12},
            {-160, -420, 5, 90, 2.5}, {-520, -80, 30, 60, 4}, {600, 380, -60, 100, 2}});

        double density(double x, double y, double z) {
            double rho = diskDensity * Math.exp(-Math.abs(z) / scaleHeight);
            for (double[] c : clouds) {
                double dx = x - c[0];
                double dy = y - c[1];
                double dz = z - c[2];
                rho += c[4] * Math.exp(-(dx * dx + dy * dy + dz * dz) / (2 * c[3] * c[3]));
            }
            return rho;
        }

        /** Extinction [mag] integrated from the Sun to distance d [pc] along each pixel centre of the grid. */
        double[] integratedSky(HealpixGrid grid, double d) {
            double[] out = new double[(int) grid.npix()];
            double step = 2;
            for (int p = 0; p < out.length; p++) {
                Pointing c = grid.pix2ang(p);
                double st = Math.sin(c.theta());
                double nx = st * Math.cos(c.phi());
                double ny = st * Math.sin(c.phi());
                double nz = Math.cos(c.theta());
                double sum = 0;
                for (double s = step / 2; s < d; s += step) {
                    sum += density(s * nx, s * ny, s * nz);
                }
                out[p] = sum * step / 1000;
            }
            return out;
        }
    }
}
