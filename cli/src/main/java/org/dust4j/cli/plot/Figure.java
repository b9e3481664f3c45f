package org.dust4j.cli.plot;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.dust4j.io.fits.AtomicFiles;

/**
 * A figure: one {@link Plot} (often a composition from {@link Panels}) on a white page of a given logical size,
 * with an optional title on top, rendered to an image or written as PNG. The output has
 * ⌈width·scale⌉ × ⌈height·scale⌉ pixels: text and lines are laid out in logical pixels and drawn at the scale, and
 * raster content (maps, images) is computed at the output resolution. Rendering is headless.
 *
 * <p>Immutable: {@code Figure.of(plot, 1200, 640).withTitle("...").withScale(2).writePng(path)}.
 */
public final class Figure {
    /** System property that switches figures off ({@code -Ddust4j.figures=off}). */
    public static final String SWITCH_PROPERTY = "dust4j.figures";

    private static volatile Optional<String> renderingProblem;

    /**
     * Why figures cannot be drawn in this Java runtime, or empty when they can: figures switched off with
     * {@code -Ddust4j.figures=off}, or text cannot be rendered (a headless machine without fontconfig or any font
     * makes Java's font system throw {@code InternalError: Fontconfig head is null}). Tried once per run.
     */
    public static Optional<String> renderingProblem() {
        if ("off".equalsIgnoreCase(System.getProperty(SWITCH_PROPERTY, ""))) {
            return Optional.of("figures switched off with -D" + SWITCH_PROPERTY + "=off");
        }
        Optional<String> p = renderingProblem;
        if (p == null) {
            p = probeText();
            renderingProblem = p;
        }
        return p;
    }

    private static Optional<String> probeText() {
        try {
            BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            try {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.getFontMetrics().stringWidth("A 1");
                g.drawString("A 1", 1, 12);
            } finally {
                g.dispose();
            }
            return Optional.empty();
        } catch (InternalError | LinkageError | RuntimeException e) {
            return Optional.of("this Java runtime cannot draw text (" + e + "); install fontconfig and a font, e.g."
                    + " on Debian or Ubuntu: apt install fontconfig fonts-dejavu-core");
        }
    }

    private final Plot plot;
    private final int width;
    private final int height;
    private final String title;
    private final double scale;

    private Figure(Plot plot, int width, int height, String title, double scale) {
        this.plot = Objects.requireNonNull(plot, "plot");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("figure size must be at least 1 x 1, got " + width + " x " + height);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("figure scale must be positive and finite, got " + scale);
        }
        long pixels = (long) Math.ceil(width * scale) * (long) Math.ceil(height * scale);
        if (pixels > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("figure of " + width + " x " + height + " at scale " + scale
                    + " has too many pixels");
        }
        this.width = width;
        this.height = height;
        this.title = title;
        this.scale = scale;
    }

    /** A figure of {@code width} × {@code height} logical pixels showing {@code plot}, at scale 1, untitled. */
    public static Figure of(Plot plot, int width, int height) {
        return new Figure(plot, width, height, null, 1);
    }

    /** The same figure with a title above the plot (null or blank for none). */
    public Figure withTitle(String newTitle) {
        return new Figure(plot, width, height, newTitle, scale);
    }

    /** The same figure rendered at {@code newScale} output pixels per logical pixel (e.g. 2 for print). */
    public Figure withScale(double newScale) {
        return new Figure(plot, width, height, title, newScale);
    }

    /** Output width in pixels. */
    public int pixelWidth() {
        return (int) Math.ceil(width * scale);
    }

    /** Output height in pixels. */
    public int pixelHeight() {
        return (int) Math.ceil(height * scale);
    }

    /** Renders the figure. */
    public BufferedImage render() {
        BufferedImage img = Draw.newImage(pixelWidth(), pixelHeight());
        Graphics2D g = img.createGraphics();
        try {
            Draw.prepare(g);
            g.scale(scale, scale);
            g.setColor(Draw.INK);
            double top = 0;
            if (title != null && !title.isBlank()) {
                var font = Draw.font(Draw.TITLE + 2, true);
                Draw.text(g, font, Draw.fit(g, font, title, width - 4 * Draw.PAD), width / 2.0, 2 * Draw.PAD, 0.5, 0);
                top = Draw.lineHeight(g, font) + 3 * Draw.PAD;
            }
            plot.paint(g, new Rectangle2D.Double(0, top, width, height - top));
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Renders the figure and writes it as a PNG file, atomically (see {@link #writePng(RenderedImage, Path)}).
     *
     * @throws IOException if the file cannot be written; then {@code target} is unchanged
     */
    public void writePng(Path target) throws IOException {
        writePng(render(), target);
    }

    /**
     * Writes {@code image} as a PNG file atomically: into a temporary file beside {@code target} that is renamed
     * onto it once complete, so readers never see a partial file and a failure leaves no file behind.
     *
     * @throws IOException if the directory does not exist or writing fails; then {@code target} is unchanged
     */
    public static void writePng(RenderedImage image, Path target) throws IOException {
        Objects.requireNonNull(image, "image");
        var writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer available in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try {
            AtomicFiles.write(target, out -> {
                // in-memory stream cache: ImageIO's default cache would put a second temporary file in java.io.tmpdir
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(image);
                }
            });
        } finally {
            writer.dispose();
        }
    }
}
