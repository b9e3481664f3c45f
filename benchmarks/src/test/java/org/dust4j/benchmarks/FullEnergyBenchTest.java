package org.dust4j.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The {@code configs} argument of {@link FullEnergyBench}: kernel choices timed in one process. */
class FullEnergyBenchTest {
    @Test
    void configsArePairsOfLineMomentsAndWindowedJoinedByPlus() {
        String[][] c = FullEnergyBench.configs("static/wide+segments/gather+-/pipe");
        assertEquals(3, c.length);
        assertArrayEquals(new String[] {"static", "wide"}, c[0]);
        assertArrayEquals(new String[] {"segments", "gather"}, c[1]);
        assertArrayEquals(new String[] {"-", "pipe"}, c[2]);
        String[][] none = FullEnergyBench.configs(null);
        assertEquals(1, none.length);
        assertNull(none[0]);
    }

    @Test
    void aConfigurationWithoutBothPartsIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FullEnergyBench.configs("static/wide+segments"));
        assertEquals("configs are LINEMOMENTS/WINDOWED joined by '+' (e.g. static/wide+segments/gather; '-' leaves a"
                + " property as it is), got 'segments' in 'static/wide+segments'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FullEnergyBench.configs("static/"));
    }
}
