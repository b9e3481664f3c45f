package org.dust4j.inducing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.dust4j.core.DType;
import org.dust4j.core.InstrumentedBackend;
import org.junit.jupiter.api.Test;

/**
 * What one AdamW iteration of the fit costs a GPU backend, counted with core's {@link InstrumentedBackend} around the
 * CPU backend: no uploads, one download (the per-iteration report: ℓ, KL, gradient norm, hyperparameters) and two
 * points where the host waits for the device (that download and the Cholesky factorisation of K_uu, which reports a matrix that is
 * not positive definite). M = 80 puts K_uu above the size of the CUDA backend's small-matrix kernels, as at the
 * Orion scale. The counts are printed for docs/inducing.md.
 */
class IterationCostTest {
    private static long[] perIteration(InducingConfig.Builder config, DType dtype) {
        Stars stars = InducingTesting.smallStars(400, 5);
        InstrumentedBackend be = new InstrumentedBackend(InducingTesting.CPU, false);
        InstrumentedBackend.Counts[] at = new InstrumentedBackend.Counts[2];
        int[] iterations = {2, 6};
        for (int r = 0; r < 2; r++) {
            InstrumentedBackend.Counts before = be.counts();
            InducingFitter.fit(config.dtype(dtype).maxIterations(iterations[r]).build(), stars, be,
                    ProgressListener.NONE);
            at[r] = be.counts().minus(before);
        }
        InstrumentedBackend.Counts d = at[1].minus(at[0]);
        int n = iterations[1] - iterations[0];
        return new long[] {d.operations() / n, d.allocations() / n, d.uploads() / n, d.downloads() / n,
            d.synchronisations() / n};
    }

    private static InducingConfig.Builder config(SamplingScheme sampling, boolean antithetic) {
        return InducingTesting.smallConfig().inducingPoints(80).samples(4).sampling(sampling).antithetic(antithetic)
                .stopping(0, 10, 10);
    }

    @Test
    void anIterationSynchronisesTwiceAndUploadsNothing() {
        for (SamplingScheme sampling : SamplingScheme.values()) {
            for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                boolean antithetic = dtype == DType.FLOAT32;
                long[] c = perIteration(config(sampling, antithetic), dtype);
                String what = String.format(Locale.ROOT, "%s %s%s: per iteration %d operations, %d allocations, "
                        + "%d uploads, %d downloads, %d synchronisations", sampling, dtype,
                        antithetic ? " antithetic" : "", c[0], c[1], c[2], c[3], c[4]);
                System.out.println(what);
                assertEquals(0, c[2], what);
                assertEquals(1, c[3], what);
                assertEquals(2, c[4], what);
                assertTrue(c[0] < 1000, what);
            }
        }
    }
}
