package org.dust4j.io.fits;

import java.io.IOException;

/**
 * Supplies a HEALPix x distance cube (or a stack of them) to a writer one shell at a time, so that a cube larger
 * than the heap can be written: {@code fill(sample, shell, out)} writes the npix values of that shell (NEST
 * order) to {@code out}. For a cube without samples {@code sample} is always 0; for a single map (an inner
 * integral) {@code shell} is always 0.
 */
@FunctionalInterface
public interface ShellSource {
    /** Writes the values of {@code shell} of {@code sample} to {@code out} (whose length is npix). */
    void fill(int sample, int shell, double[] out) throws IOException;

    /**
     * A cube held in a float array in numpy order (sample, shell, pixel), pixel fastest, with {@code shells}
     * shells per sample (1 for a single map).
     */
    static ShellSource of(float[] data, int shells) {
        return (sample, shell, out) -> {
            int base = base(data.length, shells, sample, shell, out.length);
            for (int i = 0; i < out.length; i++) {
                out[i] = data[base + i];
            }
        };
    }

    /**
     * A cube held in a double array in numpy order (sample, shell, pixel), pixel fastest, with {@code shells}
     * shells per sample (1 for a single map).
     */
    static ShellSource of(double[] data, int shells) {
        return (sample, shell, out) -> System.arraycopy(data, base(data.length, shells, sample, shell, out.length),
                out, 0, out.length);
    }

    private static int base(int length, int shells, int sample, int shell, int npix) {
        long base = ((long) sample * shells + shell) * npix;
        if (shell < 0 || shell >= shells || sample < 0 || base + npix > length) {
            throw new IndexOutOfBoundsException("sample " + sample + ", shell " + shell + " of " + npix
                    + " pixels is outside data of length " + length + " with " + shells + " shells per sample");
        }
        return (int) base;
    }
}
