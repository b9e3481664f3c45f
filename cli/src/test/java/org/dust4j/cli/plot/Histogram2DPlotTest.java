package org.dust4j.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Histogram2DPlotTest {
    @Test
    void countsPlaceablePairsAndDropsTheRest() {
        double[] t = {1, 1, 1, Double.NaN, -1, 10, 0};
        double[] r = {1, 1, 1, 1, 2, 10, 5};
        Histogram2DPlot log = Histogram2DPlot.builder(t, r).log(true).bins(10).build();
        assertEquals(4, log.counted());
        assertEquals(3, log.dropped());
        Histogram2DPlot lin = Histogram2DPlot.builder(t, r).build();
        assertEquals(6, lin.counted());
        assertEquals(1, lin.dropped());
        Histogram2DPlot ranged = Histogram2DPlot.builder(t, r).range(Scale.linear(0, 5)).build();
        assertEquals(4, ranged.counted()); // (1,1) x3 and (0,5); (-1,2) and (10,10) outside, NaN dropped
        assertEquals(600, Render.plot(log, 600, 500).getWidth());
    }

    @Test
    void rejectsMismatchedOrUnusableInput() {
        assertThrows(IllegalArgumentException.class, () -> Histogram2DPlot.builder(new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> Histogram2DPlot.builder(new double[] {0, -1}, new double[] {1, 1}).log(true).build());
        assertThrows(IllegalArgumentException.class, () -> Histogram2DPlot.builder(new double[1], new double[1])
                .bins(0));
    }
}
