package org.dust4j.cli.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * Something that draws itself into a rectangle of a figure: a sky map, an image, a line plot, a colour bar, or a
 * composition of those ({@link Panels}). Coordinates are logical pixels; a {@link Figure} may scale them to a higher
 * output resolution, and raster content is then computed at the output resolution.
 *
 * <p>Implementations are immutable and may be painted any number of times.
 */
@FunctionalInterface
public interface Plot {
    /**
     * Draws into {@code bounds} of {@code g}. The graphics is prepared by {@link Figure} (antialiasing, white
     * background); implementations restore any clip, transform, colour, stroke or font they change.
     */
    void paint(Graphics2D g, Rectangle2D bounds);
}
