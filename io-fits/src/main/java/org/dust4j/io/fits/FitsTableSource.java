package org.dust4j.io.fits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nom.tam.fits.Header;

/**
 * Rows of a FITS binary table read in chunks straight from the file: the header is parsed by nom-tam-fits, the
 * data decoded from big-endian bytes for the selected columns only.
 */
final class FitsTableSource implements RowSource {
    /** Largest read chunk in bytes, whatever the configured row count. */
    private static final int MAX_CHUNK_BYTES = 16 << 20;

    private final Path file;
    private final FitsLayout.Hdu hdu;
    private final FileChannel channel;
    private final List<String> names = new ArrayList<>();
    private final List<String> units = new ArrayList<>();
    private final List<String> forms = new ArrayList<>();
    private final int[] offsets;
    private final char[] codes;
    private final long[] repeats;
    private final double[] scales;
    private final double[] zeros;
    private final Long[] nulls;
    private final int rowBytes;
    private final long rows;
    private final int chunkRows;
    private ByteBuffer chunk;
    private int[] selected;
    private long nextRow;
    private long chunkFirstRow;
    private int chunkRowCount;
    private final String[] rawText;

    private FitsTableSource(Path file, FitsLayout.Hdu hdu, int configuredChunkRows) throws IOException {
        this.file = file;
        this.hdu = hdu;
        Header h = hdu.header();
        if (h.getBooleanValue("ZTABLE", false) || h.getBooleanValue("ZIMAGE", false)) {
            throw new FitsFormatException(file, hdu.label() + " is tile-compressed; decompress it first (e.g. fpack -D)");
        }
        long naxis1 = h.getLongValue("NAXIS1", -1);
        rows = h.getLongValue("NAXIS2", -1);
        int fields = h.getIntValue("TFIELDS", -1);
        if (naxis1 < 0 || rows < 0 || fields < 0 || naxis1 > Integer.MAX_VALUE) {
            throw new FitsFormatException(file, hdu.label() + " has missing or invalid NAXIS1/NAXIS2/TFIELDS");
        }
        rowBytes = (int) naxis1;
        offsets = new int[fields];
        codes = new char[fields];
        repeats = new long[fields];
        scales = new double[fields];
        zeros = new double[fields];
        nulls = new Long[fields];
        long offset = 0;
        for (int i = 0; i < fields; i++) {
            int n = i + 1;
            String form = h.getStringValue("TFORM" + n, null);
            if (form == null) {
                throw new FitsFormatException(file, hdu.label() + " has no TFORM" + n);
            }
            form = form.trim().toUpperCase(Locale.ROOT);
            int k = 0;
            while (k < form.length() && Character.isDigit(form.charAt(k))) {
                k++;
            }
            if (k >= form.length()) {
                throw new FitsFormatException(file, hdu.label() + " has invalid TFORM" + n + " '" + form + "'");
            }
            repeats[i] = k == 0 ? 1 : Long.parseLong(form.substring(0, k));
            codes[i] = form.charAt(k);
            offsets[i] = (int) offset;
            offset += width(codes[i], repeats[i], n);
            names.add(h.getStringValue("TTYPE" + n, "col" + n).trim());
            String unit = h.getStringValue("TUNIT" + n, null);
            units.add(unit == null ? null : unit.trim());
            forms.add(form);
            scales[i] = h.getDoubleValue("TSCAL" + n, 1.0);
            zeros[i] = h.getDoubleValue("TZERO" + n, 0.0);
            nulls[i] = h.containsKey("TNULL" + n) ? h.getLongValue("TNULL" + n) : null;
        }
        if (offset != rowBytes) {
            throw new FitsFormatException(file, hdu.label() + ": the TFORMn widths add up to " + offset
                    + " bytes but NAXIS1 is " + rowBytes);
        }
        chunkRows = (int) Math.max(1, Math.min(configuredChunkRows, MAX_CHUNK_BYTES / Math.max(1, rowBytes)));
        channel = FileChannel.open(file, StandardOpenOption.READ);
        rawText = new String[fields];
    }

    /** Opens the configured binary table of {@code file}. */
    static FitsTableSource open(Path file, CatalogConfig config) throws IOException {
        FitsLayout layout = FitsLayout.scan(file);
        FitsLayout.Hdu hdu;
        if (config.fitsHdu().isPresent()) {
            hdu = layout.require(config.fitsHdu().get());
            if (hdu.kind() != FitsLayout.Kind.BINTABLE) {
                throw new FitsFormatException(file, hdu.label() + " is not a binary table (XTENSION='BINTABLE')");
            }
        } else {
            hdu = layout.hdus().stream().filter(h -> h.kind() == FitsLayout.Kind.BINTABLE).findFirst()
                    .orElseThrow(() -> new FitsFormatException(file, "no binary-table HDU (HDUs: " + layout.names()
                            + "; ASCII tables are not supported)"));
        }
        return new FitsTableSource(file, hdu, config.chunkRows());
    }

    /** Reads the whole of one scalar numeric column of a (small) binary table HDU. */
    static double[] readColumn(Path file, FitsLayout.Hdu hdu, int column) throws IOException {
        try (FitsTableSource source = new FitsTableSource(file, hdu, 1 << 16)) {
            if (column >= source.names.size()) {
                throw new FitsFormatException(file, hdu.label() + " has no column " + (column + 1));
            }
            try {
                source.select(new int[] {column});
            } catch (CatalogException e) {
                throw new FitsFormatException(file, e.getMessage(), e);
            }
            if (source.rows > Integer.MAX_VALUE - 8) {
                throw new FitsFormatException(file, hdu.label() + " has too many rows: " + source.rows);
            }
            double[] values = new double[(int) source.rows];
            double[] one = new double[1];
            for (int i = 0; source.next(one); i++) {
                values[i] = one[0];
            }
            return values;
        }
    }

    /** Column names (TTYPEn) of a binary table HDU. */
    static java.util.List<String> columnNames(Path file, FitsLayout.Hdu hdu) throws IOException {
        try (FitsTableSource source = new FitsTableSource(file, hdu, 1)) {
            return List.copyOf(source.names);
        }
    }

    private int width(char code, long repeat, int n) throws FitsFormatException {
        long size = switch (code) {
            case 'L', 'B', 'A' -> repeat;
            case 'X' -> (repeat + 7) / 8;
            case 'I' -> 2 * repeat;
            case 'J', 'E' -> 4 * repeat;
            case 'K', 'D', 'C', 'P' -> 8 * repeat;
            case 'M', 'Q' -> 16 * repeat;
            default -> throw new FitsFormatException(file, hdu.label() + " has unknown type code '" + code
                    + "' in TFORM" + n);
        };
        return (int) size;
    }

    @Override
    public List<String> columnNames() {
        return names;
    }

    @Override
    public String unit(int column) {
        return units.get(column);
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public void select(int[] columns) throws CatalogException {
        for (int c : columns) {
            if (repeats[c] != 1 || "BIJKED".indexOf(codes[c]) < 0) {
                throw new CatalogException(file + ": " + hdu.label() + " column '" + names.get(c) + "' has TFORM"
                        + (c + 1) + " = '" + forms.get(c) + "'; only scalar numeric columns (B, I, J, K, E, D) can be"
                        + " read");
            }
        }
        selected = columns.clone();
    }

    @Override
    public boolean next(double[] out) throws IOException {
        if (nextRow >= rows) {
            return false;
        }
        if (chunk == null || nextRow >= chunkFirstRow + chunkRowCount) {
            readChunk();
        }
        int base = (int) (nextRow - chunkFirstRow) * rowBytes;
        for (int s = 0; s < selected.length; s++) {
            int c = selected[s];
            int at = base + offsets[c];
            rawText[s] = null;
            double value;
            switch (codes[c]) {
                case 'E' -> value = chunk.getFloat(at);
                case 'D' -> value = chunk.getDouble(at);
                default -> {
                    long raw = switch (codes[c]) {
                        case 'B' -> chunk.get(at) & 0xFF;
                        case 'I' -> chunk.getShort(at);
                        case 'J' -> chunk.getInt(at);
                        default -> chunk.getLong(at);
                    };
                    if (nulls[c] != null && raw == nulls[c]) {
                        rawText[s] = "null (TNULL" + (c + 1) + " = " + raw + ")";
                        value = Double.NaN;
                    } else {
                        value = raw;
                    }
                }
            }
            out[s] = zeros[c] + scales[c] * value;
        }
        nextRow++;
        return true;
    }

    private void readChunk() throws IOException {
        chunkFirstRow = nextRow;
        chunkRowCount = (int) Math.min(chunkRows, rows - nextRow);
        int bytes = chunkRowCount * rowBytes;
        if (chunk == null || chunk.capacity() < bytes) {
            chunk = ByteBuffer.allocate(Math.max(bytes, chunkRows * rowBytes)).order(ByteOrder.BIG_ENDIAN);
        }
        chunk.clear().limit(bytes);
        long position = hdu.dataOffset() + chunkFirstRow * rowBytes;
        while (chunk.hasRemaining()) {
            int n = channel.read(chunk, position + chunk.position());
            if (n < 0) {
                throw new FitsFormatException(file, "truncated: " + hdu.label() + " ends at row " + (nextRow + 1));
            }
        }
        chunk.flip();
    }

    @Override
    public String rowLabel() {
        return hdu.label() + " row " + nextRow;
    }

    @Override
    public String raw(int selectedIndex) {
        return rawText[selectedIndex];
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
