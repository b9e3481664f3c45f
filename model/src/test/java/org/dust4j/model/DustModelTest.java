package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.Backend;
import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.InstrumentedBackend;
import org.dust4j.core.Tensor;
import org.dust4j.core.op.Energy;
import org.dust4j.core.op.EnergyOperator;
import org.dust4j.core.op.LinearOperator;
import org.dust4j.core.op.Linearization;
import org.dust4j.core.op.Space;
import org.junit.jupiter.api.Test;

class DustModelTest {
    private static final SphericalGrid GRID = SphericalGrid.logSpaced(1, 60, 1500, 30);

    /** A model with a diagonal "field prior" s = d * xi_s and stars whose data come from a known density. */
    private static DustModel model(DType dtype, int nStars, long seed) {
        return model(Backends.cpu(), dtype, nStars, seed);
    }

    /** {@link #model(DType, int, long)} with the field prior's diagonal on {@code backend}. */
    private static DustModel model(Backend backend, DType dtype, int nStars, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] d = new double[(int) GRID.voxels()];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.5 + rnd.nextDouble();
        }
        Tensor diag = backend.fromHost(d, dtype, GRID.shape());
        LinearOperator field = LinearOperator.diagonal(diag);
        StarData stars = ResponseFixtures.randomStars(GRID, nStars, 0.03, 0.5, seed + 1);
        ModelDescription desc = ModelDescription.edenhofer2024(GRID, Map.of(),
                ModelDescription.Data.of("synthetic", 60, 1500, stars));
        return DustModel.of(desc, field, stars);
    }

    private static Tensor randomParameters(DustModel m, double scale, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[(int) m.parameters().space().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = scale * rnd.nextGaussian();
        }
        return Backends.cpu().fromHost(x, m.dtype(), m.parameters().space().shape());
    }

    private static Tensor random(Space s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[(int) s.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        return Backends.cpu().fromHost(x, s.dtype(), s.shape());
    }

    /** x0 + h d, shaped like {@code like}. */
    private static Tensor shifted(double[] x0, double[] d, double h, Tensor like) {
        double[] x = x0.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += h * d[i];
        }
        return Backends.cpu().fromHost(x, DType.FLOAT64, like.shape());
    }

    /** (E(x0 + h d) - E(x0 - h d)) / 2h with h = 1e-5. */
    private static double centralDifference(EnergyOperator e, double[] x0, double[] d, Tensor like) {
        double h = 1e-5;
        try (Tensor p = shifted(x0, d, h, like); Tensor q = shifted(x0, d, -h, like)) {
            return (e.value(p) - e.value(q)) / (2 * h);
        }
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    private static double maxAbs(Tensor a) {
        double m = 0;
        for (double v : a.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void energyValueIsTheGaussianLikelihoodPlusThePrior() {
        DustModel m = model(DType.FLOAT64, 200, 1);
        try (Tensor xi = randomParameters(m, 0.7, 2); Tensor a = m.response().apply(xi)) {
            double[] mean = a.row(0).toDoubleArray();
            double[] var = a.row(1).toDoubleArray();
            double[] n = m.noiseFactors(xi);
            double expected = 0.5 * dot(xi, xi);
            for (int i = 0; i < mean.length; i++) {
                double sa = m.stars().extinctionError(i);
                double r = m.stars().extinction(i) - mean[i];
                assertTrue(var[i] > n[i] * n[i] * sa * sa, "the response adds a positive variance");
                expected += 0.5 * (r * r / var[i] + Math.log(var[i]));
            }
            EnergyOperator e = m.energy();
            assertEquals(expected, e.value(xi), 1e-12 * Math.abs(expected));
            try (Energy at = e.at(xi)) {
                assertEquals(expected, at.value(), 1e-12 * Math.abs(expected));
            }
        }
    }

    /**
     * What a GPU pays for: one value + gradient evaluation (energy and likelihood) waits for the backend twice — xi_scl,
     * xi_off and the noise table's check, read once the field is queued, and the pull's sums, the loss and |xi|^2 at
     * the end — uploads nothing after the first evaluation, and releases everything it allocated.
     */
    @Test
    void valueAndGradientWaitForTheBackendTwice() {
        InstrumentedBackend be = new InstrumentedBackend(Backends.cpu(), false);
        DustModel m = model(be, DType.FLOAT32, 200, 31);
        try (Tensor host = randomParameters(m, 0.7, 32);
             Tensor xi = be.fromHost(host.toDoubleArray(), m.dtype(), m.parameters().space().shape())) {
            for (EnergyOperator e : new EnergyOperator[] {m.energy(), m.likelihood()}) {
                e.at(xi).close();
                long live = be.live();
                InstrumentedBackend.Counts before = be.counts();
                double value;
                try (Energy at = e.at(xi)) {
                    value = at.value();
                }
                InstrumentedBackend.Counts used = be.counts().minus(before);
                assertEquals(2, used.synchronisations(), e + ": host waits per evaluation, " + used);
                assertEquals(2, used.downloads(), e + ": reads to the host per evaluation, " + used);
                assertEquals(0, used.uploads(), e + ": uploads per evaluation, " + used);
                assertEquals(live, be.live(), e + ": tensors left behind");
                assertEquals(e.value(xi), value, 1e-5 * Math.abs(value), e + ": value() and at()");
            }
        }
    }

    @Test
    void energyIsInfiniteNotAnErrorFarInANoiseParametersTail() {
        // line-search trial points reach xi_n of 67 and beyond, where n = InvGamma(3, 4) quantile exceeds 1e308
        DustModel m = model(DType.FLOAT64, 50, 21);
        try (Tensor xi = randomParameters(m, 0.7, 22)) {
            Tensor noise = m.parameters().view(xi, DustModel.NOISE).slice(0, 1);
            double base = m.likelihood().value(xi);
            Backends.cpu().fill(noise, 40); // n = 6.6e116: (n sA)^2 is still finite
            double far = m.likelihood().value(xi);
            assertTrue(Double.isFinite(far) && far > base + 200, "log v grows like 2 log n = 538: " + (far - base));
            for (double x : new double[] {60, 67, 100, Double.POSITIVE_INFINITY}) {
                Backends.cpu().fill(noise, x);
                assertEquals(Double.POSITIVE_INFINITY, m.likelihood().value(xi), "likelihood at xi_n=" + x);
                assertEquals(Double.POSITIVE_INFINITY, m.energy().value(xi), "energy at xi_n=" + x);
            }
        }
    }

    @Test
    void energyGradientMatchesFiniteDifferences() {
        DustModel m = model(DType.FLOAT64, 300, 3);
        EnergyOperator e = m.energy();
        try (Tensor xi = randomParameters(m, 0.7, 4); Energy at = e.at(xi)) {
            double[] x0 = xi.toDoubleArray();
            for (long seed = 10; seed < 14; seed++) {
                try (Tensor dir = random(m.parameters().space(), seed)) {
                    double fd = centralDifference(e, x0, dir.toDoubleArray(), xi);
                    double analytic = dot(at.gradient(), dir);
                    assertEquals(fd, analytic, 1e-6 * Math.max(1, Math.abs(fd)), "direction " + seed);
                }
            }
            // each block separately: excitations, scale, offset, noise
            for (int b = 0; b < 4; b++) {
                try (Tensor dir = m.parameters().space().zeros(Backends.cpu())) {
                    Tensor block = m.parameters().view(dir, b);
                    try (Tensor r = random(new Space(DType.FLOAT64, block.shape()), 20 + b)) {
                        Backends.cpu().copy(r, block);
                    }
                    double fd = centralDifference(e, x0, dir.toDoubleArray(), xi);
                    assertEquals(fd, dot(at.gradient(), dir), 1e-6 * Math.max(1, Math.abs(fd)), "block " + b);
                }
            }
        }
    }

    @Test
    void gradientIsRightWhereNoiseParametersLeaveTheTable() {
        // beyond |xi_n| = 8 the backend's table gives NaN and the model evaluates the exact transform on the host
        DustModel m = model(DType.FLOAT64, 60, 31);
        EnergyOperator e = m.energy();
        try (Tensor xi = randomParameters(m, 0.7, 32)) {
            Tensor noise = m.parameters().view(xi, DustModel.NOISE);
            Backends.cpu().fill(noise.slice(0, 1), 9.5);
            Backends.cpu().fill(noise.slice(1, 2), -8.5);
            double[] x0 = xi.toDoubleArray();
            try (Energy at = e.at(xi); Tensor dir = m.parameters().space().zeros(Backends.cpu())) {
                assertTrue(Double.isFinite(at.value()), "finite energy");
                Tensor block = m.parameters().view(dir, DustModel.NOISE);
                try (Tensor r = random(new Space(DType.FLOAT64, block.shape()), 33)) {
                    Backends.cpu().copy(r, block);
                }
                double fd = centralDifference(e, x0, dir.toDoubleArray(), xi);
                assertEquals(fd, dot(at.gradient(), dir), 1e-6 * Math.max(1, Math.abs(fd)), "noise block");
            }
        }
    }

    @Test
    void responseJacobianMatchesFiniteDifferencesAndItsAdjoint() {
        DustModel m = model(DType.FLOAT64, 250, 5);
        try (Tensor xi = randomParameters(m, 0.7, 6); Linearization lin = m.response().linearize(xi);
                Tensor dir = random(m.parameters().space(), 7);
                Tensor w = random(m.response().target(), 8)) {
            try (Tensor jv = lin.jvp(dir); Tensor jtw = lin.vjp(w)) {
                double lhs = dot(jv, w);
                double rhs = dot(dir, jtw);
                assertEquals(lhs, rhs, 1e-12 * Math.max(Math.abs(lhs), maxAbs(jv) * maxAbs(w)), "<J x, w> = <x, J^T w>");
                double h = 1e-6;
                double[] x0 = xi.toDoubleArray();
                double[] d = dir.toDoubleArray();
                try (Tensor p = shifted(x0, d, h, xi); Tensor q = shifted(x0, d, -h, xi);
                        Tensor fp = m.response().apply(p); Tensor fq = m.response().apply(q)) {
                    double[] a = fp.toDoubleArray();
                    double[] b = fq.toDoubleArray();
                    double[] j = jv.toDoubleArray();
                    double scale = maxAbs(jv);
                    for (int i = 0; i < j.length; i++) {
                        assertEquals((a[i] - b[i]) / (2 * h), j[i], 1e-6 * scale, "component " + i);
                    }
                }
            }
        }
    }

    @Test
    void fusedLikelihoodEqualsTheGenericCompositionWithFisherMetric() {
        DustModel m = model(DType.FLOAT64, 300, 9);
        Space space = m.parameters().space();
        try (Tensor data = Backends.cpu().fromHost(m.stars().extinctions(), DType.FLOAT64, m.starShape())) {
            EnergyOperator generic = EnergyOperator.gaussianWithVariance(data).after(m.response());
            try (Tensor xi = randomParameters(m, 0.7, 10); Energy fused = m.likelihood().at(xi);
                    Energy ref = generic.at(xi)) {
                assertEquals(ref.value(), fused.value(), 1e-12 * Math.abs(ref.value()));
                assertTrue(maxAbsDiff(ref.gradient(), fused.gradient()) <= 1e-11 * maxAbs(ref.gradient()));
                for (long seed = 30; seed < 33; seed++) {
                    try (Tensor x = random(space, seed); Tensor a = fused.metric().apply(x);
                            Tensor b = ref.metric().apply(x)) {
                        assertTrue(maxAbsDiff(a, b) <= 1e-11 * maxAbs(b), "metric, seed " + seed);
                    }
                    try (Tensor y = random(fused.metricSqrt().domain(), seed); Tensor a = fused.metricSqrt().apply(y);
                            Tensor b = ref.metricSqrt().apply(y)) {
                        assertTrue(maxAbsDiff(a, b) <= 1e-11 * maxAbs(b), "metric sqrt, seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void energyEqualsTheLikelihoodPlusTheStandardNormalPrior() {
        DustModel m = model(DType.FLOAT64, 200, 41);
        Space space = m.parameters().space();
        EnergyOperator generic = m.likelihood().plus(EnergyOperator.standardNormal(space));
        try (Tensor xi = randomParameters(m, 0.7, 42); Energy fused = m.energy().at(xi); Energy ref = generic.at(xi)) {
            assertEquals(ref.value(), fused.value(), 1e-12 * Math.abs(ref.value()));
            assertEquals(ref.value(), m.energy().value(xi), 1e-12 * Math.abs(ref.value()));
            assertTrue(maxAbsDiff(ref.gradient(), fused.gradient()) <= 1e-12 * maxAbs(ref.gradient()), "gradient");
            try (Tensor x = random(space, 43); Tensor a = fused.metric().apply(x); Tensor b = ref.metric().apply(x)) {
                assertTrue(maxAbsDiff(a, b) <= 1e-12 * maxAbs(b), "metric");
            }
            try (Tensor y = random(ref.metricSqrt().domain(), 44); Tensor a = fused.metricSqrt().apply(y);
                    Tensor b = ref.metricSqrt().apply(y)) {
                assertTrue(maxAbsDiff(a, b) <= 1e-12 * maxAbs(b), "metric square root");
            }
            try (Tensor x = random(space, 45); Tensor a = fused.metricSqrt().adjoint(x);
                    Tensor b = ref.metricSqrt().adjoint(x)) {
                assertTrue(maxAbsDiff(a, b) <= 1e-12 * maxAbs(b), "metric square root adjoint");
            }
        }
    }

    @Test
    void metricEqualsItsSquareRootTimesItsTranspose() {
        DustModel m = model(DType.FLOAT64, 300, 11);
        checkMetricFactorisation(m, m.likelihood(), false);
        checkMetricFactorisation(m, m.energy(), true);
    }

    private static void checkMetricFactorisation(DustModel m, EnergyOperator energy, boolean withPrior) {
        Space space = m.parameters().space();
        try (Tensor xi = randomParameters(m, 0.7, 12); Energy at = energy.at(xi)) {
            LinearOperator metric = at.metric();
            LinearOperator sqrt = at.metricSqrt();
            for (long seed = 40; seed < 44; seed++) {
                try (Tensor x = random(space, seed); Tensor y = random(space, seed + 100);
                        Tensor mx = metric.apply(x); Tensor stx = sqrt.adjoint(x); Tensor sstx = sqrt.apply(stx);
                        Tensor my = metric.apply(y)) {
                    assertTrue(maxAbsDiff(mx, sstx) <= 1e-12 * maxAbs(mx), "M x = S S^T x, seed " + seed);
                    double xmy = dot(x, my);
                    assertEquals(xmy, dot(y, mx), 1e-12 * Math.abs(xmy) + 1e-12, "symmetric");
                    assertTrue(dot(x, mx) >= (withPrior ? dot(x, x) : 0) * (1 - 1e-12), "M >= 1 with the prior, >= 0");
                }
                try (Tensor z = random(sqrt.domain(), seed); Tensor x = random(space, seed + 7);
                        Tensor sz = sqrt.apply(z); Tensor stx = sqrt.adjoint(x)) {
                    double lhs = dot(sz, x);
                    assertEquals(lhs, dot(z, stx), 1e-12 * Math.max(1, Math.abs(lhs)), "<S z, x> = <z, S^T x>");
                }
            }
        }
    }

    /**
     * The observed-variance curvature: the Fisher metric plus J_v^T diag(w_i - 1/(2 v_i^2)) J_v with
     * w_i = max(1/(2 v^2), r^2/v^3 - 1/(2 v^2)), evaluated here independently through the response operator's
     * Jacobian; same value and gradient; factorised by its square root; at least the Fisher metric.
     */
    @Test
    void observedVarianceCurvatureIsTheFisherMetricPlusTheExcessObservedCurvature() {
        DustModel m = model(DType.FLOAT64, 300, 15);
        Space space = m.parameters().space();
        EnergyOperator fisher = m.likelihood();
        EnergyOperator observed = m.likelihood(DustModel.Curvature.OBSERVED_VARIANCE);
        try (Tensor xi = randomParameters(m, 0.7, 16); Energy f = fisher.at(xi); Energy o = observed.at(xi);
                Linearization lin = m.response().linearize(xi)) {
            assertEquals(f.value(), o.value(), 0);
            assertEquals(f.value(), observed.value(xi), 0);
            assertEquals(0, maxAbsDiff(f.gradient(), o.gradient()));
            double[] av = lin.value().toDoubleArray();
            int n = m.stars().size();
            double[] excess = new double[n];
            int raised = 0;
            for (int i = 0; i < n; i++) {
                double r = m.stars().extinction(i) - av[i];
                double v = av[n + i];
                excess[i] = Math.max(0, r * r / (v * v * v) - 1 / (v * v));
                raised += excess[i] > 0 ? 1 : 0;
            }
            assertTrue(raised > n / 10 && raised < n, raised + " of " + n + " stars fitted worse than their std");
            for (long seed = 50; seed < 53; seed++) {
                try (Tensor x = random(space, seed); Tensor mf = f.metric().apply(x); Tensor mo = o.metric().apply(x);
                        Tensor jx = lin.jvp(x)) {
                    double[] y = new double[2 * n];
                    double[] j = jx.toDoubleArray();
                    for (int i = 0; i < n; i++) {
                        y[n + i] = excess[i] * j[n + i];
                    }
                    try (Tensor yt = Backends.cpu().fromHost(y, DType.FLOAT64, jx.shape()); Tensor extra = lin.vjp(yt)) {
                        double[] expected = mf.toDoubleArray();
                        double[] e = extra.toDoubleArray();
                        double[] got = mo.toDoubleArray();
                        double scale = maxAbs(mo);
                        for (int k = 0; k < got.length; k++) {
                            assertEquals(expected[k] + e[k], got[k], 1e-11 * scale, "component " + k);
                        }
                    }
                    assertTrue(dot(x, mo) >= dot(x, mf) * (1 - 1e-12), "observed >= Fisher");
                    assertTrue(dot(x, mo) > 1.01 * dot(x, mf), "observed curvature raised in a random direction");
                }
            }
        }
        checkMetricFactorisation(m, observed, false);
        checkMetricFactorisation(m, observed.plus(EnergyOperator.standardNormal(space)), true);
    }

    @Test
    void float32ModelAgreesWithFloat64() {
        DustModel m64 = model(DType.FLOAT64, 150, 13);
        DustModel m32 = model(DType.FLOAT32, 150, 13);
        try (Tensor x64 = randomParameters(m64, 0.7, 14);
                Tensor x32 = Backends.cpu().fromHost(x64.toDoubleArray(), DType.FLOAT32, x64.shape());
                Energy a = m64.energy().at(x64); Energy b = m32.energy().at(x32)) {
            assertEquals(a.value(), b.value(), 1e-5 * Math.abs(a.value()));
            assertTrue(maxAbsDiff(a.gradient(), b.gradient()) <= 1e-4 * maxAbs(a.gradient()));
        }
    }

    @Test
    void rejectsAFieldOperatorOffTheGridAndForeignStars() {
        StarData stars = ResponseFixtures.randomStars(GRID, 20, 0.05, 0.2, 1);
        ModelDescription desc = ModelDescription.edenhofer2024(GRID, Map.of(),
                ModelDescription.Data.of("x", 60, 1500, stars));
        LinearOperator wrong = LinearOperator.identity(Space.of(DType.FLOAT64, 12, 29));
        assertThrows(IllegalArgumentException.class, () -> DustModel.of(desc, wrong, stars));
        LinearOperator right = LinearOperator.identity(new Space(DType.FLOAT64, GRID.shape()));
        StarData other = ResponseFixtures.randomStars(GRID, 20, 0.05, 0.2, 2);
        assertThrows(IllegalArgumentException.class, () -> DustModel.of(desc, right, other));
    }
}
