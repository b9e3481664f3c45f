package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ProgressTest {
    /** A clock that moves only when told to. */
    static final class FakeClock implements InstantSource {
        private Instant now = Instant.parse("2025-06-01T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final FakeClock clock = new FakeClock();
    private final StringWriter text = new StringWriter();

    private Progress progress(boolean terminal) {
        return new Progress("mgvi", new PrintWriter(text), terminal, clock);
    }

    private static Map<String, Number> values(Object... kv) {
        Map<String, Number> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Number) kv[i + 1]);
        }
        return m;
    }

    @Test
    void logModeWritesOneTimestampedLinePerEvent() {
        Progress p = progress(false);
        assertFalse(p.isTerminal());
        p.start(10);
        clock.advance(Duration.ofSeconds(2));
        p.update(1, "iteration 0", values("energy", 123456.789, "steps", 3));
        clock.advance(Duration.ofMillis(10));
        p.update(1, "minimising", values("energy", 1.5e-7));
        p.event("checkpoint written to run.mgvi");
        clock.advance(Duration.ofSeconds(78));
        p.update(10, "");
        p.finish("done");
        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of(
                "2025-06-01T12:00:00Z mgvi started 0/10 (0%)",
                "2025-06-01T12:00:02Z mgvi 1/10 (10%)  iteration 0  energy 123457  steps 3  elapsed 0:02  left 0:18",
                "2025-06-01T12:00:02Z mgvi 1/10 (10%)  minimising  energy 1.50000e-07  elapsed 0:02  left 0:18",
                "2025-06-01T12:00:02Z mgvi: checkpoint written to run.mgvi",
                "2025-06-01T12:01:20Z mgvi 10/10 (100%)  elapsed 1:20",
                "2025-06-01T12:01:20Z mgvi: done 10/10 (100%) in 1:20"), lines);
        assertFalse(text.toString().contains("\r"), "no carriage returns in a log");
    }

    @Test
    void terminalModeRedrawsOneLineThrottledAndPrintsEventsAboveIt() {
        Progress p = progress(true);
        p.start(4);
        String first = text.toString();
        assertEquals("\rmgvi [>                       ] 0/4 (0%)  elapsed 0:00", first);
        clock.advance(Duration.ofMillis(50));
        p.update(1, "fast", Map.of());
        assertEquals(first, text.toString(), "no redraw within " + Progress.REDRAW_INTERVAL);
        clock.advance(Duration.ofMillis(50));
        p.update(2, "sampling", values("energy", 12.0));
        String second = text.toString().substring(first.length());
        assertEquals("\rmgvi [============>           ] 2/4 (50%)  sampling  energy 12.0000  elapsed 0:00  left 0:00",
                second);
        clock.advance(Duration.ofSeconds(1));
        p.event("checkpoint");
        String event = text.toString().substring(first.length() + second.length());
        assertTrue(event.startsWith("\r" + " ".repeat(second.length() - 1) + "\rmgvi: checkpoint"
                + System.lineSeparator() + "\rmgvi [====="), event);
        clock.advance(Duration.ofMillis(1));
        p.update(4, "", Map.of());
        String last = text.toString().substring(text.toString().lastIndexOf('\r'));
        assertTrue(last.startsWith("\rmgvi [========================] 4/4 (100%)  elapsed 0:01"),
                "completing the run is drawn at once: " + last);
        p.finish("MGVI finished");
        assertTrue(text.toString().endsWith(System.lineSeparator() + "mgvi: MGVI finished (0:01)"
                + System.lineSeparator()), text.toString());
    }

    @Test
    void shorterRedrawsBlankTheRestOfTheLine() {
        Progress p = progress(true);
        p.start(2);
        clock.advance(Duration.ofSeconds(1));
        p.update(1, "a long message that makes the line long", Map.of());
        int longLine = text.toString().length() - text.toString().lastIndexOf('\r');
        clock.advance(Duration.ofSeconds(1));
        p.update(1, "short", Map.of());
        String redraw = text.toString().substring(text.toString().lastIndexOf('\r'));
        assertEquals(longLine, redraw.length(), "padded to the previous width");
        assertTrue(redraw.endsWith("   "), redraw);
    }

    @Test
    void resumedRunsEstimateFromTheirOwnStepsAndUnknownTotalsHaveNoBar() {
        Progress p = progress(false);
        p.start(10, 5);
        clock.advance(Duration.ofSeconds(10));
        p.update(6, "");
        assertEquals(Duration.ofSeconds(40), p.remaining().orElseThrow(), "10 s per step, 4 steps left");
        assertTrue(text.toString().contains("started at step 5 5/10 (50%)"), text.toString());
        assertTrue(text.toString().contains("left 0:40"), text.toString());

        text.getBuffer().setLength(0);
        Progress unknown = progress(true);
        unknown.start(0);
        clock.advance(Duration.ofMinutes(61));
        unknown.update(3, "");
        assertTrue(unknown.remaining().isEmpty());
        String out = text.toString();
        assertFalse(out.contains("[") || out.contains("left"), out);
        assertTrue(out.endsWith("mgvi 3 steps  elapsed 1:01:00"), out);
    }

    @Test
    void misuseIsRejected() {
        Progress p = progress(false);
        assertThrows(IllegalStateException.class, () -> p.update(1, ""));
        assertThrows(IllegalArgumentException.class, () -> p.start(3, 4));
        p.start(3);
        assertThrows(IllegalArgumentException.class, () -> p.update(-1, ""));
    }

    @Test
    void formats() {
        assertEquals("0:00", Progress.formatDuration(Duration.ofMillis(999)));
        assertEquals("59:59", Progress.formatDuration(Duration.ofSeconds(3599)));
        assertEquals("1:00:00", Progress.formatDuration(Duration.ofHours(1)));
        assertEquals("26:03:04", Progress.formatDuration(Duration.ofSeconds(26 * 3600 + 184)));
        assertEquals("42", Progress.formatValue(42L));
        assertEquals("-1.23457e+10", Progress.formatValue(-12345678901.0));
        assertEquals("NaN", Progress.formatValue(Double.NaN));
    }
}
