package org.dust4j.inducing;

import static org.dust4j.inducing.InducingTesting.CPU;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InducingFitterTest {
    @TempDir
    Path dir;

    @Test
    void stoppingRuleUsesTheSpreadOverTheWindow() {
        double[] h = {-1000, -500, -103, -102, -101.5, -101};
        assertFalse(InducingFitter.converged(h, 6, 7, 0.05), "fewer values than the window");
        assertTrue(InducingFitter.converged(h, 6, 4, 0.05), "spread 2 of median 101.75");
        assertFalse(InducingFitter.converged(h, 6, 4, 0.01));
        assertFalse(InducingFitter.converged(h, 5, 4, 0.05), "only the first count values count");
    }

    @Test
    void resumingFromACheckpointContinuesTheSameRun() throws IOException {
        Stars stars = InducingTesting.smallStars(80, 1);
        Path file = dir.resolve("fit.ckpt");
        InducingConfig.Builder base = InducingTesting.smallConfig().stopping(0, 10, 10).checkpoint(file, 3);
        FitResult whole = InducingFitter.fit(base.maxIterations(8).build(), stars, CPU, ProgressListener.NONE);
        assertEquals(8, whole.iterations());
        assertEquals(FitResult.StopReason.ITERATION_CAP, whole.stopReason());

        Files.delete(file);
        FitResult part = InducingFitter.fit(base.maxIterations(5).build(), stars, CPU, ProgressListener.NONE);
        assertEquals(5, Checkpoint.read(file).iterations(), "the final state is checkpointed too");
        List<IterationEvent> events = new ArrayList<>();
        FitResult resumed = InducingFitter.resume(base.maxIterations(8).build(), stars, CPU, file, events::add);
        assertArrayEquals(whole.posterior().parameters(), resumed.posterior().parameters(), 0);
        assertArrayEquals(whole.elbo(), resumed.elbo(), 0);
        assertArrayEquals(whole.kl(), resumed.kl(), 0);
        assertArrayEquals(java.util.Arrays.copyOf(whole.elbo(), 5), part.elbo(), 0);
        assertEquals(List.of(6, 7, 8), events.stream().map(IterationEvent::iteration).toList());
        IterationEvent last = events.get(2);
        assertEquals(last.elbo(), last.expectedLogLikelihood() - last.kl(), 1e-9 * Math.abs(last.elbo()));
        assertEquals(8, Checkpoint.read(file).iterations());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary files are left behind");
        }
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefused() throws IOException {
        Stars stars = InducingTesting.smallStars(80, 1);
        Path file = dir.resolve("other.ckpt");
        InducingFitter.fit(InducingTesting.smallConfig().maxIterations(2).checkpoint(file, 1).build(), stars, CPU,
                ProgressListener.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InducingFitter.resume(
                InducingTesting.smallConfig().samples(4).build(), stars, CPU, file, ProgressListener.NONE));
        assertTrue(e.getMessage().endsWith("belongs to another configuration: S=3 in the checkpoint, S=4 here"),
                e.getMessage());
        assertEquals("a|x=1 in the checkpoint, a|x=1|y here", InducingFitter.differences("a|x=1", "a|x=1|y"));
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "not a checkpoint");
        assertThrows(IOException.class, () -> Checkpoint.read(junk));
    }

    @Test
    void frozenParametersStayAtTheirInitialValues() {
        Stars stars = InducingTesting.smallStars(80, 2);
        InducingConfig config = InducingTesting.smallConfig().maxIterations(3).learnInducingPoints(false)
                .learnHyperparameters(false).build();
        FitResult fit = InducingFitter.fit(config, stars, CPU, ProgressListener.NONE);
        Posterior p = fit.posterior();
        assertEquals(-2.8, p.hyperparameters().meanLog10Density(), 0);
        assertEquals(0.5, p.hyperparameters().amplitude(), 1e-15);
        assertArrayEquals(new double[] {60, 70, 50}, p.hyperparameters().lengthScales(), 1e-12);
        try (ElboModel model = ElboModel.create(config, stars, CPU); var theta = model.initialParameters()) {
            Posterior initial = new Posterior(config, model.origin(), theta.toDoubleArray());
            assertArrayEquals(initial.inducingPoints()[0], p.inducingPoints()[0], 0);
            assertFalse(java.util.Arrays.equals(initial.variationalMean(), p.variationalMean()), "m is learned");
        }
    }
}
