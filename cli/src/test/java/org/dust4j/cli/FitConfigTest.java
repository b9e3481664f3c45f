package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dust4j.io.fits.Quantity;
import org.dust4j.model.ScalarPrior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file format and the value types of {@code dust4j fit}. */
class FitConfigTest {
    private static final Path BASE = Path.of("/data/run");

    @TempDir
    Path dir;

    private static <T> T parse(FitConfig.Type<T> type, String text) {
        return type.parse(text, BASE);
    }

    private static String problem(FitConfig.Type<?> type, String text) {
        return assertThrows(IllegalArgumentException.class, () -> type.parse(text, BASE)).getMessage();
    }

    @Test
    void quantitiesTakeAnOptionalUnitAndConvertToTheCanonicalOne() {
        FitConfig.Type<Double> d = FitConfig.quantity(Quantity.DISTANCE, v -> v > 0, "> 0");
        assertEquals(60.0, parse(d, "60"));
        assertEquals(60.0, parse(d, "60 pc"));
        assertEquals(1500.0, parse(d, "1.5 kpc"));
        assertEquals(1500.0, parse(d, "1.5kpc"));
        assertEquals(2e3, parse(d, "2e3 pc"));
        assertEquals(1e-3 * 1e6, parse(d, "1e-3 Mpc"), 1e-9);
        assertTrue(problem(d, "60 ly").startsWith("unit 'ly' is not a unit of distance (accepted: "));
        assertEquals("must be > 0, got -1 pc", problem(d, "-1 pc"));
        assertTrue(problem(d, "sixty pc").startsWith("expected a number with an optional unit"));
        FitConfig.Type<Double> angle = FitConfig.quantity(Quantity.ANGLE, Double::isFinite, "finite");
        assertEquals(-10.0, parse(angle, "-10 deg"));
        assertEquals(90.0, parse(angle, Math.PI / 2 + " rad"), 1e-12);
        FitConfig.Type<Double> density = FitConfig.density(v -> v >= 0, ">= 0");
        assertEquals(2e-3, parse(density, "2 mag/kpc"), 1e-15);
        assertEquals(1e-3, parse(density, "0.001"));
        assertTrue(problem(density, "1 mag").startsWith("unit 'mag' is not a unit of density"));
    }

    @Test
    void numbersAreDecimalOnly() {
        FitConfig.Type<Double> any = FitConfig.real(Double::isFinite, "finite");
        assertEquals(-6.91, parse(any, "-6.91"));
        assertEquals(0.5, parse(any, ".5"));
        assertEquals(1e-3, parse(any, "1E-3"));
        for (String bad : new String[] {"NaN", "Infinity", "0x10", "5d", "1,5", "1e400"}) {
            assertThrows(IllegalArgumentException.class, () -> any.parse(bad, BASE), bad);
        }
        FitConfig.Type<Integer> count = FitConfig.integer(1);
        assertEquals(12, parse(count, "+12"));
        assertEquals("'1e3' is not a whole number", problem(count, "1e3"));
        assertEquals("must be >= 1, got 0", problem(count, "0"));
        assertEquals("'99999999999999999999' is out of range", problem(FitConfig.longInteger(),
                "99999999999999999999"));
        assertEquals("must be in [1, 536870912], got 9999999999", problem(FitConfig.powerOfTwo(), "9999999999"));
    }

    @Test
    void listsPriorsChoicesAndAuto() {
        assertArrayEquals(new int[] {10, 8, 20}, parse(FitConfig.cells(), "10 8 20"));
        assertArrayEquals(new int[] {10, 8, 20}, parse(FitConfig.cells(), "10x8x20"));
        assertArrayEquals(new int[] {10, 8, 20}, parse(FitConfig.cells(), "10, 8, 20"));
        assertEquals("expected three cell counts (l, b, d), got 2", problem(FitConfig.cells(), "10 8"));
        assertArrayEquals(new double[] {40, 40, 40}, parse(FitConfig.lengths(), "40 pc"));
        assertArrayEquals(new double[] {40, 50, 20}, parse(FitConfig.lengths(), "0.04 0.05 0.02 kpc"), 1e-12);
        assertArrayEquals(new double[] {40, 50, 20}, parse(FitConfig.lengths(), "40 50 20"));
        assertEquals(new ScalarPrior.LogNormal(1, 0.5), parse(FitConfig.prior(), "lognormal(1, 0.5)"));
        assertEquals(new ScalarPrior.Normal(-6.91, 1), parse(FitConfig.prior(), "Normal( -6.91 ,1 )"));
        assertEquals(new ScalarPrior.InverseGammaPrior(3, 4), parse(FitConfig.prior(), "inversegamma(3, 4)"));
        assertTrue(problem(FitConfig.prior(), "normal(0, -1)").contains("std > 0"));
        assertEquals("unknown prior 'cauchy'; expected normal, lognormal or inversegamma",
                problem(FitConfig.prior(), "cauchy(0, 1)"));
        assertEquals("cuda", parse(FitConfig.choice("cpu", "cuda"), "CUDA"));
        assertEquals(Optional.empty(), parse(FitConfig.auto(FitConfig.integer(1)), "Auto"));
        assertEquals(Optional.of(4), parse(FitConfig.auto(FitConfig.integer(1)), "4"));
        assertEquals(false, parse(FitConfig.bool(), "no"));
        assertEquals('\t', parse(FitConfig.separator(), "tab"));
        assertEquals(BASE.resolve("stars.fits"), parse(FitConfig.path(), "stars.fits"));
        assertEquals(Path.of("/elsewhere/x.csv"), parse(FitConfig.path(), "/elsewhere/x.csv"));
    }

    @Test
    void fileSyntaxCommentsAndOverrides() throws Exception {
        Path file = TestFiles.text(dir.resolve("run.conf"), "# a comment", "", "method = icr  # trailing comment",
                "output = run#2", "icr.r_min=60 pc", "  icr.r_max =   1 kpc  ", "catalog = data/stars.csv");
        FitConfig c = FitConfig.read(file);
        c.set("icr.r_max", "2 kpc", "--set");
        List<String> warnings = new ArrayList<>();
        FitConfig.Values v = c.resolve(FitKeys.ALL_KEYS, FitKeys.METHOD, warnings::add);
        assertEquals(FitConfig.Scope.ICR, v.method());
        assertEquals(dir.resolve("run#2"), v.get(FitKeys.OUTPUT));
        assertEquals(dir.resolve("data/stars.csv"), v.get(FitKeys.CATALOG));
        assertEquals(60.0, v.get(FitKeys.R_MIN));
        assertEquals(2000.0, v.get(FitKeys.R_MAX));
        assertEquals("run.conf line 5", v.origin(FitKeys.R_MIN));
        assertEquals("--set", v.origin(FitKeys.R_MAX));
        assertEquals("default", v.origin(FitKeys.NSIDE));
        assertEquals("icr.r_min = 60 pc (run.conf line 5)", v.describe(FitKeys.R_MIN));
        assertEquals(8, v.get(FitKeys.NSIDE));
        assertEquals(List.of(), warnings);
        assertThrows(IllegalStateException.class, () -> v.get(FitKeys.L_MIN));
    }

    @Test
    void aByteOrderMarkBeforeTheFirstKeyIsSkipped() throws Exception {
        Path file = dir.resolve("notepad.conf"); // Windows editors write UTF-8 with a byte-order mark
        Files.writeString(file, "\uFEFFmethod = icr\r\noutput = out\r\ncatalog = s.csv\r\nicr.r_min = 60\r\n"
                + "icr.r_max = 1 kpc\r\n", StandardCharsets.UTF_8);
        FitConfig.Values v = FitConfig.read(file).resolve(FitKeys.ALL_KEYS, FitKeys.METHOD, w -> { });
        assertEquals(FitConfig.Scope.ICR, v.method());
        assertEquals("notepad.conf line 1", v.origin(FitKeys.METHOD));
    }

    @Test
    void suggestionsForMisspelledKeys() {
        assertEquals(1, FitConfig.editDistance("icr.nsid", "icr.nside"));
        assertEquals(0, FitConfig.editDistance("", ""));
        assertEquals(3, FitConfig.editDistance("abc", "xyz"));
        FitConfig c = new FitConfig();
        c.set("mehtod", "icr", "--set");
        String message = assertThrows(IllegalArgumentException.class,
                () -> c.resolve(FitKeys.ALL_KEYS, FitKeys.METHOD, w -> { })).getMessage();
        assertTrue(message.contains("--set: unknown key 'mehtod' (did you mean 'method'?)"), message);
        assertTrue(message.contains("missing required key method"), message);
    }
}
