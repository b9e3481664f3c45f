package org.dust4j.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Progress of a long run (an MGVI reconstruction, an AdamW fit, a resampling), shown as a redrawn progress bar on
 * an interactive terminal and as plain timestamped log lines otherwise (a file, a pipe, a batch job's log).
 *
 * <p>It is fed by a few generic calls, so that any iteration listener can be adapted to it:
 * {@link #start(long, long)} once with the number of steps, {@link #update(long, String, Map)} whenever the
 * number of completed steps or the reported values (an energy, an ELBO, a gradient norm) change,
 * {@link #event(String)} for a notable event that is not a step (a checkpoint, a warning), and
 * {@link #finish(String)} at the end.
 *
 * <ul>
 *   <li>Terminal mode: one line, {@code label [=====>    ] 3/10  30%  energy 1.23456e+05  elapsed 0:12  left
 *       0:28}, redrawn in place with a carriage return (at most every {@link #REDRAW_INTERVAL}, and always when a
 *       step completes the run); events are printed on their own line above the bar.</li>
 *   <li>Log mode: every call prints one line, {@code 2025-06-01T12:00:03Z label 3/10 (30%) energy 1.23456e+05
 *       elapsed 0:12 left 0:28}.</li>
 * </ul>
 * The time left is estimated from the mean time per step since {@link #start}, counting only the steps done in
 * this run (a resumed run that starts at step 5 does not take steps 0..4 as instantaneous). Not thread-safe:
 * feed it from one thread, as the listeners of dust4j do.
 */
public final class Progress {
    /** Shortest time between two redraws of the bar in terminal mode. */
    public static final Duration REDRAW_INTERVAL = Duration.ofMillis(100);
    private static final int BAR_WIDTH = 24;

    private final String label;
    private final PrintWriter out;
    private final boolean terminal;
    private final InstantSource clock;

    private Instant started;
    private Instant lastDraw;
    private long total;
    private long firstStep;
    private long done;
    private String message = "";
    private Map<String, ? extends Number> values = Map.of();
    private int drawnWidth;

    /**
     * Progress written to {@code out}.
     *
     * @param label what is running, printed at the start of every line (e.g. "mgvi")
     * @param out where to write (typically standard error)
     * @param terminal true for the redrawn bar, false for log lines
     * @param clock the time source (elapsed times, estimates, timestamps)
     */
    public Progress(String label, PrintWriter out, boolean terminal, InstantSource clock) {
        this.label = Objects.requireNonNull(label, "label");
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Progress on {@code out}, as a bar if {@link #isInteractiveTerminal()}, else as log lines. */
    public static Progress auto(String label, PrintWriter out) {
        return new Progress(label, out, isInteractiveTerminal(), InstantSource.system());
    }

    /**
     * True when the JVM is attached to an interactive terminal (a {@link Console} that is a terminal) whose
     * {@code TERM} is not {@code dumb} (Emacs shells, some CI runners), i.e. when a redrawn bar can be shown.
     */
    public static boolean isInteractiveTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    /** True if this progress draws a bar (terminal mode), false if it writes log lines. */
    public boolean isTerminal() {
        return terminal;
    }

    /** Starts a run of {@code total} steps (0 or less: unknown) from step 0. */
    public void start(long total) {
        start(total, 0);
    }

    /**
     * Starts a run of {@code total} steps (0 or less: unknown total) of which {@code alreadyDone} were completed
     * before (a resumed run); the time left is estimated from the steps done from now on.
     */
    public void start(long total, long alreadyDone) {
        if (alreadyDone < 0 || (total > 0 && alreadyDone > total)) {
            throw new IllegalArgumentException("alreadyDone must be in [0, total], got " + alreadyDone + " of "
                    + total);
        }
        this.total = Math.max(0, total);
        this.firstStep = alreadyDone;
        this.done = alreadyDone;
        this.started = clock.instant();
        this.lastDraw = null;
        this.message = "";
        this.values = Map.of();
        emit(true, alreadyDone > 0 ? "started at step " + alreadyDone : "started");
    }

    /** {@code done} steps completed; {@code message} (may be empty) describes the current state. */
    public void update(long done, String message) {
        update(done, message, Map.of());
    }

    /** {@code done} steps completed, with named values (in the map's iteration order) such as an energy. */
    public void update(long done, Map<String, ? extends Number> values) {
        update(done, "", values);
    }

    /**
     * {@code done} steps completed, with a message (may be empty) and named values (in the map's iteration
     * order). The values are kept until the next update.
     */
    public void update(long done, String message, Map<String, ? extends Number> values) {
        requireStarted();
        if (done < 0) {
            throw new IllegalArgumentException("done must be >= 0, got " + done);
        }
        this.done = done;
        this.message = Objects.requireNonNull(message, "message");
        this.values = Objects.requireNonNull(values, "values");
        emit(total > 0 && done >= total, null);
    }

    /** A notable event that is not a step (a checkpoint written, a warning): one line in both modes. */
    public void event(String text) {
        requireStarted();
        if (terminal) {
            clearBar();
            out.println(label + ": " + text);
            draw();
        } else {
            out.println(timestamp() + " " + label + ": " + text);
        }
        out.flush();
    }

    /** Ends the run: the bar is completed with a newline (terminal) and a final line says {@code text}. */
    public void finish(String text) {
        requireStarted();
        if (terminal) {
            draw();
            out.println();
            drawnWidth = 0;
            out.println(label + ": " + text + " (" + formatDuration(elapsed()) + ")");
        } else {
            out.println(timestamp() + " " + label + ": " + text + " " + counts() + " in " + formatDuration(elapsed()));
        }
        out.flush();
    }

    /** Time since {@link #start}. */
    public Duration elapsed() {
        requireStarted();
        return Duration.between(started, clock.instant());
    }

    /**
     * Estimated time left: the mean time per step done since {@link #start} times the steps remaining; empty
     * when the total is unknown or no step has been done yet.
     */
    public Optional<Duration> remaining() {
        requireStarted();
        long stepsThisRun = done - firstStep;
        if (total <= 0 || stepsThisRun <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, total - done);
        Duration e = elapsed();
        return Optional.of(Duration.ofNanos((long) ((double) e.toNanos() / stepsThisRun * left)));
    }

    private void requireStarted() {
        if (started == null) {
            throw new IllegalStateException("progress '" + label + "' was not started");
        }
    }

    /** Terminal: redraw (throttled unless forced). Log: one line, with {@code note} instead of the state. */
    private void emit(boolean force, String note) {
        if (terminal) {
            Instant now = clock.instant();
            if (force || lastDraw == null || Duration.between(lastDraw, now).compareTo(REDRAW_INTERVAL) >= 0) {
                draw();
                out.flush();
            }
            return;
        }
        out.println(timestamp() + " " + label + " " + (note != null ? note + " " + counts() : state()));
        out.flush();
    }

    private void draw() {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
            line.append('[').append("=".repeat(filled));
            if (filled < BAR_WIDTH) {
                line.append('>').append(" ".repeat(BAR_WIDTH - filled - 1));
            }
            line.append("] ");
        }
        line.append(state());
        String text = line.toString();
        out.print('\r' + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
        drawnWidth = text.length();
        lastDraw = clock.instant();
    }

    private void clearBar() {
        if (drawnWidth > 0) {
            out.print('\r' + " ".repeat(drawnWidth) + '\r');
            drawnWidth = 0;
        }
    }

    /** "3/10 (30%) message energy 1.5 elapsed 0:12 left 0:28". */
    private String state() {
        StringBuilder s = new StringBuilder(counts());
        if (!message.isEmpty()) {
            s.append("  ").append(message);
        }
        for (Map.Entry<String, ? extends Number> v : values.entrySet()) {
            s.append("  ").append(v.getKey()).append(' ').append(formatValue(v.getValue()));
        }
        s.append("  elapsed ").append(formatDuration(elapsed()));
        if (done < total) {
            remaining().ifPresent(r -> s.append("  left ").append(formatDuration(r)));
        }
        return s.toString();
    }

    private String counts() {
        return total > 0 ? done + "/" + total + " (" + (100 * done / total) + "%)" : done + " steps";
    }

    private String timestamp() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Integers as they are, other numbers with six significant digits. */
    static String formatValue(Number v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        double d = v.doubleValue();
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : Double.toString(d);
    }

    /** "m:ss" below an hour, "h:mm:ss" above; whole seconds. */
    static String formatDuration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
