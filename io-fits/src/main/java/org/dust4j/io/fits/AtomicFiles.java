package org.dust4j.io.fits;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files atomically: the content goes to a hidden temporary file in the target's directory, is forced to
 * disk, and is then renamed onto the target. A failed or interrupted write leaves nothing under the target name
 * (an existing target stays as it was); a failed write also removes its temporary file.
 */
public final class AtomicFiles {
    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out} (buffered; do not close it). */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically with {@code content}.
     *
     * @throws IOException if writing or renaming fails; then {@code target} is unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, false);
    }

    /**
     * {@link #write(Path, Content)}, but refusing a file system that cannot rename atomically (a checkpoint must never
     * be replaced by a partial file) instead of falling back to a plain rename.
     *
     * @throws IOException also naming the target where the rename cannot be atomic; then {@code target} is unchanged
     */
    public static void writeRequiringAtomicRename(Path target, Content content) throws IOException {
        write(target, content, true);
    }

    private static void write(Path target, Content content, boolean requireAtomic) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".part");
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            publishPermissions(tmp, absolute);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                if (requireAtomic) {
                    throw new IOException("cannot replace " + absolute + " atomically on this file system", e);
                }
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Gives the temporary file {@code tmp}, about to be renamed onto {@code target}, the permissions of the file it
     * replaces, or rw-r--r-- for a new one, like a file written directly ({@link Files#createTempFile} makes it
     * readable by its owner only). No-op on non-POSIX file systems.
     */
    private static void publishPermissions(Path tmp, Path target) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions of new files apply
        }
    }
}
