package org.dust4j.icr;

import java.util.Arrays;

/** An open-addressing map from non-negative long keys to insertion ranks 0, 1, 2, … (no removal). */
final class LongIntMap {
    private long[] keys;
    private int[] values;
    private long[] order;
    private int size;

    LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(keys, -1);
        order = new long[Math.max(16, expected)];
    }

    int size() {
        return size;
    }

    /** The rank of key, or -1. */
    int get(long key) {
        int i = find(key);
        return keys[i] == -1 ? -1 : values[i];
    }

    /** Adds key if absent; returns its rank. */
    int add(long key) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int i = find(key);
        if (keys[i] == key) {
            return values[i];
        }
        keys[i] = key;
        values[i] = size;
        if (size == order.length) {
            order = Arrays.copyOf(order, order.length * 2);
        }
        order[size] = key;
        return size++;
    }

    /** The slot holding key, or the empty slot where it belongs. */
    private int find(long key) {
        int mask = keys.length - 1;
        int i = mix(key) & mask;
        while (keys[i] != key && keys[i] != -1) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** The key of a rank. */
    long key(int rank) {
        return order[rank];
    }

    /** Approximate bytes held. */
    long bytes() {
        return 12L * keys.length + 8L * order.length;
    }

    private void grow() {
        long[] ok = keys;
        int[] ov = values;
        keys = new long[ok.length * 2];
        values = new int[ok.length * 2];
        Arrays.fill(keys, -1);
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != -1) {
                int i = find(ok[j]);
                keys[i] = ok[j];
                values[i] = ov[j];
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
