package org.dust4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.dust4j.core.DType;
import org.dust4j.io.fits.HealpixMapWriter;
import org.dust4j.io.fits.HealpixProduct;
import org.dust4j.io.fits.Provenance;
import org.dust4j.io.fits.ShellGeometry;
import org.dust4j.io.fits.SliceSource;

import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import picocli.CommandLine;

/** Small map files written with the io-fits writers, and a runner that captures a command's output. */
final class TestFiles {
    /** nside 2 (48 pixels), four shells, as in the io-fits tests. */
    static final ShellGeometry GEOMETRY = new ShellGeometry(2, new double[] {100, 200, 400, 800},
            new double[] {80, 150, 300, 600, 1000});
    static final int SAMPLES = 3;
    static final Provenance PROVENANCE = new Provenance("dust4j test", "{\"run\": \"cli test\"}", 42L,
            Instant.parse("2024-01-02T03:04:05Z"));

    /** The outcome of one command: exit code, standard output and standard error. */
    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private TestFiles() {
    }

    /**
     * The bytes of {@code text} in {@code charset}, with U+FEFF written as the UTF-8 byte-order mark (EF BB BF)
     * whatever the charset, as a spreadsheet writes it before the text.
     */
    static byte[] bytes(String text, java.nio.charset.Charset charset) {
        boolean bom = text.startsWith("\uFEFF");
        byte[] body = (bom ? text.substring(1) : text).getBytes(charset);
        if (!bom) {
            return body;
        }
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xef;
        out[1] = (byte) 0xbb;
        out[2] = (byte) 0xbf;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    /** Runs {@code dust4j args...} in-process. */
    static Run run(String... args) {
        CommandLine cl = Dust4j.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A density that varies over pixels, shells and samples (sample -1: the mean), always positive. */
    private static SliceSource density(int offset) {
        return (sample, shell, out) -> {
            for (int p = 0; p < out.length; p++) {
                out[p] = 1e-3 * (1 + (p * 7 + shell * 3 + (sample + offset) * 5) % 11);
            }
        };
    }

    /** A mean-and-std map with an inner integral of radius 80 pc. */
    static Path meanAndStd(Path file) throws Exception {
        HealpixProduct p = HealpixProduct.meanAndStd(GEOMETRY, density(0), (s, shell, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = 1e-4 * (1 + (i + shell) % 5);
            }
        }, PROVENANCE).withInner(80, (s, k, out) -> java.util.Arrays.fill(out, 0.05),
                (s, k, out) -> java.util.Arrays.fill(out, 0.01)).withDType(DType.FLOAT64);
        HealpixMapWriter.write(file, p);
        return file;
    }

    /** A samples map of {@link #SAMPLES} samples, float32. */
    static Path samples(Path file) throws Exception {
        HealpixMapWriter.write(file, HealpixProduct.samples(GEOMETRY, SAMPLES, density(1), PROVENANCE));
        return file;
    }

    /**
     * Writes a FITS file with one binary table: the columns (arrays of one primitive type each) named and with units
     * (TUNITn), and EXTNAME {@code extname}.
     */
    static Path fitsTable(Path file, String extname, String[] names, String[] units, Object... columns)
            throws Exception {
        BinaryTableHDU hdu = BinaryTable.fromColumnMajor(columns).toHDU();
        for (int i = 0; i < names.length; i++) {
            hdu.setColumnName(i, names[i], null);
            hdu.getHeader().addValue("TUNIT" + (i + 1), units[i], null);
        }
        hdu.getHeader().addValue("EXTNAME", extname, null);
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }

    /** Writes {@code lines} (joined with newlines) to {@code file}. */
    static Path text(Path file, String... lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
