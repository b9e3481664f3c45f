package org.dust4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dust4j.icr.AxisMap;
import org.dust4j.icr.HealpixChart;
import org.dust4j.icr.IcrPriorSpec;
import org.dust4j.icr.Normalisation;
import org.dust4j.icr.TabulatedKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDescriptionTest {
    private static ModelDescription example() {
        SphericalGrid grid = SphericalGrid.builder().nside(8).range(69, 1250).shells(516).padding(64, 192).build();
        StarData stars = ResponseFixtures.randomStars(grid, 100, 0.05, 0.2, 3);
        Map<String, Object> field = new LinkedHashMap<>();
        field.put("kernel", Map.of("type", "matern", "nu", 1.5, "scale", 40.0));
        field.put("levels", 3.0);
        field.put("note", "chart \"HEALPix x log r\"\n");
        field.put("nothing", null);
        return ModelDescription.edenhofer2024(grid, field, ModelDescription.Data.of("catalog.fits", 69, 1250, stars));
    }

    @Test
    void roundTripsExactlyThroughJsonAndFiles(@TempDir Path dir) throws Exception {
        ModelDescription m = example();
        String json = m.toJson();
        ModelDescription back = ModelDescription.fromJson(json);
        assertEquals(m, back);
        assertArrayEquals(m.grid().boundaries(), back.grid().boundaries(), 0, "boundaries bit-exact");
        assertEquals(json, back.toJson());
        Path f = dir.resolve("model.json");
        m.write(f);
        assertEquals(m, ModelDescription.read(f));
        assertTrue(Files.readString(f).contains("\"inversegamma\""));
    }

    @Test
    void dataFingerprintDetectsOtherStars() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 50, 1000, 10);
        StarData a = ResponseFixtures.randomStars(grid, 50, 0.05, 0.2, 1);
        StarData b = ResponseFixtures.randomStars(grid, 50, 0.05, 0.2, 2);
        ModelDescription.Data d = ModelDescription.Data.of("x", 50, 1000, a);
        d.verify(a);
        assertNotEquals(d.sha256(), ModelDescription.Data.fingerprint(b));
        assertThrows(IllegalArgumentException.class, () -> d.verify(b));
    }

    @Test
    void rejectsForeignOrNewerDocuments() {
        String json = example().toJson();
        assertThrows(IllegalArgumentException.class,
                () -> ModelDescription.fromJson(json.replace("dust4j-model", "other")));
        assertThrows(IllegalArgumentException.class,
                () -> ModelDescription.fromJson(json.replace("\"version\": 2", "\"version\": 3")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDescription.fromJson(json.replace("\"lognormal\"", "\"cauchy\"")));
        assertTrue(e.getMessage().contains("cauchy"), e.getMessage());
    }

    @Test
    void versionOneDescriptionsAreRefusedWithTheReason() {
        String json = example().toJson().replace("\"version\": 2", "\"version\": 1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDescription.fromJson(json));
        assertTrue(e.getMessage().contains("version 1 is no longer read"), e.getMessage());
        assertTrue(e.getMessage().contains("description strings"), e.getMessage());
    }

    @Test
    void icrFieldPriorRoundTripsAndRebuildsTheSpec() {
        SphericalGrid grid = SphericalGrid.logSpaced(2, 50, 1000, 10);
        StarData stars = ResponseFixtures.randomStars(grid, 20, 0.05, 0.2, 4);
        HealpixChart chart = HealpixChart.builder().nside0(1).levels(1).shells0(9)
                .radialMap(AxisMap.logarithmic(0.3, Math.log(50))).build();
        double[] table = {0.95, 0.7, 0.4, 0.1 + 0.2, 0.05};
        IcrPriorSpec spec = new IcrPriorSpec(chart, TabulatedKernel.of(1, 0.1, 3000, table),
                Normalisation.EXACT_VARIANCE);
        ModelDescription m = ModelDescription.edenhofer2024(grid, spec.toMap(),
                ModelDescription.Data.of("x", 50, 1000, stars));
        ModelDescription back = ModelDescription.fromJson(m.toJson());
        assertEquals(m, back, "the fresh tree (integers) equals the read one (doubles)");
        assertEquals(m.toJson(), back.toJson());
        assertEquals(spec, IcrPriorSpec.fromMap(back.fieldPrior()));
        assertTrue(m.toJson().contains("0.30000000000000004"), "doubles are written exactly");
        // another table value: another description
        double[] other = table.clone();
        other[2] = Math.nextDown(other[2]);
        ModelDescription m2 = ModelDescription.edenhofer2024(grid, new IcrPriorSpec(chart,
                TabulatedKernel.of(1, 0.1, 3000, other), Normalisation.EXACT_VARIANCE).toMap(), m.data());
        assertNotEquals(m, m2);
        assertNotEquals(m.toJson(), m2.toJson());
    }

    @Test
    void canonicalTreesCompareByTheirJson() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("n", 3);
        a.put("l", List.of(1L, 2.5f));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("n", 3.0);
        b.put("l", List.of(1.0, 2.5));
        assertEquals(Json.canonical(a), Json.canonical(b));
        assertEquals(Json.canonical(a), Json.parse(Json.write(a)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.canonical(Map.of("x", new int[] {1})));
        assertTrue(e.getMessage().contains("cannot write"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.canonical(List.of(Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> Json.canonical(Map.of(1, 2)));
    }

    @Test
    void jsonParsesAndWritesTheWholeGrammar() {
        Object v = Json.parse(" {\"a\": [1, -2.5e-3, true, false, null, \"x\\u00e9\\n\\\"\"], \"b\": {}} ");
        Map<String, Object> o = Json.object(v, "doc");
        List<?> a = (List<?>) o.get("a");
        assertEquals(List.of(1.0, -2.5e-3, true, false), a.subList(0, 4));
        assertEquals(null, a.get(4));
        assertEquals("x\u00e9\n\"", a.get(5));
        assertEquals(v, Json.parse(Json.write(v)));
        for (double d : new double[] {0.1, 1e-300, -0.0, 123456789.0, Math.PI, Double.MIN_VALUE, 9007199254740993.0}) {
            assertEquals(d, (Double) Json.parse(Json.write(d)), 0, "round trip of " + d);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        for (String bad : new String[] {"{", "[1,]", "{\"a\" 1}", "01", "\"abc", "{\"a\":1,\"a\":2}", "tru", "1 2"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\n  \"a\": x}"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void scalarPriorsHaveTheirStatedMoments() {
        ScalarPrior.LogNormal scl = new ScalarPrior.LogNormal(1, 0.5);
        double mean = 0;
        double sq = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            double xi = org.dust4j.model.stats.Normal.quantile((i + 0.5) / n);
            double x = scl.value(xi);
            mean += x / n;
            sq += x * x / n;
        }
        assertEquals(1, mean, 1e-4);
        assertEquals(0.5, Math.sqrt(sq - mean * mean), 1e-3);
        ScalarPrior off = new ScalarPrior.Normal(-6.91, 1);
        assertEquals(-6.91 + 2, off.value(2), 1e-15);
        ScalarPrior noise = new ScalarPrior.InverseGammaPrior(3, 4);
        for (ScalarPrior p : List.of(scl, off, noise)) {
            for (double xi = -4; xi <= 4; xi += 0.5) {
                double h = 1e-5;
                double fd = (p.value(xi + h) - p.value(xi - h)) / (2 * h);
                assertEquals(fd, p.derivative(xi), 1e-7 * Math.max(1, Math.abs(fd)), p + " at " + xi);
            }
            assertEquals(p, ScalarPrior.fromJson(p.toJson()));
        }
    }
}
