package org.dust4j.cuda;

import java.util.Arrays;

/**
 * The arguments of one kernel launch, in the order of the kernel's parameters. Each argument occupies a
 * 64-bit slot holding its bytes as the kernel reads them (little-endian: an int sits in the low half), so
 * {@link Kernels#launch} can hand the driver one pointer per slot. Device pointers and {@code long long}
 * are {@link #i64}, {@code int} is {@link #i32}, {@code double} is {@link #f64}.
 */
final class KernelArgs {
    private long[] slots = new long[12];
    private int count;

    static KernelArgs args() {
        return new KernelArgs();
    }

    private KernelArgs add(long bits) {
        if (count == slots.length) {
            slots = Arrays.copyOf(slots, count * 2);
        }
        slots[count++] = bits;
        return this;
    }

    /** A device pointer or a {@code long long}. */
    KernelArgs i64(long value) {
        return add(value);
    }

    /** An {@code int}. */
    KernelArgs i32(int value) {
        return add(value & 0xffffffffL);
    }

    /** A {@code bool}-like int flag (0 or 1). */
    KernelArgs flag(boolean value) {
        return i32(value ? 1 : 0);
    }

    /** A {@code double}. */
    KernelArgs f64(double value) {
        return add(Double.doubleToRawLongBits(value));
    }

    int count() {
        return count;
    }

    long slot(int i) {
        return slots[i];
    }
}
