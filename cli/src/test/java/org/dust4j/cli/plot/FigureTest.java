package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {
    private static final Plot RED = (g, b) -> {
        g.setColor(Color.RED);
        g.fill(b);
    };

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void writesAPngAtomicallyLeavingNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("map.png");
        Figure.of(RED, 120, 80).withScale(1.5).writePng(target);
        assertEquals(List.of(target), list(dir));
        BufferedImage back = ImageIO.read(target.toFile());
        assertEquals(180, back.getWidth());
        assertEquals(120, back.getHeight());
        assertEquals(0xFFFF0000, back.getRGB(90, 60));
        // overwriting replaces the file, still without leftovers
        Figure.of(RED, 50, 40).writePng(target);
        assertEquals(List.of(target), list(dir));
        assertEquals(50, ImageIO.read(target.toFile()).getWidth());
    }

    @Test
    void failedWriteLeavesNothing(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-dir").resolve("map.png");
        assertThrows(IOException.class, () -> Figure.of(RED, 10, 10).writePng(missing));
        assertEquals(List.of(), list(dir));
        Path target = dir.resolve("keep.png");
        Figure.of(RED, 10, 10).writePng(target);
        Plot failing = (g, b) -> {
            throw new IllegalStateException("boom");
        };
        assertThrows(IllegalStateException.class, () -> Figure.of(failing, 10, 10).writePng(target));
        assertEquals(List.of(target), list(dir));
        assertEquals(10, ImageIO.read(target.toFile()).getWidth());
    }

    @Test
    void titleTakesRoomAtTheTop() {
        Rectangle[] seen = new Rectangle[1];
        Plot probe = (g, b) -> seen[0] = new Rectangle(b.getY(), b.getHeight());
        Figure.of(probe, 200, 100).render();
        assertEquals(0, seen[0].y());
        Figure.of(probe, 200, 100).withTitle("Title").render();
        assertTrue(seen[0].y() > 10 && seen[0].y() + seen[0].height() == 100, seen[0].toString());
    }

    @Test
    void sizeAndScaleAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Figure.of(RED, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> Figure.of(RED, 10, 10).withScale(0));
        assertThrows(IllegalArgumentException.class, () -> Figure.of(RED, 100_000, 100_000));
        assertEquals(25, Figure.of(RED, 10, 10).withScale(2.5).pixelWidth());
        assertTrue(Boolean.parseBoolean(System.getProperty("java.awt.headless", "true")));
    }

    private record Rectangle(double y, double height) {
    }
}
