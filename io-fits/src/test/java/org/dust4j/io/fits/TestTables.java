package org.dust4j.io.fits;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;

/** Writes small FITS binary tables with nom-tam-fits for the reader tests. */
final class TestTables {
    /** A column: data (a primitive array), unit (null for none), extra header cards (key to value). */
    record Column(String name, Object data, String unit, Map<String, Object> cards) {
        Column(String name, Object data, String unit) {
            this(name, data, unit, Map.of());
        }
    }

    private TestTables() {
    }

    static Path write(Path file, String extname, Column... columns) throws Exception {
        Object[] data = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            data[i] = columns[i].data();
        }
        BinaryTableHDU hdu = BinaryTable.fromColumnMajor(data).toHDU();
        for (int i = 0; i < columns.length; i++) {
            hdu.setColumnName(i, columns[i].name(), null);
            int n = i + 1;
            if (columns[i].unit() != null) {
                hdu.getHeader().addValue("TUNIT" + n, columns[i].unit(), null);
            }
            for (Map.Entry<String, Object> e : columns[i].cards().entrySet()) {
                if (e.getValue() instanceof Number num) {
                    hdu.getHeader().addValue(e.getKey() + n, num, null);
                } else {
                    hdu.getHeader().addValue(e.getKey() + n, e.getValue().toString(), null);
                }
            }
        }
        if (extname != null) {
            hdu.getHeader().addValue("EXTNAME", extname, null);
        }
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }

    static Map<String, Object> cards(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
