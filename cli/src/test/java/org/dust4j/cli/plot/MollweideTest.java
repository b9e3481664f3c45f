package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MollweideTest {
    @Test
    void landmarks() {
        assertArrayEquals(new double[] {0, 0}, Mollweide.forward(0, 0), 1e-15);
        assertArrayEquals(new double[] {0, Mollweide.Y_MAX}, Mollweide.forward(0, 90), 1e-15);
        assertArrayEquals(new double[] {0, -Mollweide.Y_MAX}, Mollweide.forward(123, -90), 1e-15);
        assertArrayEquals(new double[] {Mollweide.X_MAX / 2, 0}, Mollweide.forward(90, 0), 1e-15);
        assertArrayEquals(new double[] {-Mollweide.X_MAX / 2, 0}, Mollweide.forward(270, 0), 1e-14);
        assertArrayEquals(new double[] {-Mollweide.X_MAX, 0}, Mollweide.forward(180, 0), 1e-14);
        // equal area: the parallel b = 90 - x halves the northern cap area ...; check the auxiliary angle's
        // defining equation instead at b = 45: 2θ + sin 2θ = π sin 45°
        double y = Mollweide.forward(0, 45)[1];
        double theta = Math.asin(y / Mollweide.Y_MAX);
        assertEquals(Math.PI * Math.sin(Math.toRadians(45)), 2 * theta + Math.sin(2 * theta), 1e-13);
    }

    @Test
    void inverseUndoesForward() {
        for (double b = -89.5; b <= 89.5; b += 4.25) {
            for (double l = -179.5; l < 180; l += 7.75) {
                double[] p = Mollweide.forward(l, b);
                double[] ll = Mollweide.inverse(p[0], p[1]);
                assertEquals(l, ll[0], 1e-9, "l at " + l + ", " + b);
                assertEquals(b, ll[1], 1e-9, "b at " + l + ", " + b);
            }
        }
    }

    @Test
    void outsideTheEllipseIsNull() {
        assertNull(Mollweide.inverse(Mollweide.X_MAX * 0.9, Mollweide.Y_MAX * 0.9));
        assertNull(Mollweide.inverse(Double.NaN, 0));
        assertEquals(2, Mollweide.inverse(0, Mollweide.Y_MAX).length);
    }

    @Test
    void longitudesWrap() {
        assertEquals(-170, Mollweide.wrapLongitude(190), 1e-12);
        assertEquals(10, Mollweide.wrapLongitude(-350), 1e-12);
        assertEquals(-180, Mollweide.wrapLongitude(180), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Mollweide.forward(0, 91));
        assertThrows(IllegalArgumentException.class, () -> Mollweide.forward(Double.NaN, 0));
    }
}
