package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file is not readable as the FITS content expected of it: not FITS at all, truncated, or missing or
 * misshaping an HDU, keyword or column. The message names the file and, where known, the HDU, keyword or
 * column at fault.
 */
public class FitsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param file the file at fault; @param detail what is wrong with it */
    public FitsFormatException(Path file, String detail) {
        super(file + ": " + detail);
    }

    /** @param file the file at fault; @param detail what is wrong with it; @param cause the underlying error */
    public FitsFormatException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
    }
}
