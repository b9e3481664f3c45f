package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dust4j.cli.plot.Figure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Figures are skipped, with a warning and without losing the products, where they cannot be drawn. */
class DemoFiguresTest {
    @AfterEach
    void switchBackOn() {
        System.clearProperty(Figure.SWITCH_PROPERTY);
    }

    @Test
    void thisMachineCanDrawText() {
        assertTrue(Figure.renderingProblem().isEmpty(), () -> "figures unavailable here: " + Figure.renderingProblem());
    }

    @Test
    void switchedOffFiguresAreSkippedWithAWarning() throws Exception {
        System.setProperty(Figure.SWITCH_PROPERTY, "off");
        assertTrue(Figure.renderingProblem().orElseThrow().contains("-Ddust4j.figures=off"));
        assertEquals(List.of(), DemoFigures.ifDrawable(() -> fail("no figure may be drawn")));

        List<Path> files = new ArrayList<>(List.of(Path.of("product.fits")));
        StringWriter log = new StringWriter();
        DemoFigures.drawAll(files, new PrintWriter(log), () -> fail("no figure may be drawn"));
        assertEquals(List.of(Path.of("product.fits")), files);
        assertTrue(log.toString().contains("warning: figures skipped: figures switched off"), log::toString);
    }

    @Test
    void drawableFiguresAreDrawn() throws Exception {
        Path f = Path.of("figure.png");
        assertEquals(List.of(f), DemoFigures.ifDrawable(() -> List.of(f)));
    }
}
