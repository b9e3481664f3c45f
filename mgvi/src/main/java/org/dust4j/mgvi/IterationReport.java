package org.dust4j.mgvi;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What one global MGVI iteration did.
 *
 * @param iteration the global iteration, from 0
 * @param samples   the CG solve of each sample pair, in order
 * @param minimizer the outcome of the KL minimisation
 * @param duration  the wall-clock time the iteration took
 */
public record IterationReport(int iteration, List<CgResult> samples, MinimizerResult minimizer, Duration duration) {
    public IterationReport {
        samples = List.copyOf(samples);
    }

    /** The indices of the sample pairs whose CG solve did not converge. */
    public List<Integer> unconvergedSamples() {
        return IntStream.range(0, samples.size()).filter(i -> !samples.get(i).converged()).boxed()
                .toList();
    }
}
