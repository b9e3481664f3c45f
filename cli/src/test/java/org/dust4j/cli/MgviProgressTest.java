package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dust4j.mgvi.CgResult;
import org.dust4j.mgvi.IterationReport;
import org.dust4j.mgvi.MgviEvent;
import org.dust4j.mgvi.MinimizerResult;
import org.dust4j.mgvi.NewtonStep;
import org.junit.jupiter.api.Test;

class MgviProgressTest {
    private static final CgResult CONVERGED = new CgResult(12, true, 1e-6, 1.0, false);
    private static final CgResult STUCK = new CgResult(200, false, 0.1, 1.0, false);

    private static IterationReport report(int iteration, double energy) {
        NewtonStep step = new NewtonStep(1, energy + 5, energy, 0.25, 0.1, CONVERGED, false, 0);
        return new IterationReport(iteration, List.of(CONVERGED),
                new MinimizerResult(List.of(step), energy + 5, energy, 0.125,
                        MinimizerResult.StopReason.ENERGY_TOLERANCE), Duration.ofSeconds(10));
    }

    @Test
    void eventsOfAResumedRunBecomeProgressLines() {
        ProgressTest.FakeClock clock = new ProgressTest.FakeClock();
        StringWriter text = new StringWriter();
        MgviProgress listener = new MgviProgress(new Progress("mgvi", new PrintWriter(text), false, clock));
        Duration t = Duration.ZERO;
        // resumed after 2 of 4 iterations
        listener.onEvent(new MgviEvent.IterationStarted(2, 4, 2, t));
        clock.advance(Duration.ofSeconds(4));
        listener.onEvent(new MgviEvent.SampleDrawn(2, 0, 2, CONVERGED, t));
        listener.onEvent(new MgviEvent.SampleDrawn(2, 1, 2, STUCK, t));
        clock.advance(Duration.ofSeconds(3));
        NewtonStep step = new NewtonStep(1, 120.0, 100.0, 3.5, 0.2, CONVERGED, false, 0);
        listener.onEvent(new MgviEvent.MinimizerStepped(2, step, t));
        clock.advance(Duration.ofSeconds(3));
        listener.onEvent(new MgviEvent.IterationFinished(2, 4, report(2, 90.0), t));
        listener.onEvent(new MgviEvent.CheckpointWritten(2, Path.of("run.mgvi"), t));
        listener.onEvent(new MgviEvent.IterationStarted(3, 4, 2, t));
        clock.advance(Duration.ofSeconds(10));
        listener.onEvent(new MgviEvent.IterationFinished(3, 4, report(3, 80.0), t));
        assertEquals(List.of(
                "2025-06-01T12:00:00Z mgvi started at step 2 2/4 (50%)",
                "2025-06-01T12:00:00Z mgvi 2/4 (50%)  iteration 2: sampling 2 pairs  elapsed 0:00",
                "2025-06-01T12:00:04Z mgvi 2/4 (50%)  iteration 2: sample pair 1/2  elapsed 0:04",
                "2025-06-01T12:00:04Z mgvi 2/4 (50%)  iteration 2: sample pair 2/2  elapsed 0:04",
                "2025-06-01T12:00:04Z mgvi: iteration 2, sample pair 1: CG NOT converged after 200 iterations, "
                        + "relative residual 0.1",
                "2025-06-01T12:00:07Z mgvi 2/4 (50%)  iteration 2: minimising, step 1  energy 100.000  |grad| 3.50000"
                        + "  elapsed 0:07",
                "2025-06-01T12:00:10Z mgvi 3/4 (75%)  iteration 2 done (ENERGY_TOLERANCE)  energy 90.0000  |grad| "
                        + "0.125000  elapsed 0:10  left 0:10",
                "2025-06-01T12:00:10Z mgvi: checkpoint after iteration 2 written to run.mgvi",
                "2025-06-01T12:00:10Z mgvi 3/4 (75%)  iteration 3: sampling 2 pairs  energy 90.0000  |grad| 0.125000"
                        + "  elapsed 0:10  left 0:10",
                "2025-06-01T12:00:20Z mgvi 4/4 (100%)  iteration 3 done (ENERGY_TOLERANCE)  energy 80.0000  |grad| "
                        + "0.125000  elapsed 0:20",
                "2025-06-01T12:00:20Z mgvi: MGVI finished 4/4 (100%) in 0:20"), text.toString().lines().toList());
    }

    @Test
    void eventsBeforeTheFirstIterationStartedAreRejected() {
        MgviProgress listener = new MgviProgress(new Progress("mgvi", new PrintWriter(new StringWriter()), false,
                new ProgressTest.FakeClock()));
        assertThrows(IllegalStateException.class,
                () -> listener.onEvent(new MgviEvent.SampleDrawn(0, 0, 1, CONVERGED, Duration.ZERO)));
    }
}
