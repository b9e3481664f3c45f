package org.dust4j.mgvi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.junit.jupiter.api.Test;

/** MGVI on the log-normal line-of-sight problem: a density exp(a ξ + b) integrated along the line of sight. */
class MgviNonlinearTest {
    private static final int N = 12;

    private static MgviConfig config(int iterations) {
        return MgviConfig.builder().globalIterations(iterations).samplePairs(4)
                .minimizer(NewtonSettings.DEFAULT.withEnergyTolerance(1e-6).withMaxSteps(30)).seed(7).build();
    }

    @Test
    void klDecreasesMonotonicallyAndConverges() {
        try (LinearProblem p = LinearProblem.logNormal(N, DType.FLOAT64, 41); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            List<MgviEvent> events = new ArrayList<>();
            Mgvi mgvi = new Mgvi(p.likelihood, config(5));
            try (MgviResult r = mgvi.run(x0, events::add)) {
                assertEquals(5, r.reports().size());
                assertTrue(r.allSamplesConverged());
                for (IterationReport report : r.reports()) {
                    MinimizerResult m = report.minimizer();
                    assertTrue(m.steps().size() >= 1, "iteration " + report.iteration() + ": " + m);
                    double previous = m.initialEnergy();
                    for (NewtonStep s : m.steps()) {
                        assertEquals(previous, s.energyBefore());
                        assertTrue(s.energyAfter() < s.energyBefore(), "KL must decrease: " + s);
                        previous = s.energyAfter();
                    }
                    assertTrue(m.reason() != MinimizerResult.StopReason.MAX_STEPS,
                            "iteration " + report.iteration() + " did not converge: " + m);
                }
                // the final KL is stationary: its gradient at the final position, with the final samples, is tiny
                // compared with the gradient at the start of the last minimisation
                SampledKl kl = SampledKl.of(mgvi.hamiltonian(), r.residuals(), Integer.MAX_VALUE);
                double finalGradient;
                try (Energy e = kl.at(r.position())) {
                    finalGradient = e.gradient().norm();
                }
                double startGradient = r.reports().get(4).minimizer().steps().get(0).gradientNorm();
                assertTrue(finalGradient < 1e-3 * startGradient,
                        "final KL gradient " + finalGradient + " vs " + startGradient + " at the start");
                // the posterior mean density fits the data like the truth does (χ² ≈ N), the prior median does not
                try (PosteriorStatistics st = r.statistics(p.density)) {
                    double chi2 = p.chiSquared(st.mean().toDoubleArray());
                    double chi2Start = p.chiSquared(p.density(new double[N]));
                    assertTrue(chi2 < 3.0 * N, "χ² of the posterior mean " + chi2);
                    assertTrue(chi2Start > 100.0 * N, "χ² at the start " + chi2Start);
                    // the truth lies within a few posterior standard deviations
                    double[] mean = st.mean().toDoubleArray();
                    double[] sd = st.std().toDoubleArray();
                    double[] truth = p.density(p.truth);
                    double z2 = 0;
                    for (int i = 0; i < N; i++) {
                        z2 += Math.pow((mean[i] - truth[i]) / sd[i], 2) / N;
                    }
                    assertTrue(Math.sqrt(z2) < 3, "RMS z-score of the truth " + Math.sqrt(z2));
                }
            }
            checkEventSequence(events, 5);
        }
    }

    /** Events come in order: started, samples, steps, finished, per iteration. */
    private static void checkEventSequence(List<MgviEvent> events, int iterations) {
        int i = 0;
        for (int g = 0; g < iterations; g++) {
            MgviEvent.IterationStarted started = (MgviEvent.IterationStarted) events.get(i++);
            assertEquals(g, started.iteration());
            assertEquals(iterations, started.totalIterations());
            for (int k = 0; k < started.pairs(); k++) {
                MgviEvent.SampleDrawn d = (MgviEvent.SampleDrawn) events.get(i++);
                assertEquals(k, d.pair());
                assertEquals(g, d.iteration());
            }
            int steps = 0;
            while (events.get(i) instanceof MgviEvent.MinimizerStepped s) {
                assertEquals(++steps, s.step().index());
                i++;
            }
            MgviEvent.IterationFinished f = (MgviEvent.IterationFinished) events.get(i++);
            assertEquals(steps, f.report().minimizer().steps().size());
            assertTrue(!f.elapsed().isNegative());
        }
        assertEquals(events.size(), i);
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherSamples() {
        try (LinearProblem p = LinearProblem.logNormal(N, DType.FLOAT64, 42); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            try (MgviResult a = new Mgvi(p.likelihood, config(2)).run(x0);
                 MgviResult b = new Mgvi(p.likelihood, config(2)).run(x0);
                 MgviResult c = new Mgvi(p.likelihood, config(2).toBuilder().seed(8).build()).run(x0)) {
                Bits.assertSameState(a.state(), b.state());
                assertNotEquals(Bits.of(a.residuals().get(0)), Bits.of(c.residuals().get(0)));
            }
        }
    }

    @Test
    void memoryBudgetGivesTheSameBits() {
        try (LinearProblem p = LinearProblem.logNormal(N, DType.FLOAT64, 43); Tensor x0 = p.space.zeros(LinearProblem.CPU)) {
            try (MgviResult all = new Mgvi(p.likelihood, config(2)).run(x0);
                 MgviResult some = new Mgvi(p.likelihood, config(2).toBuilder().maxHeldLinearizations(3).build())
                         .run(x0);
                 MgviResult none = new Mgvi(p.likelihood, config(2).toBuilder().maxHeldLinearizations(0).build())
                         .run(x0)) {
                Bits.assertSameState(all.state(), some.state());
                Bits.assertSameState(all.state(), none.state());
            }
        }
    }
}
