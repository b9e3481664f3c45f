package org.dust4j.inducing;

/** Receives an {@link IterationEvent} after every iteration of a fit, on the fitting thread. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores all events. */
    ProgressListener NONE = e -> { };

    /** Called after each iteration. */
    void onIteration(IterationEvent event);
}
