package org.dust4j.inducing;

import static org.dust4j.inducing.InducingTesting.CPU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.io.fits.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictions of a posterior whose variational covariance is negligible (L = 1e-6 I), so that every sample is the
 * projected mean field: densities against the independent projection of {@link InducingTesting#projection},
 * extinctions against the line-of-sight sum, ghost cells' foreground, star extinctions, and the FITS products.
 */
class PredictorTest {
    @TempDir
    Path dir;

    private static Posterior sharpPosterior() {
        InducingConfig config = InducingTesting.smallConfig().build();
        try (ElboModel model = ElboModel.create(config, InducingTesting.smallStars(60, 1), CPU);
             Tensor theta = InducingTesting.perturbed(model, 3)) {
            double[] t = theta.toDoubleArray();
            int from = (int) model.layout().offset(ElboModel.FACTOR);
            Arrays.fill(t, from, from + (int) model.layout().block(ElboModel.FACTOR).size(), 0);
            for (int i : ElboModel.packedDiagonal(config.inducingPoints())) {
                t[from + i] = Math.log(1e-6);
            }
            return new Posterior(config, model.origin(), t);
        }
    }

    @Test
    void densitiesAndExtinctionsFollowTheProjectedMean() {
        Posterior p = sharpPosterior();
        LbdGrid grid = LbdGrid.of(GridAxis.linear(3, 42, 58), GridAxis.linear(2, -8, 8), GridAxis.linear(5, 100, 300));
        Prediction pred = Predictor.predict(p, grid, 4, 9, CPU);
        double[] phi = InducingTesting.projection(p, grid.cartesianCentres(), p.variationalMean(), 1);
        double[] bounds = grid.distanceBounds();
        double[] centres = grid.distanceCentres();
        for (int il = 0; il < 3; il++) {
            for (int ib = 0; ib < 2; ib++) {
                double column = 0;
                for (int k = 0; k < 5; k++) {
                    double rho = Math.pow(10, phi[grid.cellIndex(il, ib, k)]);
                    int at = il + 3 * (ib + 2 * k);
                    assertEquals(rho, pred.density().mean()[at], 1e-6 * rho, "density " + il + "," + ib + "," + k);
                    assertEquals(rho, pred.density().p50()[at], 1e-6 * rho);
                    assertTrue(pred.density().std()[at] < 1e-4 * rho);
                    double a = column + rho * (centres[k] - bounds[k]);
                    assertEquals(a, pred.extinction().mean()[at], 1e-6 * a, "extinction " + il + "," + ib + "," + k);
                    assertEquals(a, pred.extinction().p16()[at], 1e-5 * a);
                    column += rho * (bounds[k + 1] - bounds[k]);
                }
            }
        }
        // ghost cells add the same foreground to every cell of a line of sight
        Prediction ghosts = Predictor.predict(p, grid.withGhostCells(3, 10), 4, 9, CPU);
        for (int column = 0; column < 6; column++) {
            double foreground = ghosts.extinction().mean()[column] - pred.extinction().mean()[column];
            assertTrue(foreground > 0.01, "foreground " + foreground);
            for (int k = 1; k < 5; k++) {
                int at = column + 6 * k;
                assertEquals(foreground, ghosts.extinction().mean()[at] - pred.extinction().mean()[at], 1e-9);
                assertEquals(pred.density().mean()[at], ghosts.density().mean()[at], 1e-12 * pred.density().mean()[at]);
            }
        }
    }

    @Test
    void starExtinctionsIntegrateTheTrainingGrid() {
        Posterior p = sharpPosterior();
        Stars stars = Stars.of(new double[] {45, 55, 10}, new double[] {0, 5, 0}, new double[] {150, 280, 150},
                new double[3], new double[] {0.2, 0.4, 0.2}, new double[] {0.02, 0.04, 0.02});
        SampleSummary a = Predictor.starExtinctions(p, stars, 3, 1, CPU);
        LbdGrid grid = p.config().trainingGrid();
        double[] phi = InducingTesting.projection(p, grid.cartesianCentres(), p.variationalMean(), 1);
        double[] bounds = grid.distanceBounds();
        for (int i = 0; i < 2; i++) {
            int cell = grid.locate(stars.l(i), stars.b(i), stars.distance(i));
            int first = cell - cell % grid.depth();
            double expected = 0;
            for (int c = first; c < cell; c++) {
                expected += Math.pow(10, phi[c]) * (bounds[c - first + 1] - bounds[c - first]);
            }
            expected += Math.pow(10, phi[cell]) * (stars.distance(i) - bounds[cell - first]);
            assertEquals(expected, a.mean()[i], 1e-6 * expected, "star " + i);
        }
        assertTrue(Double.isNaN(a.mean()[2]), "a star outside the grid has no prediction");
    }

    @Test
    void productsAreWrittenAsFitsCubes() throws Exception {
        Posterior p = sharpPosterior();
        LbdGrid grid = LbdGrid.of(GridAxis.linear(3, 42, 58), GridAxis.linear(2, -8, 8), GridAxis.linear(5, 100, 300));
        Prediction pred = Predictor.predict(p, grid, 4, 9, CPU);
        Path file = dir.resolve("density.fits");
        pred.writeDensity(file, DType.FLOAT32, Provenance.of(p.config().describe(), p.config().seed()));
        try (Fits fits = new Fits(file.toFile())) {
            BasicHDU<?>[] hdus = fits.read();
            assertEquals(6, hdus.length);
            for (int i = 0; i < 5; i++) {
                assertEquals(Prediction.CUBES.get(i), hdus[i + 1].getHeader().getStringValue("EXTNAME"));
                assertEquals("mag / pc", hdus[i + 1].getHeader().getStringValue("CUNIT"));
            }
            float[][][] cube = (float[][][]) hdus[4].getKernel();
            assertEquals(5, cube.length);
            assertEquals((float) pred.density().p50()[1 + 3 * (1 + 2 * 4)], cube[4][1][1], 0);
        }
    }

    @Test
    void percentilesInterpolateLinearly() {
        double[] v = {4, 1, 3, 2, 5};
        SampleSummary s = SampleSummary.empty(1);
        s.set(0, v, 0, 5);
        assertEquals(3, s.mean()[0], 0);
        assertEquals(Math.sqrt(2.5), s.std()[0], 1e-15);
        assertEquals(1.64, s.p16()[0], 1e-12);
        assertEquals(3, s.p50()[0], 0);
        assertEquals(4.36, s.p84()[0], 1e-12);
    }
}
