package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class MgviConfigTest {

    @Test
    void defaults() {
        MgviConfig c = MgviConfig.builder().build();
        assertEquals(5, c.globalIterations());
        IterationSettings it = c.iteration(0);
        assertEquals(4, it.samplePairs());
        assertEquals(new CgSettings(1e-5, 200, 6), it.sampling());
        assertEquals(new NewtonSettings(35, 0.1, 1e-10, 0, 200, 0.5, 9), it.minimizer());
        assertEquals(42, c.seed());
        assertTrue(c.pointEstimates().isEmpty());
        assertEquals(Integer.MAX_VALUE, c.maxHeldLinearizations());
        assertTrue(c.checkpoint().isEmpty());
    }

    @Test
    void scheduleOverridesAndToBuilderExtendsWithTheBuilderSettings() {
        IterationSettings early = new IterationSettings(1, CgSettings.DEFAULT.withRelativeTolerance(1e-3),
                NewtonSettings.DEFAULT.withMaxSteps(3));
        MgviConfig c = MgviConfig.builder().globalIterations(3).samplePairs(6)
                .schedule(i -> i == 0 ? early : null).checkpoint(Path.of("c.mgvi")).build();
        assertEquals(early, c.iteration(0));
        assertEquals(6, c.iteration(1).samplePairs());
        MgviConfig longer = c.toBuilder().globalIterations(5).build();
        assertEquals(c.schedule(), longer.schedule().subList(0, 3));
        assertEquals(c.iteration(1), longer.iteration(4));
        assertEquals(c.checkpoint(), longer.checkpoint());
        assertThrows(IndexOutOfBoundsException.class, () -> c.iteration(3));
    }

    @Test
    void invalidSettingsAreRejectedByName() {
        assertMessage(() -> MgviConfig.builder().globalIterations(0), "globalIterations");
        assertMessage(() -> MgviConfig.builder().samplePairs(0), "samplePairs");
        assertMessage(() -> MgviConfig.builder().maxHeldLinearizations(-1), "maxHeldLinearizations");
        assertMessage(() -> NewtonSettings.DEFAULT.withMaxForcing(1), "maxForcing");
        assertMessage(() -> NewtonSettings.DEFAULT.withEnergyTolerance(-1), "energyTolerance");
        assertMessage(() -> NewtonSettings.DEFAULT.withMaxHalvings(-1), "maxHalvings");
        assertMessage(() -> new IterationSettings(0, CgSettings.DEFAULT, NewtonSettings.DEFAULT), "samplePairs");
        assertMessage(() -> PointEstimates.indices(3, -1), "negative");
    }

    private static void assertMessage(Runnable r, String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }
}
