package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class Dust4jTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = Dust4j.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void devicesListsTheCpuAsAvailable() {
        Run r = run("devices");
        assertEquals(Dust4j.EXIT_OK, r.code());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cpu") && l.contains("available")), r.out());
        assertTrue(r.out().contains("default: cpu"), r.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("devices", "--no-such-option");
        assertEquals(Dust4j.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void helpWorksEverywhere() {
        for (String cmd : new String[] {"devices", "demo"}) {
            Run r = run(cmd, "--help");
            assertEquals(Dust4j.EXIT_OK, r.code(), cmd);
            assertTrue(r.out().contains("Usage: dust4j " + cmd), r.out());
        }
    }

    @Test
    void demoSaysItIsNotAvailableYet() {
        Run r = run("demo");
        assertEquals(Dust4j.EXIT_UNAVAILABLE, r.code());
        assertTrue(r.err().contains("not implemented yet"), r.err());
    }
}
