package org.dust4j.inducing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.dust4j.core.DType;
import org.dust4j.io.fits.GridProductWriter;
import org.dust4j.io.fits.HealpixProduct;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.SliceSource;

/**
 * Posterior statistics on a prediction grid: the density ρ [mag/pc] of every region cell (ghost cells excluded)
 * and the extinction A [mag] from the observer to every cell centre (ghost cells' dust included). Arrays are in
 * the order of the FITS cube of {@link LbdGrid#toGrid3D()}: index il + nl·(ib + nb·k), l fastest, k the
 * region's distance cell.
 *
 * @param grid       the prediction grid
 * @param samples    number of posterior samples the statistics come from
 * @param density    statistics of ρ
 * @param extinction statistics of A
 */
public record Prediction(LbdGrid grid, int samples, SampleSummary density, SampleSummary extinction) {
    /** EXTNAMEs of the cubes written by {@link #writeDensity} and {@link #writeExtinction}. */
    public static final List<String> CUBES = List.of("MEAN", "STD", "P16", "P50", "P84");

    /** Checks the sizes against the grid. */
    public Prediction {
        Objects.requireNonNull(grid, "grid");
        int n = grid.columns() * grid.d().cells();
        if (density.size() != n || extinction.size() != n) {
            throw new IllegalArgumentException("a prediction on " + grid + " needs " + n + " cells, got "
                    + density.size() + " and " + extinction.size());
        }
    }

    /**
     * Writes the density cubes MEAN, STD, P16, P50, P84 with io-fits (needs linear axes), CUNIT
     * {@value HealpixProduct#DEFAULT_UNIT} as the ICR maps'.
     */
    public void writeDensity(Path file, DType dtype, Provenance provenance) throws IOException {
        write(file, density, HealpixProduct.DEFAULT_UNIT, dtype, provenance);
    }

    /** Writes the extinction cubes MEAN, STD, P16, P50, P84 [mag] with io-fits (needs linear axes). */
    public void writeExtinction(Path file, DType dtype, Provenance provenance) throws IOException {
        write(file, extinction, "mag", dtype, provenance);
    }

    private void write(Path file, SampleSummary s, String unit, DType dtype, Provenance provenance) throws IOException {
        int planes = grid.d().cells();
        double[][] data = {s.mean(), s.std(), s.p16(), s.p50(), s.p84()};
        List<GridProductWriter.Cube> cubes = new java.util.ArrayList<>();
        for (int i = 0; i < data.length; i++) {
            cubes.add(new GridProductWriter.Cube(CUBES.get(i), SliceSource.of(data[i], planes)));
        }
        GridProductWriter.write(file, grid.toGrid3D(), cubes, unit, dtype, provenance);
    }
}
