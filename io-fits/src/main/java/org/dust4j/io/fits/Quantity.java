package org.dust4j.io.fits;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical quantities of a star catalog, each with its canonical unit and the units accepted on input
 * (from TUNITn in FITS, or from the configuration for CSV) with their factors to the canonical unit.
 */
public enum Quantity {
    /** Galactic longitude or latitude; canonical unit degree. */
    ANGLE("deg", Map.of("deg", 1.0, "degree", 1.0, "degrees", 1.0, "rad", 180.0 / Math.PI, "radian", 180.0 / Math.PI,
            "radians", 180.0 / Math.PI, "arcmin", 1.0 / 60.0, "arcsec", 1.0 / 3600.0)),
    /** Parallax or its error; canonical unit milliarcsecond. */
    PARALLAX("mas", Map.of("mas", 1.0, "milliarcsec", 1.0, "arcsec", 1.0e3, "as", 1.0e3, "uas", 1.0e-3,
            "\u00b5as", 1.0e-3, "\u03bcas", 1.0e-3, "deg", 3.6e6, "rad", 3.6e6 * 180.0 / Math.PI)),
    /** Distance or its error; canonical unit parsec. */
    DISTANCE("pc", Map.of("pc", 1.0, "parsec", 1.0, "parsecs", 1.0, "kpc", 1.0e3, "Mpc", 1.0e6)),
    /** Extinction or its error; canonical unit magnitude (any extinction or reddening scale in magnitudes). */
    EXTINCTION("mag", Map.of("mag", 1.0, "mags", 1.0, "magnitude", 1.0, "magnitudes", 1.0, "mmag", 1.0e-3));

    /** A FITS scale factor before a unit: 10**k, 10^k or 10^(k) (FITS standard 4.0, section 4.3.2). */
    private static final Pattern SCALE = Pattern.compile("10(?:\\*\\*|\\^)\\(?([+-]?\\d{1,3})\\)?\\s*(\\S.*)");

    private final String canonical;
    private final Map<String, Double> factors;

    Quantity(String canonical, Map<String, Double> factors) {
        this.canonical = canonical;
        this.factors = factors;
    }

    /** The unit values are converted to. */
    public String canonicalUnit() {
        return canonical;
    }

    /** True if {@code unit} is accepted for this quantity. */
    public boolean accepts(String unit) {
        return lookup(unit) != null;
    }

    /**
     * The factor that converts a value in {@code unit} to the canonical unit. Matching is exact first and then
     * case-insensitive (so "DEG" and "Kpc" are accepted, while "Mpc" stays mega- and never milli-parsec). An accepted
     * unit may follow a FITS scale factor {@code 10**k} or {@code 10^k}, as astropy writes units without a FITS name
     * (µas as "10**-6 arcsec").
     *
     * @throws IllegalArgumentException naming the unit and the accepted ones if it is not accepted
     */
    public double factorFrom(String unit) {
        Double factor = lookup(unit);
        if (factor == null) {
            throw new IllegalArgumentException("unit '" + unit + "' is not a unit of " + name().toLowerCase(Locale.ROOT)
                    + " (accepted: " + new java.util.TreeSet<>(factors.keySet()) + ")");
        }
        return factor;
    }

    private Double lookup(String unit) {
        String u = unit.trim();
        Matcher scaled = SCALE.matcher(u);
        if (scaled.matches()) {
            Double factor = lookup(scaled.group(2));
            int k = Integer.parseInt(scaled.group(1));
            return factor == null ? null : k < 0 ? factor / Math.pow(10, -k) : factor * Math.pow(10, k);
        }
        Double exact = factors.get(u);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Double> e : factors.entrySet()) {
            if (e.getKey().equalsIgnoreCase(u) && !e.getKey().equals("Mpc")) {
                return e.getValue();
            }
        }
        return null;
    }
}
