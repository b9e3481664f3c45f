package org.dust4j.io.fits;

import java.io.IOException;
import java.io.OutputStream;

import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCardException;
import nom.tam.fits.header.Standard;
import nom.tam.util.FitsOutputStream;

import org.dust4j.core.DType;

/**
 * Writes FITS HDUs one after the other to a stream, streaming image data chunk by chunk so that no HDU needs to
 * be in memory whole. Headers are formatted by nom-tam-fits; data is big-endian IEEE float32 or float64, padded
 * to whole 2880-byte blocks.
 */
final class FitsStreamWriter {
    /** Adds cards to a header being built. */
    @FunctionalInterface
    interface Cards {
        void addTo(Header header) throws HeaderCardException;

        Cards NONE = h -> { };
    }

    /** Fills chunk {@code index} of an image (chunks in file order, each {@code out.length} values). */
    @FunctionalInterface
    interface ChunkFiller {
        void fill(long index, double[] out) throws IOException;
    }

    private final FitsOutputStream out;
    private final Provenance provenance;

    FitsStreamWriter(OutputStream out, Provenance provenance) {
        this.out = new FitsOutputStream(out, 1 << 16);
        this.provenance = provenance;
    }

    /** The empty primary HDU (NAXIS = 0, EXTEND = T) with provenance and {@code cards}. */
    void primary(Cards cards) throws IOException {
        Header h = new Header();
        try {
            h.addValue(Standard.SIMPLE, true);
            h.addValue(Standard.BITPIX, 8);
            h.addValue(Standard.NAXIS, 0);
            h.addValue(Standard.EXTEND, true);
            provenance.addTo(h);
            cards.addTo(h);
        } catch (HeaderCardException e) {
            throw new IOException("cannot build the primary header: " + e.getMessage(), e);
        }
        writeHeader(h);
    }

    /**
     * An image extension. {@code axes} are NAXIS1, NAXIS2, ... (fastest-varying first, i.e. numpy shape reversed);
     * the data is written as chunks of {@code chunkLength} values, which must divide the element count.
     */
    void image(String extname, DType dtype, long[] axes, int chunkLength, Cards cards, ChunkFiller filler)
            throws IOException {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("images are written as FLOAT32 or FLOAT64, not " + dtype);
        }
        long count = 1;
        for (long a : axes) {
            count = Math.multiplyExact(count, a);
        }
        if (chunkLength <= 0 || count % chunkLength != 0) {
            throw new IllegalArgumentException("chunk length " + chunkLength + " does not divide " + count + " values");
        }
        Header h = new Header();
        try {
            h.addValue(Standard.XTENSION, "IMAGE");
            h.addValue(Standard.BITPIX, dtype == DType.FLOAT32 ? -32 : -64);
            h.addValue(Standard.NAXIS, axes.length);
            for (int i = 0; i < axes.length; i++) {
                h.addValue(Standard.NAXISn.n(i + 1), axes[i]);
            }
            h.addValue(Standard.PCOUNT, 0);
            h.addValue(Standard.GCOUNT, 1);
            h.addValue(Standard.EXTNAME, extname);
            cards.addTo(h);
            provenance.addTo(h);
        } catch (HeaderCardException e) {
            throw new IOException("cannot build the header of " + extname + ": " + e.getMessage(), e);
        }
        writeHeader(h);
        double[] chunk = new double[chunkLength];
        float[] single = dtype == DType.FLOAT32 ? new float[chunkLength] : null;
        long chunks = count / chunkLength;
        for (long c = 0; c < chunks; c++) {
            filler.fill(c, chunk);
            if (single != null) {
                for (int i = 0; i < chunkLength; i++) {
                    single[i] = (float) chunk[i];
                }
                out.write(single, 0, chunkLength);
            } else {
                out.write(chunk, 0, chunkLength);
            }
        }
        pad(count * dtype.byteSize());
    }

    /** A binary-table extension with one float64 column ('D'). */
    void table(String extname, String column, String unit, double[] values, Cards cards) throws IOException {
        Header h = new Header();
        try {
            h.addValue(Standard.XTENSION, "BINTABLE");
            h.addValue(Standard.BITPIX, 8);
            h.addValue(Standard.NAXIS, 2);
            h.addValue(Standard.NAXISn.n(1), 8);
            h.addValue(Standard.NAXISn.n(2), values.length);
            h.addValue(Standard.PCOUNT, 0);
            h.addValue(Standard.GCOUNT, 1);
            h.addValue(Standard.TFIELDS, 1);
            h.addValue(Standard.TTYPEn.n(1), column);
            h.addValue(Standard.TFORMn.n(1), "D");
            h.addValue(Standard.TUNITn.n(1), unit);
            h.addValue(Standard.EXTNAME, extname);
            cards.addTo(h);
            provenance.addTo(h);
        } catch (HeaderCardException e) {
            throw new IOException("cannot build the header of " + extname + ": " + e.getMessage(), e);
        }
        writeHeader(h);
        out.write(values, 0, values.length);
        pad(8L * values.length);
    }

    /** Flushes buffered bytes to the underlying stream (which stays open). */
    void flush() throws IOException {
        out.flush();
    }

    private void writeHeader(Header h) throws IOException {
        try {
            h.write(out);
        } catch (FitsException e) {
            throw new IOException("cannot write FITS header: " + e.getMessage(), e);
        }
    }

    private void pad(long bytes) throws IOException {
        int rest = (int) (FitsLayout.padded(bytes) - bytes);
        out.write(new byte[rest]);
    }
}
