package org.dust4j.core.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer (RFC 8259) for descriptions, configurations and provenance. Values map to Java as:
 * object to {@code Map<String, Object>} (insertion-ordered), array to {@code List<Object>}, string to
 * {@link String}, number to {@link Double}, true/false to {@link Boolean}, null to {@code null}. The writers accept
 * any {@link Number} and write its double value with {@link Double#toString}, so every double survives a round trip
 * exactly (integers within 2^53 print without a fraction), except {@link Long} and {@link Integer}, which they write
 * as exact integers (a 64-bit seed keeps all its digits; read back, beyond 2^53 it is the nearest double); non-finite
 * numbers are refused. {@link JsonFields} reads
 * such a tree with typed access and messages naming the path of the offending field.
 */
public final class Json {
    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value (surrounding whitespace allowed). Objects come back as insertion-ordered unmodifiable
     * maps, arrays as unmodifiable lists, numbers as {@code Double}s.
     *
     * @throws IllegalArgumentException for malformed JSON, a duplicate key or a number beyond the double range, with
     *                                  the line and column of the offending character
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("unexpected trailing characters");
        }
        return v;
    }

    /**
     * Writes a value as indented JSON (two spaces per level, arrays of numbers, booleans and nulls on one line),
     * ending with a line break.
     *
     * @throws IllegalArgumentException for a value JSON cannot represent (a non-finite number, a key that is not a
     *                                  string, an object of another type), naming it
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, true, false).write(value, 0);
        return sb.append('\n').toString();
    }

    /**
     * Writes a value as compact JSON on one line of printable ASCII (no spaces between tokens; characters outside
     * 0x20..0x7e as backslash-u escapes), as a FITS header value must be: the string aé is written as the quoted
     * literal <code>"a&#92;u00e9"</code>.
     *
     * @throws IllegalArgumentException as {@link #write}
     */
    public static String writeAscii(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, false, true).write(value, 0);
        return sb.toString();
    }

    /**
     * Writes a value as compact JSON on one line (no spaces between tokens, characters outside ASCII as they are),
     * as {@link JsonFields} shows an offending value in a message.
     *
     * @throws IllegalArgumentException as {@link #write}
     */
    static String writeCompact(Object value) {
        StringBuilder sb = new StringBuilder();
        new Writer(sb, false, false).write(value, 0);
        return sb.toString();
    }

    /**
     * A tree of JSON values as {@link #parse} would return it after {@link #write}: numbers become {@code Double}s
     * (non-finite ones are refused), objects insertion-ordered unmodifiable maps, arrays unmodifiable lists, strings,
     * booleans and nulls stay. Two trees that write the same JSON are equal after this, whatever number types they
     * were built with.
     *
     * @throws IllegalArgumentException for a value JSON cannot represent, naming it
     */
    public static Object canonical(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Number n -> finite(n.doubleValue());
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(key(e.getKey()), canonical(e.getValue()));
                }
                yield Collections.unmodifiableMap(out);
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                for (Object x : l) {
                    out.add(canonical(x));
                }
                yield Collections.unmodifiableList(out);
            }
            default -> throw cannotWrite(value);
        };
    }

    // ---------------------------------------------------------------- building trees

    /**
     * An insertion-ordered, unmodifiable JSON object of the given key-value pairs (values may be null).
     *
     * @throws IllegalArgumentException for an odd number of arguments, a key that is not a string or a repeated key
     */
    public static Map<String, Object> object(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("an object needs key-value pairs, got " + keyValues.length
                    + " arguments");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = key(keyValues[i]);
            if (m.containsKey(key)) {
                throw new IllegalArgumentException("duplicate key '" + key + "'");
            }
            m.put(key, keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The values as an unmodifiable JSON array of {@code Double}s. */
    public static List<Object> array(double[] values) {
        return Arrays.stream(values).<Object>mapToObj(Double::valueOf).toList();
    }

    /** The values as an unmodifiable JSON array of {@code Integer}s. */
    public static List<Object> array(int[] values) {
        return Arrays.stream(values).<Object>mapToObj(Integer::valueOf).toList();
    }

    private static String key(Object key) {
        if (key instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("JSON object keys must be strings, got " + key
                + (key == null ? "" : " (" + key.getClass().getName() + ")"));
    }

    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no representation for " + d);
        }
        return d;
    }

    private static IllegalArgumentException cannotWrite(Object value) {
        return new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }

    // ---------------------------------------------------------------- writer

    /** Writes indented ({@code pretty}) or compact JSON, optionally escaping everything outside printable ASCII. */
    private record Writer(StringBuilder sb, boolean pretty, boolean ascii) {
        void write(Object v, int indent) {
            switch (v) {
                case null -> sb.append("null");
                case String s -> quote(s);
                case Boolean b -> sb.append(b);
                case Long l -> sb.append(l.longValue());
                case Integer i -> sb.append(i.intValue());
                case Number n -> number(finite(n.doubleValue()));
                case Map<?, ?> m -> {
                    sb.append('{');
                    int i = 0;
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        sb.append(i++ > 0 ? "," : "");
                        newline(indent + 1);
                        quote(key(e.getKey()));
                        sb.append(pretty ? ": " : ":");
                        write(e.getValue(), indent + 1);
                    }
                    if (!m.isEmpty()) {
                        newline(indent);
                    }
                    sb.append('}');
                }
                case List<?> l -> {
                    boolean flat = !pretty
                            || l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean);
                    sb.append('[');
                    for (int i = 0; i < l.size(); i++) {
                        sb.append(i == 0 ? "" : flat && pretty ? ", " : ",");
                        if (!flat) {
                            newline(indent + 1);
                        }
                        write(l.get(i), indent + 1);
                    }
                    if (!flat && !l.isEmpty()) {
                        newline(indent);
                    }
                    sb.append(']');
                }
                default -> throw cannotWrite(v);
            }
        }

        private void newline(int indent) {
            if (pretty) {
                sb.append('\n').append("  ".repeat(indent));
            }
        }

        private void number(double d) {
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53 && !(d == 0 && 1 / d < 0)) {
                sb.append((long) d);
            } else {
                sb.append(d);
            }
        }

        private void quote(String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20 || (ascii && c > 0x7e)) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }

    // ---------------------------------------------------------------- reader

    private Object value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> objectValue();
            case '[' -> arrayValue();
            case '"' -> stringValue();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield numberValue();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> objectValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        members('}', () -> {
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyStart = pos;
            String key = stringValue();
            if (m.containsKey(key)) {
                pos = keyStart;
                throw error("duplicate key '" + key + "'");
            }
            skipSpace();
            expect(':');
            skipSpace();
            m.put(key, value());
        });
        return Collections.unmodifiableMap(m);
    }

    private List<Object> arrayValue() {
        List<Object> l = new ArrayList<>();
        members(']', () -> l.add(value()));
        return Collections.unmodifiableList(l);
    }

    /**
     * The members of an object or array after its opening bracket, up to and past {@code close}: none, or each read by
     * {@code member} (at its first non-space character) and followed by ',' or {@code close}.
     */
    private void members(char close, Runnable member) {
        pos++;
        skipSpace();
        if (peek() == close) {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            member.run();
            skipSpace();
            char c = next();
            if (c == close) {
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '" + close + "'");
            }
        }
    }

    private String stringValue() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("truncated \\u escape");
                    }
                    String hex = text.substring(pos, pos + 4);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw error("bad \\u escape '\\u" + hex + "'");
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                }
                default -> {
                    pos -= 2;
                    throw error("bad escape '\\" + e + "'");
                }
            }
        }
    }

    private Double numberValue() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String s = text.substring(start, pos);
        pos = start;
        if (!s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            throw error("malformed number '" + s + "'");
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw error("number '" + s + "' is beyond the double range");
        }
        pos += s.length();
        return d;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected token");
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** An error at the current position (the offending character), with its 1-based line and column. */
    private IllegalArgumentException error(String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new IllegalArgumentException("JSON: " + message + " at line " + line + ", column " + col);
    }
}
