package org.dust4j.mgvi.dust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Space;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.DustModel;
import org.dust4j.model.ModelDescription;
import org.dust4j.model.StarData;
import org.junit.jupiter.api.Test;

/** The likelihood adapter equals the generic composition of the model's response and a Gaussian with variance. */
class ModelLikelihoodTest {
    private final Backend be = Backends.cpu();

    @Test
    void equalsTheGenericLikelihood() {
        DustGrid grid = DustGrid.builder().nside(2).shells(80, 600, 6).padding(1, 1).levels(1).build();
        SyntheticSurvey survey = SyntheticSurvey.observe(SyntheticDust.standard(4, 10, 600),
                SyntheticSurvey.Settings.of(300, 600, 9).withOutliers(0.1, 4));
        StarData stars = StarData.fromCatalog(survey.catalog(), grid.sphericalGrid()).selectByDistance(80, 600);
        IcrPrior prior = IcrPrior.builder(grid.chart(), Kernel.matern32(1, 300)).build();
        DustModel model = DustModel.of(ModelDescription.edenhofer2024(grid.sphericalGrid(), null,
                ModelDescription.Data.of("test", 80, 600, stars)), prior.operator(DType.FLOAT64), stars);
        EnergyOperator adapter = new ModelLikelihood(model);
        try (Tensor data = be.fromHost(model.stars().extinctions(), DType.FLOAT64, model.starShape())) {
            EnergyOperator generic = EnergyOperator.gaussianWithVariance(data).after(model.response());
            try (Tensor x = random(model.parameters().space(), 1, 0.5);
                    Tensor v = random(model.parameters().space(), 2, 1); Energy a = adapter.at(x);
                    Energy b = generic.at(x)) {
                assertEquals(b.value(), a.value(), 1e-10 * Math.abs(b.value()));
                assertEquals(b.value(), adapter.value(x), 1e-10 * Math.abs(b.value()));
                assertClose(b.gradient(), a.gradient(), 1e-10);
                try (Tensor ma = a.metric().apply(v); Tensor mb = b.metric().apply(v);
                        Tensor st = a.metricSqrt().adjoint(v); Tensor sst = a.metricSqrt().apply(st)) {
                    assertClose(mb, ma, 1e-10);
                    assertClose(ma, sst, 1e-10);
                    assertEquals(2L * model.stars().size(), a.metricSqrt().domain().size());
                }
            }
        }
    }

    /** scale * N(0, 1) in a space (Philox stream of the seed). */
    private Tensor random(Space space, long seed, double scale) {
        Tensor t = space.zeros(be);
        be.randomNormal(seed, 0, t);
        be.binaryScalar(BinaryOp.MUL, t, scale, t);
        return t;
    }

    private static void assertClose(Tensor expected, Tensor actual, double rel) {
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double norm = 0;
        double diff = 0;
        for (int i = 0; i < e.length; i++) {
            norm += e[i] * e[i];
            diff += (e[i] - a[i]) * (e[i] - a[i]);
        }
        assertTrue(Math.sqrt(diff) <= rel * Math.sqrt(norm), "difference " + Math.sqrt(diff) + " vs norm "
                + Math.sqrt(norm));
    }
}
