package org.dust4j.io.fits;

import java.io.IOException;

/**
 * A catalog cannot be read: a required column is missing, a unit is not understood, a CSV line is malformed,
 * or (with {@link CatalogConfig.InvalidRows#FAIL}) a row is invalid. The message names the file, and the row
 * and column where one is at fault.
 */
public class CatalogException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message the full message */
    public CatalogException(String message) {
        super(message);
    }

    /** @param message the full message; @param cause the underlying error */
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
