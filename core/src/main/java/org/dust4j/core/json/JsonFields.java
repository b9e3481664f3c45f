package org.dust4j.core.json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Typed reading of one object of a JSON tree (the {@code Map<String, Object>} / {@code List<Object>} / {@link String}
 * / {@link Number} / {@link Boolean} trees {@link Json#parse} returns or a caller builds), with a name for messages.
 * Numbers are accepted as any {@link Number} (the reader gives {@code Double}s, a fresh tree may hold
 * {@code Integer}s); integers must have no fraction and fit the requested type. Nested objects are named by their path
 * ({@code "model.grid"}, {@code "chart.axisMaps[2]"}), and every error names the object, the field and the offending
 * value, a string or number as JSON writes it, e.g. {@code chart.radialMap: field 'a' must be a number, got the string
 * "x"} or {@code field 'n' must be an array, got 3}.
 */
public final class JsonFields {
    private final Map<String, Object> map;
    private final String what;

    private JsonFields(Map<String, Object> map, String what) {
        this.map = map;
        this.what = what;
    }

    /**
     * {@code value} as an object called {@code what} in messages.
     *
     * @throws IllegalArgumentException if {@code value} is not a map with string keys
     */
    @SuppressWarnings("unchecked")
    public static JsonFields of(Object value, String what) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " must be an object, got " + show(value));
        }
        for (Object key : m.keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException(what + ": keys must be strings, got " + show(key));
            }
        }
        return new JsonFields((Map<String, Object>) m, what);
    }

    /** The object's name in messages (its path from the root). */
    public String what() {
        return what;
    }

    /** The object itself (not a copy; unmodifiable when it came from {@link Json#parse}). */
    public Map<String, Object> map() {
        return map;
    }

    /** Whether the field is present (possibly null). */
    public boolean has(String key) {
        return map.containsKey(key);
    }

    /**
     * The field's value.
     *
     * @throws IllegalArgumentException if it is missing (the message lists the fields present) or null
     */
    public Object get(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException(what + ": " + (map.containsKey(key) ? "field '" + key + "' is null"
                    : "missing field '" + key + "' (fields: " + map.keySet() + ")"));
        }
        return v;
    }

    /**
     * The string field "type", which must be one of {@code known}.
     *
     * @throws IllegalArgumentException for another type, listing the known ones
     */
    public String type(String... known) {
        String t = string("type");
        if (!Arrays.asList(known).contains(t)) {
            throw new IllegalArgumentException(what + ": unknown type '" + t + "' (known: " + String.join(", ", known)
                    + ")");
        }
        return t;
    }

    /** The field as a string. */
    public String string(String key) {
        return typed(key, String.class, "a string");
    }

    /** The field as a number (any {@link Number}). */
    public double number(String key) {
        return toDouble(get(key), key);
    }

    /** The field as an int: a number without fraction in the int range. */
    public int integer(String key) {
        return toInt(get(key), key);
    }

    /** The field as a long: a number without fraction, at most 2^53 in magnitude (exact as a double). */
    public long longInteger(String key) {
        return toLong(get(key), key);
    }

    /** The field as an object, named {@code what.key} in messages. */
    public JsonFields object(String key) {
        return of(get(key), what + "." + key);
    }

    /** The field as an array of numbers; an element that is not one is named {@code key[i]} in the message. */
    public double[] numbers(String key) {
        List<?> l = typed(key, List.class, "an array");
        return IntStream.range(0, l.size()).mapToDouble(i -> toDouble(l.get(i), key + "[" + i + "]")).toArray();
    }

    /** The field as an array of ints. */
    public int[] integers(String key) {
        List<?> l = typed(key, List.class, "an array");
        return IntStream.range(0, l.size()).map(i -> toInt(l.get(i), key + "[" + i + "]")).toArray();
    }

    /** The field as an array of objects, named {@code what.key[i]}. */
    public List<JsonFields> objects(String key) {
        List<?> l = typed(key, List.class, "an array");
        return IntStream.range(0, l.size()).mapToObj(i -> of(l.get(i), what + "." + key + "[" + i + "]")).toList();
    }

    /** The field, which must be present, not null and of {@code type} (named {@code expected} in the message). */
    private <T> T typed(String key, Class<T> type, String expected) {
        Object v = get(key);
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        throw typeError(key, expected, v);
    }

    private double toDouble(Object v, String field) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw typeError(field, "a number", v);
    }

    /** The value as a double without fraction: an integer. */
    private double integral(Object v, String field) {
        double d = toDouble(v, field);
        if (d != Math.rint(d)) {
            throw typeError(field, "an integer", v);
        }
        return d;
    }

    private long toLong(Object v, String field) {
        double d = integral(v, field);
        if (Math.abs(d) > 0x1p53) {
            throw typeError(field, "an integer of magnitude at most 2^53 (exact as a JSON number)", v);
        }
        return (long) d;
    }

    private int toInt(Object v, String field) {
        double d = integral(v, field);
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw typeError(field, "an int", v);
        }
        return (int) d;
    }

    private IllegalArgumentException typeError(String field, String expected, Object got) {
        return new IllegalArgumentException(what + ": field '" + field + "' must be " + expected + ", got "
                + show(got));
    }

    /**
     * The value as a message shows it: a string, number or boolean as JSON writes it (a string quoted and escaped, a
     * whole number without fraction: {@code 3}, not {@code 3.0}), an object by its fields, an array by its length;
     * a non-finite number or a value of another type by its {@code toString}.
     */
    private static String show(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "the string " + Json.writeCompact(s);
            case Number n when !Double.isFinite(n.doubleValue()) -> n.toString();
            case Number n -> Json.writeCompact(n);
            case Map<?, ?> m -> "an object with fields " + m.keySet();
            case List<?> l -> "an array of " + l.size();
            default -> v.toString();
        };
    }
}
