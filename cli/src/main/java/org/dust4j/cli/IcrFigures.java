package org.dust4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.cli.plot.Overlay;
import org.dust4j.cli.plot.Scale;
import org.dust4j.io.fits.HealpixDustMap;
import org.dust4j.mgvi.IterationReport;
import org.dust4j.mgvi.NewtonStep;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.model.SphericalGrid;

/**
 * Pieces of the ICR + MGVI figures that {@code dust4j demo} and {@code dust4j fit} share: the MGVI energy curves, the
 * extinction from the Sun to rMax per pixel, and the Galactic plane (z = 0) queried from a written mean-and-std file.
 */
final class IcrFigures {
    /** Grid points per axis of the face-on (X, Y) views, over −rMax .. rMax. */
    static final int FACE_ON_POINTS = 161;

    private IcrFigures() {
    }

    /**
     * The Galactic plane z = 0 on an m × m grid over −r .. r in X and Y (X towards l = 0, Y towards l = 90°), point
     * i = iy·m + ix, with the map's mean and std there (NaN beyond r).
     */
    record Plane(int m, double r, double[] x, double[] y, double[] mean, double[] std) {
        /** Whether point i lies within r of the Sun. */
        boolean inside(int i) {
            return Math.hypot(x[i], y[i]) <= r;
        }

        /**
         * An image of {@code values} on the plane's axes with the Sun marked, density label, logarithmic colours
         * over 0.5..99.5 % of {@code scaleValues}.
         */
        ImagePlot image(double[] values, double[] scaleValues) {
            return ImagePlot.builder(values, m, m).xCenters(-r, r).yCenters(-r, r).axisLabels("X [pc]", "Y [pc]")
                    .label("density", "mag/pc").scale(Scale.percentiles(Scale.Type.LOG, scaleValues, 0.5, 99.5))
                    .overlay(Overlay.marker(0, 0, "Sun")).build();
        }
    }

    /**
     * The plane over ±{@code r} with the posterior mean and std of the density read from {@code meanAndStd} as
     * {@code dust4j query} reads it ({@link HealpixDustMap}).
     */
    static Plane plane(Path meanAndStd, double r) throws IOException {
        int m = FACE_ON_POINTS;
        int points = m * m;
        double[] x = new double[points];
        double[] y = new double[points];
        double[] l = new double[points];
        double[] b = new double[points];
        double[] d = new double[points];
        for (int iy = 0; iy < m; iy++) {
            for (int ix = 0; ix < m; ix++) {
                int i = iy * m + ix;
                x[i] = -r + 2 * r * ix / (m - 1);
                y[i] = -r + 2 * r * iy / (m - 1);
                l[i] = Math.toDegrees(Math.atan2(y[i], x[i]));
                d[i] = Math.hypot(x[i], y[i]);
            }
        }
        double[] mean;
        double[] std;
        try (HealpixDustMap map = HealpixDustMap.open(meanAndStd, HealpixDustMap.Options.density())) {
            mean = map.query(l, b, d, HealpixDustMap.Mode.MEAN);
            std = map.query(l, b, d, HealpixDustMap.Mode.STD);
        }
        for (int i = 0; i < points; i++) {
            if (!(d[i] <= r)) {
                mean[i] = Double.NaN;
                std[i] = Double.NaN;
            }
        }
        return new Plane(m, r, x, y, mean, std);
    }

    /**
     * The integral of a density field (pixel-major on the whole grid) from the grid's first boundary to rMax in
     * every pixel: the extinction from the Sun to rMax under the model (which has no dust inside its first boundary).
     */
    static double[] extinctionToRMax(DustGrid g, double[] field) {
        SphericalGrid grid = g.sphericalGrid();
        int n = grid.nshell();
        int last = g.firstDataShell() + g.dataShells();
        double[] dr = grid.shellWidths();
        double[] out = new double[grid.npix()];
        for (int p = 0; p < out.length; p++) {
            double sum = 0;
            for (int k = 0; k < last; k++) {
                sum += field[p * n + k] * dr[k];
            }
            out[p] = sum;
        }
        return out;
    }

    /** The KL energy before and after every minimiser step, one curve per global iteration (x: steps so far). */
    static List<DemoFigures.Curve> energyCurves(DustResult result) {
        List<DemoFigures.Curve> curves = new ArrayList<>();
        int step = 0;
        for (IterationReport r : result.reports()) {
            List<NewtonStep> steps = r.minimizer().steps();
            double[] x = new double[steps.size() + 1];
            double[] y = new double[steps.size() + 1];
            x[0] = step;
            y[0] = r.minimizer().initialEnergy();
            for (int i = 0; i < steps.size(); i++) {
                x[i + 1] = ++step;
                y[i + 1] = steps.get(i).energyAfter();
            }
            curves.add(new DemoFigures.Curve("iteration " + r.iteration(), x, y));
        }
        return curves;
    }
}
