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
            throw new IllegalArgumentException(option + " " + file + ": the directory " + dir
                    + (dir != null && Files.exists(dir) ? " is a file, not a directory" : " does not exist"));
        }
        return file;
    }

    /**
     * Checks that the output directory {@code dir} (described as {@code what}, e.g. "--output d") is a directory or
     * can be created: neither it nor its nearest existing ancestor is a file.
     */
    static void requireOutputDirectory(Path dir, String what) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(what + ": " + dir + " exists and is not a directory");
        }
        for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException(what + ": cannot create " + dir + " inside " + p
                            + ", which is a file, not a directory");
                }
                return;
            }
        }
    }

    /**
     * Creates the output directory {@code dir} (described as {@code what}) and its parents where missing.
     *
     * @throws IllegalArgumentException naming the directory and the reason if it cannot be created (no permission,
     *     a read-only file system), so that the command exits as for a bad option
     */
    static void createOutputDirectory(Path dir, String what) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
            throw new IllegalArgumentException(what + ": cannot create the directory " + dir + " (" + reason + ")", e);
        }
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
