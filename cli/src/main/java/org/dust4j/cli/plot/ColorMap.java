package org.dust4j.cli.plot;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A colour map: a table of {@value #SIZE} colours from low (fraction 0) to high (fraction 1), plus the colour of
 * missing values (NaN, or values a logarithmic {@link Scale} cannot place).
 *
 * <p>Lookup follows matplotlib's {@code Colormap.__call__}: fraction f ∈ [0, 1] picks entry ⌊f·256⌋ (1 picks the
 * last entry); fractions outside [0, 1] are clipped; NaN gives {@link #nanColor()}. Table entries are stored as the
 * published floating-point RGB triplets and converted to 8-bit by rounding ({@code round(255·c)}).
 *
 * <p>Instances are immutable.
 */
public final class ColorMap {
    /** The number of table entries. */
    public static final int SIZE = 256;
    /** The default colour of missing values: mid grey, as HEALPix viewers show unseen pixels. */
    public static final Color DEFAULT_NAN_COLOR = new Color(0xB0, 0xB0, 0xB0);

    /** ColorBrewer RdBu (11 classes), as matplotlib's {@code _RdBu_data}: dark red → white → dark blue. */
    private static final double[][] RD_BU = {
        {0.403921568627451, 0.0, 0.12156862745098039},
        {0.6980392156862745, 0.09411764705882353, 0.16862745098039217},
        {0.8392156862745098, 0.3764705882352941, 0.30196078431372547},
        {0.9568627450980393, 0.6470588235294118, 0.5098039215686274},
        {0.9921568627450981, 0.8588235294117647, 0.7803921568627451},
        {0.9686274509803922, 0.9686274509803922, 0.9686274509803922},
        {0.8196078431372549, 0.8980392156862745, 0.9411764705882353},
        {0.5725490196078431, 0.7725490196078432, 0.8705882352941177},
        {0.2627450980392157, 0.5764705882352941, 0.7647058823529411},
        {0.12941176470588237, 0.4, 0.6745098039215687},
        {0.0196078431372549, 0.18823529411764706, 0.3803921568627451}};

    private static final ColorMap VIRIDIS = fromResource("viridis");
    private static final ColorMap MAGMA = fromResource("magma");
    private static final ColorMap RD_BU_MAP = interpolated("RdBu", RD_BU);

    private final String name;
    /** SIZE rows of (r, g, b) in [0, 1]. */
    private final double[][] table;
    private final int[] argb;
    private final Color nanColor;

    private ColorMap(String name, double[][] table, Color nanColor) {
        this.name = name;
        this.table = table;
        this.nanColor = Objects.requireNonNull(nanColor, "nanColor");
        this.argb = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            argb[i] = 0xFF000000 | (channel(table[i][0]) << 16) | (channel(table[i][1]) << 8) | channel(table[i][2]);
        }
    }

    /** Viridis (perceptually uniform, dark blue → green → yellow), the 256 entries published with matplotlib. */
    public static ColorMap viridis() {
        return VIRIDIS;
    }

    /** Magma (perceptually uniform, black → purple → orange → pale yellow), the 256 entries published with matplotlib. */
    public static ColorMap magma() {
        return MAGMA;
    }

    /**
     * RdBu, the diverging ColorBrewer map for residuals (dark red at 0, near-white at ½, dark blue at 1), interpolated
     * linearly to 256 entries from its 11 published colours as matplotlib does. Pair it with a symmetric
     * {@link Scale} (see {@link Scale#symmetric(double[])}) so that zero is white.
     */
    public static ColorMap rdBu() {
        return RD_BU_MAP;
    }

    /**
     * A map interpolated linearly in RGB between equally spaced control colours (matplotlib's
     * {@code LinearSegmentedColormap.from_list} with 256 entries): entry i is the colour at i/255.
     *
     * @param name name of the map
     * @param controls at least two (r, g, b) triplets in [0, 1], from low to high
     * @throws IllegalArgumentException if fewer than two controls are given or a component is outside [0, 1]
     */
    public static ColorMap interpolated(String name, double[][] controls) {
        Objects.requireNonNull(name, "name");
        if (controls.length < 2) {
            throw new IllegalArgumentException("a colour map needs at least 2 control colours, got " + controls.length);
        }
        for (int c = 0; c < controls.length; c++) {
            checkRgb(controls[c], "control colour " + c);
        }
        double[][] table = new double[SIZE][3];
        int segments = controls.length - 1;
        for (int i = 0; i < SIZE; i++) {
            double x = (double) i / (SIZE - 1) * segments;
            int k = Math.min((int) x, segments - 1);
            double w = x - k;
            for (int ch = 0; ch < 3; ch++) {
                table[i][ch] = controls[k][ch] + w * (controls[k + 1][ch] - controls[k][ch]);
            }
        }
        return new ColorMap(name, table, DEFAULT_NAN_COLOR);
    }

    /**
     * A map of exactly {@value #SIZE} given colours.
     *
     * @throws IllegalArgumentException if the table does not have 256 rows of 3 components in [0, 1]
     */
    public static ColorMap listed(String name, double[][] table) {
        Objects.requireNonNull(name, "name");
        if (table.length != SIZE) {
            throw new IllegalArgumentException("a listed colour map needs " + SIZE + " entries, got " + table.length);
        }
        double[][] copy = new double[SIZE][];
        for (int i = 0; i < SIZE; i++) {
            checkRgb(table[i], "entry " + i);
            copy[i] = table[i].clone();
        }
        return new ColorMap(name, copy, DEFAULT_NAN_COLOR);
    }

    /** The same map with another colour for missing values. */
    public ColorMap withNanColor(Color color) {
        return new ColorMap(name, table, color);
    }

    /** The same map from high to low, named with suffix {@code _r} as in matplotlib. */
    public ColorMap reversed() {
        double[][] rev = new double[SIZE][];
        for (int i = 0; i < SIZE; i++) {
            rev[i] = table[SIZE - 1 - i];
        }
        String revName = name.endsWith("_r") ? name.substring(0, name.length() - 2) : name + "_r";
        return new ColorMap(revName, rev, nanColor);
    }

    /** The name ({@code viridis}, {@code magma}, {@code RdBu}, ...). */
    public String name() {
        return name;
    }

    /** The colour of missing values. */
    public Color nanColor() {
        return nanColor;
    }

    /** Entry {@code i} as published, (r, g, b) in [0, 1] (a copy). */
    public double[] rgb(int i) {
        Objects.checkIndex(i, SIZE);
        return table[i].clone();
    }

    /** Entry {@code i} as opaque 8-bit ARGB. */
    public int argbAt(int i) {
        Objects.checkIndex(i, SIZE);
        return argb[i];
    }

    /**
     * The opaque ARGB colour of fraction {@code f}: entry ⌊f·256⌋ clipped to [0, 255]; NaN gives the NaN colour.
     */
    public int argb(double f) {
        if (Double.isNaN(f)) {
            return nanColor.getRGB();
        }
        int i = f >= 1 ? SIZE - 1 : f <= 0 ? 0 : (int) (f * SIZE);
        return argb[Math.min(i, SIZE - 1)];
    }

    /** The colour of {@code value} placed by {@code scale}. */
    public int argb(double value, Scale scale) {
        return argb(scale.fraction(value));
    }

    @Override
    public String toString() {
        return "ColorMap[" + name + "]";
    }

    private static int channel(double c) {
        return (int) Math.round(c * 255);
    }

    private static void checkRgb(double[] rgb, String what) {
        if (rgb == null || rgb.length != 3) {
            throw new IllegalArgumentException(what + " must have 3 components (r, g, b)");
        }
        for (double c : rgb) {
            if (!(c >= 0 && c <= 1)) {
                throw new IllegalArgumentException(what + " has component " + c + " outside [0, 1]");
            }
        }
    }

    /** Reads a table resource: comment lines start with '#', then 256 lines of "r g b". */
    private static ColorMap fromResource(String name) {
        String resource = name + ".txt";
        try (InputStream in = ColorMap.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("colour map table " + resource + " is missing from the classpath");
            }
            List<double[]> rows = new ArrayList<>(SIZE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\\s+");
                if (parts.length != 3) {
                    throw new IllegalStateException(resource + ": expected 3 numbers, got '" + line + "'");
                }
                rows.add(new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2])});
            }
            return listed(name, rows.toArray(double[][]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read colour map table " + resource, e);
        }
    }
}
