package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.file.Path;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;

/**
 * Writes {@link HealpixProduct}s as FITS files that the dustmaps package's {@code Edenhofer2023Query} reads
 * (layout in docs/fits-layout.md), atomically and streaming one shell at a time.
 *
 * <p>Mean-and-std file: empty primary HDU; image MEAN (NAXIS1 = npix, NAXIS2 = shells, i.e. numpy shape
 * (shells, npix)); image STD.; binary tables RADIAL PIXEL CENTERS and RADIAL PIXEL BOUNDARIES; and, with an
 * inner integral of radius R, images MEAN OF INTEGRATED INNER R PC and STD. OF INTEGRATED INNER R PC.
 * Samples file: empty primary HDU; image SAMPLES (numpy shape (samples, shells, npix)); the two radial
 * tables; and with an inner integral the image INTEGRATED INNER R PC (numpy shape (samples, npix)).
 */
public final class HealpixMapWriter {
    /** EXTNAME of the mean cube. */
    public static final String MEAN = "MEAN";
    /** EXTNAME of the std cube. */
    public static final String STD = "STD.";
    /** EXTNAME of the samples stack. */
    public static final String SAMPLES = "SAMPLES";
    /** EXTNAME of the shell centres table. */
    public static final String CENTERS = "RADIAL PIXEL CENTERS";
    /** EXTNAME of the shell boundaries table. */
    public static final String BOUNDARIES = "RADIAL PIXEL BOUNDARIES";
    /** Column of the shell centres table. */
    public static final String CENTERS_COLUMN = "radial pixel centers";
    /** Column of the shell boundaries table. */
    public static final String BOUNDARIES_COLUMN = "radial pixel boundaries";
    /** CTYPE prefix of an inner-integral mean (or sample) map. */
    public static final String INNER_CTYPE = "inner density integrated within";
    /** CTYPE prefix of an inner-integral std map. */
    public static final String INNER_STD_CTYPE = "std. of inner density integrated within";

    private HealpixMapWriter() {
    }

    /** EXTNAME of the inner mean map of radius {@code r}: "MEAN OF INTEGRATED INNER r PC". */
    public static String innerMeanName(double radiusPc) {
        return "MEAN OF INTEGRATED INNER " + HealpixProduct.radiusText(radiusPc) + " PC";
    }

    /** EXTNAME of the inner std map of radius {@code r}: "STD. OF INTEGRATED INNER r PC". */
    public static String innerStdName(double radiusPc) {
        return "STD. OF INTEGRATED INNER " + HealpixProduct.radiusText(radiusPc) + " PC";
    }

    /** EXTNAME of the per-sample inner maps of radius {@code r}: "INTEGRATED INNER r PC". */
    public static String innerSamplesName(double radiusPc) {
        return "INTEGRATED INNER " + HealpixProduct.radiusText(radiusPc) + " PC";
    }

    /**
     * Writes {@code product} to {@code file} atomically.
     *
     * @throws IOException if a source fails or the file cannot be written; {@code file} is then unchanged
     */
    public static void write(Path file, HealpixProduct product) throws IOException {
        ShellGeometry g = product.geometry();
        int npix = g.npix();
        int shells = g.shells();
        FitsStreamWriter.Cards healpix = h -> {
            h.addValue("PIXTYPE", "HEALPIX", "HEALPix pixelisation");
            h.addValue("ORDERING", "NEST", "pixel ordering scheme");
            h.addValue("NSIDE", g.nside(), "HEALPix resolution parameter");
            h.addValue("COORDSYS", "G", "Galactic coordinates");
            h.addValue("CUNIT", product.unit(), "unit of the data");
        };
        AtomicFiles.write(file, out -> {
            FitsStreamWriter w = new FitsStreamWriter(out, product.provenance());
            w.primary(FitsStreamWriter.Cards.NONE);
            if (product.kind() == HealpixProduct.Kind.MEAN_AND_STD) {
                w.image(MEAN, product.dtype(), new long[] {npix, shells}, npix, healpix,
                        (c, buf) -> product.data().fill(0, (int) c, buf));
                w.image(STD, product.dtype(), new long[] {npix, shells}, npix, healpix,
                        (c, buf) -> product.std().fill(0, (int) c, buf));
            } else {
                int samples = product.sampleCount();
                w.image(SAMPLES, product.dtype(), new long[] {npix, shells, samples}, npix, healpix,
                        (c, buf) -> product.data().fill((int) (c / shells), (int) (c % shells), buf));
            }
            w.table(CENTERS, CENTERS_COLUMN, "pc", g.centers(), FitsStreamWriter.Cards.NONE);
            w.table(BOUNDARIES, BOUNDARIES_COLUMN, "pc", g.boundaries(), FitsStreamWriter.Cards.NONE);
            if (product.innerRadius().isPresent()) {
                double r = product.innerRadius().getAsDouble();
                String rText = HealpixProduct.radiusText(r);
                if (product.kind() == HealpixProduct.Kind.MEAN_AND_STD) {
                    w.image(innerMeanName(r), product.dtype(), new long[] {npix}, npix,
                            inner(healpix, product.unit(), INNER_CTYPE + " " + rText + "pc"),
                            (c, buf) -> product.innerData().fill(0, 0, buf));
                    w.image(innerStdName(r), product.dtype(), new long[] {npix}, npix,
                            inner(healpix, product.unit(), INNER_STD_CTYPE + " " + rText + "pc"),
                            (c, buf) -> product.innerStd().fill(0, 0, buf));
                } else {
                    w.image(innerSamplesName(r), product.dtype(), new long[] {npix, product.sampleCount()}, npix,
                            inner(healpix, product.unit(), INNER_CTYPE + " " + rText + "pc"),
                            (c, buf) -> product.innerData().fill((int) c, 0, buf));
                }
            }
            w.flush();
        });
    }

    /** The cards of an inner-integral map: those of the cubes, CUNIT the integrated unit, and CTYPE. */
    private static FitsStreamWriter.Cards inner(FitsStreamWriter.Cards healpix, String unit, String ctype) {
        return h -> {
            healpix.addTo(h);
            h.addValue("CUNIT", HealpixProduct.integratedUnit(unit), "unit of the data (density x pc)");
            addCtype(h, ctype);
        };
    }

    private static void addCtype(Header h, String ctype) throws HeaderCardException {
        h.addValue("CTYPE", ctype, "quantity of this map");
    }
}
