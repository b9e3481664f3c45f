package org.dust4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Runs the JShell session of docs/jshell.md (its {@code jshell} code block, snippet by snippet, through the JShell
 * API in this JVM), so that the documented session keeps working: every snippet must be accepted and run without an
 * exception, and the session's files must appear.
 */
class JShellSessionTest {
    private static final Path DOC = Path.of("..", "docs", "jshell.md");

    /** The code of the first {@code ```jshell} block of the document, without JShell commands (/exit). */
    static String session() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf("```jshell");
        assertTrue(start >= 0, "no ```jshell block in " + DOC);
        StringBuilder code = new StringBuilder();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.equals("```")) {
                return code.toString();
            }
            if (!line.startsWith("/")) {
                code.append(line).append('\n');
            }
        }
        return fail("the ```jshell block of " + DOC + " is not closed");
    }

    @Test
    void theDocumentedSessionRuns() throws IOException {
        Path out = Path.of("target", "jshell-demo");
        for (String f : List.of("mean_and_std_healpix.fits", "samples_healpix.fits", "sky.png")) {
            Files.deleteIfExists(out.resolve(f));
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
        PrintStream systemOut = System.out;
        // the local execution engine runs the snippets in this JVM: their System.out is this one's
        System.setOut(stream);
        try (JShell shell = JShell.builder().executionEngine("local").out(stream).err(stream).build()) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                shell.addToClasspath(entry);
            }
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            String remaining = session();
            List<String> snippets = new ArrayList<>();
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                assertTrue(info.completeness().isComplete(), "incomplete snippet: " + remaining);
                snippets.add(info.source());
                remaining = info.remaining();
            }
            for (String snippet : snippets) {
                for (SnippetEvent e : shell.eval(snippet)) {
                    if (e.status() == Snippet.Status.REJECTED) {
                        fail("rejected: " + snippet + "\n" + shell.diagnostics(e.snippet()).map(d -> d.getMessage(
                                null)).toList());
                    }
                    if (e.exception() != null) {
                        throw new AssertionError("snippet threw: " + snippet + "\n" + printed, e.exception());
                    }
                }
            }
            assertTrue(snippets.size() > 15, snippets.toString());
        } finally {
            System.setOut(systemOut);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("2000 stars") && text.contains("A(500 pc) reconstructed"), text);
        assertTrue(Files.size(out.resolve("mean_and_std_healpix.fits")) > 0);
        assertEquals(1500, ImageIO.read(out.resolve("sky.png").toFile()).getWidth());
    }
}
