package org.dust4j.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * A native library the CUDA backend needs, known by its sonames: {@code baseName} followed by each major
 * version, newest first, then the bare {@code baseName} (the development symlink) as a last resort.
 *
 * @param displayName   human name used in messages, e.g. "cuBLAS"
 * @param baseName      unversioned file name, e.g. "libcublas.so"
 * @param majorVersions major versions to try, newest first
 * @param systemFirst   ask the system loader before searching directories (the driver must come from the
 *                      system installation that matches the kernel module; toolkits may live anywhere)
 */
record LibrarySpec(String displayName, String baseName, List<Integer> majorVersions, boolean systemFirst) {
    /** The CUDA driver API. Only libcuda.so.1 is a real driver; the bare name is often a link stub. */
    static final LibrarySpec DRIVER = new LibrarySpec("CUDA driver", "libcuda.so", List.of(1), true);
    /** cuBLAS: CUDA 13 ships .so.13, CUDA 12 .so.12, CUDA 11 .so.11. */
    static final LibrarySpec CUBLAS = new LibrarySpec("cuBLAS", "libcublas.so", List.of(13, 12, 11), false);
    /** cuSOLVER: CUDA 13 ships .so.12, CUDA 11 and 12 .so.11, CUDA 10 .so.10. */
    static final LibrarySpec CUSOLVER = new LibrarySpec("cuSOLVER", "libcusolver.so", List.of(12, 11, 10), false);

    LibrarySpec {
        majorVersions = List.copyOf(majorVersions);
    }

    /** File names to try, newest first; the bare base name last. */
    List<String> sonames() {
        List<String> names = new ArrayList<>();
        for (int v : majorVersions) {
            names.add(baseName + "." + v);
        }
        names.add(baseName);
        return names;
    }
}
