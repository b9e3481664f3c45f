package org.dust4j.icr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reading and writing of the structured descriptions of kernels, axis maps, charts and priors: trees of
 * {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@link String}, {@link Number} and
 * {@link Boolean}, the shape a JSON reader produces. Numbers are accepted as any {@link Number} (a JSON reader gives
 * {@code Double}, a fresh description {@code Integer} or {@code Double}). Every error names the object ({@code what},
 * e.g. {@code "chart.radialMap"}), the field and the offending value.
 */
final class MapFields {
    private final Map<?, ?> map;
    private final String what;

    private MapFields(Map<?, ?> map, String what) {
        this.map = map;
        this.what = what;
    }

    /** {@code value} as an object called {@code what}. */
    static MapFields of(Object value, String what) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " must be an object, got " + show(value));
        }
        return new MapFields(m, what);
    }

    /** The object's name in messages. */
    String what() {
        return what;
    }

    /** Whether the field is present (possibly null). */
    boolean has(String key) {
        return map.containsKey(key);
    }

    /** The field's value, which must be present and not null. */
    Object get(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException(what + ": " + (map.containsKey(key) ? "field '" + key + "' is null"
                    : "missing field '" + key + "' (fields: " + map.keySet() + ")"));
        }
        return v;
    }

    /** The field "type", which must be one of {@code known}. */
    String type(String... known) {
        String t = string("type");
        if (!Arrays.asList(known).contains(t)) {
            throw new IllegalArgumentException(what + ": unknown type '" + t + "' (known: " + String.join(", ", known)
                    + ")");
        }
        return t;
    }

    String string(String key) {
        if (get(key) instanceof String s) {
            return s;
        }
        throw typeError(key, "a string", map.get(key));
    }

    double number(String key) {
        return toDouble(get(key), key);
    }

    int integer(String key) {
        return toInt(get(key), key);
    }

    long longInteger(String key) {
        return toLong(get(key), key);
    }

    /** The field as an object; its name in messages is {@code what.key}. */
    MapFields object(String key) {
        return of(get(key), what + "." + key);
    }

    double[] numbers(String key) {
        List<?> l = list(key);
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toDouble(l.get(i), key + "[" + i + "]");
        }
        return out;
    }

    int[] integers(String key) {
        List<?> l = list(key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toInt(l.get(i), key + "[" + i + "]");
        }
        return out;
    }

    /** The field as an array of objects, named {@code what.key[i]}. */
    List<MapFields> objects(String key) {
        List<?> l = list(key);
        List<MapFields> out = new ArrayList<>(l.size());
        for (int i = 0; i < l.size(); i++) {
            out.add(of(l.get(i), what + "." + key + "[" + i + "]"));
        }
        return out;
    }

    private List<?> list(String key) {
        if (get(key) instanceof List<?> l) {
            return l;
        }
        throw typeError(key, "an array", map.get(key));
    }

    private double toDouble(Object v, String field) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw typeError(field, "a number", v);
    }

    private long toLong(Object v, String field) {
        double d = toDouble(v, field);
        if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
            throw typeError(field, "an integer", v);
        }
        return (long) d;
    }

    private int toInt(Object v, String field) {
        long l = toLong(v, field);
        if (l != (int) l) {
            throw typeError(field, "an int", v);
        }
        return (int) l;
    }

    private IllegalArgumentException typeError(String field, String expected, Object got) {
        return new IllegalArgumentException(what + ": field '" + field + "' must be " + expected + ", got "
                + show(got));
    }

    private static String show(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string \"" + s + "\"";
            case Map<?, ?> m -> "an object with fields " + m.keySet();
            case List<?> l -> "an array of " + l.size();
            default -> v.toString();
        };
    }

    // ---------------------------------------------------------------- writing

    /** An insertion-ordered, unmodifiable map of the given key-value pairs. */
    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The values as an unmodifiable list of {@code Double}s. */
    static List<Object> list(double[] values) {
        return List.copyOf(Arrays.stream(values).boxed().toList());
    }

    /** The values as an unmodifiable list of {@code Integer}s. */
    static List<Object> list(int[] values) {
        return List.copyOf(Arrays.stream(values).boxed().toList());
    }
}
