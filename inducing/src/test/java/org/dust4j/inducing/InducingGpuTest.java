package org.dust4j.inducing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Shape;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Linearization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ELBO, its gradient and a short AdamW fit on the CUDA backend against the CPU, for both sampling schemes and
 * both dtypes. M = 80 inducing points put K_uu above the CUDA backend's small-matrix kernels (cuSOLVER and cuBLAS
 * factor and solve it, as at the Orion scale). Skips itself where no CUDA backend is available.
 */
@Tag("gpu")
class InducingGpuTest {
    private static Backend cuda() {
        BackendProvider.Availability a = Backends.availability("cuda");
        assumeTrue(a.available(), () -> "no CUDA backend: " + a.detail());
        return Backends.get("cuda");
    }

    private static InducingConfig config(SamplingScheme sampling, DType dtype) {
        return InducingTesting.smallConfig().inducingPoints(80).samples(4).sampling(sampling)
                .antithetic(dtype == DType.FLOAT32).dtype(dtype).maxIterations(6).stopping(0, 10, 10).build();
    }

    /** ELBO and gradient at a perturbed θ: {value, gradient...}. */
    private static double[] elboAndGradient(InducingConfig config, Stars stars, Backend be, double[] theta) {
        try (ElboModel model = ElboModel.create(config, stars, be);
             Tensor t = be.fromHost(theta, config.dtype(), model.layout().space().shape());
             Tensor one = be.zeros(config.dtype(), Shape.scalar())) {
            be.fill(one, 1);
            model.drawNoise(3);
            try (Linearization lin = model.elbo().linearize(t); Tensor g = lin.vjp(one)) {
                double[] grad = g.toDoubleArray();
                double[] out = new double[grad.length + 1];
                out[0] = lin.value().item();
                System.arraycopy(grad, 0, out, 1, grad.length);
                return out;
            }
        }
    }

    /** Runs a check for every sampling scheme and dtype. */
    private static void forEachCase(java.util.function.BiConsumer<SamplingScheme, DType> check) {
        for (SamplingScheme sampling : SamplingScheme.values()) {
            for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                check.accept(sampling, dtype);
            }
        }
    }

    @Test
    void elboAndGradientMatchTheCpu() {
        Backend gpu = cuda();
        Stars stars = InducingTesting.smallStars(400, 5);
        forEachCase((sampling, dtype) -> {
            InducingConfig config = config(sampling, dtype);
            double[] theta;
            try (ElboModel model = ElboModel.create(config, stars, InducingTesting.CPU);
                 Tensor t = InducingTesting.perturbed(model, 11)) {
                theta = t.toDoubleArray();
            }
            double[] want = elboAndGradient(config, stars, InducingTesting.CPU, theta);
            double[] got = elboAndGradient(config, stars, gpu, theta);
            double tol = dtype == DType.FLOAT64 ? 1e-9 : 2e-3;
            String what = sampling + " " + dtype;
            assertEquals(want[0], got[0], tol * Math.abs(want[0]), what + ": ELBO");
            double e = InducingTesting.relativeError(java.util.Arrays.copyOfRange(got, 1, got.length),
                    java.util.Arrays.copyOfRange(want, 1, want.length));
            assertTrue(e < tol, what + ": gradient relative error " + e);
        });
    }

    @Test
    void aShortFitMatchesTheCpu() {
        Backend gpu = cuda();
        Stars stars = InducingTesting.smallStars(400, 5);
        forEachCase((sampling, dtype) -> {
            InducingConfig config = config(sampling, dtype);
            FitResult want = InducingFitter.fit(config, stars, InducingTesting.CPU, ProgressListener.NONE);
            FitResult got = InducingFitter.fit(config, stars, gpu, ProgressListener.NONE);
            String what = sampling + " " + dtype;
            assertEquals(want.iterations(), got.iterations(), what);
            double tol = dtype == DType.FLOAT64 ? 1e-9 : 5e-3;
            double e = InducingTesting.relativeError(got.elbo(), want.elbo());
            assertTrue(e < tol, what + ": ELBO history relative error " + e);
            double k = InducingTesting.relativeError(got.kl(), want.kl());
            assertTrue(k < tol, what + ": KL history relative error " + k);
            if (dtype == DType.FLOAT64) {
                double p = InducingTesting.relativeError(got.posterior().parameters(), want.posterior().parameters());
                assertTrue(p < 1e-8, what + ": final parameters relative error " + p);
            }
        });
    }
}
