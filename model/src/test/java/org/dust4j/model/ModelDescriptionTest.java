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

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;
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
        assertFailsWith(json.replace("dust4j-model", "other"), "not a dust4j model description: format 'other'");
        assertFailsWith(json.replace("\"version\": 2", "\"version\": 3"),
                "model description version 3 is not supported (this build reads version 2)");
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
    void illTypedOrMissingFieldsAreNamedByTheirPath() {
        String json = example().toJson();
        assertFailsWith(json.replace("\"nside\": 8", "\"nside\": 8.5"),
                "model.grid: field 'nside' must be an integer, got 8.5");
        assertFailsWith(json.replace("\"ordering\": \"NEST\"", "\"ordering\": \"RING\""),
                "model.grid: ordering must be NEST, got 'RING'");
        assertFailsWith(json.replace("\"zCut\"", "\"zcut\""),
                "model.response: missing field 'zCut' (fields: [zcut])");
        assertFailsWith(json.replace("\"stars\": 100", "\"stars\": \"100\""),
                "model.data: field 'stars' must be a number, got the string \"100\"");
        assertFailsWith(json.replace("\"lognormal\"", "\"cauchy\""),
                "model.priors.scale: unknown type 'cauchy' (known: normal, lognormal, inversegamma)");
        assertFailsWith(json.replaceFirst("\"std\": 0.5", "\"std\": null"),
                "model.priors.scale: field 'std' is null");
        Map<String, Object> root = new LinkedHashMap<>(JsonFields.of(Json.parse(json), "model").map());
        root.put("fieldPrior", List.of(root.get("fieldPrior")));
        assertFailsWith(Json.write(root), "model.fieldPrior must be an object, got an array of 1");
        assertFailsWith("[]", "model must be an object, got an array of 0");
        assertFailsWith("{\"format\": ", "JSON: unexpected end of input at line 1, column 12");
    }

    private static void assertFailsWith(String json, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelDescription.fromJson(json));
        assertEquals(message, e.getMessage());
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
