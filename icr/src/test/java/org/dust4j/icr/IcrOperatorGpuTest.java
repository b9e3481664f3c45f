package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;


import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ICR operator on the CUDA backend against the CPU: apply, adjoint and sampling of a normalised HEALPix ×
 * log-radius prior and a 3D grid prior, in both dtypes. Skips itself where no CUDA backend is available.
 */
@Tag("gpu")
class IcrOperatorGpuTest {
    /** The CUDA backend, or a skipped test. */
    static Backend cuda() {
        BackendProvider.Availability a = Backends.availability("cuda");
        assumeTrue(a.available(), () -> "no CUDA backend: " + a.detail());
        return Backends.get("cuda");
    }

    @Test
    void applyAdjointAndSamplesMatchTheCpu() {
        Backend gpu = cuda();
        Backend cpu = Backends.cpu();
        Chart[] charts = {
            HealpixChart.builder().nside0(2).levels(2).shells0(6).radialMap(AxisMap.logarithmic(0.3, 4)).build(),
            GridChart.builder().shape0(6, 6, 6).levels(2).build(),
        };
        for (Chart chart : charts) {
            IcrPrior prior = IcrPrior.builder(chart, Kernel.matern32(1, chart instanceof GridChart ? 3 : 100)).build();
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                IcrOperator op = prior.operator(dt);
                double tol = dt == DType.FLOAT64 ? 1e-11 : 1e-4;
                try (Tensor xi = cpu.zeros(dt, op.domain().shape()); Tensor g = cpu.zeros(dt, op.target().shape())) {
                    cpu.randomNormal(3, 0, xi);
                    cpu.randomNormal(4, 0, g);
                    try (Tensor xg = xi.to(gpu); Tensor gg = g.to(gpu); Tensor fc = op.apply(xi);
                         Tensor fg = op.apply(xg); Tensor ac = op.adjoint(g); Tensor ag = op.adjoint(gg);
                         Tensor sc = op.sample(cpu, 9, 100); Tensor sg = op.sample(gpu, 9, 100)) {
                        String what = chart.describe() + " " + dt;
                        close("apply " + what, fc.toDoubleArray(), fg.toDoubleArray(), tol);
                        close("adjoint " + what, ac.toDoubleArray(), ag.toDoubleArray(), tol);
                        close("sample " + what, sc.toDoubleArray(), sg.toDoubleArray(), tol);
                    }
                }
                assertTrue(op.deviceBytes(gpu) > 0);
                op.release();
            }
        }
    }

    private static void close(String what, double[] want, double[] got, double tol) {
        double scale = 1;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            int at = i;
            double s = scale;
            assertTrue(Math.abs(want[i] - got[i]) <= tol * s, () -> what + ": element " + at + " is " + got[at]
                    + ", expected " + want[at] + " (tolerance " + tol + " x " + s + ")");
        }
    }
}
