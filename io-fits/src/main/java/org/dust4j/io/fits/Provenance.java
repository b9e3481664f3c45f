package org.dust4j.io.fits;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Properties;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;

/**
 * Where a product came from, written into every header of every product file: the software and its version
 * (CREATOR), the run's configuration as a string, typically JSON (D4JCONF, a FITS long string), the random seed
 * (D4JSEED) and the creation time (DATE, UTC).
 *
 * @param software software name and version, e.g. "dust4j 0.1.0"
 * @param configuration the run's configuration (any text; JSON recommended)
 * @param seed the run's random seed
 * @param date when the product was made
 */
public record Provenance(String software, String configuration, long seed, Instant date) {
    /** Header keyword of the software and version. */
    public static final String KEY_SOFTWARE = "CREATOR";
    /** Header keyword of the configuration. */
    public static final String KEY_CONFIGURATION = "D4JCONF";
    /** Header keyword of the seed. */
    public static final String KEY_SEED = "D4JSEED";
    /** Header keyword of the date. */
    public static final String KEY_DATE = "DATE";

    /** Checks no component is null and truncates the date to seconds (FITS DATE resolution). */
    public Provenance {
        Objects.requireNonNull(software, "software");
        Objects.requireNonNull(configuration, "configuration");
        date = Objects.requireNonNull(date, "date").truncatedTo(ChronoUnit.SECONDS);
    }

    /** Provenance of this dust4j build, now, with the given configuration and seed. */
    public static Provenance of(String configuration, long seed) {
        return new Provenance("dust4j " + version(), configuration, seed, Instant.now());
    }

    /** The dust4j version this module was built as. */
    public static String version() {
        try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the four provenance cards to {@code header}. */
    void addTo(Header header) throws HeaderCardException {
        header.addValue(KEY_SOFTWARE, software, "software that made this product");
        header.addValue(KEY_DATE, date.toString().replace("Z", ""), "creation date (UTC)");
        header.addValue(KEY_SEED, seed, "random seed of the run");
        header.addValue(KEY_CONFIGURATION, configuration, "configuration of the run");
    }

    /** Reads the provenance cards of {@code header}, or null if it has none. */
    static Provenance readFrom(Header header) {
        if (!header.containsKey(KEY_SOFTWARE) || !header.containsKey(KEY_SEED)) {
            return null;
        }
        String date = header.getStringValue(KEY_DATE, "1970-01-01T00:00:00");
        return new Provenance(header.getStringValue(KEY_SOFTWARE), header.getStringValue(KEY_CONFIGURATION, ""),
                header.getLongValue(KEY_SEED), Instant.parse(date + "Z"));
    }
}
