package org.dust4j.icr;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

import org.dust4j.core.cpu.Parallel;

/**
 * A window geometry quantised for deduplication: its size (log of a characteristic extent) and its shape (the raw
 * invariants divided by the extent), each rounded to multiples of the relative tolerance. Windows whose keys are
 * equal share refinement matrices; windows whose invariants differ by more than about the tolerance never do.
 * Keys are ordered lexicographically (by their rounded numbers), so that a factor can pick a canonical one among
 * several equivalent descriptions of a window.
 */
final class GeometryKey implements Comparable<GeometryKey> {
    /** Windows whose keys are computed in parallel before they are numbered. */
    private static final int CHUNK = 1 << 14;

    private final long[] bins;
    private final int hash;

    private GeometryKey(long[] bins) {
        this.bins = bins;
        this.hash = Arrays.hashCode(bins);
    }

    /**
     * The key whose rounded numbers are {@code bins} (owned by the key from now on): {@link #of}'s numbers, computed by
     * a caller that rounds each invariant once and then tries several orders of them ({@link #bins(double, double)}
     * and {@link #bin(double, double, double)} round as {@link #of} does).
     */
    static GeometryKey ofBins(long[] bins) {
        return new GeometryKey(bins);
    }

    /** The first rounded number of {@link #of}: the window's size. */
    static long bins(double extent, double relativeTolerance) {
        if (!(extent > 0)) {
            throw new IllegalArgumentException("window extent must be > 0, got " + extent);
        }
        return Math.round(Math.log(extent) / relativeTolerance);
    }

    /** One invariant rounded as {@link #of} rounds it. */
    static long bin(double invariant, double extent, double relativeTolerance) {
        return Math.round(invariant / extent / relativeTolerance);
    }

    /**
     * @param invariants        isometry-invariant numbers describing the window (differences of coordinates, distances)
     * @param extent            a characteristic length of the window (&gt; 0)
     * @param relativeTolerance the bin width relative to the extent
     */
    static GeometryKey of(double[] invariants, double extent, double relativeTolerance) {
        long[] b = new long[invariants.length + 1];
        b[0] = bins(extent, relativeTolerance);
        for (int i = 0; i < invariants.length; i++) {
            b[i + 1] = bin(invariants[i], extent, relativeTolerance);
        }
        return new GeometryKey(b);
    }

    /** Classes of a level's windows: the class of every window and the first window (representative) of every class. */
    record Grouping(int[] classOf, int[] representatives) {
    }

    /**
     * Numbers the distinct keys of windows 0 … n-1 in order of first appearance. The keys are computed in parallel
     * (the key function must be thread-safe); with {@code deduplicate} false they are still computed (a factor may
     * choose a window's slot order while computing its key) but every window becomes its own class.
     */
    static Grouping group(int n, boolean deduplicate, IntFunction<GeometryKey> key) {
        int[] classOf = new int[n];
        int[] reps = new int[n];
        Map<GeometryKey, Integer> ids = new HashMap<>();
        GeometryKey[] chunk = new GeometryKey[Math.min(n, CHUNK)];
        for (int start = 0; start < n; start += CHUNK) {
            int first = start;
            int len = Math.min(CHUNK, n - start);
            Parallel.forRange(len, 256, (from, to) -> {
                for (int i = (int) from; i < to; i++) {
                    chunk[i] = key.apply(first + i);
                }
            });
            for (int i = 0; i < len; i++) {
                int w = first + i;
                if (deduplicate) {
                    int fresh = ids.size();
                    int id = ids.computeIfAbsent(chunk[i], k -> fresh);
                    if (id == fresh) {
                        reps[id] = w;
                    }
                    classOf[w] = id;
                } else {
                    classOf[w] = w;
                    reps[w] = w;
                }
            }
        }
        return new Grouping(classOf, deduplicate ? Arrays.copyOf(reps, ids.size()) : reps);
    }

    @Override
    public int compareTo(GeometryKey o) {
        return Arrays.compare(bins, o.bins);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeometryKey k && k.hash == hash && Arrays.equals(k.bins, bins);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
