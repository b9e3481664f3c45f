package org.dust4j.cuda;

import java.io.File;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Finds the CUDA libraries. For every soname of a {@link LibrarySpec}, newest major version first, it tries
 * in this order:
 * <ol>
 *   <li>(driver only) the system loader with the bare soname;</li>
 *   <li>the directories named by the system property {@code dust4j.cuda.libraryPath} and the environment
 *       variable {@code DUST4J_CUDA_LIBRARY_PATH} (both path-separator lists);</li>
 *   <li>{@code $CUDA_HOME/lib64}, {@code $CUDA_HOME/lib}, the same under {@code $CUDA_PATH};</li>
 *   <li>each directory of {@code LD_LIBRARY_PATH};</li>
 *   <li>(toolkit libraries) the system loader with the bare soname (ld.so.cache, /usr/lib ...);</li>
 *   <li>the usual installation directories {@code /usr/local/cuda/lib64}, {@code /usr/local/cuda/lib},
 *       {@code /usr/local/nvidia/lib64}, {@code /usr/local/nvidia/lib}.</li>
 * </ol>
 * Directories are only offered to the loader when the file exists there. When a library opened by path
 * fails because a dependency is not on the loader's search path ("libcublasLt.so.13: cannot open shared
 * object file"), that dependency is opened from the same directory first and the library tried again, so a
 * toolkit directory works without LD_LIBRARY_PATH. The environment, the system properties, the file test
 * and the loader are injected, so all this is unit-tested without any CUDA.
 */
final class LibraryLocator {
    /** Opens a library by absolute path or by bare soname (system search). */
    interface Loader {
        /** The library's symbols; throws {@link LibraryLoadException} with the loader's reason. */
        SymbolLookup open(String nameOrPath);
    }

    /** A library could not be opened; the message is the loader's reason (dlerror). */
    static final class LibraryLoadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LibraryLoadException(String message) {
            super(message);
        }
    }

    /** A library that was found: what was opened and its symbols. */
    record Located(LibrarySpec spec, String opened, SymbolLookup symbols) {
    }

    /** dlerror's words for a dependency that was not found: "NAME: cannot open shared object file ...". */
    private static final String MISSING = ": cannot open shared object file";
    /** How many missing dependencies are resolved from the library's directory before giving up. */
    private static final int MAX_DEPENDENCIES = 8;

    static final List<String> WELL_KNOWN_DIRECTORIES = List.of("/usr/local/cuda/lib64", "/usr/local/cuda/lib",
            "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib");

    private final Function<String, String> environment;
    private final Function<String, String> properties;
    private final Predicate<Path> isFile;

    LibraryLocator(Function<String, String> environment, Function<String, String> properties, Predicate<Path> isFile) {
        this.environment = environment;
        this.properties = properties;
        this.isFile = isFile;
    }

    /** The locator of this process: real environment, system properties and file system. */
    static LibraryLocator system() {
        return new LibraryLocator(System::getenv, System::getProperty, Files::isRegularFile);
    }

    /** Directories searched before the system loader is asked (for toolkit libraries), in order. */
    List<Path> searchDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(dirs, properties.apply("dust4j.cuda.libraryPath"));
        addPathList(dirs, environment.apply("DUST4J_CUDA_LIBRARY_PATH"));
        for (String root : new String[] {environment.apply("CUDA_HOME"), environment.apply("CUDA_PATH")}) {
            if (root != null && !root.isBlank()) {
                dirs.add(Path.of(root, "lib64"));
                dirs.add(Path.of(root, "lib"));
            }
        }
        addPathList(dirs, environment.apply("LD_LIBRARY_PATH"));
        return List.copyOf(dirs);
    }

    private static void addPathList(Set<Path> dirs, String list) {
        if (list == null) {
            return;
        }
        for (String entry : list.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                dirs.add(Path.of(entry.trim()));
            }
        }
    }

    /** Everything that would be handed to the loader for {@code spec}, in order (paths or bare sonames). */
    List<String> candidates(LibrarySpec spec) {
        List<Path> dirs = searchDirectories();
        Set<String> out = new LinkedHashSet<>();
        for (String soname : spec.sonames()) {
            if (spec.systemFirst()) {
                out.add(soname);
            }
            for (Path dir : dirs) {
                addIfFile(out, dir.resolve(soname));
            }
            if (!spec.systemFirst()) {
                out.add(soname);
            }
            for (String dir : WELL_KNOWN_DIRECTORIES) {
                addIfFile(out, Path.of(dir, soname));
            }
        }
        return new ArrayList<>(out);
    }

    private void addIfFile(Set<String> out, Path p) {
        if (isFile.test(p)) {
            out.add(p.toString());
        }
    }

    /**
     * Opens a candidate; a library given by path whose dependency is missing gets that dependency opened from
     * its own directory first (once loaded, the dependency's soname satisfies the library).
     */
    private SymbolLookup openWithDependencies(String candidate, Loader loader) {
        Path dir = Path.of(candidate).getParent();
        Set<String> opened = new LinkedHashSet<>();
        while (true) {
            try {
                return loader.open(candidate);
            } catch (LibraryLoadException e) {
                String message = e.getMessage() == null ? "" : e.getMessage();
                int end = message.indexOf(MISSING);
                String dependency = end > 0 ? message.substring(message.lastIndexOf(' ', end) + 1, end) : "";
                if (dir == null || dependency.isEmpty() || dependency.contains("/") || opened.size() >= MAX_DEPENDENCIES
                        || !opened.add(dependency) || !isFile.test(dir.resolve(dependency))) {
                    throw e;
                }
                openWithDependencies(dir.resolve(dependency).toString(), loader);
            }
        }
    }

    /**
     * Opens the first candidate the loader accepts.
     *
     * @throws LibraryLoadException naming the library, every candidate tried with the loader's reason, and
     *                              how to point dust4j at the library
     */
    Located locate(LibrarySpec spec, Loader loader) {
        List<String> failures = new ArrayList<>();
        for (String candidate : candidates(spec)) {
            try {
                return new Located(spec, candidate, openWithDependencies(candidate, loader));
            } catch (LibraryLoadException e) {
                failures.add(candidate + " (" + e.getMessage() + ")");
            }
        }
        throw new LibraryLoadException(spec.displayName() + " library not found; tried " + String.join(", ", failures)
                + ". Install it, or name its directory in CUDA_HOME, LD_LIBRARY_PATH, DUST4J_CUDA_LIBRARY_PATH or the "
                + "system property dust4j.cuda.libraryPath");
    }
}
