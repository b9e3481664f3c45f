package org.dust4j.cli;

import static org.dust4j.cli.TestFiles.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Dust4jTest {
    @Test
    void aSettingWrittenWithSpacesAroundTheEqualsSignGetsAHint() {
        TestFiles.Run r = run("fit", "--set", "icr.nside", "=", "4", "--check");
        assertEquals(Dust4j.EXIT_USAGE, r.code(), r.toString());
        assertTrue(r.err().contains("hint: write a setting as one word, KEY=VALUE (e.g. --set icr.nside=4), without"
                + " spaces around '='"), r.err());
        TestFiles.Run other = run("fit", "--check", "extra1", "extra2");
        assertFalse(other.err().contains("hint: write a setting"), other.err());
    }

    @Test
    void devicesListsTheCpuAsAvailable() {
        TestFiles.Run r = run("devices");
        assertEquals(Dust4j.EXIT_OK, r.code());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cpu") && l.contains("available")), r.out());
        assertTrue(r.out().contains("default: cpu"), r.out());
    }

    @picocli.CommandLine.Command(name = "big")
    static final class ExhaustsTheHeap implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Parameters
        java.util.List<String> words;

        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @picocli.CommandLine.Command(name = "top", subcommands = ExhaustsTheHeap.class)
    static final class Top implements Runnable {
        @Override
        public void run() {
        }
    }

    @Test
    void runningOutOfMemoryIsAMessageNotAStackTrace(@TempDir Path dir) throws IOException {
        String message = outOfMemory(new picocli.CommandLine(new Top()), "big", "fit");
        assertTrue(message.startsWith("dust4j big: out of memory (Java heap space, the JVM may use ")
                && message.contains("DUST4J_JAVA_OPTS=-Xmx16g"), message);
        // the command the parser chose, not the first argument: an @file's, or none where the root command ran
        Path args = Files.writeString(dir.resolve("args"), "big fit\n");
        message = outOfMemory(new picocli.CommandLine(new Top()), "@" + args);
        assertTrue(message.startsWith("dust4j big: out of memory (Java heap space"), message);
        message = outOfMemory(new picocli.CommandLine(new ExhaustsTheHeap()), "fit");
        assertTrue(message.startsWith("dust4j: out of memory (Java heap space"), message);
    }

    /** What {@link Dust4j#execute} writes to standard error when {@code cl} exhausts the heap; checks the exit code. */
    private static String outOfMemory(picocli.CommandLine cl, String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(Dust4j.EXIT_FAILURE, Dust4j.execute(cl, args));
        return err.toString();
    }

    @Test
    void unknownOptionIsAUsageError() {
        TestFiles.Run r = run("devices", "--no-such-option");
        assertEquals(Dust4j.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void helpWorksEverywhere() {
        for (String cmd : new String[] {"query", "interp", "info", "devices", "fit", "demo"}) {
            TestFiles.Run r = run(cmd, "--help");
            assertEquals(Dust4j.EXIT_OK, r.code(), cmd);
            assertTrue(r.out().contains("Usage: dust4j " + cmd), r.out());
        }
        for (String cmd : new String[] {"--help", "query --help", "interp --help", "info --help", "fit --help",
            "demo --help"}) {
            TestFiles.Run r = run(cmd.split(" "));
            assertTrue(r.out().contains("Exit codes:") && r.out().contains(" 2   bad usage or bad input"), r.out());
        }
    }

    @Test
    void rootHelpListsEveryCommandAndNoCommandIsAUsageError() {
        TestFiles.Run help = run("--help");
        assertEquals(Dust4j.EXIT_OK, help.code());
        for (String cmd : new String[] {"query", "interp", "info", "devices", "fit", "demo", "help"}) {
            assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith(cmd + " ")), cmd + " in " + help.out());
        }
        TestFiles.Run helpQuery = run("help", "query");
        assertEquals(Dust4j.EXIT_OK, helpQuery.code());
        assertTrue(helpQuery.out().contains("Usage: dust4j query"), helpQuery.out());
        assertEquals(Dust4j.EXIT_USAGE, run().code());
        assertEquals(Dust4j.EXIT_USAGE, run("no-such-command").code());
    }
}
