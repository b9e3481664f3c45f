package org.dust4j.icr;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

import javax.imageio.ImageIO;

import org.dust4j.core.DType;

/**
 * Produces the error table of docs/icr.md: the relative Frobenius error of the implied covariance against the kernel,
 * and the worst variance error of plain ICR, as a function of the kernel's length scale, for several charts. Run with
 * {@code java -cp <test-classes>:<classes> org.dust4j.icr.IcrErrorTable [png]}; with an argument it also draws the
 * errors to that PNG file.
 */
public final class IcrErrorTable {
    private IcrErrorTable() {
    }

    private record Row(String chart, String kernel, double lengthPixels, double lengthLevel0, double frobPlain,
                       double frobNormalised, double diagPlain) {
    }

    private record Series(String label, List<double[]> points) {
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        List<Series> series = new ArrayList<>();
        double[] lengths = {2, 3, 5, 8, 12};
        grid(rows, series, "3D grid 5³, 1 level, 3/2", 5, 1, 3, 2, lengths, l -> Kernel.matern32(1, l), "Matérn 3/2");
        grid(rows, series, "3D grid 5³, 2 levels, 3/2", 5, 2, 3, 2, lengths, l -> Kernel.matern32(1, l), "Matérn 3/2");
        grid(rows, series, "3D grid 8³, 2 levels, 5/2", 8, 2, 5, 2, lengths, l -> Kernel.matern32(1, l), "Matérn 3/2");
        grid(rows, series, "3D grid 5³, 2 levels, 3/2", 5, 2, 3, 2, lengths, l -> Kernel.matern12(1, l), "Matérn 1/2");
        grid(rows, series, "3D grid 5³, 2 levels, 3/2", 5, 2, 3, 2, lengths, l -> Kernel.matern52(1, l), "Matérn 5/2");
        grid(rows, series, "3D grid 5³, 2 levels, 3/2", 5, 2, 3, 2, lengths,
                l -> Kernel.squaredExponential(1, l), "squared exp.");
        grid1d(rows, series, lengths);
        healpix(rows, series, new double[] {2, 3, 5, 8});
        System.out.println("| chart | kernel | ℓ [final px] | ℓ [level-0 px] | Frobenius, plain | Frobenius, normalised"
                + " | worst variance error, plain |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            System.out.printf("| %s | %s | %.0f | %.2f | %.2f %% | %.2f %% | %.1f %% |%n", r.chart, r.kernel,
                    r.lengthPixels, r.lengthLevel0, 100 * r.frobPlain, 100 * r.frobNormalised, 100 * r.diagPlain);
        }
        if (args.length > 0) {
            plot(series, new File(args[0]));
        }
    }

    private static void grid(List<Row> rows, List<Series> series, String name, int n0, int levels, int coarse, int fine,
                             double[] lengths, DoubleFunction<Kernel> kernel, String kernelName) {
        int[] shape = {n0, n0, n0};
        GridChart chart = GridChart.builder().shape0(shape).levels(levels).window(coarse, fine).build();
        double px = Math.pow(fine, -levels);
        List<double[]> pts = new ArrayList<>();
        for (double l : lengths) {
            Row r = measure(chart, kernel.apply(l * px), name, kernelName, l, l * px);
            rows.add(r);
            pts.add(new double[] {r.lengthLevel0, r.frobNormalised});
        }
        series.add(new Series(name.replaceAll("3D grid .³, ", "3D, ") + ", " + kernelName, pts));
    }

    private static void grid1d(List<Row> rows, List<Series> series, double[] lengths) {
        for (int levels : new int[] {2, 4}) {
            GridChart chart = GridChart.builder().shape0(8).levels(levels).build();
            double px = Math.pow(2, -levels);
            List<double[]> pts = new ArrayList<>();
            for (double l : lengths) {
                Row r = measure(chart, Kernel.matern32(1, l * px), "1D grid 8, " + levels + " levels, 3/2", "Matérn 3/2",
                        l, l * px);
                rows.add(r);
                pts.add(new double[] {r.lengthLevel0, r.frobNormalised});
            }
            series.add(new Series("1D, " + levels + " levels, Matérn 3/2", pts));
        }
        GridChart chart = GridChart.builder().shape0(8).levels(2).window(5, 4).build();
        List<double[]> pts = new ArrayList<>();
        for (double l : lengths) {
            Row r = measure(chart, Kernel.matern32(1, l / 16), "1D grid 8, 2 levels, 5/4", "Matérn 3/2", l, l / 16);
            rows.add(r);
            pts.add(new double[] {r.lengthLevel0, r.frobNormalised});
        }
        series.add(new Series("1D, 2 levels, 5/4, Matérn 3/2", pts));
    }

    private static void healpix(List<Row> rows, List<Series> series, double[] lengths) {
        double a = 0.5;
        HealpixChart chart = HealpixChart.builder().nside0(2).levels(2).shells0(5)
                .radialMap(AxisMap.logarithmic(a, 0)).build();
        double rMax = chart.radius(2, chart.shells(2) - 1);
        double angular = Math.sqrt(4 * Math.PI / (12.0 * 64));
        double finePx = Math.max(angular, a / 4) * rMax;
        double level0Px = Math.max(Math.sqrt(4 * Math.PI / 48), a) * rMax;
        List<double[]> pts = new ArrayList<>();
        for (double l : lengths) {
            Row r = measure(chart, Kernel.matern32(1, l * finePx), "HEALPix nside 2→8, shells 5→8 (e^0.5), base pixel 0",
                    "Matérn 3/2", l, l * finePx / level0Px);
            rows.add(r);
            pts.add(new double[] {r.lengthLevel0, r.frobNormalised});
        }
        series.add(new Series("HEALPix x log r, 2 levels, Matérn 3/2", pts));
    }

    private static Row measure(Chart chart, Kernel kernel, String name, String kernelName, double lengthPixels,
                               double lengthLevel0) {
        int last = chart.levels();
        int n = chart instanceof HealpixChart h ? 64 * h.shells(last) : chart.size(last);
        int[] px = Implied.all(n);
        double[] truth = Implied.truth(chart, kernel, last, px);
        double[] f = new double[2];
        double diag = 0;
        for (Normalisation norm : Normalisation.values()) {
            IcrPrior prior = IcrPrior.builder(chart, kernel).normalisation(norm).build();
            double[] c = Implied.covariance(Implied.rows(prior.operator(DType.FLOAT64), px));
            f[norm.ordinal()] = Implied.relativeFrobenius(c, truth);
            if (norm == Normalisation.NONE) {
                diag = Implied.diagonalError(c, truth, n) / kernel.variance();
            }
        }
        return new Row(name, kernelName, lengthPixels, lengthLevel0, f[0], f[1], diag);
    }

    /** Log-log plot of the normalised Frobenius error against the length scale in level-0 spacings. */
    private static void plot(List<Series> series, File file) throws IOException {
        int w = 900;
        int h = 600;
        int left = 80;
        int right = 330;
        int top = 30;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double x0 = Math.log10(0.1);
        double x1 = Math.log10(10);
        double y0 = Math.log10(1e-4);
        double y1 = Math.log10(1);
        int pw = w - left - right;
        int ph = h - top - bottom;
        DoubleFunction<Integer> sx = x -> left + (int) Math.round((Math.log10(x) - x0) / (x1 - x0) * pw);
        DoubleFunction<Integer> sy = y -> top + (int) Math.round((y1 - Math.log10(Math.max(y, 1e-4))) / (y1 - y0) * ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(220, 220, 220));
        for (double x = 0.1; x <= 10.01; x *= 10) {
            g.drawLine(sx.apply(x), top, sx.apply(x), top + ph);
        }
        for (double y = 1e-4; y <= 1.01; y *= 10) {
            g.drawLine(left, sy.apply(y), left + pw, sy.apply(y));
        }
        g.setColor(new Color(255, 200, 200));
        g.drawLine(left, sy.apply(0.05), left + pw, sy.apply(0.05));
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        for (double x = 0.1; x <= 10.01; x *= 10) {
            g.drawString(x < 1 ? "0.1" : x < 2 ? "1" : "10", sx.apply(x) - 8, top + ph + 18);
        }
        for (double y = 1e-4; y <= 1.01; y *= 10) {
            g.drawString(String.format("%.0e", y), 20, sy.apply(y) + 4);
        }
        g.drawString("kernel length scale / level-0 pixel spacing", left + pw / 2 - 120, h - 15);
        g.drawString("relative Frobenius error (normalised ICR); red line: 5 %", left, 18);
        Color[] colors = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
                new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
                new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            g.setColor(colors[s % colors.length]);
            List<double[]> p = series.get(s).points;
            for (int i = 0; i < p.size(); i++) {
                int x = sx.apply(p.get(i)[0]);
                int y = sy.apply(p.get(i)[1]);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (i > 0) {
                    g.drawLine(sx.apply(p.get(i - 1)[0]), sy.apply(p.get(i - 1)[1]), x, y);
                }
            }
            g.drawLine(w - right + 15, top + 12 + 20 * s, w - right + 40, top + 12 + 20 * s);
            g.drawString(series.get(s).label, w - right + 45, top + 16 + 20 * s);
        }
        g.dispose();
        ImageIO.write(img, "png", file);
    }
}
