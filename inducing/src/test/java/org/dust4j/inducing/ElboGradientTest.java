package org.dust4j.inducing;

import static org.dust4j.inducing.InducingTesting.CPU;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Linearization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gradient of the ELBO with respect to every parameter group (m, L, c, α, γ, Z) against central finite
 * differences of its value at a perturbed point, with the Monte-Carlo noise held fixed, for both sampling schemes
 * and both positive transforms; and the Jacobian of the sampled field against its adjoint.
 */
class ElboGradientTest {
    private static final String[] BLOCKS = {"m", "L", "c", "alpha", "gamma", "Z"};

    @ParameterizedTest
    @EnumSource(SamplingScheme.class)
    void gradientOfEveryParameterGroupMatchesFiniteDifferences(SamplingScheme scheme) {
        for (PositiveTransform transform : PositiveTransform.values()) {
            InducingConfig config = InducingTesting.smallConfig().sampling(scheme).positiveTransform(transform).build();
            try (ElboModel model = ElboModel.create(config, InducingTesting.smallStars(80, 3), CPU);
                 Tensor theta = InducingTesting.perturbed(model, 11)) {
                model.drawNoise(5);
                EnergyOperator energy = model.negativeElbo();
                try (Energy e = energy.at(theta)) {
                    for (int block = 0; block < BLOCKS.length; block++) {
                        double[] dir = new double[(int) model.layout().space().size()];
                        try (Tensor r = InducingTesting.random(model.layout().block(block), 100 + block, 1)) {
                            double[] rb = r.toDoubleArray();
                            System.arraycopy(rb, 0, dir, (int) model.layout().offset(block), rb.length);
                        }
                        try (Tensor v = CPU.fromHost(dir, theta.dtype(), theta.shape());
                             Tensor xp = InducingTesting.shifted(theta, v, InducingTesting.STEP);
                             Tensor xm = InducingTesting.shifted(theta, v, -InducingTesting.STEP)) {
                            double analytic = e.gradient().dot(v);
                            double fd = (energy.value(xp) - energy.value(xm)) / (2 * InducingTesting.STEP);
                            double err = Math.abs(analytic - fd) / Math.abs(fd);
                            assertTrue(err < 1e-6, scheme + "/" + transform + ": gradient along " + BLOCKS[block]
                                    + " = " + analytic + ", finite difference " + fd + ", relative error " + err);
                            assertTrue(Math.abs(fd) > 1e-8, BLOCKS[block] + ": derivative vanished, test vacuous");
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SamplingScheme.class)
    void sampledFieldJacobianPassesTheDotProductTest(SamplingScheme scheme) {
        InducingConfig config = InducingTesting.smallConfig().sampling(scheme).build();
        try (ElboModel model = ElboModel.create(config, InducingTesting.smallStars(80, 3), CPU);
             Tensor theta = InducingTesting.perturbed(model, 12)) {
            model.drawNoise(1);
            try (Linearization lin = model.phi().linearize(theta)) {
                InducingTesting.checkAdjoint(lin.jacobian(), 21);
            }
            try (Tensor v = InducingTesting.random(model.layout().space(), 22, 1)) {
                InducingTesting.checkJvp(model.phi(), theta, v, 1e-6);
            }
        }
    }
}
