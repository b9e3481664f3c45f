package org.dust4j.mgvi;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * What one global MGVI iteration does: draw {@code samplePairs} antithetic pairs of residual samples with the
 * {@code sampling} CG settings, then minimise the sampled KL with the {@code minimizer} settings.
 *
 * @param samplePairs the number K of antithetic pairs (2K samples), ≥ 1
 * @param sampling    the CG settings of the sample solves M s = t
 * @param minimizer   the Newton-CG settings of the KL minimisation
 */
public record IterationSettings(int samplePairs, CgSettings sampling, NewtonSettings minimizer) {
    public IterationSettings {
        if (samplePairs < 1) {
            throw new IllegalArgumentException("samplePairs must be >= 1, got " + samplePairs);
        }
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(minimizer, "minimizer");
    }

    public IterationSettings withSamplePairs(int pairs) {
        return new IterationSettings(pairs, sampling, minimizer);
    }

    public IterationSettings withSampling(CgSettings cg) {
        return new IterationSettings(samplePairs, cg, minimizer);
    }

    public IterationSettings withMinimizer(NewtonSettings newton) {
        return new IterationSettings(samplePairs, sampling, newton);
    }

    /** Writes the fields for the configuration hash. */
    void hashInto(DataOutput out) throws IOException {
        out.writeInt(samplePairs);
        sampling.hashInto(out);
        minimizer.hashInto(out);
    }
}
