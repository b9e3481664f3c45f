package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.dust4j.core.DType;
import org.dust4j.core.InstrumentedBackend;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tensor MGVI allocates is released, on success and on failure (what the GPU backend needs). */
class ResourceTest {
    private static final int N = 8;

    @TempDir
    Path dir;

    private static MgviConfig.Builder config(int iterations) {
        return MgviConfig.builder().globalIterations(iterations).samplePairs(3).seed(3)
                .pointEstimates(PointEstimates.indices(1, 5)).maxHeldLinearizations(2)
                .minimizer(NewtonSettings.DEFAULT.withEnergyTolerance(1e-3).withMaxSteps(6));
    }

    @Test
    void runResumeAndStatisticsReleaseEverything() throws IOException {
        InstrumentedBackend be = new InstrumentedBackend(LinearProblem.CPU, false);
        Path file = dir.resolve("leak.mgvi");
        try (LinearProblem p = LinearProblem.logNormal(be, N, DType.FLOAT32, 61); Tensor x0 = p.space.zeros(be)) {
            long baseline = be.live();
            try (MgviResult r = new Mgvi(p.likelihood, config(2).checkpoint(file).build()).run(x0)) {
                // the result holds the position and 3 residuals
                assertEquals(baseline + 4, be.live());
                try (PosteriorStatistics st = r.statistics(p.density)) {
                    assertEquals(baseline + 6, be.live());
                    assertTrue(st.std().max() > 0);
                }
            }
            assertEquals(baseline, be.live(), "a run leaks tensors");
            long peakOfTwo = be.peak();
            try (MgviResult r = new Mgvi(p.likelihood, config(4).build()).resume(file, be, MgviListener.NONE)) {
                assertEquals(2, r.reports().size());
            }
            assertEquals(baseline, be.live(), "a resumed run leaks tensors");
            assertEquals(peakOfTwo, be.peak(), "more iterations must not need more memory at once");
        }
        assertEquals(0, be.live());
    }

    @Test
    void failuresReleaseEverything() {
        InstrumentedBackend be = new InstrumentedBackend(LinearProblem.CPU, false);
        try (LinearProblem p = LinearProblem.logNormal(be, N, DType.FLOAT64, 62); Tensor x0 = p.space.zeros(be)) {
            long baseline = be.live();
            Mgvi mgvi = new Mgvi(p.likelihood, config(2).build());
            for (Class<? extends MgviEvent> failAt : java.util.List.of(MgviEvent.SampleDrawn.class,
                    MgviEvent.MinimizerStepped.class, MgviEvent.IterationFinished.class)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> mgvi.run(x0, ev -> {
                    if (failAt.isInstance(ev) && ev.iteration() == 1) {
                        throw new IllegalStateException("listener failure at " + failAt.getSimpleName());
                    }
                }));
                assertTrue(e.getMessage().contains(failAt.getSimpleName()));
                assertEquals(baseline, be.live(), "a failure at " + failAt.getSimpleName() + " leaks tensors");
            }
        }
        assertEquals(0, be.live());
    }
}
