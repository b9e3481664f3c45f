package org.dust4j.io.fits;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens text input (CSV catalogs, point lists) as spreadsheets and older tools write it: UTF-8, with a leading
 * byte-order mark skipped (Excel's "CSV UTF-8" writes one, which would otherwise stick to the first column name) and
 * bytes that are not UTF-8 (e.g. Latin-1 letters in a name column) read as U+FFFD instead of failing the whole file.
 * Numbers are ASCII, so such bytes matter only in a column that is read as numbers, where they fail validation with
 * the row and column named.
 */
public final class TextFiles {
    /** The byte-order mark as decoded from UTF-8. */
    private static final char BOM = '\uFEFF';
    /** The first bytes of every FITS file. */
    private static final byte[] FITS_SIGNATURE = "SIMPLE  =".getBytes(StandardCharsets.US_ASCII);
    /** The first two bytes of a gzip file. */
    private static final byte[] GZIP_SIGNATURE = {(byte) 0x1f, (byte) 0x8b};

    private TextFiles() {
    }

    /**
     * A buffered reader of {@code file} as UTF-8 text, positioned after a byte-order mark if the file starts with
     * one; malformed bytes read as U+FFFD. A gzip-compressed file is refused (it would otherwise read as a line of
     * U+FFFD and fail later with a misleading message).
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws CatalogException naming the file if it is gzip-compressed
     */
    public static BufferedReader open(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        try {
            in.mark(GZIP_SIGNATURE.length);
            boolean gzip = java.util.Arrays.equals(in.readNBytes(GZIP_SIGNATURE.length), GZIP_SIGNATURE);
            in.reset();
            if (gzip) {
                throw new CatalogException(file + ": a gzip-compressed file, not CSV text; decompress it first"
                        + " (gunzip)");
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
        try {
            reader.mark(1);
            int first = reader.read();
            if (first != BOM && first != -1) {
                reader.reset();
            }
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /** Whether {@code file} is FITS: it begins with the card {@code SIMPLE  =} (a FITS file's first bytes). */
    public static boolean isFits(Path file) throws IOException {
        return startsWith(file, FITS_SIGNATURE);
    }

    /** True if {@code file} begins with the bytes {@code prefix}. */
    private static boolean startsWith(Path file, byte[] prefix) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(prefix.length);
        }
        return java.util.Arrays.equals(head, prefix);
    }
}
