package org.dust4j.cli;

/** The JSON the command line writes into provenance keywords (ASCII only, as FITS headers require). */
final class Json {
    private Json() {
    }

    /**
     * {@code text} as a JSON string literal, quoted and escaped; characters outside printable ASCII as JSON
     * unicode escapes.
     */
    static String string(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        s.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
