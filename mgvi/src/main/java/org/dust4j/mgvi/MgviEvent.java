package org.dust4j.mgvi;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Progress of an MGVI run, delivered to an {@link MgviListener} on the calling thread. Global iterations are
 * numbered from 0; {@code elapsed} is the wall-clock time since the run (or the resumed run) started.
 */
public sealed interface MgviEvent {
    /** The global iteration the event belongs to. */
    int iteration();

    /** Time since the run started. */
    Duration elapsed();

    /** A global iteration began: {@code pairs} antithetic sample pairs will be drawn around the position. */
    record IterationStarted(int iteration, int totalIterations, int pairs, Duration elapsed) implements MgviEvent {
    }

    /**
     * Sample pair {@code pair} (from 0, of {@code pairs}) was drawn; {@code cg} tells whether its solve
     * M s = t converged.
     */
    record SampleDrawn(int iteration, int pair, int pairs, CgResult cg, Duration elapsed) implements MgviEvent {
    }

    /** The KL minimiser took a step (energy, gradient norm, inner CG iterations in {@code step}). */
    record MinimizerStepped(int iteration, NewtonStep step, Duration elapsed) implements MgviEvent {
    }

    /** A global iteration ended; {@code report} holds its sampling and minimisation outcome. */
    record IterationFinished(int iteration, int totalIterations, IterationReport report, Duration elapsed)
            implements MgviEvent {
    }

    /** The state after the iteration was written to {@code path}. */
    record CheckpointWritten(int iteration, Path path, Duration elapsed) implements MgviEvent {
    }
}
