package org.dust4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.dust4j.mgvi.MgviEvent;
import org.dust4j.mgvi.MgviListener;

/**
 * Shows the progress of an MGVI run on a {@link Progress}: one step per global iteration, with the KL energy and
 * the gradient norm of the latest minimiser step.
 *
 * <ul>
 *   <li>{@code IterationStarted}: starts the progress on the first event (at the run's first iteration, so a
 *       resumed run's estimate counts only its own iterations), then shows "iteration g: sampling P pairs".</li>
 *   <li>{@code SampleDrawn}: shows "sample pair k/P"; a pair whose CG solve did not converge is also reported as
 *       an event line, since it degrades the posterior approximation.</li>
 *   <li>{@code MinimizerStepped}: shows "minimising, step s" with energy and |gradient|.</li>
 *   <li>{@code IterationFinished}: advances to iteration + 1 completed with the final energy; after the last
 *       iteration the progress is finished.</li>
 *   <li>{@code CheckpointWritten}: an event line naming the file.</li>
 * </ul>
 */
public final class MgviProgress implements MgviListener {
    private final Progress progress;
    private boolean started;
    private Map<String, Double> values = Map.of();

    /** Feeds {@code progress}, which must not be started yet. */
    public MgviProgress(Progress progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public void onEvent(MgviEvent event) {
        switch (event) {
            case MgviEvent.IterationStarted s -> {
                if (!started) {
                    progress.start(s.totalIterations(), s.iteration());
                    started = true;
                }
                progress.update(s.iteration(), "iteration " + s.iteration() + ": sampling " + s.pairs()
                        + " pairs", values);
            }
            case MgviEvent.SampleDrawn d -> {
                requireStarted(d);
                progress.update(d.iteration(), "iteration " + d.iteration() + ": sample pair " + (d.pair() + 1) + "/"
                        + d.pairs(), values);
                if (!d.cg().converged()) {
                    progress.event("iteration " + d.iteration() + ", sample pair " + d.pair() + ": CG " + d.cg());
                }
            }
            case MgviEvent.MinimizerStepped m -> {
                requireStarted(m);
                values = energy(m.step().energyAfter(), m.step().gradientNorm());
                progress.update(m.iteration(), "iteration " + m.iteration() + ": minimising, step "
                        + m.step().index(), values);
            }
            case MgviEvent.IterationFinished f -> {
                requireStarted(f);
                values = energy(f.report().minimizer().finalEnergy(), f.report().minimizer().lastGradientNorm());
                progress.update(f.iteration() + 1, "iteration " + f.iteration() + " done ("
                        + f.report().minimizer().reason() + ")", values);
                if (f.iteration() + 1 >= f.totalIterations()) {
                    progress.finish("MGVI finished");
                }
            }
            case MgviEvent.CheckpointWritten c -> {
                requireStarted(c);
                progress.event("checkpoint after iteration " + c.iteration() + " written to " + c.path());
            }
        }
    }

    private void requireStarted(MgviEvent e) {
        if (!started) {
            throw new IllegalStateException("MGVI event " + e + " arrived before any IterationStarted");
        }
    }

    private static Map<String, Double> energy(double energy, double gradientNorm) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("energy", energy);
        m.put("|grad|", gradientNorm);
        return m;
    }
}
