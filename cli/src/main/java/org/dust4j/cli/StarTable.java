package org.dust4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.dust4j.io.fits.StarCatalog;

/**
 * The per-star product of {@code dust4j fit}, {@value #FILE}: for every star the fit used, its catalog values and
 * the fit's prediction of its extinction, as CSV (written atomically, numbers in full precision), and the figure
 * of observed against predicted extinctions.
 */
final class StarTable {
    /** File name of the table in the output directory. */
    static final String FILE = "stars.csv";

    private StarTable() {
    }

    /**
     * Writes the table: {@code star} (the row of the catalog as read, counting from 0; rows dropped as invalid are
     * not counted), {@code l}, {@code b}, the distance input ({@code parallax}, {@code parallax_error} in mas or
     * {@code distance}, {@code distance_error} in pc), {@code extinction}, {@code extinction_error} (mag), then the
     * {@code predicted} columns in order; {@code description} becomes a '#' comment line above the header.
     */
    static Path write(Path file, StarCatalog catalog, int[] rows, Map<String, double[]> predicted, String description)
            throws IOException {
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("l", catalog.l());
        columns.put("b", catalog.b());
        if (catalog.distanceKind() == StarCatalog.DistanceKind.PARALLAX) {
            columns.put("parallax", catalog.parallax());
            columns.put("parallax_error", catalog.parallaxError());
        } else {
            columns.put("distance", catalog.distance());
            columns.put("distance_error", catalog.distanceError());
        }
        columns.put("extinction", catalog.extinction());
        columns.put("extinction_error", catalog.extinctionError());
        for (Map.Entry<String, double[]> e : predicted.entrySet()) {
            if (e.getValue().length != rows.length) {
                throw new IllegalArgumentException(e.getKey() + " has " + e.getValue().length + " values for "
                        + rows.length + " stars");
            }
        }
        CliFiles.writeText(file, null, w -> {
            PrintWriter out = new PrintWriter(w);
            out.println("# dust4j fit: " + description);
            out.println("star," + String.join(",", columns.keySet()) + "," + String.join(",", predicted.keySet()));
            for (int i = 0; i < rows.length; i++) {
                out.print(rows[i]);
                for (double[] c : columns.values()) {
                    out.print(',');
                    out.print(c[rows[i]]);
                }
                for (double[] c : predicted.values()) {
                    out.print(',');
                    out.print(c[i]);
                }
                out.println();
            }
            out.flush();
        });
        return file;
    }

    /** The catalog's extinctions of {@code rows}. */
    static double[] observed(StarCatalog catalog, int[] rows) {
        double[] a = catalog.extinction();
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = a[rows[i]];
        }
        return out;
    }

    /** A 2-D histogram of the stars' observed against predicted extinctions, with the 1:1 line. */
    static Path figure(double[] observed, double[] predicted, String method, Path file) throws IOException {
        return DemoFigures.write(DemoFigures.histogram(observed.length + " stars", observed, predicted,
                "observed A", "predicted A", "mag"), 700, 620, method + ": observed and predicted extinction", file);
    }
}
