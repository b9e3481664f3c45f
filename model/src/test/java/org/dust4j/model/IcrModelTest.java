package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.Space;
import org.dust4j.icr.AxisMap;
import org.dust4j.icr.HealpixChart;
import org.dust4j.icr.IcrOperator;
import org.dust4j.icr.IcrPrior;
import org.dust4j.icr.Kernel;
import org.junit.jupiter.api.Test;

/** The dust model on the ICR chart's finest level, with the ICR prior as the field. */
class IcrModelTest {
    /** r = exp(0.3 u + ln 80): level-0 shells 80, 108, 146, ... pc; nside 1 -> 4, 6 -> 16 shells. */
    private static final HealpixChart CHART = HealpixChart.builder().nside0(1).levels(2).shells0(6)
            .radialMap(AxisMap.logarithmic(0.3, Math.log(80))).build();

    @Test
    void gridIsTheChartsFinestLevel() {
        SphericalGrid grid = SphericalGrid.of(CHART);
        assertEquals(4, grid.nside());
        assertEquals(CHART.shells(2), grid.nshell());
        assertArrayEquals(CHART.shape(2), grid.shape().dims());
        double step = 0.3 / 4; // two refinements halve the log-radius step twice
        for (int i = 0; i < grid.nshell(); i++) {
            double c = CHART.radius(2, i);
            assertEquals(Math.log(c) - step / 2, Math.log(grid.boundary(i)), 1e-12, "lower boundary of shell " + i);
            assertEquals(Math.log(c) + step / 2, Math.log(grid.boundary(i + 1)), 1e-12, "upper boundary of shell " + i);
        }
    }

    @Test
    void energyWithTheIcrFieldHasConsistentGradientAndMetric() {
        SphericalGrid grid = SphericalGrid.of(CHART);
        IcrOperator field = IcrPrior.builder(CHART, Kernel.matern32(1.0, 60.0)).build().operator(DType.FLOAT64);
        StarData stars = ResponseFixtures.randomStars(grid, 150, 0.05, 0.4, 3);
        ModelDescription desc = ModelDescription.edenhofer2024(grid, Map.of("kernel", "matern32(1, 60)"),
                ModelDescription.Data.of("synthetic", grid.innerRadius(), grid.outerRadius(), stars));
        DustModel model = DustModel.of(desc, field, stars);
        Space space = model.parameters().space();
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x0 = new double[(int) space.size()];
        double[] d = new double[x0.length];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = 0.5 * rnd.nextGaussian();
            d[i] = rnd.nextGaussian();
        }
        EnergyOperator e = model.energy();
        double h = 1e-5;
        try (Tensor xi = Backends.cpu().fromHost(x0, DType.FLOAT64, space.shape());
                Tensor dir = Backends.cpu().fromHost(d, DType.FLOAT64, space.shape()); Energy at = e.at(xi);
                Tensor step = dir.mul(h); Tensor xp = xi.add(step); Tensor xm = xi.sub(step);
                Tensor mx = at.metric().apply(dir); Tensor stx = at.metricSqrt().adjoint(dir);
                Tensor sstx = at.metricSqrt().apply(stx)) {
            double fd = (e.value(xp) - e.value(xm)) / (2 * h);
            assertEquals(fd, at.gradient().dot(dir), 1e-6 * Math.abs(fd));
            double[] a = mx.toDoubleArray();
            double[] b = sstx.toDoubleArray();
            double scale = 0;
            for (double v : a) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-12 * scale, "M x = S S^T x at " + i);
            }
            assertTrue(dir.dot(mx) >= dir.dot(dir));
        }
    }
}
