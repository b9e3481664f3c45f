package org.dust4j.mgvi.dust.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.dust4j.model.SphericalGrid;
import org.junit.jupiter.api.Test;

class SyntheticTest {
    /** Composite Simpson quadrature of the density along a ray, 20000 intervals. */
    private static double simpson(SyntheticDust f, double nx, double ny, double nz, double d) {
        int n = 20000;
        double h = d / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * f.density(t * nx, t * ny, t * nz);
        }
        return sum * h / 3;
    }

    @Test
    void lineIntegralsAreExact() {
        SyntheticDust f = SyntheticDust.standard(7, 30, 800);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 40; i++) {
            double z = 2 * rng.nextDouble() - 1;
            double phi = 2 * Math.PI * rng.nextDouble();
            double s = Math.sqrt(1 - z * z);
            double d = 50 + 900 * rng.nextDouble();
            double exact = f.lineIntegral(s * Math.cos(phi), s * Math.sin(phi), z, d);
            double quad = simpson(f, s * Math.cos(phi), s * Math.sin(phi), z, d);
            assertEquals(quad, exact, 1e-7 * quad, "ray " + i);
        }
        // through a cloud's centre: its whole column plus the background
        SyntheticDust one = new SyntheticDust(0, 100, List.of(new SyntheticDust.Cloud(300, 0, 0, 20, 0.01)));
        assertEquals(one.clouds().get(0).centralColumn(), one.lineIntegral(1, 0, 0, 2000), 1e-12);
        assertEquals(one.clouds().get(0).centralColumn() / 2, one.lineIntegral(1, 0, 0, 300), 1e-12);
        // the background in the plane is rho0 d, continuous as n_z -> 0
        SyntheticDust bg = new SyntheticDust(2e-3, 100, List.of());
        assertEquals(2e-3 * 500, bg.lineIntegral(1, 0, 0, 500), 1e-15);
        assertEquals(2e-3 * 500, bg.lineIntegral(1, 0, 1e-14, 500), 1e-12);
        assertEquals(2e-3 * 100 * (1 - Math.exp(-5)), bg.lineIntegral(0, 0, -1, 500), 1e-15);
    }

    @Test
    void columnsAndVoxelMeansAgree() {
        SyntheticDust f = SyntheticDust.standard(1, 20, 500);
        SphericalGrid g = SphericalGrid.logSpaced(2, 40, 500, 10);
        double[] col = f.columns(g, 1);
        double[] vox = SyntheticDust.voxelMeans(g, col);
        for (int p = 0; p < g.npix(); p++) {
            double sum = col[p * 11];
            for (int k = 0; k < 10; k++) {
                sum += vox[p * 10 + k] * g.shellWidth(k);
                assertTrue(vox[p * 10 + k] > 0);
            }
            assertEquals(col[p * 11 + 10], sum, 1e-12 * sum);
        }
    }

    @Test
    void surveysAreDeterministicAndFollowTheirSettings() {
        SyntheticDust f = SyntheticDust.standard(1, 20, 1000);
        SyntheticSurvey.Settings s = SyntheticSurvey.Settings.of(2000, 1000, 5);
        SyntheticSurvey a = SyntheticSurvey.observe(f, s);
        SyntheticSurvey b = SyntheticSurvey.observe(f, s);
        assertArrayEquals(a.catalog().parallax(), b.catalog().parallax());
        assertArrayEquals(a.catalog().extinction(), b.catalog().extinction());
        SyntheticSurvey c = SyntheticSurvey.observe(f, new SyntheticSurvey.Settings(2000, 0, 1000, 0.05, 0.2, 0.03,
                0.1, 0, 1, 6));
        assertNotEquals(a.catalog().parallax()[0], c.catalog().parallax()[0]);
        double[] w = a.catalog().parallax();
        double[] sw = a.catalog().parallaxError();
        double[] ext = a.catalog().extinction();
        double[] se = a.catalog().extinctionError();
        double pull = 0;
        double pullA = 0;
        int inner = 0;
        for (int i = 0; i < 2000; i++) {
            double d = a.trueDistance(i);
            assertTrue(d > 0 && d <= 1000);
            inner += d < 500 ? 1 : 0;
            double frac = sw[i] / (1000 / d);
            assertTrue(frac >= 0.05 && frac <= 0.2, "parallax error fraction " + frac);
            assertTrue(se[i] >= 0.03 && se[i] <= 0.1);
            pull += Math.pow((w[i] - 1000 / d) / sw[i], 2);
            pullA += Math.pow((ext[i] - a.trueExtinction(i)) / se[i], 2);
            assertEquals(f.lineIntegral(Math.cos(Math.toRadians(a.catalog().b()[i])) * Math.cos(Math.toRadians(
                    a.catalog().l()[i])), Math.cos(Math.toRadians(a.catalog().b()[i])) * Math.sin(Math.toRadians(
                    a.catalog().l()[i])), Math.sin(Math.toRadians(a.catalog().b()[i])), d), a.trueExtinction(i),
                    1e-9);
        }
        // uniform in volume: 1/8 of the stars inside half the radius (binomial sd ~ 15)
        assertEquals(250, inner, 60);
        // unit-variance noise: chi^2/n within 5 standard errors (sqrt(2/n) = 0.032) of 1
        assertEquals(1, pull / 2000, 0.16);
        assertEquals(1, pullA / 2000, 0.16);
    }

    @Test
    void skyBoxesAndConcatenation() {
        SyntheticDust f = SyntheticDust.standard(1, 20, 1000);
        SyntheticSurvey.Settings s = SyntheticSurvey.Settings.of(500, 1000, 5);
        // the whole-sky box is the default draw, bit for bit
        assertArrayEquals(SyntheticSurvey.observe(f, s).catalog().l(),
                SyntheticSurvey.observe(f, s, SyntheticSurvey.Sky.ALL).catalog().l());
        SyntheticSurvey.Sky box = new SyntheticSurvey.Sky(50, 90, -10, 10);
        SyntheticSurvey t = SyntheticSurvey.observe(f, s.withDistances(100, 600).withParallaxErrors(0.01, 0.02), box);
        int north = 0;
        for (int i = 0; i < 500; i++) {
            double l = t.catalog().l()[i];
            double b = t.catalog().b()[i];
            assertTrue(l >= 50 && l <= 90 && b >= -10 && b <= 10, "(" + l + ", " + b + ") outside the box");
            assertTrue(t.trueDistance(i) >= 100 && t.trueDistance(i) <= 600);
            double frac = t.catalog().parallaxError()[i] * t.trueDistance(i) / 1000;
            assertTrue(frac >= 0.01 && frac <= 0.02, "parallax error fraction " + frac);
            north += b > 0 ? 1 : 0;
        }
        assertEquals(250, north, 60);
        SyntheticSurvey a = SyntheticSurvey.observe(f, s);
        SyntheticSurvey both = SyntheticSurvey.concat(a, t);
        assertEquals(1000, both.catalog().size());
        assertEquals(List.of(new SyntheticSurvey.Part(s, SyntheticSurvey.Sky.ALL), t.parts().get(0)), both.parts());
        for (int i : new int[] {0, 499, 500, 999}) {
            SyntheticSurvey from = i < 500 ? a : t;
            int j = i < 500 ? i : i - 500;
            assertEquals(from.catalog().extinction()[j], both.catalog().extinction()[i]);
            assertEquals(from.catalog().parallax()[j], both.catalog().parallax()[i]);
            assertEquals(from.trueDistance(j), both.trueDistance(i));
            assertEquals(from.trueExtinction(j), both.trueExtinction(i));
        }
        SyntheticSurvey other = SyntheticSurvey.observe(SyntheticDust.standard(2, 20, 1000), s);
        assertThrows(IllegalArgumentException.class, () -> SyntheticSurvey.concat(a, other));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticSurvey.Sky(90, 50, -10, 10));
    }
}
