package org.dust4j.mgvi.dust.validation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.dust4j.healpix.HealpixGrid;
import org.dust4j.healpix.Ordering;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.SphericalGrid;

/**
 * Small self-contained PNG figures of a validation run, drawn with Java2D (headless): {@code logrho.png}, a 2D
 * histogram of true against posterior-mean log10 rho over the data-region voxels; {@code stars.png}, predicted
 * against true extinction of the stars; {@code sky.png}, the extinction to rMax per pixel, truth above, posterior
 * mean below (plate carrée, l from 180° to −180° left to right, b from 90° to −90°).
 */
final class Plots {
    private static final int SIZE = 520;
    private static final int MARGIN = 60;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Plots() {
    }

    static void write(Path dir, DustResult result, SyntheticSurvey survey, ValidationMetrics.Truth truth)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        DustGrid dg = result.grid();
        SphericalGrid g = dg.sphericalGrid();
        int n = g.nshell();
        int first = dg.firstDataShell();
        int count = result.sampleCount();
        float[][] samples = new float[count][];
        for (int s = 0; s < count; s++) {
            samples[s] = result.sample(s);
        }
        int nv = g.npix() * dg.dataShells();
        double[] logMean = result.logMean();
        double[] x = new double[nv];
        double[] y = new double[nv];
        int j = 0;
        for (int p = 0; p < g.npix(); p++) {
            for (int k = first; k < first + dg.dataShells(); k++) {
                int v = p * n + k;
                x[j] = Math.log10(truth.voxels()[v]);
                y[j++] = logMean[v] / Math.log(10);
            }
        }
        scatter(dir.resolve("logrho.png"), x, y, "true log10 rho [mag/pc]", "posterior mean log10 rho", true);

        DustResult.StarPredictions sp = result.stars();
        int[] rows = sp.catalogRows();
        double[] a = sp.mean();
        double[] t = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            t[i] = survey.trueExtinction(rows[i]);
        }
        scatter(dir.resolve("stars.png"), t, a, "true extinction [mag]", "predicted extinction [mag]", false);

        int last = first + dg.dataShells();
        double[] dr = g.shellWidths();
        double[] trueCol = new double[g.npix()];
        double[] postCol = new double[g.npix()];
        for (int p = 0; p < g.npix(); p++) {
            trueCol[p] = truth.columns()[p * (n + 1) + last];
            double sum = 0;
            for (float[] sample : samples) {
                for (int k = 0; k < last; k++) {
                    sum += sample[p * n + k] * dr[k];
                }
            }
            postCol[p] = sum / count;
        }
        sky(dir.resolve("sky.png"), g.nside(), trueCol, postCol, dg.rMax());
    }

    /** A scatter plot (2D histogram when {@code histogram}) with the 1:1 line. */
    private static void scatter(Path file, double[] x, double[] y, String xLabel, String yLabel, boolean histogram)
            throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            lo = Math.min(lo, Math.min(x[i], y[i]));
            hi = Math.max(hi, Math.max(x[i], y[i]));
        }
        double pad = 0.03 * (hi - lo);
        lo -= pad;
        hi += pad;
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = canvas(img);
        int plot = SIZE - 2 * MARGIN;
        if (histogram) {
            int bins = 80;
            int[][] h = new int[bins][bins];
            int max = 1;
            for (int i = 0; i < x.length; i++) {
                int bx = (int) Math.min(bins - 1, (x[i] - lo) / (hi - lo) * bins);
                int by = (int) Math.min(bins - 1, (y[i] - lo) / (hi - lo) * bins);
                max = Math.max(max, ++h[bx][by]);
            }
            double cell = (double) plot / bins;
            for (int bx = 0; bx < bins; bx++) {
                for (int by = 0; by < bins; by++) {
                    if (h[bx][by] > 0) {
                        gr.setColor(colour(Math.log1p(h[bx][by]) / Math.log1p(max)));
                        gr.fillRect((int) (MARGIN + bx * cell), (int) (MARGIN + plot - (by + 1) * cell),
                                (int) Math.ceil(cell), (int) Math.ceil(cell));
                    }
                }
            }
        } else {
            gr.setColor(new Color(30, 80, 160, 90));
            for (int i = 0; i < x.length; i++) {
                int px = (int) (MARGIN + (x[i] - lo) / (hi - lo) * plot);
                int py = (int) (MARGIN + plot - (y[i] - lo) / (hi - lo) * plot);
                gr.fillOval(px - 2, py - 2, 4, 4);
            }
        }
        gr.setColor(Color.RED);
        gr.setStroke(new BasicStroke(1.2f));
        gr.drawLine(MARGIN, MARGIN + plot, MARGIN + plot, MARGIN);
        axes(gr, lo, hi, xLabel, yLabel);
        gr.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void sky(Path file, int nside, double[] top, double[] bottom, double rMax) throws IOException {
        int w = 720;
        int h = 360;
        BufferedImage img = new BufferedImage(w + 120, 2 * h + 90, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = canvas(img);
        HealpixGrid hp = HealpixGrid.of(nside, Ordering.NEST);
        double max = 0;
        for (int p = 0; p < top.length; p++) {
            max = Math.max(max, Math.max(top[p], bottom[p]));
        }
        double[][] maps = {top, bottom};
        String[] titles = {"truth: extinction to " + (int) rMax + " pc [mag]", "posterior mean"};
        for (int m = 0; m < 2; m++) {
            int y0 = 30 + m * (h + 40);
            for (int py = 0; py < h; py++) {
                double b = 90 - (py + 0.5) * 180.0 / h;
                for (int px = 0; px < w; px++) {
                    double l = 180 - (px + 0.5) * 360.0 / w;
                    int pix = (int) hp.lonLatToPix(l < 0 ? l + 360 : l, b);
                    img.setRGB(20 + px, y0 + py, colour(maps[m][pix] / max).getRGB());
                }
            }
            gr.setColor(Color.BLACK);
            gr.drawString(titles[m], 20, y0 - 8);
        }
        for (int i = 0; i <= 100; i++) {
            gr.setColor(colour(i / 100.0));
            gr.fillRect(w + 40, 30 + (int) ((100 - i) * (2 * h + 40) / 101.0), 20, (2 * h + 40) / 100 + 1);
        }
        gr.setColor(Color.BLACK);
        gr.drawString(String.format(Locale.ROOT, "%.2f", max), w + 65, 40);
        gr.drawString("0", w + 65, 2 * h + 70);
        gr.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D gr = img.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, img.getWidth(), img.getHeight());
        gr.setFont(FONT);
        return gr;
    }

    private static void axes(Graphics2D gr, double lo, double hi, String xLabel, String yLabel) {
        int plot = SIZE - 2 * MARGIN;
        gr.setColor(Color.BLACK);
        gr.setStroke(new BasicStroke(1f));
        gr.drawRect(MARGIN, MARGIN, plot, plot);
        double step = niceStep((hi - lo) / 6);
        for (double v = Math.ceil(lo / step) * step; v <= hi; v += step) {
            int p = (int) ((v - lo) / (hi - lo) * plot);
            double tick = Math.rint(v / step) * step + 0.0; // a multiple of step, never -0
            String s = String.format(Locale.ROOT, step < 1 ? "%.1f" : "%.0f", tick);
            gr.drawLine(MARGIN + p, MARGIN + plot, MARGIN + p, MARGIN + plot + 5);
            gr.drawString(s, MARGIN + p - 10, MARGIN + plot + 20);
            gr.drawLine(MARGIN - 5, MARGIN + plot - p, MARGIN, MARGIN + plot - p);
            gr.drawString(s, MARGIN - 40, MARGIN + plot - p + 5);
        }
        gr.drawString(xLabel, MARGIN + plot / 2 - 80, SIZE - 15);
        Graphics2D r = (Graphics2D) gr.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(MARGIN + plot / 2 + 80), 18);
        r.dispose();
    }

    private static double niceStep(double raw) {
        double e = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / e;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
    }

    /** A dark-blue to yellow colour ramp for t in [0, 1]. */
    private static Color colour(double t) {
        double c = Math.max(0, Math.min(1, t));
        int r = (int) (255 * Math.min(1, Math.max(0, 1.6 * c - 0.3)));
        int g = (int) (255 * Math.min(1, Math.max(0, 1.2 * c)));
        int b = (int) (255 * Math.max(0, 0.55 - 0.6 * c + 0.3 * Math.sin(Math.PI * c)));
        return new Color(r, g, b);
    }
}
