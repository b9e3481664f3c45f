package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LibraryLocatorTest {
    private static final SymbolLookup NO_SYMBOLS = name -> Optional.empty();

    private static LibraryLocator locator(Map<String, String> env, Map<String, String> props, Set<String> files) {
        return new LibraryLocator(env::get, props::get, p -> files.contains(p.toString()));
    }

    @Test
    void toolkitLibrariesAreSearchedNewestVersionFirstThroughConfiguredDirectoriesThenTheSystemThenWellKnownOnes() {
        LibraryLocator l = locator(
                Map.of("CUDA_HOME", "/opt/cuda", "LD_LIBRARY_PATH", "/ld/a:/ld/b"),
                Map.of("dust4j.cuda.libraryPath", "/prop"),
                Set.of("/opt/cuda/lib64/libcublas.so.12", "/ld/b/libcublas.so.13", "/prop/libcublas.so.11",
                        "/usr/local/cuda/lib64/libcublas.so.13", "/elsewhere/libcublas.so.13"));
        assertEquals(List.of(
                "/ld/b/libcublas.so.13", "libcublas.so.13", "/usr/local/cuda/lib64/libcublas.so.13",
                "/opt/cuda/lib64/libcublas.so.12", "libcublas.so.12",
                "/prop/libcublas.so.11", "libcublas.so.11",
                "libcublas.so"), l.candidates(LibrarySpec.CUBLAS));
    }

    @Test
    void searchDirectoriesComeInDocumentedOrderWithoutDuplicates() {
        LibraryLocator l = locator(
                Map.of("DUST4J_CUDA_LIBRARY_PATH", "/env", "CUDA_HOME", "/home", "CUDA_PATH", "/path",
                        "LD_LIBRARY_PATH", "/ld::/home/lib64"),
                Map.of("dust4j.cuda.libraryPath", "/prop"), Set.of());
        assertEquals(List.of(Path.of("/prop"), Path.of("/env"), Path.of("/home/lib64"), Path.of("/home/lib"),
                Path.of("/path/lib64"), Path.of("/path/lib"), Path.of("/ld")), l.searchDirectories());
    }

    @Test
    void theDriverIsAskedOfTheSystemLoaderFirstAndNeverFromAToolkitStubDirectory() {
        LibraryLocator l = locator(Map.of("CUDA_HOME", "/opt/cuda"), Map.of(),
                Set.of("/opt/cuda/lib64/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so.1",
                        "/opt/cuda/lib64/stubs/libcuda.so"));
        assertEquals(List.of("libcuda.so.1", "/opt/cuda/lib64/libcuda.so.1", "/usr/local/nvidia/lib64/libcuda.so.1",
                "libcuda.so"), l.candidates(LibrarySpec.DRIVER));
    }

    @Test
    void cusolverSonamesFollowTheToolkitsNumbering() {
        assertEquals(List.of("libcusolver.so.12", "libcusolver.so.11", "libcusolver.so.10", "libcusolver.so"),
                LibrarySpec.CUSOLVER.sonames());
    }

    @Test
    void locateReturnsTheFirstCandidateTheLoaderAccepts() {
        LibraryLocator l = locator(Map.of("LD_LIBRARY_PATH", "/ld"), Map.of(), Set.of("/ld/libcublas.so.13"));
        List<String> tried = new ArrayList<>();
        LibraryLocator.Located found = l.locate(LibrarySpec.CUBLAS, name -> {
            tried.add(name);
            if (!name.equals("libcublas.so.12")) {
                throw new LibraryLocator.LibraryLoadException(name + ": cannot open shared object file");
            }
            return NO_SYMBOLS;
        });
        assertEquals("libcublas.so.12", found.opened());
        assertEquals(List.of("/ld/libcublas.so.13", "libcublas.so.13", "libcublas.so.12"), tried);
    }

    @Test
    void failureNamesTheLibraryEveryCandidateWithItsReasonAndHowToFixIt() {
        LibraryLocator l = locator(Map.of(), Map.of(), Set.of());
        LibraryLocator.LibraryLoadException e = assertThrows(LibraryLocator.LibraryLoadException.class,
                () -> l.locate(LibrarySpec.DRIVER, name -> {
                    throw new LibraryLocator.LibraryLoadException("no such file");
                }));
        assertTrue(e.getMessage().startsWith("CUDA driver library not found; tried libcuda.so.1 (no such file), "
                + "libcuda.so (no such file)"), e.getMessage());
        assertTrue(e.getMessage().contains("dust4j.cuda.libraryPath"), e.getMessage());
    }

    @Test
    void dependenciesMissingFromTheSearchPathAreOpenedFromTheLibrarysDirectory() {
        LibraryLocator l = locator(Map.of("CUDA_HOME", "/cuda"), Map.of(),
                Set.of("/cuda/lib64/libcusolver.so.12", "/cuda/lib64/libcublas.so.13", "/cuda/lib64/libcublasLt.so.13"));
        Set<String> loaded = new java.util.HashSet<>();
        List<String> tried = new ArrayList<>();
        LibraryLocator.Loader loader = name -> {
            tried.add(name);
            String needs = switch (name) {
                case "/cuda/lib64/libcusolver.so.12" -> "libcublas.so.13";
                case "/cuda/lib64/libcublas.so.13" -> "libcublasLt.so.13";
                default -> null;
            };
            if (name.startsWith("/") && (needs == null || loaded.contains(needs))) {
                loaded.add(name.substring(name.lastIndexOf('/') + 1));
                return NO_SYMBOLS;
            }
            throw new LibraryLocator.LibraryLoadException((needs == null ? name : needs)
                    + ": cannot open shared object file: No such file or directory");
        };
        LibraryLocator.Located found = l.locate(LibrarySpec.CUSOLVER, loader);
        assertEquals("/cuda/lib64/libcusolver.so.12", found.opened());
        assertEquals(List.of("/cuda/lib64/libcusolver.so.12", "/cuda/lib64/libcublas.so.13", "/cuda/lib64/libcublasLt.so.13",
                "/cuda/lib64/libcublas.so.13", "/cuda/lib64/libcusolver.so.12"), tried);
    }

    @Test
    void aDependencyAbsentFromTheDirectoryFailsWithTheLoadersReason() {
        LibraryLocator l = locator(Map.of("CUDA_HOME", "/cuda"), Map.of(), Set.of("/cuda/lib64/libcublas.so.13"));
        LibraryLocator.LibraryLoadException e = assertThrows(LibraryLocator.LibraryLoadException.class,
                () -> l.locate(LibrarySpec.CUBLAS, name -> {
                    throw new LibraryLocator.LibraryLoadException("libcublasLt.so.13: cannot open shared object file: "
                            + "No such file or directory");
                }));
        assertTrue(e.getMessage().contains("/cuda/lib64/libcublas.so.13 (libcublasLt.so.13: cannot open shared object file"),
                e.getMessage());
    }

    @Test
    void theRealLoaderReportsDlerrorsReason() {
        LibraryLocator.LibraryLoadException e = assertThrows(LibraryLocator.LibraryLoadException.class,
                () -> NativeLoader.INSTANCE.open("/nonexistent/libdust4j-test.so.7"));
        assertTrue(e.getMessage().contains("libdust4j-test.so.7"), e.getMessage());
    }
}
