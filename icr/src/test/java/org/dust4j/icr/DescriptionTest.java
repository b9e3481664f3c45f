package org.dust4j.icr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.dust4j.core.DType;
import org.dust4j.core.Tensor;
import org.junit.jupiter.api.Test;

/** The structured descriptions of kernels, axis maps, charts and priors: exact round trips and clear errors. */
class DescriptionTest {
    private static final double[] DISTANCES = {0, 1e-3, 0.37, 1, 2.5, 7.3, 19.9};

    static Kernel[] kernels() {
        double[] table = {0.9, 0.8, 0.55, 0.3, 0.11, 0.02, 1e-3};
        return new Kernel[] {Kernel.matern12(1.1, 2.3), Kernel.matern32(0.7, 0.1 + 0.2),
                Kernel.matern52(1.3, 1.1), Kernel.squaredExponential(2.0, 5.0 / 3.0),
                TabulatedKernel.of(1.0, 1e-3, 20, table),
                TabulatedKernel.sample(Kernel.matern32(1.2, 3.0), 1e-4, 20, 257),
                SpectralKernel.of(1.0, 1.0, 3.1, 4.0, 20)};
    }

    static Chart[] charts() {
        return new Chart[] {GridChart.builder().shape0(6).levels(3).build(),
                GridChart.builder().shape0(5, 6).levels(2).spacing(0.5).build(),
                GridChart.builder().shape0(6, 5).levels(1).window(5, 4).axisMap(1, AxisMap.affine(-2.5, 0.3)).build(),
                GridChart.builder().shape0(4, 5, 6).levels(2).axisMap(0, AxisMap.logarithmic(0.3, 1)).build(),
                HealpixChart.builder().nside0(1).levels(2).shells0(4).radialMap(AxisMap.logarithmic(0.4, 0.1 + 0.2))
                        .build(),
                HealpixChart.builder().nside0(2).levels(1).shells0(5).radialMap(AxisMap.affine(1.0, 2.0)).build()};
    }

    /**
     * The tree as a JSON reader returns it: every number a {@code Double}, maps and lists copied; this is what a
     * description read back from a file holds.
     */
    static Object asRead(Object v) {
        return switch (v) {
            case Number n -> n.doubleValue();
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, asRead(x)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(asRead(x)));
                yield out;
            }
            default -> v;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Map<String, Object> m) {
        return (Map<String, Object>) asRead(m);
    }

    @Test
    void everyKernelRoundTripsExactly() {
        for (Kernel k : kernels()) {
            Map<String, Object> m = k.toMap();
            for (Kernel back : new Kernel[] {Kernel.fromMap(m), Kernel.fromMap(read(m))}) {
                assertEquals(k, back, k.describe());
                assertEquals(k.describe(), back.describe());
                assertEquals(m, back.toMap());
                assertEquals(k.getClass(), back.getClass());
                for (double r : DISTANCES) {
                    assertEquals(Double.doubleToLongBits(k.covariance(r)), Double.doubleToLongBits(back.covariance(r)),
                            k.describe() + " at r = " + r);
                }
            }
        }
    }

    @Test
    void kernelTypesAreNamedAsInTheCli() {
        assertEquals("matern12", Kernel.matern12(1, 1).toMap().get("type"));
        assertEquals("matern32", Kernel.matern32(1, 1).toMap().get("type"));
        assertEquals("matern52", Kernel.matern52(1, 1).toMap().get("type"));
        assertEquals("squared_exponential", Kernel.squaredExponential(1, 1).toMap().get("type"));
        Map<String, Object> s = SpectralKernel.of(1.0, 1.0, 3.1, 4.0, 20).toMap();
        assertEquals(Map.of("type", "spectral", "amplitude", 1.0, "alpha", 1.0, "beta", 3.1, "kCutoff", 4.0, "rMax",
                20.0), s);
    }

    @Test
    void tablesAreWrittenInFullAndTellDifferentValuesApart() {
        double[] v = {0.9, 0.8, 0.55, 0.3, 0.11};
        TabulatedKernel a = TabulatedKernel.of(1.0, 1e-3, 20, v);
        double[] w = v.clone();
        w[3] = Math.nextUp(w[3]);
        TabulatedKernel b = TabulatedKernel.of(1.0, 1e-3, 20, w);
        assertEquals(a.describe(), b.describe(), "the human-readable descriptions cannot tell them apart");
        assertNotEquals(a.toMap(), b.toMap());
        assertNotEquals(a, b);
        assertEquals(List.of(0.9, 0.8, 0.55, 0.3, 0.11), a.toMap().get("values"));
        TabulatedKernel back = (TabulatedKernel) Kernel.fromMap(read(b.toMap()));
        assertArrayEquals(w, back.values(), 0);
        assertEquals("table", a.toMap().get("origin"));
        Map<String, Object> noOrigin = new LinkedHashMap<>(a.toMap());
        noOrigin.remove("origin");
        assertEquals(a, Kernel.fromMap(noOrigin));
    }

    @Test
    void everyChartRoundTripsWithIdenticalPositions() {
        for (Chart c : charts()) {
            Map<String, Object> m = c.toMap();
            for (Chart back : new Chart[] {Chart.fromMap(m), Chart.fromMap(read(m))}) {
                assertEquals(c, back, c.describe());
                assertEquals(c.hashCode(), back.hashCode());
                assertEquals(c.describe(), back.describe());
                assertEquals(m, back.toMap());
                for (int l = 0; l <= c.levels(); l++) {
                    assertArrayEquals(c.positions(l), back.positions(l), 0, c.describe() + " level " + l);
                }
            }
        }
        // the charts differ from one another
        Chart[] cs = charts();
        for (int i = 0; i < cs.length; i++) {
            for (int j = i + 1; j < cs.length; j++) {
                assertNotEquals(cs[i], cs[j]);
            }
        }
    }

    @Test
    void axisMapsRoundTrip() {
        for (AxisMap a : new AxisMap[] {AxisMap.linear(0.25), AxisMap.affine(-3, 1.5), AxisMap.logarithmic(0.3, -1)}) {
            AxisMap back = AxisMap.fromMap(read(a.toMap()));
            assertEquals(a, back);
            assertEquals(a.isAffine(), back.isAffine());
            assertEquals(a.toString(), back.toString());
        }
        assertEquals(Map.of("type", "affine", "origin", 0.0, "spacing", 0.25), AxisMap.linear(0.25).toMap());
    }

    @Test
    void priorSpecRebuildsAPriorWithTheSameField() {
        SplittableRandom rnd = new SplittableRandom(11);
        Chart[] charts = {charts()[3], charts()[4]};
        Kernel[] ks = {Kernel.matern32(1.3, 1.7), TabulatedKernel.sample(Kernel.matern52(0.9, 1.2), 1e-4, 60, 300)};
        for (int i = 0; i < charts.length; i++) {
            IcrPrior prior = IcrPrior.builder(charts[i], ks[i]).normalisation(Normalisation.values()[i]).build();
            Map<String, Object> m = prior.spec().toMap();
            assertEquals("icr", m.get("type"));
            IcrPriorSpec spec = IcrPriorSpec.fromMap(read(m));
            assertEquals(prior.spec(), spec);
            IcrPrior rebuilt = spec.build();
            double[] xi = new double[prior.degreesOfFreedom()];
            for (int j = 0; j < xi.length; j++) {
                xi[j] = rnd.nextDouble(-2, 2);
            }
            assertArrayEquals(field(prior, xi), field(rebuilt, xi), 0, charts[i].describe());
        }
    }

    private static double[] field(IcrPrior prior, double[] xi) {
        IcrOperator op = prior.operator(DType.FLOAT64);
        try (Tensor x = Implied.tensor(xi, op.domain().shape(), DType.FLOAT64);
             Tensor f = Implied.tensor(new double[prior.fieldSize()], op.target().shape(), DType.FLOAT64)) {
            op.apply(x, f);
            return f.toDoubleArray();
        } finally {
            op.release();
        }
    }

    private static void assertFails(String[] fragments, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
        }
    }

    @Test
    void badDescriptionsAreRejectedNamingTheFieldAndValue() {
        Map<String, Object> k = new LinkedHashMap<>(Kernel.matern32(1, 2).toMap());
        k.put("type", "cauchy");
        assertFails(new String[] {"kernel", "unknown type 'cauchy'", "matern32", "spectral"}, () -> Kernel.fromMap(k));
        k.put("type", "matern32");
        k.remove("lengthScale");
        assertFails(new String[] {"kernel", "missing field 'lengthScale'"}, () -> Kernel.fromMap(k));
        k.put("lengthScale", "long");
        assertFails(new String[] {"'lengthScale' must be a number", "\"long\""}, () -> Kernel.fromMap(k));
        k.put("lengthScale", -2.0);
        assertFails(new String[] {"lengthScale", "-2.0"}, () -> Kernel.fromMap(k));
        Map<String, Object> t = new LinkedHashMap<>(TabulatedKernel.of(1, 1e-3, 20, new double[] {0.5, 0.2}).toMap());
        t.put("values", List.of(0.5, "x"));
        assertFails(new String[] {"'values[1]' must be a number", "\"x\""}, () -> Kernel.fromMap(t));
        t.put("values", 0.5);
        assertFails(new String[] {"'values' must be an array", "0.5"}, () -> Kernel.fromMap(t));
        assertFails(new String[] {"kernel must be an object", "\"matern32(amplitude=1.0, lengthScale=2.0)\""},
                () -> IcrPriorSpec.fromMap(Map.of("type", "icr", "normalisation", "NONE", "chart",
                        charts()[0].toMap(), "kernel", "matern32(amplitude=1.0, lengthScale=2.0)")));

        Map<String, Object> c = new LinkedHashMap<>(charts()[4].toMap());
        c.put("levels", 1.5);
        assertFails(new String[] {"chart", "'levels' must be an integer", "1.5"}, () -> Chart.fromMap(c));
        c.put("levels", 2);
        c.put("radialMap", Map.of("type", "spline"));
        assertFails(new String[] {"chart.radialMap", "unknown type 'spline'", "affine, logarithmic"},
                () -> Chart.fromMap(c));
        c.put("type", "cube");
        assertFails(new String[] {"chart", "unknown type 'cube'", "grid, healpix"}, () -> Chart.fromMap(c));
        Map<String, Object> g = new LinkedHashMap<>(charts()[3].toMap());
        g.put("axisMaps", List.of(AxisMap.linear(1).toMap()));
        assertFails(new String[] {"1 axisMaps for 3 axes"}, () -> Chart.fromMap(g));
        g.put("axisMaps", List.of(AxisMap.linear(1).toMap(), AxisMap.linear(1).toMap(), Map.of("type", "affine")));
        assertFails(new String[] {"chart.axisMaps[2]", "missing field 'origin'"}, () -> Chart.fromMap(g));

        Map<String, Object> p = new LinkedHashMap<>(new IcrPriorSpec(charts()[0], Kernel.matern12(1, 1),
                Normalisation.NONE).toMap());
        p.put("normalisation", "APPROXIMATE");
        assertFails(new String[] {"unknown normalisation 'APPROXIMATE'", "EXACT_VARIANCE"},
                () -> IcrPriorSpec.fromMap(p));
        p.put("type", "inducing");
        assertFails(new String[] {"field prior", "unknown type 'inducing'"}, () -> IcrPriorSpec.fromMap(p));
        p.remove("type");
        assertFails(new String[] {"field prior", "missing field 'type'"}, () -> IcrPriorSpec.fromMap(p));
    }

    @Test
    void objectsWithoutAStructuredFormSayHowToProceed() {
        AxisMap custom = u -> 1 + u * u;
        Chart chart = GridChart.builder().shape0(4).levels(1).axisMap(0, custom).build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, chart::toMap);
        assertTrue(e.getMessage().contains("AxisMap.affine"), e.getMessage());
        Kernel own = new Kernel() {
            @Override
            public double covariance(double r) {
                return 1 / (1 + r * r);
            }

            @Override
            public String describe() {
                return "cauchy";
            }
        };
        e = assertThrows(UnsupportedOperationException.class, own::toMap);
        assertTrue(e.getMessage().contains("TabulatedKernel.sample"), e.getMessage());
        Kernel tab = TabulatedKernel.sample(own, 1e-3, 10, 64);
        assertEquals(tab, Kernel.fromMap(tab.toMap()));
        assertTrue(tab.toMap().get("origin").toString().contains("cauchy"));
    }
}
