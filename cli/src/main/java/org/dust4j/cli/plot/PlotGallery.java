package org.dust4j.cli.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.healpix.Pointing;

/**
 * Renders one sample of every figure type into a folder, from a synthetic dust-like field (an exponential disk and
 * a few Gaussian clouds near the Sun), for looking at the figures. Usage (see docs/figures.md):
 * {@code java -cp cli/target/dust4j.jar org.dust4j.cli.plot.PlotGallery [folder]} (default
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
        SyntheticField recon = truth.blurred(1.3);
        Random noise = new Random(42);

        // sky maps: integrated extinction to a distance, NEST and RING inputs, linear and log colours, NaN pixels
        HealpixGrid nest = HealpixGrid.of(32, Ordering.NEST);
        double[] a1000 = truth.integratedSky(nest, 1000);
        SkyMap sky = SkyMap.builder(a1000, Ordering.NEST).title("Integrated extinction to 1 kpc (nside 32, NEST)")
                .label("A_V", "mag").build();
        write(dir, "sky_extinction_1kpc.png", Figure.of(sky, 900, 520));

        HealpixGrid ring = HealpixGrid.of(32, Ordering.RING);
        double[] a300 = truth.integratedSky(ring, 300);
        for (int p = 0; p < a300.length; p++) {
            if (ring.pix2ang(p).latDeg() < -65) {
                a300[p] = Double.NaN; // e.g. no stars there
            }
        }
        write(dir, "sky_extinction_300pc_log.png", Figure.of(SkyMap.builder(a300, Ordering.RING)
                .title("Integrated extinction to 300 pc (RING, log colours, b < \u221265\u00b0 masked)")
                .label("A_V", "mag").colorMap(ColorMap.viridis()).scale(Scale.logOf(a300)).build(), 900, 520));

        // face-on (X, Y) slice at Z = 0 and a vertical (X, Z) slice at Y = 0
        int n = 161;
        double half = 800;
        double[] xy = truth.slice(n, n, half, half, (a, b) -> new double[] {a, b, 0});
        ImagePlot faceOn = ImagePlot.builder(xy, n, n).xCenters(-half, half).yCenters(-half, half)
                .title("Dust density at Z = 0 (face-on)").axisLabels("X [pc]", "Y [pc]")
                .label("density", "mag/kpc").scale(Scale.logOf(xy)).overlay(Overlay.marker(0, 0, "Sun")).build();
        write(dir, "faceon_xy.png", Figure.of(faceOn, 760, 640));

        int nz = 61;
        double[] xz = truth.slice(n, nz, half, 300, (a, b) -> new double[] {a, 0, b});
        write(dir, "slice_xz.png", Figure.of(ImagePlot.builder(xz, n, nz).xCenters(-half, half)
                .yCenters(-300, 300).title("Dust density at Y = 0").axisLabels("X [pc]", "Z [pc]")
                .label("density", "mag/kpc").colorMap(ColorMap.viridis()).scale(Scale.logOf(xz))
                .colorBar(ColorBar.Orientation.HORIZONTAL).overlay(Overlay.marker(0, 0, "Sun")).build(), 900, 420));

        // convergence curves
        int iters = 300;
        double[] mgvi = new double[iters];
        double[] adam = new double[iters];
        double[] adamSmooth = new double[iters];
        for (int k = 0; k < iters; k++) {
            mgvi[k] = 2.0e5 * Math.exp(-k / 12.0) + 3.0e3 * Math.exp(-k / 80.0) + 40 + 5 * noise.nextGaussian();
            adam[k] = 5.0e4 / (1 + k / 5.0) + 120 * Math.abs(noise.nextGaussian()) + 30;
            adamSmooth[k] = k < 10 ? Double.NaN : 5.0e4 / (1 + k / 5.0) + 125;
        }
        write(dir, "convergence.png", Figure.of(LinePlot.builder()
                .title("Convergence").axisLabels("iteration", "energy \u2212 minimum").logY(true)
                .series("MGVI (ICR prior)", mgvi).series("inducing points, AdamW", adam)
                .series("AdamW, running mean", adamSmooth).build(), 800, 480));

        // truth | reconstruction | residual, sky and face-on
        double[] r1000 = recon.integratedSky(nest, 1000);
        for (int p = 0; p < r1000.length; p++) {
            r1000[p] *= Math.exp(0.05 * noise.nextGaussian());
        }
        write(dir, "comparison_sky.png", Figure.of(Comparison.skyMaps(sky, r1000, Comparison.Residual.DIFFERENCE),
                1500, 360).withTitle("Integrated extinction to 1 kpc: synthetic truth and reconstruction"));

        double[] rxy = recon.slice(n, n, half, half, (a, b) -> new double[] {a, b, 0});
        for (int p = 0; p < rxy.length; p++) {
            rxy[p] *= Math.exp(0.1 * noise.nextGaussian());
        }
        write(dir, "comparison_faceon.png", Figure.of(Comparison.images(faceOn, rxy,
                Comparison.Residual.LOG10_RATIO), 1400, 520).withTitle("Dust density at Z = 0"));

        // reconstructed against true densities, and the colour maps
        write(dir, "true_vs_reconstructed.png", Figure.of(Histogram2DPlot.builder(xy, rxy).log(true)
                .title("Density per voxel").axisLabels("true", "reconstructed", "mag/kpc").build(), 620, 560));
        double[] ramp = {0, 1};
        write(dir, "colormaps.png", Figure.of(Panels.column(
                ColorBar.of(ColorMap.viridis(), Scale.linear(0, 1)).withLength(0.9).withLabel("viridis", ""),
                ColorBar.of(ColorMap.magma(), Scale.linear(0, 1)).withLength(0.9).withLabel("magma", ""),
                ColorBar.of(ColorMap.rdBu(), Scale.symmetric(ramp)).withLength(0.9).withLabel("RdBu", ""),
                ColorBar.of(ColorMap.magma(), Scale.log(1e-3, 10)).withLength(0.9)
                        .withLabel("magma on a log scale", "mag")), 700, 300).withScale(2));
    }

    private static void write(Path dir, String name, Figure figure) throws IOException {
        Path file = dir.resolve(name);
        figure.writePng(file);
        System.out.println(file);
    }

    /** Maps plane coordinates (a, b) to a point (x, y, z). */
    @FunctionalInterface
    interface PlaneMap {
        double[] at(double a, double b);
    }

    /** A made-up dust density [mag/kpc] in heliocentric Galactic X, Y, Z [pc]: disk plus Gaussian clouds. */
    record SyntheticField(double diskDensity, double scaleHeight, double[][] clouds) {
        /** {x, y, z, sigma [pc], peak density [mag/kpc]}. */
        static final SyntheticField TRUTH = new SyntheticField(0.4, 90, new double[][] {
            {150, 60, 20, 30, 9}, {-280, 220, -45, 55, 5}, {380, -330, 70, 75, 3.5}, {90, -160, -15, 22, 12},
            {-160, -420, 5, 90, 2.5}, {-520, -80, 30, 60, 4}, {600, 380, -60, 100, 2}});

        /** The same disk with every cloud widened by {@code factor} at equal mass, as a blurry reconstruction. */
        SyntheticField blurred(double factor) {
            double[][] c = new double[clouds.length][];
            for (int i = 0; i < c.length; i++) {
                c[i] = clouds[i].clone();
                c[i][3] *= factor;
                c[i][4] /= factor * factor * factor;
            }
            return new SyntheticField(diskDensity, scaleHeight, c);
        }

        /** The density on an nx × ny plane: (a, b) from −ha .. ha, −hb .. hb mapped to (x, y, z) by {@code at}. */
        double[] slice(int nx, int ny, double ha, double hb, PlaneMap at) {
            double[] out = new double[nx * ny];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    double[] p = at.at(-ha + 2 * ha * i / (nx - 1), -hb + 2 * hb * j / (ny - 1));
                    out[j * nx + i] = density(p[0], p[1], p[2]);
                }
            }
            return out;
        }

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
