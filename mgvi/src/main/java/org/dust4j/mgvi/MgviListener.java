package org.dust4j.mgvi;

/**
 * Receives the progress {@link MgviEvent}s of an MGVI run (on the thread running it, so keep it quick). Pattern
 * matching over the sealed event types gives each its handling:
 * <pre>{@code
 * MgviListener l = e -> {
 *     switch (e) {
 *         case MgviEvent.MinimizerStepped s -> bar.update(s.step().energyAfter());
 *         case MgviEvent.SampleDrawn d when !d.cg().converged() -> log.warn("sample " + d.pair() + ": " + d.cg());
 *         default -> { }
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface MgviListener {
    /** A listener that ignores every event. */
    MgviListener NONE = e -> { };

    void onEvent(MgviEvent event);
}
