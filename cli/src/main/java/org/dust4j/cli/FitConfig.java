package org.dust4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dust4j.io.fits.Decimal;
import org.dust4j.io.fits.Quantity;
import org.dust4j.model.ScalarPrior;

/**
 * The configuration of {@code dust4j fit}: {@code key = value} lines read from a file, overridden by the command
 * line, checked against a table of {@link Key}s and resolved into typed values.
 *
 * <p>File format (UTF-8): one {@code key = value} per line; blank lines are ignored; {@code #} starts a comment at
 * the beginning of a line or after whitespace (so {@code output = run#2} keeps its {@code #}); a key may appear
 * once. Paths in the file are relative to the file's directory, paths on the command line to the working directory.
 *
 * <p>Every problem is an {@link IllegalArgumentException} whose message names where the value came from (the file
 * and line, or the command-line option), the key and the value, which the command line reports with exit code
 * {@link Dust4j#EXIT_USAGE}.
 */
final class FitConfig {
    /** Where a value came from: "fit.conf line 7", "--set", "--seed"; paths in it are relative to baseDir. */
    record Source(String where, Path baseDir) {
        @Override
        public String toString() {
            return where;
        }
    }

    /** A key and its value text as given, with where it came from. */
    record Entry(String key, String value, Source source) {
        /** "fit.conf line 7: icr.r_min = '50 ly'". */
        String describe() {
            return source + ": " + key + " = '" + value + "'";
        }
    }

    /** Which method a key belongs to. */
    enum Scope {
        /** Every method. */
        ALL,
        /** {@code method = icr}. */
        ICR,
        /** {@code method = inducing}. */
        INDUCING
    }

    /** Parses the text of a value. */
    @FunctionalInterface
    interface Parser<T> {
        /**
         * The value of {@code text} (not empty); paths are resolved against {@code baseDir}.
         *
         * @throws IllegalArgumentException saying what is wrong with the text (the caller adds key and source)
         */
        T parse(String text, Path baseDir);
    }

    /**
     * A value type: what it accepts, for documentation ("integer >= 1", "distance > 0 (unit optional, default pc)"),
     * and its parser.
     *
     * @param <T> the value's type
     */
    record Type<T>(String describe, Parser<T> parser) {
        /** The value of {@code text}; see {@link Parser#parse}. */
        T parse(String text, Path baseDir) {
            return parser.parse(text, baseDir);
        }

        /** This type, further requiring {@code ok} of the value ({@code problem} says what failed). */
        Type<T> require(Predicate<T> ok, Function<T, String> problem, String description) {
            return new Type<>(description, (text, base) -> {
                T v = parse(text, base);
                if (!ok.test(v)) {
                    throw new IllegalArgumentException(problem.apply(v));
                }
                return v;
            });
        }
    }

    /**
     * A configuration key.
     *
     * @param name        the key
     * @param scope       the method(s) it applies to
     * @param defaultText the default as value text, or null if the key is required
     * @param example     for a required key, the value the printed template shows (else null)
     * @param type        how the value is parsed
     * @param help        one or two sentences for the template and the documentation
     * @param <T>         the value's type
     */
    record Key<T>(String name, Scope scope, String defaultText, String example, Type<T> type, String help) {
        boolean required() {
            return defaultText == null;
        }

        boolean appliesTo(Scope method) {
            return scope == Scope.ALL || scope == method;
        }
    }

    /** A number (io-fits' {@link Decimal}, greedily) and the rest as its unit. */
    private static final Pattern WITH_UNIT = Pattern.compile("(" + Decimal.REGEX + ")\\s*(\\S.*)?");
    private static final Pattern PRIOR = Pattern.compile("([a-z_]+)\\s*\\(\\s*([^,()]+?)\\s*,\\s*([^,()]+?)\\s*\\)");
    private static final Pattern TRAILING_UNIT = Pattern.compile("(.*?)\\s*([A-Za-z]+)");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*[,x\u00d7]\\s*|\\s+");

    /** The entries by key; a later one replaces an earlier one (the command line overrides the file). */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** An empty configuration (all values from defaults and the command line). */
    FitConfig() {
    }

    /**
     * Reads a configuration file.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line, a repeated key or text that is
     *                                  not UTF-8
     */
    static FitConfig read(Path file) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("config file " + file + " is not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as Windows editors write before UTF-8 text
        }
        Path base = file.toAbsolutePath().getParent();
        FitConfig config = new FitConfig();
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String where = file.getFileName() + " line " + (i + 1);
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(where + ": '" + key + "' is not a key (letters, digits, '_' and '.')"
                        + " in '" + line + "'");
            }
            Integer before = seen.put(key, i + 1);
            if (before != null) {
                throw new IllegalArgumentException(where + ": key '" + key + "' repeats line " + before);
            }
            config.entries.put(key, new Entry(key, value, new Source(where, base)));
        }
        return config;
    }

    /** The grammar of a key in a configuration file. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.]+");

    /** Whether {@code line} is a setting as {@link #read} takes it: {@code key = value}, a comment after it allowed. */
    static boolean isSetting(String line) {
        String l = stripComment(line).strip();
        int eq = l.indexOf('=');
        return eq > 0 && KEY.matcher(l.substring(0, eq).strip()).matches();
    }

    /** The line without its comment: from a '#' at the start or after whitespace. */
    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /**
     * Sets {@code key} from the command line, replacing any value from the file.
     *
     * @param option the option that gave it, for messages ("--seed", "--set")
     */
    void set(String key, String value, String option) {
        entries.put(key, new Entry(key, value.strip(), new Source(option, Path.of("").toAbsolutePath())));
    }

    /**
     * Sets a {@code KEY=VALUE} pair of {@code --set}.
     *
     * @throws IllegalArgumentException if it has no '='
     */
    void set(String keyEqualsValue) {
        int eq = keyEqualsValue.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set '" + keyEqualsValue + "': expected KEY=VALUE");
        }
        set(keyEqualsValue.substring(0, eq).strip(), keyEqualsValue.substring(eq + 1), "--set");
    }

    /** The resolved configuration: a typed value and its origin for every key of the chosen method. */
    static final class Values {
        private final Scope method;
        private final Map<Key<?>, Object> values = new LinkedHashMap<>();
        private final Map<Key<?>, Entry> given = new LinkedHashMap<>();

        private Values(Scope method) {
            this.method = method;
        }

        /** The method the keys were resolved for. */
        Scope method() {
            return method;
        }

        /** The value of {@code key}. */
        @SuppressWarnings("unchecked")
        <T> T get(Key<T> key) {
            if (!values.containsKey(key)) {
                throw new IllegalStateException("key " + key.name() + " does not apply to " + method);
            }
            return (T) values.get(key);
        }

        /** The keys of the method in table order. */
        List<Key<?>> keys() {
            return List.copyOf(values.keySet());
        }

        /** The value text of {@code key}: as given, or its default. */
        String text(Key<?> key) {
            Entry e = given.get(key);
            return e != null ? e.value() : key.defaultText();
        }

        /** Where the value of {@code key} came from: "fit.conf line 7", "--seed" or "default". */
        String origin(Key<?> key) {
            Entry e = given.get(key);
            return e != null ? e.source().where() : "default";
        }

        /** "icr.r_min = 60 pc (fit.conf line 4)", for messages about several keys. */
        String describe(Key<?> key) {
            return key.name() + " = " + text(key) + " (" + origin(key) + ")";
        }
    }

    /**
     * Checks every entry against {@code keys} and parses the values of the method's keys, defaults included.
     *
     * @param keys       the table of keys
     * @param methodKey  the key that chooses the method; its value names a {@link Scope}
     * @param warnings   receives one line for every given key that the chosen method ignores
     * @throws IllegalArgumentException listing every unknown key, missing required key and bad value, each with its
     *                                  source
     */
    Values resolve(List<Key<?>> keys, Key<Scope> methodKey, Consumer<String> warnings) {
        Map<String, Key<?>> byName = new LinkedHashMap<>();
        for (Key<?> k : keys) {
            byName.put(k.name(), k);
        }
        List<String> problems = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!byName.containsKey(e.key())) {
                problems.add(e.source() + ": unknown key '" + e.key() + "'" + suggestion(e.key(), byName.keySet()));
            }
        }
        Scope method;
        try {
            method = parse(methodKey, entries.get(methodKey.name()));
        } catch (IllegalArgumentException ex) {
            problems.add(ex.getMessage());
            throw failure(problems);
        }
        Values v = new Values(method);
        List<String> missing = new ArrayList<>();
        for (Key<?> k : keys) {
            Entry e = entries.get(k.name());
            if (!k.appliesTo(method)) {
                if (e != null) {
                    warnings.accept(e.source() + ": key '" + k.name() + "' is ignored by method "
                            + method.name().toLowerCase(Locale.ROOT));
                }
                continue;
            }
            if (e == null && k.required()) {
                missing.add(k.name());
                continue;
            }
            try {
                v.values.put(k, parse(k, e));
                if (e != null) {
                    v.given.put(k, e);
                }
            } catch (IllegalArgumentException ex) {
                problems.add(ex.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            problems.add("missing required key" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " (set in the config file, or with --set KEY=VALUE)");
        }
        if (!problems.isEmpty()) {
            throw failure(problems);
        }
        return v;
    }

    private static IllegalArgumentException failure(List<String> problems) {
        return new IllegalArgumentException(problems.size() == 1 ? problems.getFirst()
                : problems.size() + " configuration errors:\n  " + String.join("\n  ", problems));
    }

    /** The value of an entry (or the key's default when null), with errors naming source, key and value. */
    private static <T> T parse(Key<T> key, Entry e) {
        if (e == null) {
            if (key.required()) {
                throw new IllegalArgumentException("missing required key " + key.name()
                        + " (set in the config file, or with --set KEY=VALUE)");
            }
            return key.type().parse(key.defaultText(), Path.of("").toAbsolutePath());
        }
        if (e.value().isEmpty()) {
            throw new IllegalArgumentException(e.describe() + ": empty value; expected " + key.type().describe());
        }
        try {
            return key.type().parse(e.value(), e.source().baseDir());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(e.describe() + ": " + ex.getMessage(), ex);
        }
    }

    /** " (did you mean 'x'?)" for the closest known key within two edits, else "". */
    private static String suggestion(String key, Iterable<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null ? " (did you mean '" + best + "'?)" : " (dust4j fit --print-config METHOD lists the keys)";
    }

    /** Levenshtein distance. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    // ---- value types ----

    /** A decimal number (no hexadecimal, no NaN or infinities, no Java suffixes). */
    static double number(String text) {
        String t = text.strip();
        double v = Decimal.parseOrNaN(t);
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("'" + t + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("'" + t + "' is out of range");
        }
        return v;
    }

    /** A whole number in [min, max]. */
    static Type<Integer> integer(int min, int max) {
        String range = max == Integer.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]";
        return new Type<>("integer " + range, (text, base) -> {
            long v = whole(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException("must be " + range + ", got " + v);
            }
            return (int) v;
        });
    }

    /** A whole number >= min. */
    static Type<Integer> integer(int min) {
        return integer(min, Integer.MAX_VALUE);
    }

    /** Any whole number of the long range (a seed). */
    static Type<Long> longInteger() {
        return new Type<>("integer", (text, base) -> whole(text));
    }

    private static long whole(String text) {
        String t = text.strip();
        if (!t.matches("[+-]?\\d+")) {
            throw new IllegalArgumentException("'" + t + "' is not a whole number");
        }
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is out of range");
        }
    }

    /** A power of two >= 1 (a HEALPix nside). */
    static Type<Integer> powerOfTwo() {
        return integer(1, 1 << 29).require(v -> Integer.bitCount(v) == 1, v -> "must be a power of two, got " + v,
                "power of two");
    }

    /** An even whole number >= min. */
    static Type<Integer> even(int min) {
        return integer(min).require(v -> v % 2 == 0, v -> "must be even, got " + v, "even integer >= " + min);
    }

    /** A number for which {@code ok} holds; {@code requirement} says what that is ("> 0", "in (0, 1)"). */
    static Type<Double> real(DoublePredicate ok, String requirement) {
        return new Type<Double>("number", (text, base) -> number(text)).require(ok::test,
                v -> "must be " + requirement + ", got " + Numbers.compact(v),
                requirement.equals("finite") ? "number" : "number " + requirement);
    }

    /**
     * A number with an optional unit of {@code quantity} (the canonical unit when none is given), converted to the
     * canonical unit: "60 pc", "1.5 kpc", "60". {@code ok} is checked on the converted value.
     */
    static Type<Double> quantity(Quantity quantity, DoublePredicate ok, String requirement) {
        String unit = quantity.canonicalUnit();
        return withUnit(quantity.name().toLowerCase(Locale.ROOT), unit, quantity::factorFrom, ok, requirement);
    }

    /** A density in mag/pc (unit optional: mag/pc or mag/kpc) for which {@code ok} holds. */
    static Type<Double> density(DoublePredicate ok, String requirement) {
        return withUnit("density", "mag/pc", u -> switch (u.toLowerCase(Locale.ROOT)) {
            case "mag/pc" -> 1.0;
            case "mag/kpc" -> 1e-3;
            default -> throw new IllegalArgumentException("unit '" + u + "' is not a unit of density (accepted:"
                    + " mag/pc, mag/kpc)");
        }, ok, requirement);
    }

    /** A number with an optional unit (default {@code unit}), times the unit's factor, for which {@code ok} holds. */
    private static Type<Double> withUnit(String what, String unit, ToDoubleFunction<String> factor, DoublePredicate ok,
            String requirement) {
        String description = what + (requirement.equals("finite") ? "" : " " + requirement)
                + " (unit optional, default " + unit + ")";
        return new Type<>(description, (text, base) -> {
            Matcher m = WITH_UNIT.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("expected a number with an optional unit, e.g. '60 " + unit + "'");
            }
            double v = number(m.group(1));
            if (m.group(2) != null) {
                v *= factor.applyAsDouble(m.group(2));
            }
            if (!ok.test(v)) {
                throw new IllegalArgumentException("must be " + requirement + ", got " + Numbers.compact(v) + " "
                        + unit);
            }
            return v;
        });
    }

    /** One of {@code options} (case-insensitive), returned in lower case. */
    static Type<String> choice(String... options) {
        List<String> allowed = List.of(options);
        return new Type<>(String.join(", ", options), (text, base) -> {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(t)) {
                throw new IllegalArgumentException("expected one of " + String.join(", ", options));
            }
            return t;
        });
    }

    /** One of the constants of {@code type}, written in lower case. */
    static <E extends Enum<E>> Type<E> choice(Class<E> type) {
        Type<String> names = choice(Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .toArray(String[]::new));
        return new Type<>(names.describe(), (text, base) -> Enum.valueOf(type, names.parse(text, base)
                .toUpperCase(Locale.ROOT)));
    }

    /** true/false (also yes/no, on/off). */
    static Type<Boolean> bool() {
        return new Type<>("true, false", (text, base) -> switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    /** Any text (a column name, an EXTNAME). */
    static Type<String> text() {
        return new Type<>("text", (text, base) -> text.strip());
    }

    /** A path, relative to the directory of the file that gave it (or the working directory). */
    static Type<Path> path() {
        return new Type<>("path", (text, base) -> {
            try {
                return base.resolve(text.strip()).normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a valid path: " + e.getMessage());
            }
        });
    }

    /** A field separator: one character, or tab, comma, semicolon, space. */
    static Type<Character> separator() {
        return new Type<>("one character, or tab, comma, semicolon, space", (text, base) -> {
            String t = text.strip();
            return switch (t.toLowerCase(Locale.ROOT)) {
                case "tab" -> '\t';
                case "comma" -> ',';
                case "semicolon" -> ';';
                case "space" -> ' ';
                default -> {
                    if (t.length() != 1) {
                        throw new IllegalArgumentException("expected one character, or tab, comma, semicolon, space");
                    }
                    yield t.charAt(0);
                }
            };
        });
    }

    /** Three whole numbers >= 1 (cells along l, b, d), separated by spaces, commas or 'x': "10 8 20", "10x8x20". */
    static Type<int[]> cells() {
        Type<Integer> count = integer(1);
        return new Type<>("three integers >= 1 (l, b, d)", (text, base) -> {
            String[] parts = LIST_SEPARATOR.split(text.strip());
            if (parts.length != 3) {
                throw new IllegalArgumentException("expected three cell counts (l, b, d), got " + parts.length);
            }
            int[] out = new int[3];
            for (int i = 0; i < 3; i++) {
                out[i] = count.parse(parts[i], base);
            }
            return out;
        });
    }

    /** One or three distances > 0 with one optional unit at the end: "50 pc", "40 40 20 pc", "0.05 kpc". */
    static Type<double[]> lengths() {
        Type<Double> length = quantity(Quantity.DISTANCE, v -> v > 0, "> 0");
        return new Type<>("one or three distances > 0 (x, y, z; unit optional, default pc)", (text, base) -> {
            String t = text.strip();
            String unit = "";
            Matcher m = TRAILING_UNIT.matcher(t);
            if (m.matches()) {
                t = m.group(1);
                unit = " " + m.group(2);
            }
            String[] parts = LIST_SEPARATOR.split(t.strip());
            if (parts.length != 1 && parts.length != 3) {
                throw new IllegalArgumentException("expected one length or three (x, y, z), got " + parts.length);
            }
            double[] out = new double[3];
            for (int i = 0; i < 3; i++) {
                out[i] = length.parse(parts[Math.min(i, parts.length - 1)] + unit, base);
            }
            return out;
        });
    }

    /** A scalar prior: normal(mean, std), lognormal(mean, std) or inversegamma(shape, scale). */
    static Type<ScalarPrior> prior() {
        return new Type<>("normal(MEAN, STD), lognormal(MEAN, STD), inversegamma(SHAPE, SCALE)", (text, base) -> {
            Matcher m = PRIOR.matcher(text.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("expected normal(MEAN, STD), lognormal(MEAN, STD) or"
                        + " inversegamma(SHAPE, SCALE)");
            }
            double a = number(m.group(2));
            double b = number(m.group(3));
            return switch (m.group(1)) {
                case "normal" -> new ScalarPrior.Normal(a, b);
                case "lognormal" -> new ScalarPrior.LogNormal(a, b);
                case "inversegamma", "inverse_gamma" -> new ScalarPrior.InverseGammaPrior(a, b);
                default -> throw new IllegalArgumentException("unknown prior '" + m.group(1)
                        + "'; expected normal, lognormal or inversegamma");
            };
        });
    }

    /** {@code auto} (empty) or a value of {@code type}. */
    static <T> Type<Optional<T>> auto(Type<T> type) {
        return new Type<>("auto or " + type.describe(), (text, base) -> text.strip().equalsIgnoreCase("auto")
                ? Optional.empty() : Optional.of(type.parse(text, base)));
    }
}
