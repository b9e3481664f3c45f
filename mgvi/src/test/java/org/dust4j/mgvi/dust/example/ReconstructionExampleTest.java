package org.dust4j.mgvi.dust.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.dust4j.io.fits.HealpixMapFile;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.dust.DustResult;
import org.dust4j.mgvi.dust.synthetic.SyntheticDust;
import org.dust4j.mgvi.dust.synthetic.SyntheticSurvey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the documented example on a synthetic catalog written as CSV. */
class ReconstructionExampleTest {
    @TempDir
    Path dir;

    @Test
    void documentedExampleRuns() throws IOException {
        StarCatalog c = SyntheticSurvey.observe(SyntheticDust.standard(2, 20, 1000),
                SyntheticSurvey.Settings.of(800, 1000, 3)).catalog();
        Path csv = dir.resolve("stars.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("l,b,parallax,parallax_error,extinction,extinction_error");
            for (int i = 0; i < c.size(); i++) {
                w.printf(Locale.ROOT, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g%n", c.l()[i], c.b()[i], c.parallax()[i],
                        c.parallaxError()[i], c.extinction()[i], c.extinctionError()[i]);
            }
        }
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        DustResult r = ReconstructionExample.reconstruct(csv, out);
        assertEquals(3, r.reports().size());
        assertTrue(Files.exists(out.resolve("run.mgvi")));
        try (HealpixMapFile f = HealpixMapFile.open(out.resolve(DustResult.MEAN_AND_STD_FILE))) {
            assertEquals(16, f.geometry().shells());
            assertEquals(4, f.geometry().nside());
        }
        assertTrue(Files.exists(out.resolve(DustResult.SAMPLES_FILE)));
    }
}
