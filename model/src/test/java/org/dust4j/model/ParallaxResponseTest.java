package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.dust4j.core.Backends;
import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.dust4j.model.stats.Normal;
import org.junit.jupiter.api.Test;

class ParallaxResponseTest {
    private static final DType F64 = DType.FLOAT64;

    /** Paper-like radial spacing (ratio 1.0056 per shell) with padding, few pixels. */
    private static final SphericalGrid PAPER_LIKE = SphericalGrid.builder().nside(1).range(69, 1250).shells(516)
            .padding(16, 48).build();

    private static double[][] evaluate(ParallaxResponse resp, Tensor rho) {
        try (Tensor mean = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor var = ResponseFixtures.zeros(resp.starShape(), F64)) {
            resp.apply(rho, mean, var);
            return new double[][] {mean.toDoubleArray(), var.toDoubleArray()};
        }
    }

    @Test
    void uniformDensityAndExactDistancesGiveTheAnalyticExtinction() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 50, 2000, 100);
        double rho0 = 1.3e-3;
        double[] mid = new double[grid.nshell()];
        int n = grid.nshell() + 2;
        int[] pix = new int[n];
        double[] d = new double[n];
        for (int k = 0; k < grid.nshell(); k++) {
            d[k] = 0.5 * (grid.boundary(k) + grid.boundary(k + 1));
            mid[k] = d[k];
            pix[k] = k % grid.npix();
        }
        d[n - 2] = 20; // inside r_0: no dust
        d[n - 1] = 5000; // beyond r_N: the whole column
        double[] zero = new double[n];
        double[] one = new double[n];
        Arrays.fill(one, 0.1);
        StarData stars = StarData.ofDistance(pix, d, zero, zero, one).sortedByPixel();
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        assertEquals(0, resp.evaluationsPerPass(), "exact distances need no Phi evaluations");
        double[] rho = new double[(int) grid.voxels()];
        Arrays.fill(rho, rho0);
        try (Tensor t = Backends.cpu().fromHost(rho, F64, grid.shape())) {
            double[][] out = evaluate(resp, t);
            for (int i = 0; i < n; i++) {
                double di = 1000 / stars.parallax(i);
                double expected = rho0 * (Math.min(Math.max(di, grid.innerRadius()), grid.outerRadius())
                        - grid.innerRadius());
                assertEquals(expected, out[0][i], 1e-12 * rho0 * grid.outerRadius(), "mean, star at " + di + " pc");
                assertEquals(0, out[1][i], 1e-15, "variance, star at " + di + " pc");
            }
        }
    }

    @Test
    void vanishingParallaxErrorApproachesTheAnalyticExtinction() {
        SphericalGrid grid = SphericalGrid.logSpaced(1, 50, 2000, 200);
        double rho0 = 2e-3;
        double[] d = {60, 133.3, 400, 999, 1700};
        int n = d.length;
        double[] w = new double[n];
        double[] sw = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1000 / d[i];
            sw[i] = 1e-9 * w[i];
        }
        double[] sa = new double[n];
        Arrays.fill(sa, 0.1);
        StarData stars = StarData.ofParallax(new int[n], w, sw, new double[n], sa);
        double[] rho = new double[(int) grid.voxels()];
        Arrays.fill(rho, rho0);
        try (Tensor t = Backends.cpu().fromHost(rho, F64, grid.shape())) {
            double[][] out = evaluate(ParallaxResponse.of(grid, stars), t);
            for (int i = 0; i < n; i++) {
                int k = grid.shellOf(d[i]);
                double exact = rho0 * (d[i] - grid.innerRadius());
                // the star sees the column to the middle of its shell: off by at most half a shell
                assertTrue(Math.abs(out[0][i] - exact) <= 0.5 * rho0 * grid.shellWidth(k) * (1 + 1e-9),
                        "star at " + d[i] + ": " + out[0][i] + " vs " + exact);
                double midpoint = rho0 * (0.5 * (grid.boundary(k) + grid.boundary(k + 1)) - grid.innerRadius());
                assertEquals(midpoint, out[0][i], 1e-12, "star at " + d[i]);
                assertEquals(0, out[1][i], 1e-15);
            }
        }
    }

    /**
     * Mean and variance against Monte-Carlo over each star's distance distribution: 10^6 parallax draws per star
     * (stratified in probability, seeded), each giving the exact extinction of the piecewise-constant density to
     * d = 1000/w' (the whole column for w' &le; 0): within 1e-4 (mean) and 5e-4 (variance) relative. A convention that
     * ends C_k at the shell's outer boundary would miss the mean by dr/(2d), about 3e-3.
     */
    @Test
    void meanAndVarianceAgreeWithMonteCarloOverTheDistance() {
        SphericalGrid grid = PAPER_LIKE;
        double[] d = {90, 250, 600, 1000, 1200, 700};
        double[] rel = {0.10, 0.25, 0.15, 0.3, 0.5, 1.2};
        int n = d.length;
        int[] pix = new int[n];
        double[] w = new double[n];
        double[] sw = new double[n];
        for (int i = 0; i < n; i++) {
            pix[i] = i;
            w[i] = 1000 / d[i];
            sw[i] = rel[i] * w[i];
        }
        double[] sa = new double[n];
        Arrays.fill(sa, 0.1);
        StarData stars = StarData.ofParallax(pix, w, sw, new double[n], sa);
        try (Tensor rhoT = ResponseFixtures.randomDensity(grid, F64, 7)) {
            double[] rho = rhoT.toDoubleArray();
            double[][] out = evaluate(ParallaxResponse.of(grid, stars), rhoT);
            SplittableRandom rnd = new SplittableRandom(20240101);
            int draws = 1_000_000;
            for (int i = 0; i < n; i++) {
                double[] gamma = cumulativeColumn(grid, rho, pix[i]);
                double s1 = 0;
                double s2 = 0;
                double[] a = new double[draws];
                for (int j = 0; j < draws; j++) {
                    double wp = w[i] + sw[i] * Normal.quantile((j + rnd.nextDouble()) / draws);
                    a[j] = extinctionTo(grid, gamma, rho, pix[i], wp > 0 ? 1000 / wp : Double.POSITIVE_INFINITY);
                    s1 += a[j];
                }
                double mc = s1 / draws;
                for (int j = 0; j < draws; j++) {
                    s2 += (a[j] - mc) * (a[j] - mc);
                }
                double mcVar = s2 / draws;
                // the mean is the trapezoid rule's (second order in dr); the variance carries Sheppard's (ρ dr)²/12,
                // relative dr²/(12 σ_d²) = 2.6e-4 for star 0 (docs/model.md). Largest at 4c06a5a: 5.4e-5 and 3.7e-4.
                assertEquals(mc, out[0][i], 1e-4 * mc, "mean of star " + i);
                assertEquals(mcVar, out[1][i], 5e-4 * mcVar, "variance of star " + i);
            }
        }
    }

    /** The continuous extinction to distance d of a density constant within shells. */
    private static double extinctionTo(SphericalGrid grid, double[] rho, int pixel, double d) {
        return extinctionTo(grid, cumulativeColumn(grid, rho, pixel), rho, pixel, d);
    }

    /** Column to each boundary of one pixel: gamma[k] = sum_{j &lt; k} rho_j dr_j. */
    private static double[] cumulativeColumn(SphericalGrid grid, double[] rho, int pixel) {
        double[] gamma = new double[grid.nshell() + 1];
        for (int k = 0; k < grid.nshell(); k++) {
            gamma[k + 1] = gamma[k] + rho[pixel * grid.nshell() + k] * grid.shellWidth(k);
        }
        return gamma;
    }

    private static double extinctionTo(SphericalGrid grid, double[] gamma, double[] rho, int pixel, double d) {
        int k = grid.shellOf(d);
        if (k < 0) {
            return 0;
        }
        if (k >= grid.nshell()) {
            return gamma[grid.nshell()];
        }
        return gamma[k] + rho[pixel * grid.nshell() + k] * (d - grid.boundary(k));
    }

    @Test
    void jvpMatchesFiniteDifferences() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 60, 1500, 120);
        StarData stars = ResponseFixtures.randomStars(grid, 400, 0.02, 0.6, 3);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        try (Tensor rho = ResponseFixtures.randomDensity(grid, F64, 11);
                Tensor t = ResponseFixtures.randomNormal(grid.shape(), F64, 12);
                Tensor dm = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor dv = ResponseFixtures.zeros(resp.starShape(), F64)) {
            resp.jvp(rho, t, dm, dv);
            double h = 1e-5;
            double[][] plus;
            double[][] minus;
            double[] r0 = rho.toDoubleArray();
            double[] dir = t.toDoubleArray();
            try (Tensor rp = host(axpy(h * 1e-3, dir, r0), grid); Tensor rm = host(axpy(-h * 1e-3, dir, r0), grid)) {
                plus = evaluate(resp, rp);
                minus = evaluate(resp, rm);
            }
            double[] jm = dm.toDoubleArray();
            double[] jv = dv.toDoubleArray();
            double scaleM = maxAbs(jm);
            double scaleV = maxAbs(jv);
            for (int i = 0; i < stars.size(); i++) {
                // mean is linear, variance quadratic in rho: central differences are exact up to rounding
                double fdM = (plus[0][i] - minus[0][i]) / (2 * h * 1e-3);
                double fdV = (plus[1][i] - minus[1][i]) / (2 * h * 1e-3);
                assertEquals(fdM, jm[i], 1e-6 * scaleM, "d mean, star " + i);
                assertEquals(fdV, jv[i], 1e-6 * scaleV, "d variance, star " + i);
            }
        }
    }

    @Test
    void vjpIsTheAdjointOfTheJvp() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 60, 1500, 150);
        StarData stars = ResponseFixtures.randomStars(grid, 1000, 0.01, 1.0, 5);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        try (Tensor rho = ResponseFixtures.randomDensity(grid, F64, 1);
                Tensor t = ResponseFixtures.randomNormal(grid.shape(), F64, 2);
                Tensor gm = ResponseFixtures.randomNormal(resp.starShape(), F64, 3);
                Tensor gv = ResponseFixtures.randomNormal(resp.starShape(), F64, 4);
                Tensor dm = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor dv = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor back = ResponseFixtures.zeros(grid.shape(), F64)) {
            resp.jvp(rho, t, dm, dv);
            resp.vjp(rho, gm, gv, back);
            double[] lhsTerms = new double[2 * stars.size()];
            double[] a = dm.toDoubleArray();
            double[] b = dv.toDoubleArray();
            double[] c = gm.toDoubleArray();
            double[] e = gv.toDoubleArray();
            for (int i = 0; i < stars.size(); i++) {
                lhsTerms[2 * i] = a[i] * c[i];
                lhsTerms[2 * i + 1] = b[i] * e[i];
            }
            double lhs = Arrays.stream(lhsTerms).sum();
            double scale = Arrays.stream(lhsTerms).map(Math::abs).sum();
            double[] x = t.toDoubleArray();
            double[] y = back.toDoubleArray();
            double rhs = 0;
            for (int i = 0; i < x.length; i++) {
                rhs += x[i] * y[i];
            }
            assertEquals(lhs, rhs, 1e-12 * scale, "<J t, g> = <t, J^T g>");
        }
    }

    @Test
    void vjpLeavesStarlessPixelsAtZeroAndOverwritesTheOutput() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 60, 1500, 40);
        StarData stars = ResponseFixtures.randomStars(grid, 50, 0.05, 0.3, 9);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        boolean[] occupied = new boolean[grid.npix()];
        for (int i = 0; i < stars.size(); i++) {
            occupied[stars.pixel(i)] = true;
        }
        try (Tensor rho = ResponseFixtures.randomDensity(grid, F64, 1);
                Tensor gm = ResponseFixtures.randomNormal(resp.starShape(), F64, 3);
                Tensor gv = ResponseFixtures.randomNormal(resp.starShape(), F64, 4);
                Tensor back = ResponseFixtures.randomNormal(grid.shape(), F64, 5)) {
            resp.vjp(rho, gm, gv, back);
            double[] b = back.toDoubleArray();
            for (int p = 0; p < grid.npix(); p++) {
                for (int k = 0; k < grid.nshell(); k++) {
                    double x = b[p * grid.nshell() + k];
                    if (!occupied[p]) {
                        assertEquals(0, x, 0, "pixel " + p + " has no stars");
                    }
                }
            }
        }
    }

    @Test
    void fusedPassesEqualTheSeparateOnes() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 60, 1500, 100);
        StarData stars = ResponseFixtures.randomStars(grid, 600, 0.02, 0.8, 21);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        try (Tensor rho = ResponseFixtures.randomDensity(grid, F64, 1);
                Tensor t = ResponseFixtures.randomNormal(grid.shape(), F64, 2);
                Tensor mean = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor var = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor dm = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor dv = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor gm = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor gv = ResponseFixtures.zeros(resp.starShape(), F64);
                Tensor separate = ResponseFixtures.zeros(grid.shape(), F64);
                Tensor fused = ResponseFixtures.zeros(grid.shape(), F64)) {
            resp.apply(rho, mean, var);
            double[] m = mean.toDoubleArray();
            double[] v = var.toDoubleArray();
            // a loss (A_i - mean)^2 / 2 + mean * variance: cotangents (mean - A_i + variance, mean)
            double[] target = stars.extinctions();
            double[][] g = new double[2][stars.size()];
            for (int i = 0; i < stars.size(); i++) {
                g[0][i] = m[i] - target[i] + v[i];
                g[1][i] = m[i];
            }
            try (Tensor g0 = Backends.cpu().fromHost(g[0], F64, resp.starShape());
                    Tensor g1 = Backends.cpu().fromHost(g[1], F64, resp.starShape())) {
                resp.vjp(rho, g0, g1, separate);
            }
            resp.applyAndPullBack(rho, (i, a, s2, out) -> {
                out[0] = a - target[i] + s2;
                out[1] = a;
            }, fused);
            assertArrayEquals(separate.toDoubleArray(), fused.toDoubleArray(), 1e-13 * maxAbs(separate.toDoubleArray()));

            // J^T W J with W = [[2, 1], [1, 3]] per star
            resp.jvp(rho, t, dm, dv);
            double[] a = dm.toDoubleArray();
            double[] b = dv.toDoubleArray();
            for (int i = 0; i < stars.size(); i++) {
                g[0][i] = 2 * a[i] + b[i];
                g[1][i] = a[i] + 3 * b[i];
            }
            try (Tensor g0 = Backends.cpu().fromHost(g[0], F64, resp.starShape());
                    Tensor g1 = Backends.cpu().fromHost(g[1], F64, resp.starShape())) {
                resp.vjp(rho, g0, g1, separate);
            }
            resp.pushPull(rho, t, (i, a0, s2, da, dv0, out) -> {
                out[0] = 2 * da + dv0;
                out[1] = da + 3 * dv0;
            }, fused);
            assertArrayEquals(separate.toDoubleArray(), fused.toDoubleArray(), 1e-13 * maxAbs(separate.toDoubleArray()));
        }
    }

    @Test
    void float32TensorsGiveTheFloat64ResultToSinglePrecision() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 60, 1500, 80);
        StarData stars = ResponseFixtures.randomStars(grid, 300, 0.05, 0.5, 4);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        try (Tensor rho64 = ResponseFixtures.randomDensity(grid, F64, 3);
                Tensor rho32 = Backends.cpu().fromHost(rho64.toDoubleArray(), DType.FLOAT32, grid.shape());
                Tensor m32 = ResponseFixtures.zeros(resp.starShape(), DType.FLOAT32);
                Tensor v32 = ResponseFixtures.zeros(resp.starShape(), DType.FLOAT32)) {
            double[][] ref = evaluate(resp, rho64);
            resp.apply(rho32, m32, v32);
            double[] m = m32.toDoubleArray();
            double[] v = v32.toDoubleArray();
            for (int i = 0; i < m.length; i++) {
                assertEquals(ref[0][i], m[i], 1e-6 * Math.abs(ref[0][i]) + 1e-12);
                assertEquals(ref[1][i], v[i], 1e-5 * Math.abs(ref[1][i]) + 1e-14);
            }
        }
    }

    @Test
    void theCutStaysWithinItsDocumentedBound() {
        SphericalGrid grid = SphericalGrid.logSpaced(1, 60, 1500, 200);
        StarData stars = ResponseFixtures.randomStars(grid, 300, 0.05, 0.6, 8);
        ParallaxResponse cut = ParallaxResponse.of(grid, stars, 3);
        ParallaxResponse full = ParallaxResponse.of(grid, stars, 40);
        assertTrue(cut.evaluationsPerPass() < full.evaluationsPerPass());
        try (Tensor rho = ResponseFixtures.randomDensity(grid, F64, 6)) {
            double[] rhoA = rho.toDoubleArray();
            double[][] a = evaluate(cut, rho);
            double[][] b = evaluate(full, rho);
            double eps = Normal.cdf(-3);
            for (int i = 0; i < stars.size(); i++) {
                double total = extinctionTo(grid, rhoA, stars.pixel(i), Double.POSITIVE_INFINITY);
                assertTrue(Math.abs(a[0][i] - b[0][i]) <= eps * total * (1 + 1e-9), "mean, star " + i);
                assertTrue(Math.abs(a[1][i] - b[1][i]) <= 3 * eps * total * total * (1 + 1e-9), "variance, star " + i);
            }
        }
    }

    @Test
    void layoutDescribesGroupsAndEvaluatedRanges() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 60, 1500, 50);
        StarData stars = ResponseFixtures.randomStars(grid, 200, 0.05, 0.4, 17);
        ParallaxResponse resp = ParallaxResponse.of(grid, stars);
        ParallaxResponse.Layout l = resp.layout();
        assertEquals(resp.groupCount(), l.groupPixel().length);
        assertEquals(stars.size(), l.groupStart()[l.groupPixel().length]);
        long evals = 0;
        for (int g = 0; g < l.groupPixel().length; g++) {
            for (int i = l.groupStart()[g]; i < l.groupStart()[g + 1]; i++) {
                assertEquals(l.groupPixel()[g], stars.pixel(i));
                assertTrue(l.hi()[i] >= l.lo()[i] - 1 && l.lo()[i] >= 0 && l.hi()[i] <= grid.nshell());
                for (int k = 0; k <= grid.nshell(); k++) {
                    double z = l.inverseRadius()[k] * l.invSigma()[i] - l.scaledParallax()[i];
                    boolean evaluated = k >= l.lo()[i] && k <= l.hi()[i];
                    assertEquals(Math.abs(z) <= resp.zCut(), evaluated, "star " + i + " boundary " + k);
                }
                evals += l.hi()[i] - l.lo()[i] + 1;
            }
        }
        assertEquals(resp.evaluationsPerPass(), evals);
    }

    @Test
    void rejectsUnsortedStarsPixelsOutsideTheGridAndWrongShapes() {
        SphericalGrid grid = SphericalGrid.logSpaced(1, 60, 1500, 10);
        double[] one = {1, 1};
        StarData unsorted = StarData.ofParallax(new int[] {3, 1}, one, one, one, one);
        assertThrows(IllegalArgumentException.class, () -> ParallaxResponse.of(grid, unsorted));
        StarData outside = StarData.ofParallax(new int[] {1, 12}, one, one, one, one);
        assertThrows(IllegalArgumentException.class, () -> ParallaxResponse.of(grid, outside));
        ParallaxResponse resp = ParallaxResponse.of(grid, unsorted.sortedByPixel());
        try (Tensor rho = ResponseFixtures.zeros(org.dust4j.core.Shape.of(12, 11), F64);
                Tensor m = ResponseFixtures.zeros(resp.starShape(), F64)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resp.apply(rho, m, m));
            assertTrue(e.getMessage().contains("rho"), e.getMessage());
        }
    }

    private static double[] axpy(double alpha, double[] x, double[] y) {
        double[] out = y.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += alpha * x[i];
        }
        return out;
    }

    private static Tensor host(double[] x, SphericalGrid grid) {
        return Backends.cpu().fromHost(x, F64, grid.shape());
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
