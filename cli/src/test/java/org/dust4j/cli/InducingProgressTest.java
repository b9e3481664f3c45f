package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import org.dust4j.inducing.FitResult;
import org.dust4j.inducing.GridAxis;
import org.dust4j.inducing.Hyperparameters;
import org.dust4j.inducing.InducingConfig;
import org.dust4j.inducing.IterationEvent;
import org.dust4j.inducing.LbdGrid;
import org.dust4j.inducing.Posterior;
import org.junit.jupiter.api.Test;

class InducingProgressTest {
    private static final Hyperparameters H = new Hyperparameters(-2.5, 0.25, new double[] {40, 41.4, 30});

    private static IterationEvent event(int iteration, double elbo) {
        return new IterationEvent(iteration, elbo, elbo + 10, 10, H, iteration);
    }

    /** A fit result that stopped after {@code iterations}; the posterior (one inducing point) is not looked at. */
    private static FitResult fit(int iterations, FitResult.StopReason reason) {
        InducingConfig config = InducingConfig.builder(LbdGrid.of(GridAxis.linear(2, 0, 10),
                GridAxis.linear(2, -5, 5), GridAxis.linear(2, 100, 200))).inducingPoints(1).build();
        // θ = [m (1), L (1), c, α_raw, γ_raw (3), Z (3)]
        Posterior posterior = new Posterior(config, new double[3], new double[10]);
        return new FitResult(posterior, new double[iterations], new double[iterations], reason, 1, 1.0);
    }

    @Test
    void logModeWritesTheFirstEveryNthAndTheLastIteration() {
        ProgressTest.FakeClock clock = new ProgressTest.FakeClock();
        StringWriter text = new StringWriter();
        InducingProgress listener = new InducingProgress(new Progress("inducing", new PrintWriter(text), false, clock),
                10, 3);
        for (int i = 1; i <= 7; i++) {
            clock.advance(Duration.ofSeconds(1));
            listener.onIteration(event(i, -1000.0 / i));
        }
        listener.finish(fit(7, FitResult.StopReason.CONVERGED));
        String state = "  c -2.500  alpha 0.250  gamma 40/41/30 pc  ELBO ";
        assertEquals(List.of(
                "2025-06-01T12:00:01Z inducing started 0/10 (0%)",
                "2025-06-01T12:00:01Z inducing 1/10 (10%)" + state + "-1000.00  KL 10.0000  elapsed 0:00  left 0:00",
                "2025-06-01T12:00:03Z inducing 3/10 (30%)" + state + "-333.333  KL 10.0000  elapsed 0:02  left 0:04",
                "2025-06-01T12:00:06Z inducing 6/10 (60%)" + state + "-166.667  KL 10.0000  elapsed 0:05  left 0:03",
                "2025-06-01T12:00:07Z inducing 7/10 (70%)" + state + "-142.857  KL 10.0000  elapsed 0:06  left 0:02",
                "2025-06-01T12:00:07Z inducing: AdamW stopped after 7 iterations (ELBO converged) 7/10 (70%) in 0:06"),
                text.toString().lines().toList());
    }

    @Test
    void aResumedFitStartsAtItsFirstIterationAndTheCapEndsTheBar() {
        ProgressTest.FakeClock clock = new ProgressTest.FakeClock();
        StringWriter text = new StringWriter();
        InducingProgress listener = new InducingProgress(new Progress("inducing", new PrintWriter(text), true, clock),
                4);
        listener.onIteration(event(3, -50));
        clock.advance(Duration.ofSeconds(2));
        listener.onIteration(event(4, -40));
        listener.finish(fit(4, FitResult.StopReason.ITERATION_CAP));
        String out = text.toString();
        assertTrue(out.startsWith("\rinducing [============>           ] 2/4 (50%)"), out);
        assertTrue(out.contains("\rinducing [========================] 4/4 (100%)  c -2.500"), out);
        assertTrue(out.endsWith("inducing: AdamW stopped after 4 iterations (iteration cap) (0:02)\n")
                || out.endsWith("inducing: AdamW stopped after 4 iterations (iteration cap) (0:02)" + System.lineSeparator()),
                out);
    }

    @Test
    void misuseIsRefused() {
        Progress p = new Progress("inducing", new PrintWriter(new StringWriter()), false, new ProgressTest.FakeClock());
        assertThrows(IllegalArgumentException.class, () -> new InducingProgress(p, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new InducingProgress(p, 10, 0));
        InducingProgress listener = new InducingProgress(p, 10);
        assertThrows(IllegalStateException.class, () -> listener.finish(fit(1, FitResult.StopReason.CONVERGED)));
    }
}
