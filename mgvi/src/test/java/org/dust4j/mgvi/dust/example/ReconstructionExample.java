package org.dust4j.mgvi.dust.example;

import java.io.IOException;
import java.nio.file.Path;

import org.dust4j.icr.Kernel;
import org.dust4j.io.fits.CatalogConfig;
import org.dust4j.io.fits.CatalogReader;
import org.dust4j.io.fits.StarCatalog;
import org.dust4j.mgvi.MgviEvent;
import org.dust4j.mgvi.dust.DustGrid;
import org.dust4j.mgvi.dust.DustPriors;
import org.dust4j.mgvi.dust.DustReconstruction;
import org.dust4j.mgvi.dust.DustResult;

/** The example of docs/reconstruction.md, verbatim (ReconstructionExampleTest runs it). */
public final class ReconstructionExample {
    private ReconstructionExample() {
    }

    /** Reconstructs the dust in front of the stars of a catalog file and writes the FITS products to outDir. */
    public static DustResult reconstruct(Path catalogFile, Path outDir) throws IOException {
        // stars: l, b (deg), parallax, parallax_error (mas), extinction, extinction_error (mag); FITS or CSV
        StarCatalog catalog = CatalogReader.read(catalogFile, CatalogConfig.defaults());

        DustGrid grid = DustGrid.builder()
                .nside(4)                  // HEALPix nside of the map (the ICR chart's finest level)
                .shells(60, 1000, 16)      // data region 60..1000 pc in 16 log-spaced shells
                .padding(2, 2)             // at least 2 shells inside 60 pc and beyond 1000 pc
                .build();                  // ICR levels: chosen so that level 0 stays small

        DustResult result = DustReconstruction.builder()
                .grid(grid)
                .kernel(Kernel.matern12(2.0, 300.0))     // prior of s: std 2, correlation length 300 pc
                .priors(DustPriors.edenhofer2024())      // scl, off, per-star error factors (point estimates)
                .catalog(catalog, catalogFile.getFileName().toString())
                .samples(4)                              // 2 antithetic pairs
                .globalIterations(3)
                .seed(42)
                .checkpoint(outDir.resolve("run.mgvi"))  // rewritten after every iteration; .resume(true) continues
                .listener(e -> {
                    if (e instanceof MgviEvent.IterationFinished f) {
                        System.out.printf("iteration %d: KL %.1f%n", f.iteration(), f.report().minimizer().finalEnergy());
                    }
                })
                .build()
                .run();

        System.out.printf("scl = %.3f +- %.3f, off = %.3f +- %.3f, %d of %d stars used, %s%n",
                result.scale().mean(), result.scale().std(), result.offset().mean(), result.offset().std(),
                result.stars().size(), result.stars().catalogSize(), result.timings());
        result.writeFits(outDir);  // mean_and_std_healpix.fits and samples_healpix.fits, as the 2024 release
        return result;
    }
}
