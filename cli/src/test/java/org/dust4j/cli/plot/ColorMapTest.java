package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;

import org.junit.jupiter.api.Test;

class ColorMapTest {
    @Test
    void viridisEntriesArePublishedValues() {
        // matplotlib _cm_listed._viridis_data[0], [128], [255]
        assertArrayEquals(new double[] {0.267004, 0.004874, 0.329415}, ColorMap.viridis().rgb(0), 0);
        assertArrayEquals(new double[] {0.127568, 0.566949, 0.550556}, ColorMap.viridis().rgb(128), 0);
        assertArrayEquals(new double[] {0.993248, 0.906157, 0.143936}, ColorMap.viridis().rgb(255), 0);
        // the well-known hex endpoints #440154 and #FDE725
        assertEquals(0xFF440154, ColorMap.viridis().argbAt(0));
        assertEquals(0xFFFDE725, ColorMap.viridis().argbAt(255));
    }

    @Test
    void magmaEntriesArePublishedValues() {
        assertArrayEquals(new double[] {0.001462, 0.000466, 0.013866}, ColorMap.magma().rgb(0), 0);
        assertArrayEquals(new double[] {0.716387, 0.214982, 0.475290}, ColorMap.magma().rgb(128), 0);
        assertArrayEquals(new double[] {0.987053, 0.991438, 0.749504}, ColorMap.magma().rgb(255), 0);
        assertEquals(0xFF000004, ColorMap.magma().argbAt(0));
        assertEquals(0xFFFCFDBF, ColorMap.magma().argbAt(255));
    }

    @Test
    void rdBuMatchesMatplotlibInterpolation() {
        // matplotlib 3.11 colormaps['RdBu'](i) for i = 0, 1, 64, 127, 128, 200, 255
        double[][] expected = {
            {0.403921568627451, 0.0, 0.12156862745098039},
            {0.4154555940023068, 0.003690888119953864, 0.12341407151095732},
            {0.8991926182237601, 0.5144175317185697, 0.4079200307574009},
            {0.9690888119953864, 0.9664744329104191, 0.9649365628604383},
            {0.9657054978854287, 0.9672433679354094, 0.9680891964628989},
            {0.3113417916186083, 0.6072279892349096, 0.7813148788927335},
            {0.0196078431372549, 0.18823529411764706, 0.3803921568627451}};
        int[] index = {0, 1, 64, 127, 128, 200, 255};
        for (int k = 0; k < index.length; k++) {
            assertArrayEquals(expected[k], ColorMap.rdBu().rgb(index[k]), 1e-12, "entry " + index[k]);
        }
    }

    @Test
    void lookupPicksFloorOfFractionTimes256AndClips() {
        ColorMap m = ColorMap.viridis();
        assertEquals(m.argbAt(0), m.argb(0.0));
        assertEquals(m.argbAt(0), m.argb(-3.0));
        assertEquals(m.argbAt(0), m.argb(0.9 / 256));
        assertEquals(m.argbAt(1), m.argb(1.0 / 256));
        assertEquals(m.argbAt(128), m.argb(0.5));
        assertEquals(m.argbAt(255), m.argb(1.0));
        assertEquals(m.argbAt(255), m.argb(7.0));
        assertEquals(m.argbAt(255), m.argb(Double.POSITIVE_INFINITY));
    }

    @Test
    void nanGetsTheNanColour() {
        assertEquals(ColorMap.DEFAULT_NAN_COLOR.getRGB(), ColorMap.magma().argb(Double.NaN));
        ColorMap white = ColorMap.magma().withNanColor(Color.WHITE);
        assertEquals(0xFFFFFFFF, white.argb(Double.NaN));
        assertEquals(ColorMap.magma().argbAt(17), white.argbAt(17));
        assertEquals(0xFFFFFFFF, white.argb(Double.NaN, Scale.linear(0, 1)));
    }

    @Test
    void reversedRunsBackwards() {
        ColorMap r = ColorMap.viridis().reversed();
        assertEquals("viridis_r", r.name());
        assertEquals(ColorMap.viridis().argbAt(255), r.argbAt(0));
        assertEquals(ColorMap.viridis().argbAt(0), r.argbAt(255));
        assertEquals("viridis", r.reversed().name());
    }

    @Test
    void mapsArePerceptuallyOrderedDarkToLight() {
        for (ColorMap m : new ColorMap[] {ColorMap.viridis(), ColorMap.magma()}) {
            double previous = -1;
            for (int i = 0; i < ColorMap.SIZE; i += 15) {
                double l = SkyMap.luminance(m.argbAt(i));
                assertTrue(l > previous, m + " luminance not increasing at " + i);
                previous = l;
            }
        }
        assertNotEquals(ColorMap.rdBu().argbAt(0), ColorMap.rdBu().argbAt(255));
    }

    @Test
    void badTablesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ColorMap.interpolated("x", new double[][] {{0, 0, 0}}));
        assertThrows(IllegalArgumentException.class,
                () -> ColorMap.interpolated("x", new double[][] {{0, 0, 0}, {1, 1.5, 1}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ColorMap.listed("x", new double[10][3]));
        assertTrue(e.getMessage().contains("10"), e.getMessage());
    }
}
