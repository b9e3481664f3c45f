package org.dust4j.mgvi.dust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.icr.IcrOperator;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.IcrPriorSpec;
import org.dust4j.icr.Kernel;
import org.dust4j.icr.Normalisation;
import org.dust4j.icr.TabulatedKernel;
import org.dust4j.io.fits.HealpixMapFile;
import org.dust4j.io.fits.Provenance;
import org.dust4j.mgvi.NewtonSettings;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.core.json.JsonFields;
import org.dust4j.model.ModelDescription;
import org.dust4j.model.SphericalGrid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end API on a tiny problem: result contents, FITS products, checkpoints, reproducibility. */
class DustReconstructionTest {
    private static final DustGrid GRID = DustGrid.builder().nside(2).shells(80, 600, 6).padding(1, 1).levels(1)
            .build();
    private static final SyntheticSurvey SURVEY = SyntheticSurvey.observe(SyntheticDust.standard(4, 10, 600),
            SyntheticSurvey.Settings.of(300, 600, 9));

    @TempDir
    Path dir;

    private static DustReconstruction.Builder tiny(int iterations) {
        return DustReconstruction.builder().grid(GRID).kernel(Kernel.matern32(1.5, 300))
                .catalog(SURVEY.catalog(), "tiny").samples(4).globalIterations(iterations)
                .minimizer(NewtonSettings.DEFAULT.withMaxSteps(3)).seed(7);
    }

    @Test
    void resultHoldsTheSamplesAndTheirStatistics() {
        DustResult r = tiny(1).build().run();
        SphericalGrid g = GRID.sphericalGrid();
        assertEquals(4, r.sampleCount());
        assertEquals(1, r.reports().size());
        double[] mean = r.mean();
        double[] std = r.std();
        assertEquals(g.voxels(), mean.length);
        for (int v = 0; v < mean.length; v += 7) {
            double m = 0;
            for (int s = 0; s < 4; s++) {
                m += r.sample(s)[v] / 4.0;
            }
            double var = 0;
            for (int s = 0; s < 4; s++) {
                var += Math.pow(r.sample(s)[v] - m, 2) / 3;
            }
            assertEquals(m, mean[v], 1e-6 * m);
            assertEquals(Math.sqrt(var), std[v], 1e-5 * m);
        }
        DustResult.StarPredictions stars = r.stars();
        assertEquals(300, stars.catalogSize());
        assertTrue(stars.size() > 100 && stars.size() < 300, "stars used: " + stars.size());
        int[] rows = stars.catalogRows();
        for (int i = 1; i < rows.length; i++) {
            assertTrue(rows[i] > rows[i - 1]);
        }
        for (double n : stars.noiseFactor()) {
            assertTrue(n > 0 && Double.isFinite(n));
        }
        assertTrue(r.scale().mean() > 0 && r.scale().std() > 0);
        assertTrue(r.configuration().startsWith("{\"method\":\"icr+mgvi\",\"model\":{\"format\":\"dust4j-model\","),
                r.configuration());
        assertTrue(r.configuration().contains("\"seed\":7,"), "the seed as a number, as inducing's: "
                + r.configuration());
        double[] logMean = r.logMean();
        double[] logStd = r.logStd();
        for (int v = 0; v < logMean.length; v += 11) {
            double m = 0;
            for (int s = 0; s < 4; s++) {
                m += Math.log(r.sample(s)[v]) / 4;
            }
            double var = 0;
            for (int s = 0; s < 4; s++) {
                var += Math.pow(Math.log(r.sample(s)[v]) - m, 2) / 3;
            }
            assertEquals(m, logMean[v], 1e-6);
            assertEquals(Math.sqrt(var), logStd[v], 1e-5);
        }
        assertTrue(r.priorReport().startsWith("ICR prior"));
        // the result is immutable
        r.sample(0)[0] = -1;
        assertTrue(r.sample(0)[0] > 0);
    }

    @Test
    void fitsProductsFollowTheReleaseLayout() throws IOException {
        // a non-ASCII source name must still give a valid FITS header (the configuration is escaped to ASCII)
        DustResult r = tiny(1).catalog(SURVEY.catalog(), "Gaia \u00fcber-catalog \u2014 tiny").build().run();
        assertTrue(r.configuration().contains("Gaia \\u00fcber-catalog \\u2014 tiny"), r.configuration());
        assertFalse(r.configuration().contains("\n"));
        DustResult.Products files = r.writeFits(dir);
        SphericalGrid g = GRID.sphericalGrid();
        int n = g.nshell();
        int first = GRID.firstDataShell();
        double[] mean = r.mean();
        double[] std = r.std();
        try (HealpixMapFile f = HealpixMapFile.open(files.meanAndStd())) {
            assertEquals(GRID.dataShells(), f.geometry().shells());
            assertEquals(2, f.geometry().nside());
            assertEquals(80.0, f.geometry().boundaries()[0]);
            assertEquals(600.0, f.geometry().boundaries()[GRID.dataShells()], 1e-12 * 600);
            assertTrue(f.hasStd());
            for (int p = 0; p < g.npix(); p++) {
                for (int k = 0; k < GRID.dataShells(); k++) {
                    assertEquals((float) mean[p * n + first + k], f.value(0, k, p));
                    assertEquals((float) std[p * n + first + k], f.std(k, p));
                }
            }
            assertEquals(80.0, f.innerRadius().orElseThrow());
            double[] dr = g.shellWidths();
            for (int p = 0; p < g.npix(); p++) {
                double m = 0;
                for (int s = 0; s < 4; s++) {
                    m += r.sample(s)[p * n] * dr[0] / 4;
                }
                assertEquals(m, f.inner(0, p), 1e-6 * m);
            }
            Provenance prov = f.provenance().orElseThrow();
            assertEquals(7, prov.seed());
            assertEquals(r.configuration(), prov.configuration());
            String sha = ModelDescription.Data.fingerprint(tiny(1).build().selectedStars());
            assertTrue(prov.configuration().contains(sha));
        }
        try (HealpixMapFile f = HealpixMapFile.open(files.samples())) {
            assertEquals(4, f.sampleCount());
            for (int s = 0; s < 4; s++) {
                float[] rho = r.sample(s);
                for (int p = 0; p < g.npix(); p += 5) {
                    for (int k = 0; k < GRID.dataShells(); k++) {
                        assertEquals(rho[p * n + first + k], f.value(s, k, p));
                    }
                    assertEquals(rho[p * n] * g.shellWidth(0), f.inner(s, p), 1e-6 * rho[p * n] * g.shellWidth(0));
                }
            }
        }
    }

    @Test
    void runsAreReproducibleAndResumeExactly() {
        DustResult straight = tiny(2).build().run();
        assertArrayEquals(straight.sample(3), tiny(2).build().run().sample(3));
        Path ckpt = dir.resolve("run.mgvi");
        tiny(1).checkpoint(ckpt).build().run();
        assertTrue(Files.exists(ckpt));
        assertTrue(Files.exists(dir.resolve("run.mgvi" + DustReconstruction.DESCRIPTION_SUFFIX)));
        DustResult resumed = tiny(2).checkpoint(ckpt).resume(true).build().run();
        assertEquals(1, resumed.reports().size()); // only the remaining iteration ran
        for (int s = 0; s < 4; s++) {
            assertArrayEquals(straight.sample(s), resumed.sample(s));
        }
        assertArrayEquals(straight.mean(), resumed.mean());
        // another catalog: the stored model description differs
        SyntheticSurvey other = SyntheticSurvey.observe(SyntheticDust.standard(4, 10, 600),
                SyntheticSurvey.Settings.of(300, 600, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(2).catalog(other.catalog()).checkpoint(ckpt).resume(true).build().run());
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
        // the same model with another seed: MGVI's own refusal, named with the checkpoint
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                () -> tiny(2).seed(8).checkpoint(ckpt).resume(true).build().run());
        assertTrue(seed.getMessage().startsWith("cannot resume " + ckpt + ": ")
                && seed.getMessage().contains("seed 7"), seed.getMessage());
        // a different seed gives other samples
        assertFalse(java.util.Arrays.equals(straight.sample(0), tiny(2).seed(8).build().run().sample(0)));
    }

    @Test
    void descriptionRebuildsThePriorThroughJson() throws IOException {
        DustReconstruction.Problem p = tiny(1).kernel(TabulatedKernel.sample(Kernel.matern52(1.2, 250), 1e-2, 5000,
                600)).normalisation(Normalisation.NONE).build().prepare();
        ModelDescription d = p.description();
        Path file = dir.resolve("model.json");
        d.write(file);
        ModelDescription back = ModelDescription.read(file);
        assertEquals(d, back);
        IcrPriorSpec spec = DustReconstruction.fieldPrior(back);
        assertEquals(p.prior().spec(), spec);
        assertEquals(GRID, DustGrid.fromJson(JsonFields.of(back.fieldPrior(), "field prior").object("grid")));
        IcrPrior rebuilt = spec.build();
        SplittableRandom rnd = new SplittableRandom(5);
        double[] xi = new double[rebuilt.degreesOfFreedom()];
        for (int i = 0; i < xi.length; i++) {
            xi[i] = rnd.nextGaussian();
        }
        assertArrayEquals(field(p.prior(), xi), field(rebuilt, xi));
        String json = Files.readString(file);
        assertTrue(json.contains("\"type\": \"tabulated\"") && json.contains("\"values\": ["), json);
    }

    private static double[] field(IcrPrior prior, double[] xi) {
        IcrOperator op = prior.operator(DType.FLOAT64);
        try (Tensor x = Backends.cpu().fromHost(xi, DType.FLOAT64, op.domain().shape());
             Tensor f = Backends.cpu().zeros(DType.FLOAT64, op.target().shape())) {
            op.apply(x, f);
            return f.toDoubleArray();
        } finally {
            op.release();
        }
    }

    @Test
    void resumeRejectsAnotherKernelTable() throws IOException {
        Kernel matern = Kernel.matern32(1.5, 300);
        TabulatedKernel a = TabulatedKernel.sample(matern, 1e-2, 5000, 400);
        double[] v = a.values();
        v[200] *= 1 + 1e-9;
        TabulatedKernel b = TabulatedKernel.of(a.variance(), a.rMin(), a.rMax(), v);
        assertEquals(a.describe().replace("sampled " + matern.describe(), "table"), b.describe());
        ModelDescription da = tiny(1).kernel(a).build().prepare().description();
        ModelDescription db = tiny(1).kernel(b).build().prepare().description();
        assertNotEquals(da, db);
        assertNotEquals(da.toJson(), db.toJson());
        assertEquals("field prior [kernel]", DustReconstruction.differences(da, db));

        Path ckpt = dir.resolve("table.mgvi");
        tiny(1).kernel(a).checkpoint(ckpt).build().run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(2).kernel(b).checkpoint(ckpt).resume(true).build().run());
        assertTrue(e.getMessage().contains("another model") && e.getMessage().contains("field prior [kernel]"),
                e.getMessage());
        // the same table resumes
        assertEquals(1, tiny(2).kernel(a).checkpoint(ckpt).resume(true).build().run().reports().size());
        // a version-1 description beside the checkpoint is refused with the reason
        Path sidecar = dir.resolve("table.mgvi" + DustReconstruction.DESCRIPTION_SUFFIX);
        Files.writeString(sidecar, Files.readString(sidecar).replace("\"version\": 2", "\"version\": 1"));
        e = assertThrows(IllegalArgumentException.class,
                () -> tiny(2).kernel(a).checkpoint(ckpt).resume(true).build().run());
        assertTrue(e.getMessage().contains("cannot be read") && e.getMessage().contains("version 1"), e.getMessage());
    }

    @Test
    void fieldPriorChecksItsGridAgainstTheChartAndTheModelGrid() {
        ModelDescription d = tiny(1).build().prepare().description();
        Map<String, Object> field = new LinkedHashMap<>(d.fieldPrior());
        Map<String, Object> grid = new LinkedHashMap<>(JsonFields.of(field, "field prior").object("grid").map());
        grid.put("rMax", 601.0);
        for (String derived : new String[] {"nside0", "shells0", "radialMap"}) {
            grid.remove(derived);
        }
        field.put("grid", grid);
        ModelDescription other = new ModelDescription(d.grid(), d.zCut(), d.scale(), d.offset(), d.noise(), field,
                d.data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DustReconstruction.fieldPrior(other));
        assertTrue(e.getMessage().contains("is not the chart of its grid"), e.getMessage());
        field.put("kernel", "matern32(amplitude=1.5, lengthScale=300.0)");
        ModelDescription old = new ModelDescription(d.grid(), d.zCut(), d.scale(), d.offset(), d.noise(), field,
                d.data());
        e = assertThrows(IllegalArgumentException.class, () -> DustReconstruction.fieldPrior(old));
        assertTrue(e.getMessage().contains("kernel must be an object"), e.getMessage());
    }

    @Test
    void kernelsWithoutAStructuredDescriptionAreRejectedAtBuild() {
        Kernel own = new Kernel() {
            @Override
            public double covariance(double r) {
                return 1 / (1 + r * r / 9e4);
            }

            @Override
            public String describe() {
                return "cauchy(300)";
            }
        };
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> tiny(1).kernel(own).build());
        assertTrue(e.getMessage().contains("cauchy(300)") && e.getMessage().contains("TabulatedKernel.sample"),
                e.getMessage());
    }

    @Test
    void float32RunsAndAgreesWithFloat64() {
        DustResult d = tiny(2).build().run();
        DustResult f = tiny(2).dtype(DType.FLOAT32).build().run();
        double[] a = d.stars().mean();
        double[] b = f.stars().mean();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(Double.isFinite(b[i]));
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(worst < 0.01, "FLOAT32 and FLOAT64 star predictions differ by up to " + worst + " mag");
        for (double v : f.mean()) {
            assertTrue(v > 0 && Double.isFinite(v));
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> tiny(1).samples(3).build());
        assertThrows(IllegalArgumentException.class, () -> tiny(1).globalIterations(0).build());
        assertThrows(IllegalStateException.class, () -> DustReconstruction.builder().grid(GRID).build());
        assertThrows(IllegalStateException.class, () -> tiny(1).resume(true).build());
        assertThrows(IllegalArgumentException.class, () -> tiny(1).selection(600, 80).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tiny(1).selection(5000, 6000).build().run());
        assertTrue(e.getMessage().contains("no star"), e.getMessage());
    }
}
