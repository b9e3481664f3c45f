package org.dust4j.mgvi.dust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.BinaryOp;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.dust4j.model.DustModel;
import org.dust4j.model.ModelDescription;
import org.dust4j.model.StarData;
import org.junit.jupiter.api.Test;

class OverflowGuardTest {
    private final Backend be = Backends.cpu();

    @Test
    void isTheLikelihoodExceptWhereTheNoiseFactorOverflows() {
        DustGrid grid = DustGrid.builder().nside(2).shells(80, 600, 6).padding(1, 1).levels(1).build();
        SyntheticSurvey survey = SyntheticSurvey.observe(SyntheticDust.standard(4, 10, 600),
                SyntheticSurvey.Settings.of(200, 600, 9));
        StarData stars = StarData.fromCatalog(survey.catalog(), grid.sphericalGrid()).selectByDistance(80, 600);
        DustModel model = DustModel.of(ModelDescription.edenhofer2024(grid.sphericalGrid(), null,
                ModelDescription.Data.of("test", 80, 600, stars)),
                IcrPrior.builder(grid.chart(), Kernel.matern32(1, 300)).build().operator(DType.FLOAT64), stars);
        EnergyOperator likelihood = model.likelihood();
        EnergyOperator guard = new OverflowGuard(likelihood);
        try (Tensor x = model.parameters().space().zeros(be)) {
            be.randomNormal(1, 0, x);
            be.binaryScalar(BinaryOp.MUL, x, 0.5, x);
            assertEquals(likelihood.value(x), guard.value(x));
            try (Energy a = guard.at(x); Energy b = likelihood.at(x)) {
                assertEquals(b.value(), a.value());
                assertArrayEquals(b.gradient().toDoubleArray(), a.gradient().toDoubleArray());
            }
            // a line-search trial point far in the tail of one star's noise parameter
            be.fill(model.parameters().view(x, DustModel.NOISE).slice(0, 1), 100);
            assertThrows(ArithmeticException.class, () -> likelihood.value(x));
            assertEquals(Double.POSITIVE_INFINITY, guard.value(x));
        }
    }
}
