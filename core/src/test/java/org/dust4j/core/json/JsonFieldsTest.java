package org.dust4j.core.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JsonFieldsTest {
    private static final String DOC = """
            {"type": "grid", "name": "g", "scale": 2.5, "n": 3, "big": 4294967296, "none": null,
             "values": [1, -0.5, 2e3], "ints": [4, 5], "sub": {"type": "affine", "origin": 0},
             "list": [{"a": 1}, {"a": 2}], "flag": true}
            """;

    private static JsonFields doc() {
        return JsonFields.of(Json.parse(DOC), "config");
    }

    @Test
    void readsEveryTypeFromAParsedTree() {
        JsonFields f = doc();
        assertEquals("config", f.what());
        assertEquals("grid", f.type("healpix", "grid"));
        assertEquals("g", f.string("name"));
        assertEquals(2.5, f.number("scale"));
        assertEquals(3, f.integer("n"));
        assertEquals(1L << 32, f.longInteger("big"));
        assertArrayEquals(new double[] {1, -0.5, 2000}, f.numbers("values"));
        assertArrayEquals(new int[] {4, 5}, f.integers("ints"));
        assertEquals(Boolean.TRUE, f.get("flag"));
        assertTrue(f.has("none"));
        assertFalse(f.has("absent"));
        JsonFields sub = f.object("sub");
        assertEquals("config.sub", sub.what());
        assertEquals(0.0, sub.number("origin"));
        List<JsonFields> list = f.objects("list");
        assertEquals(2, list.size());
        assertEquals("config.list[1]", list.get(1).what());
        assertEquals(2, list.get(1).integer("a"));
        assertEquals(Map.of("type", "affine", "origin", 0.0), sub.map());
    }

    @Test
    void readsFreshTreesWithAnyNumberType() {
        Map<String, Object> fresh = Json.object("i", 7, "l", 9L, "f", 0.25f, "ints", List.of(1, 2L, 3.0),
                "values", Json.array(new int[] {1, 2}));
        JsonFields f = JsonFields.of(fresh, "fresh");
        assertSame(fresh, f.map());
        assertEquals(7, f.integer("i"));
        assertEquals(9, f.integer("l"));
        assertEquals(0.25, f.number("f"));
        assertArrayEquals(new int[] {1, 2, 3}, f.integers("ints"));
        assertArrayEquals(new double[] {1, 2}, f.numbers("values"));
    }

    @Test
    void missingAndNullFieldsAreNamed() {
        JsonFields f = doc();
        assertFails("config: missing field 'nope' (fields: [type, name, scale, n, big, none, values, ints, sub, list,"
                + " flag])", () -> f.get("nope"));
        assertFails("config: field 'none' is null", () -> f.number("none"));
        assertFails("config.sub: missing field 'spacing' (fields: [type, origin])",
                () -> f.object("sub").number("spacing"));
    }

    @Test
    void wrongTypesNameThePathTheFieldAndTheValue() {
        JsonFields f = doc();
        assertFails("config: field 'name' must be a number, got the string \"g\"", () -> f.number("name"));
        assertFails("config: field 'scale' must be a string, got 2.5", () -> f.string("scale"));
        assertFails("config: field 'scale' must be an integer, got 2.5", () -> f.integer("scale"));
        assertFails("config: field 'scale' must be an integer, got 2.5", () -> f.longInteger("scale"));
        assertFails("config: field 'big' must be an int, got 4294967296", () -> f.integer("big"));
        assertFails("config: field 'n' must be an array, got 3", () -> f.numbers("n"));
        assertFails("config: field 'sub' must be an array, got an object with fields [type, origin]",
                () -> f.integers("sub"));
        assertFails("config: field 'flag' must be a number, got true", () -> f.number("flag"));
        assertFails("config.values must be an object, got an array of 3", () -> f.object("values"));
        assertFails("config.name must be an object, got the string \"g\"", () -> f.object("name"));
        assertFails("config: field 'values' must be a string, got an array of 3", () -> f.string("values"));
        assertFails("config: unknown type 'grid' (known: healpix, cube)", () -> f.type("healpix", "cube"));
        assertFails("config.sub: unknown type 'affine' (known: logarithmic)", () -> f.object("sub").type("logarithmic"));
        assertFails("x: field 'type' must be a string, got 2.5", () -> JsonFields.of(Json.object("type", 2.5), "x")
                .type("a"));
    }

    @Test
    void arrayElementsAreNamedByIndex() {
        JsonFields f = JsonFields.of(Json.parse("{\"v\": [1, \"x\", 3], \"w\": [1, 2.5], \"o\": [{}, 4],"
                + " \"u\": [1, null], \"h\": [1e16]}"), "t");
        assertFails("t: field 'v[1]' must be a number, got the string \"x\"", () -> f.numbers("v"));
        assertFails("t: field 'v[1]' must be a number, got the string \"x\"", () -> f.integers("v"));
        assertFails("t: field 'w[1]' must be an integer, got 2.5", () -> f.integers("w"));
        assertFails("t: field 'h[0]' must be an int, got 1.0E16", () -> f.integers("h"));
        JsonFields big = JsonFields.of(Json.parse("{\"n\": 1e16}"), "t");
        assertFails("t: field 'n' must be an integer of magnitude at most 2^53 (exact as a JSON number), got 1.0E16",
                () -> big.longInteger("n"));
        assertFails("t: field 'u[1]' must be a number, got null", () -> f.numbers("u"));
        assertFails("t.o[1] must be an object, got 4", () -> f.objects("o"));
    }

    @Test
    void offendingValuesAreShownAsJsonWritesThem() {
        JsonFields f = JsonFields.of(Json.parse("{\"q\": \"say \\\"hi\\\"\\\\\\n\", \"w\": -2, \"z\": -0.0,"
                + " \"e\": \"\"}"), "t");
        assertFails("t: field 'q' must be a number, got the string \"say \\\"hi\\\"\\\\\\n\"", () -> f.number("q"));
        assertFails("t: field 'e' must be a number, got the string \"\"", () -> f.number("e"));
        assertFails("t: field 'w' must be a string, got -2", () -> f.string("w"));
        assertFails("t: field 'z' must be a string, got -0.0", () -> f.string("z"));
        JsonFields fresh = JsonFields.of(Json.object("l", Long.MAX_VALUE, "f", 0.1f, "nan", Double.NaN), "fresh");
        assertFails("fresh: field 'l' must be a string, got 9223372036854775807", () -> fresh.string("l"));
        assertFails("fresh: field 'f' must be a string, got 0.10000000149011612", () -> fresh.string("f"));
        assertFails("fresh: field 'nan' must be a string, got NaN", () -> fresh.string("nan"));
    }

    @Test
    void onlyObjectsWithStringKeysAreObjects() {
        assertFails("model must be an object, got an array of 0", () -> JsonFields.of(List.of(), "model"));
        assertFails("model must be an object, got null", () -> JsonFields.of(null, "model"));
        assertFails("model must be an object, got the string \"m\"", () -> JsonFields.of("m", "model"));
        Map<Object, Object> odd = new HashMap<>();
        odd.put(1, "x");
        assertFails("model: keys must be strings, got 1", () -> JsonFields.of(odd, "model"));
    }

    private static void assertFails(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
