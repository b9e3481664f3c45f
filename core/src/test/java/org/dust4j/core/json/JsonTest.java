package org.dust4j.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesTheWholeGrammar() {
        Object v = Json.parse(" {\"a\": [1, -2.5e-3, true, false, null, \"x\\u00e9\\n\\\"\\/\\b\\f\\r\\t\\\\\"],"
                + " \"b\": {}, \"c\": [], \"d\": 1E+2} ");
        Map<?, ?> o = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(o.keySet()), "insertion order");
        List<?> a = (List<?>) o.get("a");
        assertEquals(List.of(1.0, -2.5e-3, true, false), a.subList(0, 4));
        assertNull(a.get(4));
        assertEquals("x\u00e9\n\"/\b\f\r\t\\", a.get(5));
        assertEquals(Map.of(), o.get("b"));
        assertEquals(List.of(), o.get("c"));
        assertEquals(100.0, o.get("d"));
    }

    @Test
    void parsedTreesAreUnmodifiable() {
        Map<?, ?> o = (Map<?, ?>) Json.parse("{\"a\": [1], \"b\": {\"c\": 2}}");
        assertThrows(UnsupportedOperationException.class, () -> o.remove("a"));
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) o.get("a");
        assertThrows(UnsupportedOperationException.class, () -> a.add(2.0));
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) o.get("b");
        assertThrows(UnsupportedOperationException.class, () -> b.put("d", 3.0));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) Json.parse("{}")).clear());
    }

    @Test
    void parseErrorsNameTheProblemAndItsPosition() {
        assertParseError("{", "unexpected end of input", 1, 2);
        assertParseError("[1,]", "unexpected character ']'", 1, 4);
        assertParseError("{\"a\" 1}", "expected ':'", 1, 6);
        assertParseError("01", "malformed number '01'", 1, 1);
        assertParseError("1.", "malformed number '1.'", 1, 1);
        assertParseError("-", "malformed number '-'", 1, 1);
        assertParseError("1e999", "number '1e999' is beyond the double range", 1, 1);
        assertParseError("\"abc", "unexpected end of input", 1, 5);
        assertParseError("{\"a\":1,\n \"a\":2}", "duplicate key 'a'", 2, 2);
        assertParseError("tru", "unexpected token", 1, 1);
        assertParseError("1 2", "unexpected trailing characters", 1, 3);
        assertParseError("[1 2]", "expected ',' or ']'", 1, 4);
        assertParseError("{\"a\":1 \"b\":2}", "expected ',' or '}'", 1, 8);
        assertParseError("{1:2}", "expected a string key", 1, 2);
        assertParseError("\"a\\qb\"", "bad escape '\\q'", 1, 3);
        assertParseError("\"\\u12x4\"", "bad \\u escape '\\u12x4'", 1, 4);
        assertParseError("\"\\u1", "truncated \\u escape", 1, 4);
        assertParseError("\"a\tb\"", "control character in string", 1, 3);
        assertParseError("", "unexpected end of input", 1, 1);
        assertParseError("{\n  \"a\": x}", "unexpected character 'x'", 2, 8);
    }

    private static void assertParseError(String text, String message, int line, int column) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
        assertEquals("JSON: " + message + " at line " + line + ", column " + column, e.getMessage(), text);
    }

    @Test
    void everyDoubleRoundTripsExactly() {
        for (double d : new double[] {0.1, 1e-300, -0.0, 0.0, 123456789.0, -42, Math.PI, Double.MIN_VALUE,
                Double.MAX_VALUE, -Double.MAX_VALUE, 9007199254740993.0, 0x1p53, 0x1p53 + 2, 1e22, 0.30000000000000004}) {
            Object back = Json.parse(Json.write(d));
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back), "round trip of " + d);
            assertEquals(Double.doubleToRawLongBits(d),
                    Double.doubleToRawLongBits((Double) Json.parse(Json.writeAscii(d))), "compact round trip of " + d);
        }
        assertEquals("3\n", Json.write(3.0), "integers print without a fraction");
        assertEquals("-0.0\n", Json.write(-0.0), "negative zero keeps its sign");
        assertEquals("0.1", Json.writeAscii(0.1));
    }

    @Test
    void longsAndIntsAreWrittenAsExactIntegers() {
        assertEquals("9223372036854775807", Json.writeAscii(Long.MAX_VALUE), "a 64-bit seed keeps every digit");
        assertEquals("-9007199254740993", Json.writeAscii(-9007199254740993L));
        assertEquals("{\"seed\":42,\"n\":-7}", Json.writeAscii(Json.object("seed", 42L, "n", -7)));
        assertEquals(9.223372036854775807e18, (Double) Json.parse(Json.write(Long.MAX_VALUE)), 0,
                "read back as the nearest double");
    }

    @Test
    void writersRefuseWhatJsonCannotRepresent() {
        for (Object bad : new Object[] {Double.NaN, Double.POSITIVE_INFINITY, List.of(1.0, Float.NEGATIVE_INFINITY),
                Map.of(1, 2), Map.of("x", new int[] {1}), new Object()}) {
            assertThrows(IllegalArgumentException.class, () -> Json.write(bad), String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> Json.writeAscii(bad), String.valueOf(bad));
            assertThrows(IllegalArgumentException.class, () -> Json.canonical(bad), String.valueOf(bad));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.write(Map.of("x", new int[] {1})));
        assertTrue(e.getMessage().contains("cannot write [I as JSON"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertTrue(e.getMessage().contains("keys must be strings, got 1 (java.lang.Integer)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN)));
        assertEquals("JSON has no representation for NaN", e.getMessage());
    }

    @Test
    void writesIndentedAndCompactLayouts() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("name", "r\u00e9gion \"A\"\n");
        tree.put("values", List.of(1, 2.5, true));
        tree.put("empty", Map.of());
        tree.put("none", List.of());
        tree.put("items", List.of(Map.of("k", "v"), "s"));
        tree.put("null", null);
        assertEquals("""
                {
                  "name": "r\u00e9gion \\"A\\"\\n",
                  "values": [1, 2.5, true],
                  "empty": {},
                  "none": [],
                  "items": [
                    {
                      "k": "v"
                    },
                    "s"
                  ],
                  "null": null
                }
                """, Json.write(tree));
        assertEquals("{\"name\":\"r\\u00e9gion \\\"A\\\"\\n\",\"values\":[1,2.5,true],\"empty\":{},\"none\":[],"
                + "\"items\":[{\"k\":\"v\"},\"s\"],\"null\":null}", Json.writeAscii(tree));
        assertEquals(Json.canonical(tree), Json.parse(Json.write(tree)));
        assertEquals(Json.canonical(tree), Json.parse(Json.writeAscii(tree)));
    }

    @Test
    void asciiWriterEscapesEverythingOutsidePrintableAscii() {
        String s = "\u0000\u001f \u007e\u007f\u00e9\u2014\ud83d\ude00\b\f";
        String w = Json.writeAscii(s);
        assertEquals("\"\\u0000\\u001f ~\\u007f\\u00e9\\u2014\\ud83d\\ude00\\b\\f\"", w);
        assertTrue(w.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), w);
        assertEquals(s, Json.parse(w));
        assertEquals("\"\u007f\u00e9\"\n", Json.write("\u007f\u00e9"), "the indented writer keeps non-ASCII text");
    }

    @Test
    void canonicalTreesCompareByTheirJson() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("n", 3);
        a.put("l", List.of(1L, 2.5f));
        a.put("s", null);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("n", 3.0);
        b.put("l", List.of(1.0, 2.5));
        b.put("s", null);
        Object ca = Json.canonical(a);
        assertEquals(ca, Json.canonical(b));
        assertEquals(ca, Json.parse(Json.write(a)));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) ca).clear());
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) ((Map<?, ?>) ca).get("l")).clear());
        Map<String, Object> reordered = new LinkedHashMap<>();
        reordered.put("l", b.get("l"));
        reordered.put("n", 3.0);
        reordered.put("s", null);
        assertEquals(List.of("l", "n", "s"), List.copyOf(((Map<?, ?>) Json.canonical(reordered)).keySet()),
                "insertion order kept");
    }

    @Test
    void buildsObjectsAndArrays() {
        Map<String, Object> o = Json.object("b", 1, "a", null, "c", Json.array(new double[] {0.5, -0.0}),
                "d", Json.array(new int[] {3, 4}));
        assertEquals(List.of("b", "a", "c", "d"), List.copyOf(o.keySet()));
        assertNull(o.get("a"));
        assertEquals(List.of(0.5, -0.0), o.get("c"));
        assertEquals(List.of(3, 4), o.get("d"));
        assertThrows(UnsupportedOperationException.class, () -> o.put("e", 1));
        assertThrows(UnsupportedOperationException.class, () -> Json.array(new double[] {1}).add(2.0));
        assertThrows(UnsupportedOperationException.class, () -> Json.array(new int[] {1}).add(2));
        double[] source = {1, 2};
        List<Object> copy = Json.array(source);
        source[0] = 9;
        assertEquals(List.of(1.0, 2.0), copy, "a copy, not a view");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.object("a", 1, "b"))
                .getMessage().contains("key-value pairs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.object("a", 1, "a", 2))
                .getMessage().contains("duplicate key 'a'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.object(1, 2))
                .getMessage().contains("keys must be strings"));
        assertEquals("{\"x\":[1,2]}", Json.writeAscii(Json.object("x", new ArrayList<>(List.of(1.0, 2)))));
    }
}
