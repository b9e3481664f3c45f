package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.dust4j.cli.plot.ColorBar;
import org.dust4j.cli.plot.ColorMap;
import org.dust4j.cli.plot.Figure;
import org.dust4j.cli.plot.Histogram2DPlot;
import org.dust4j.cli.plot.ImagePlot;
import org.dust4j.cli.plot.LinePlot;
import org.dust4j.cli.plot.Panels;
import org.dust4j.cli.plot.Plot;
import org.dust4j.cli.plot.Scale;

/**
 * Figure pieces that both methods share in form, used by {@code dust4j demo} and {@code dust4j fit}: uncertainty
 * panels, convergence curves and 2-D histograms.
 */
final class DemoFigures {
    /** A named curve of a line plot. */
    record Curve(String name, double[] x, double[] y) {
    }

    private DemoFigures() {
    }

    /** a followed by b. */
    static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Posterior mean | std | std / mean on the axes of {@code template} (whose scale the mean keeps), each panel with
     * its own colour bar below: the std on a logarithmic scale, the relative std on a linear one.
     */
    static Plot uncertainty(ImagePlot template, double[] mean, double[] std) {
        double[] relative = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            relative[i] = std[i] / mean[i];
        }
        ImagePlot.Builder base = template.toBuilder().colorBar(ColorBar.Orientation.HORIZONTAL);
        ImagePlot m = base.values(mean, template.nx(), template.ny()).title("posterior mean").build();
        ImagePlot s = template.toBuilder().colorBar(ColorBar.Orientation.HORIZONTAL)
                .values(std, template.nx(), template.ny()).title("posterior std").colorMap(ColorMap.viridis())
                .scale(Scale.percentiles(Scale.Type.LOG, std, 0.5, 99.5)).build();
        ImagePlot r = template.toBuilder().colorBar(ColorBar.Orientation.HORIZONTAL)
                .values(relative, template.nx(), template.ny()).title("std / mean").label("relative std", "")
                .colorMap(ColorMap.viridis()).scale(Scale.percentiles(Scale.Type.LINEAR, relative, 0, 99.5)).build();
        return Panels.row(m, s, r);
    }

    /**
     * Convergence of both fits side by side: {@link #energyPlot} left, {@link #elboPlot} right (the ELBO alone when
     * there are no MGVI curves).
     */
    static Plot convergence(List<Curve> mgvi, double[] elbo) {
        return mgvi.isEmpty() ? elboPlot(elbo) : Panels.row(energyPlot(mgvi), elboPlot(elbo));
    }

    /**
     * The MGVI energy (the KL up to a constant) before and after each minimiser step, one curve per global iteration,
     * shown as E − E_min + 1 on a logarithmic axis (E_min the lowest energy of the run; the energy's zero is
     * arbitrary, and the offset of 1 nat keeps the lowest point on the axis).
     */
    static Plot energyPlot(List<Curve> mgvi) {
        double min = mgvi.stream().flatMapToDouble(c -> Arrays.stream(c.y())).min().orElseThrow();
        LinePlot.Builder plot = LinePlot.builder().title("ICR + MGVI").logY(true)
                .axisLabels("minimiser step", "energy − lowest energy + 1");
        for (Curve c : mgvi) {
            plot.series(c.name(), c.x(), Arrays.stream(c.y()).map(v -> v - min + 1).toArray());
        }
        return plot.build();
    }

    /**
     * The inducing-point ELBO per AdamW iteration on a linear axis covering the iterations after the first 5 % (the
     * start lies orders of magnitude lower and would flatten the rest).
     */
    static Plot elboPlot(double[] elbo) {
        double[] iteration = new double[elbo.length];
        for (int i = 0; i < elbo.length; i++) {
            iteration[i] = i + 1;
        }
        double[] late = Arrays.copyOfRange(elbo, elbo.length / 20, elbo.length);
        double lo = Arrays.stream(late).min().orElseThrow();
        double hi = Arrays.stream(late).max().orElseThrow();
        double pad = 0.05 * Math.max(hi - lo, Math.abs(hi) * 1e-6 + 1e-12);
        return LinePlot.builder().title("inducing points + AdamW").axisLabels("iteration", "ELBO")
                .series("ELBO", iteration, elbo).legend(false).yAxis(Scale.linear(lo - pad, hi + pad)).build();
    }

    /**
     * A 2-D histogram of true against reconstructed (posterior mean) log10 ρ over 0.1..99.9 % of both, with the 1:1
     * line.
     */
    static Histogram2DPlot histogram(String title, DemoMetrics.Compared c) {
        return histogram(title, c.trueLog(), c.meanLog(), "true log10 ρ", "reconstructed log10 ρ", "log10 mag/pc");
    }

    /** A 2-D histogram of pairs (x, y) over 0.1..99.9 % of both, with the 1:1 line. */
    static Histogram2DPlot histogram(String title, double[] x, double[] y, String xLabel, String yLabel, String unit) {
        Scale range = Scale.percentiles(Scale.Type.LINEAR, concat(x, y), 0.1, 99.9);
        return Histogram2DPlot.builder(x, y).title(title).range(range).bins(60).axisLabels(xLabel, yLabel, unit)
                .build();
    }

    /** Draws one figure into its file and returns the file. */
    @FunctionalInterface
    interface Drawing {
        Path draw() throws IOException;
    }

    /**
     * Draws the figures of a fit in order, adding each file to {@code files}. A figure that cannot be drawn from the
     * data (a runtime exception of the plot code, e.g. values without any range) is reported on {@code log} and
     * skipped: the products of a long fit are not lost over a figure.
     */
    static void drawAll(List<Path> files, PrintWriter log, Drawing... drawings) throws IOException {
        Optional<String> problem = Figure.renderingProblem();
        if (problem.isPresent()) {
            log.println("dust4j fit: warning: figures skipped: " + problem.get());
            log.flush();
            return;
        }
        for (Drawing d : drawings) {
            try {
                files.add(d.draw());
            } catch (RuntimeException e) {
                log.println("dust4j fit: warning: a figure could not be drawn and was skipped: " + e);
                log.flush();
            }
        }
    }

    /** Draws some figures into their files and returns the files. */
    @FunctionalInterface
    interface Drawings {
        List<Path> draw() throws IOException;
    }

    /**
     * The demo's figures, or none when this Java runtime cannot draw them ({@link Figure#renderingProblem()}): then one
     * warning goes to standard error and the products, written before the figures, are kept.
     */
    static List<Path> ifDrawable(Drawings drawings) throws IOException {
        Optional<String> problem = Figure.renderingProblem();
        if (problem.isEmpty()) {
            return drawings.draw();
        }
        if (!warned) {
            warned = true;
            System.err.println("dust4j demo: warning: figures skipped: " + problem.get());
        }
        return List.of();
    }

    private static volatile boolean warned;

    /** Writes {@code plot} as a PNG of the given logical size with a title and returns the file. */
    static Path write(Plot plot, int width, int height, String title, Path file) throws IOException {
        Figure.of(plot, width, height).withTitle(title).writePng(file);
        return file;
    }
}
