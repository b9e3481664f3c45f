package org.dust4j.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.dust4j.io.fits.AtomicFiles;

/**
 * Input and output file checks shared by the commands. Problems the user can fix (a missing input, an output in
 * a directory that does not exist) are {@link IllegalArgumentException}s, which the command line reports with
 * exit code {@link Dust4j#EXIT_USAGE}, before any work is done and before any output file is created.
 */
final class CliFiles {
    /** Writes text to a writer (do not close it). */
    @FunctionalInterface
    interface TextContent {
        void writeTo(Writer out) throws IOException;
    }

    private CliFiles() {
    }

    /** Checks that {@code file} (described as {@code what}, e.g. "MAP") is an existing regular, readable file. */
    static Path requireInput(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " " + file + " is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + " file not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " file is not readable: " + file);
        }
        return file;
    }

    /** Checks that {@code file} can be created: not a directory, in an existing directory. */
    static Path requireOutput(Path file, String option) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give a file name");
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + file + ": the directory " + dir + " does not exist");
        }
        return file;
    }

    /**
     * Writes text to {@code file} atomically (nothing appears under its name unless all was written), or to
     * {@code stdout} when {@code file} is null.
     */
    static void writeText(Path file, PrintWriter stdout, TextContent content) throws IOException {
        if (file == null) {
            content.writeTo(stdout);
            stdout.flush();
            return;
        }
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            content.writeTo(w);
            w.flush();
        });
    }

    /** The size of a file for listings: "12.3 KiB", "4.5 MiB". */
    static String describeSize(Path f) throws IOException {
        long bytes = Files.size(f);
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0)
                : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}
