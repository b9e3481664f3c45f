package org.dust4j.io.fits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void newFilesAreReadableByOthersLikeDirectlyWrittenFiles() throws IOException {
        Path p = dir.resolve("product.fits");
        AtomicFiles.write(p, out -> out.write(new byte[] {1, 2, 3}));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(3, Files.size(p));
    }

    @Test
    void replacingKeepsTheTargetsPermissions() throws IOException {
        Path p = dir.resolve("product.fits");
        Files.write(p, new byte[] {9});
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(p, out -> out.write(new byte[] {1, 2}));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals(2, Files.size(p));
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("product.fits");
        assertThrows(IOException.class, () -> AtomicFiles.write(p, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
