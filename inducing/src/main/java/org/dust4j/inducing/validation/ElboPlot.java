package org.dust4j.inducing.validation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.dust4j.inducing.IterationEvent;

/**
 * A PNG line plot of the ELBO against the iteration (headless Java2D). The vertical range covers the iterations
 * after the first 5 % of the run, so that the early transient does not flatten the rest.
 */
final class ElboPlot {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    private static final int MARGIN = 70;

    private ElboPlot() {
    }

    static void write(List<IterationEvent> events, Path file) throws IOException {
        int n = events.size();
        if (n < 2) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = n / 20; i < n; i++) {
            lo = Math.min(lo, events.get(i).elbo());
            hi = Math.max(hi, events.get(i).elbo());
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x0 = MARGIN;
        int x1 = WIDTH - 20;
        int y0 = HEIGHT - 50;
        int y1 = 30;
        g.drawRect(x0, y1, x1 - x0, y0 - y1);
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            int y = (int) Math.round(y0 - (y0 - y1) * (double) t / 4);
            g.drawLine(x0 - 4, y, x0, y);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), 5, y + 4);
            int it = 1 + (n - 1) * t / 4;
            int x = (int) Math.round(x0 + (x1 - x0) * (double) t / 4);
            g.drawLine(x, y0, x, y0 + 4);
            g.drawString(Integer.toString(it), x - 10, y0 + 18);
        }
        g.drawString("iteration", (x0 + x1) / 2 - 25, HEIGHT - 12);
        g.drawString("ELBO", 10, 20);
        g.setColor(new Color(0, 90, 180));
        g.setStroke(new BasicStroke(1.2f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < n; i++) {
            double v = Math.max(lo, Math.min(hi, events.get(i).elbo()));
            int x = (int) Math.round(x0 + (x1 - x0) * (double) i / (n - 1));
            int y = (int) Math.round(y0 - (y0 - y1) * (v - lo) / (hi - lo));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
