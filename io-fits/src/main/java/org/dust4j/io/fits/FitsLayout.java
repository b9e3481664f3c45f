package org.dust4j.io.fits;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import nom.tam.fits.Header;
import nom.tam.fits.TruncatedFileException;
import nom.tam.util.FitsFile;

/**
 * The HDU structure of a FITS file: every header (parsed by nom-tam-fits) with the byte offset and size of its
 * data, found by walking the file without reading any data. Readers use it to stream or memory-map data
 * directly, so that opening a multi-gigabyte file costs a few header blocks of I/O.
 *
 * @param file the file
 * @param hdus the HDUs in file order, the primary HDU first
 */
record FitsLayout(Path file, List<Hdu> hdus) {
    /** FITS logical record length: headers and data are padded to multiples of this. */
    static final int BLOCK = 2880;

    /** The kind of an HDU, from SIMPLE / XTENSION. */
    enum Kind { PRIMARY, IMAGE, BINTABLE, OTHER }

    /**
     * One HDU.
     *
     * @param index 0-based position in the file
     * @param kind PRIMARY, IMAGE, BINTABLE or OTHER
     * @param name EXTNAME trimmed ("" when absent)
     * @param header the parsed header
     * @param dataOffset byte offset of the first data byte
     * @param dataBytes data size in bytes, without padding
     */
    record Hdu(int index, Kind kind, String name, Header header, long dataOffset, long dataBytes) {
        /** "HDU #i 'NAME'" for messages. */
        String label() {
            return name.isEmpty() ? "HDU #" + index : "HDU #" + index + " '" + name + "'";
        }

        /** NAXISn values, NAXIS1 first. */
        long[] axes() {
            int naxis = header.getIntValue("NAXIS", 0);
            long[] axes = new long[naxis];
            for (int i = 0; i < naxis; i++) {
                axes[i] = header.getLongValue("NAXIS" + (i + 1), 0);
            }
            return axes;
        }
    }

    /**
     * Walks the HDUs of a file.
     *
     * @throws FitsFormatException if the file is not FITS, a header is broken, or a data unit runs past the end
     *     of the file
     */
    static FitsLayout scan(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such FITS file");
        }
        long length = Files.size(file);
        if (length < BLOCK) {
            throw new FitsFormatException(file, "not a FITS file: " + length
                    + " bytes, shorter than one 2880-byte FITS block");
        }
        if (!TextFiles.isFits(file)) {
            throw new FitsFormatException(file, "not a FITS file: it does not begin with the card 'SIMPLE  ='");
        }
        List<Hdu> hdus = new ArrayList<>();
        try (FitsFile in = new FitsFile(file.toFile(), "r")) {
            long position = 0;
            while (position < length) {
                int index = hdus.size();
                in.seek(position);
                Header header;
                try {
                    header = Header.readHeader(in);
                } catch (TruncatedFileException | EOFException e) {
                    throw new FitsFormatException(file, "truncated header of HDU #" + index + " at byte " + position
                            + " (file has " + length + " bytes)", e);
                } catch (IOException | RuntimeException e) {
                    throw new FitsFormatException(file, "cannot parse the header of HDU #" + index + " at byte "
                            + position + (index == 0 ? " (not a FITS file?)" : "") + ": " + e.getMessage(), e);
                }
                if (header == null) {
                    throw new FitsFormatException(file, "truncated or unreadable header of HDU #" + index
                            + " at byte " + position + " (" + (length - position) + " bytes left in the file)");
                }
                Kind kind = kindOf(file, header, index);
                long dataOffset = in.getFilePointer();
                long dataBytes = dataBytes(file, header, index);
                String name = header.getStringValue("EXTNAME", "").trim();
                Hdu hdu = new Hdu(index, kind, name, header, dataOffset, dataBytes);
                if (dataOffset + dataBytes > length) {
                    throw new FitsFormatException(file, "truncated: " + hdu.label() + " needs " + dataBytes
                            + " data bytes from byte " + dataOffset + " but the file ends at byte " + length);
                }
                hdus.add(hdu);
                position = dataOffset + padded(dataBytes);
            }
        }
        if (hdus.isEmpty()) {
            throw new FitsFormatException(file, "no HDU found");
        }
        return new FitsLayout(file, List.copyOf(hdus));
    }

    /** Rounds a byte count up to whole FITS blocks. */
    static long padded(long bytes) {
        return (bytes + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The first HDU named {@code name} (case-insensitive), if any. */
    Optional<Hdu> find(String name) {
        return hdus.stream().filter(h -> h.name.equalsIgnoreCase(name)).findFirst();
    }

    /** The HDU named {@code name} (case-insensitive). */
    Hdu require(String name) throws FitsFormatException {
        return find(name).orElseThrow(() -> new FitsFormatException(file, "no HDU named '" + name + "' (found "
                + names() + ")"));
    }

    /** EXTNAMEs of all HDUs, for messages. */
    List<String> names() {
        return hdus.stream().map(h -> h.name.isEmpty() ? "#" + h.index : h.name).toList();
    }

    private static Kind kindOf(Path file, Header header, int index) throws FitsFormatException {
        if (index == 0) {
            if (!header.getBooleanValue("SIMPLE", false)) {
                throw new FitsFormatException(file, "not a FITS file: first card is not SIMPLE = T");
            }
            return Kind.PRIMARY;
        }
        String xtension = header.getStringValue("XTENSION", null);
        if (xtension == null) {
            throw new FitsFormatException(file, "HDU #" + index + " has no XTENSION keyword");
        }
        return switch (xtension.trim().toUpperCase(Locale.ROOT)) {
            case "IMAGE" -> Kind.IMAGE;
            case "BINTABLE" -> Kind.BINTABLE;
            default -> Kind.OTHER;
        };
    }

    private static long dataBytes(Path file, Header header, int index) throws FitsFormatException {
        int bitpix = header.getIntValue("BITPIX", 0);
        if (bitpix != 8 && bitpix != 16 && bitpix != 32 && bitpix != 64 && bitpix != -32 && bitpix != -64) {
            throw new FitsFormatException(file, "HDU #" + index + " has invalid BITPIX " + bitpix);
        }
        int naxis = header.getIntValue("NAXIS", -1);
        if (naxis < 0 || naxis > 999) {
            throw new FitsFormatException(file, "HDU #" + index + " has invalid or missing NAXIS");
        }
        if (naxis == 0) {
            return 0;
        }
        long count = 1;
        for (int i = 1; i <= naxis; i++) {
            long n = header.getLongValue("NAXIS" + i, -1);
            if (n < 0) {
                throw new FitsFormatException(file, "HDU #" + index + " has invalid or missing NAXIS" + i);
            }
            // random groups (NAXIS1 = 0 in a primary HDU) are counted without that axis
            if (!(i == 1 && n == 0 && header.getBooleanValue("GROUPS", false))) {
                count = Math.multiplyExact(count, n);
            }
        }
        long pcount = header.getLongValue("PCOUNT", 0);
        long gcount = header.getLongValue("GCOUNT", 1);
        return Math.multiplyExact((long) Math.abs(bitpix) / 8, Math.multiplyExact(gcount, count + pcount));
    }
}
