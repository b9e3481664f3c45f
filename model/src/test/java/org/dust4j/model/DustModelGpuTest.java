package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.Space;
import org.dust4j.icr.AxisMap;
import org.dust4j.icr.HealpixChart;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The response and the whole dust energy (ICR field, response, likelihood) on the CUDA backend against the CPU, in
 * both dtypes: response value, JVP and VJP; energy value, gradient, metric and metric square root. Skips itself where
 * no CUDA backend is available.
 */
@Tag("gpu")
class DustModelGpuTest {
    private static final HealpixChart CHART = HealpixChart.builder().nside0(1).levels(2).shells0(6)
            .radialMap(AxisMap.logarithmic(0.3, Math.log(80))).build();

    private static Backend cuda() {
        BackendProvider.Availability a = Backends.availability("cuda");
        assumeTrue(a.available(), () -> "no CUDA backend: " + a.detail());
        return Backends.get("cuda");
    }

    @Test
    void responseMatchesTheCpu() {
        Backend gpu = cuda();
        SphericalGrid grid = SphericalGrid.logSpaced(4, 60, 1500, 80);
        StarData stars = ResponseFixtures.randomStars(grid, 3000, 0.02, 0.6, 3);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tol = dt == DType.FLOAT64 ? 1e-12 : 1e-5;
            try (Tensor rho = ResponseFixtures.randomDensity(grid, dt, 1);
                 Tensor t = ResponseFixtures.randomNormal(grid.shape(), dt, 2);
                 Tensor gm = ResponseFixtures.randomNormal(resp.starShape(), dt, 3);
                 Tensor gv = ResponseFixtures.randomNormal(resp.starShape(), dt, 4)) {
                double[][] want = run(resp, rho, t, gm, gv);
                try (Tensor rg = rho.to(gpu); Tensor tg = t.to(gpu); Tensor gmg = gm.to(gpu); Tensor gvg = gv.to(gpu)) {
                    double[][] got = run(resp, rg, tg, gmg, gvg);
                    String[] parts = {"mean", "variance", "dMean", "dVariance", "rho cotangent"};
                    for (int p = 0; p < parts.length; p++) {
                        close(parts[p] + " " + dt, want[p], got[p], tol);
                    }
                }
            }
        }
    }

    private static double[][] run(ParallaxResponse resp, Tensor rho, Tensor t, Tensor gm, Tensor gv) {
        Backend b = rho.backend();
        try (Tensor a = b.zeros(rho.dtype(), resp.starShape()); Tensor v = b.zeros(rho.dtype(), resp.starShape());
             Tensor da = b.zeros(rho.dtype(), resp.starShape()); Tensor dv = b.zeros(rho.dtype(), resp.starShape());
             Tensor bar = b.zeros(rho.dtype(), rho.shape())) {
            resp.apply(rho, a, v);
            resp.jvp(rho, t, da, dv);
            resp.vjp(rho, gm, gv, bar);
            return new double[][] {a.toDoubleArray(), v.toDoubleArray(), da.toDoubleArray(), dv.toDoubleArray(),
                bar.toDoubleArray()};
        }
    }

    @Test
    void energyGradientAndMetricMatchTheCpu() {
        Backend gpu = cuda();
        SphericalGrid grid = SphericalGrid.of(CHART);
        StarData stars = ResponseFixtures.randomStars(grid, 400, 0.05, 0.4, 3);
        ModelDescription desc = ModelDescription.edenhofer2024(grid, Map.of("kernel", "matern32(1, 60)"),
                ModelDescription.Data.of("synthetic", grid.innerRadius(), grid.outerRadius(), stars));
        IcrPrior prior = IcrPrior.builder(CHART, Kernel.matern32(1.0, 60.0)).build();
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            DustModel model = DustModel.of(desc, prior.operator(dt), stars);
            Space space = model.parameters().space();
            SplittableRandom rnd = new SplittableRandom(5);
            double[] x0 = new double[(int) space.size()];
            double[] d = new double[x0.length];
            for (int i = 0; i < x0.length; i++) {
                x0[i] = 0.5 * rnd.nextGaussian();
                d[i] = rnd.nextGaussian();
            }
            double tol = dt == DType.FLOAT64 ? 1e-10 : 1e-4;
            double[][] want = evaluate(model, Backends.cpu(), x0, d, dt);
            double[][] got = evaluate(model, gpu, x0, d, dt);
            assertEquals(want[0][0], got[0][0], tol * Math.abs(want[0][0]), "energy " + dt);
            String[] parts = {"value", "gradient", "metric", "metric square root"};
            for (int p = 1; p < parts.length; p++) {
                close(parts[p] + " " + dt, want[p], got[p], tol);
            }
        }
    }

    private static double[][] evaluate(DustModel model, Backend b, double[] x0, double[] d, DType dt) {
        Space space = model.parameters().space();
        try (Tensor xi = b.fromHost(x0, dt, space.shape()); Tensor dir = b.fromHost(d, dt, space.shape());
             Energy at = model.energy().at(xi); Tensor mx = at.metric().apply(dir);
             Tensor stx = at.metricSqrt().adjoint(dir)) {
            return new double[][] {{at.value()}, at.gradient().toDoubleArray(), mx.toDoubleArray(),
                stx.toDoubleArray()};
        }
    }

    private static void close(String what, double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length, what);
        double scale = 1e-300;
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
