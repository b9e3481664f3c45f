package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PanelsTest {
    private static Plot recorder(List<Rectangle2D> seen) {
        return (g, b) -> seen.add(b.getBounds2D());
    }

    @Test
    void rowsAndColumnsSplitByWeight() {
        List<Rectangle2D> seen = new ArrayList<>();
        Plot p = Panels.row(new double[] {1, 3}, recorder(seen), Panels.column(recorder(seen), recorder(seen)));
        Render.plot(p, 400, 200);
        assertEquals(new Rectangle2D.Double(0, 0, 100, 200), seen.get(0));
        assertEquals(new Rectangle2D.Double(100, 0, 300, 100), seen.get(1));
        assertEquals(new Rectangle2D.Double(100, 100, 300, 100), seen.get(2));
    }

    @Test
    void sharedColourBarTakesItsThickness() {
        List<Rectangle2D> seen = new ArrayList<>();
        ColorBar bar = ColorBar.of(ColorMap.viridis(), Scale.linear(0, 1)).withLabel("A", "mag");
        Render.plot(Panels.withColorBar(Panels.row(recorder(seen), recorder(seen)), bar), 400, 300);
        double t = Render.withGraphics(g -> bar.thickness(g, 400));
        assertTrue(t > 30 && t < 80, "thickness " + t);
        assertEquals(300 - t, seen.get(0).getHeight(), 1e-9);
        assertEquals(200, seen.get(1).getX(), 1e-9);
        seen.clear();
        Render.plot(Panels.withColorBar(recorder(seen), bar.withOrientation(ColorBar.Orientation.VERTICAL)), 400,
                300);
        assertEquals(300, seen.get(0).getHeight(), 1e-9);
        assertTrue(seen.get(0).getWidth() < 400 - 30);
    }

    @Test
    void badWeightsAreRejected() {
        Plot e = Panels.empty();
        assertThrows(IllegalArgumentException.class, () -> Panels.row(new double[] {1}, e, e));
        assertThrows(IllegalArgumentException.class, () -> Panels.row(new double[] {1, 0}, e, e));
        assertThrows(IllegalArgumentException.class, () -> Panels.column());
    }
}
