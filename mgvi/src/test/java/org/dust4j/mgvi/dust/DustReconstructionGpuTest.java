package org.dust4j.mgvi.dust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;
import org.dust4j.icr.Kernel;
import org.dust4j.mgvi.NewtonSettings;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole reconstruction (ICR prior, response, likelihood, MGVI) on the CUDA backend against the CPU on a tiny
 * problem in FLOAT64: the same Philox draws and the same arithmetic up to rounding, so the posterior means agree
 * closely. Skips itself where no CUDA backend is available.
 */
@Tag("gpu")
class DustReconstructionGpuTest {
    @Test
    void posteriorMeanMatchesTheCpu() {
        BackendProvider.Availability a = Backends.availability("cuda");
        assumeTrue(a.available(), () -> "no CUDA backend: " + a.detail());
        Backend gpu = Backends.get("cuda");
        DustGrid grid = DustGrid.builder().nside(2).shells(80, 600, 6).padding(1, 1).levels(1).build();
        SyntheticSurvey survey = SyntheticSurvey.observe(SyntheticDust.standard(4, 10, 600),
                SyntheticSurvey.Settings.of(300, 600, 9));
        double[][] means = new double[2][];
        Backend[] backends = {Backends.cpu(), gpu};
        for (int b = 0; b < 2; b++) {
            means[b] = DustReconstruction.builder().grid(grid).kernel(Kernel.matern32(1.5, 300))
                    .catalog(survey.catalog(), "tiny").samples(4).globalIterations(1)
                    .minimizer(NewtonSettings.DEFAULT.withMaxSteps(3)).seed(7).backend(backends[b]).build().run()
                    .mean();
        }
        for (int v = 0; v < means[0].length; v++) {
            assertEquals(means[0][v], means[1][v], 1e-6 * Math.abs(means[0][v]), "posterior mean of voxel " + v);
        }
    }
}
