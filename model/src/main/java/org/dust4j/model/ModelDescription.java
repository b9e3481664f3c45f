package org.dust4j.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.dust4j.core.json.Json;
import org.dust4j.core.json.JsonFields;

/**
 * Everything that defines a dust model run, as a value that is written to and read back from JSON exactly, so that
 * a run can be reproduced or resumed: the grid, the response's cut, the priors of the density scale, offset and
 * per-star noise factor, the structured description of the field prior (for ICR the object
 * {@link org.dust4j.icr.IcrPriorSpec#toMap()} writes: kernel with all its parameters or table values, chart,
 * normalisation; {@link org.dust4j.icr.IcrPriorSpec#fromMap} rebuilds the prior from it) and the data (source,
 * selection and a SHA-256 of the selected stars). Two descriptions are equal exactly when they write the same JSON.
 *
 * @param grid       the spherical grid
 * @param zCut       the response's cut in z (see {@link ParallaxResponse})
 * @param scale      prior of scl in rho = exp(scl s + off)
 * @param offset     prior of off
 * @param noise      prior of the per-star factor n_sigma on the extinction error
 * @param fieldPrior the field prior's description (an object of JSON values, may be empty or null for none); kept
 *                   as {@link Json#canonical} makes it (numbers as doubles, unmodifiable), so that a description equals
 *                   its JSON round trip
 * @param data       the data
 */
public record ModelDescription(SphericalGrid grid, double zCut, ScalarPrior scale, ScalarPrior offset,
        ScalarPrior noise, Map<String, Object> fieldPrior, Data data) {
    /** The format name written to JSON. */
    public static final String FORMAT = "dust4j-model";
    /**
     * The version of the JSON layout. Version 2 (2026-11-23) is version 1's layout with a structured field prior (the
     * ICR kernel with its table, the chart, see docs/model.md) where version 1 held description strings; version-1
     * files are refused with a message saying so, since their field prior can neither rebuild nor verify a prior.
     */
    public static final int VERSION = 2;

    public ModelDescription {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(data, "data");
        if (!(zCut > 0) || Double.isInfinite(zCut)) {
            throw new IllegalArgumentException("zCut must be positive and finite, got " + zCut);
        }
        fieldPrior = fieldPrior == null ? Map.of() : JsonFields.of(Json.canonical(fieldPrior), "fieldPrior").map();
    }

    /**
     * The priors of Edenhofer et al. (2024): scl log-normal with mean 1 and std 0.5, off normal with mean -6.91 and
     * std 1, n_sigma inverse-gamma with shape 3 and scale 4 (mode 1, std 2), and the default cut.
     */
    public static ModelDescription edenhofer2024(SphericalGrid grid, Map<String, Object> fieldPrior, Data data) {
        return new ModelDescription(grid, ParallaxResponse.DEFAULT_Z_CUT, new ScalarPrior.LogNormal(1, 0.5),
                new ScalarPrior.Normal(-6.91, 1), new ScalarPrior.InverseGammaPrior(3, 4), fieldPrior, data);
    }

    /**
     * Where the stars came from and which were kept.
     *
     * @param source      a path or name of the catalog
     * @param minDistance the selection's d_min in parsec
     * @param maxDistance the selection's d_max in parsec
     * @param stars       the number of selected stars
     * @param sha256      SHA-256 (hex) of the selected stars, see {@link #fingerprint}
     */
    public record Data(String source, double minDistance, double maxDistance, int stars, String sha256) {
        public Data {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sha256, "sha256");
        }

        /** The description of stars selected from {@code source} with {@link StarData#selectByDistance}. */
        public static Data of(String source, double minDistance, double maxDistance, StarData selected) {
            return new Data(source, minDistance, maxDistance, selected.size(), fingerprint(selected));
        }

        /** Throws unless {@code stars} are the stars this description was made from. */
        public void verify(StarData stars) {
            String actual = fingerprint(stars);
            if (stars.size() != this.stars || !actual.equals(sha256)) {
                throw new IllegalArgumentException("the stars (" + stars.size() + ", SHA-256 " + actual
                        + ") are not those of the model description (" + this.stars + ", SHA-256 " + sha256 + ")");
            }
        }

        /**
         * SHA-256 over the stars in order: per star its source row and pixel (big-endian int32) and parallax,
         * parallax error, extinction and extinction error (big-endian IEEE float64).
         */
        public static String fingerprint(StarData s) {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * 8);
            for (int i = 0; i < s.size(); i++) {
                b.clear();
                b.putInt(s.sourceRow(i)).putInt(s.pixel(i)).putDouble(s.parallax(i)).putDouble(s.parallaxError(i))
                        .putDouble(s.extinction(i)).putDouble(s.extinctionError(i));
                md.update(b.array(), 0, b.position());
            }
            return HexFormat.of().formatHex(md.digest());
        }
    }

    /** This description as a JSON document. */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("nside", grid.nside());
        g.put("ordering", "NEST");
        g.put("boundaries", Json.array(grid.boundaries()));
        root.put("grid", g);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("zCut", zCut);
        root.put("response", r);
        Map<String, Object> priors = new LinkedHashMap<>();
        priors.put("scale", scale.toJson());
        priors.put("offset", offset.toJson());
        priors.put("noise", noise.toJson());
        root.put("priors", priors);
        root.put("fieldPrior", fieldPrior);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", data.source());
        d.put("minDistance", data.minDistance());
        d.put("maxDistance", data.maxDistance());
        d.put("stars", data.stars());
        d.put("sha256", data.sha256());
        root.put("data", d);
        return Json.write(root);
    }

    /**
     * Reads a description written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException for malformed JSON (with line and column), another format or version, or a
     *                                  missing or ill-typed field (the message names its path, e.g.
     *                                  {@code model.grid: field 'nside' ...}, and its value)
     */
    public static ModelDescription fromJson(String json) {
        JsonFields root = JsonFields.of(Json.parse(json), "model");
        String format = root.string("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a dust4j model description: format '" + format + "'");
        }
        int version = root.integer("version");
        if (version == 1) {
            throw new IllegalArgumentException("model description version 1 is no longer read: its field prior holds"
                    + " description strings (a tabulated kernel without its table) that can neither rebuild nor verify"
                    + " the prior; write the description anew with this build (version " + VERSION + ")");
        }
        if (version != VERSION) {
            throw new IllegalArgumentException("model description version " + version + " is not supported (this "
                    + "build reads version " + VERSION + ")");
        }
        JsonFields g = root.object("grid");
        String ordering = g.string("ordering");
        if (!"NEST".equals(ordering)) {
            throw new IllegalArgumentException(g.what() + ": ordering must be NEST, got '" + ordering + "'");
        }
        SphericalGrid grid = SphericalGrid.of(g.integer("nside"), g.numbers("boundaries"));
        double zCut = root.object("response").number("zCut");
        JsonFields p = root.object("priors");
        JsonFields d = root.object("data");
        Data data = new Data(d.string("source"), d.number("minDistance"), d.number("maxDistance"),
                d.integer("stars"), d.string("sha256"));
        return new ModelDescription(grid, zCut, ScalarPrior.fromJson(p.object("scale")),
                ScalarPrior.fromJson(p.object("offset")), ScalarPrior.fromJson(p.object("noise")),
                root.object("fieldPrior").map(), data);
    }

    /** Writes {@link #toJson()} to a file (UTF-8). */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /** Reads a description from a file. */
    public static ModelDescription read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }
}
