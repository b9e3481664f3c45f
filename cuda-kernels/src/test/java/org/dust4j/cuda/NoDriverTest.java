package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.Map;
import java.util.Optional;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.BackendUnavailableException;
import org.dust4j.core.Backends;
import org.junit.jupiter.api.Test;

/** The backend reports itself unavailable, with the reason, wherever CUDA cannot run; nothing crashes. */
class NoDriverTest {
    private static final LibraryLocator EMPTY = new LibraryLocator(Map.<String, String>of()::get,
            Map.<String, String>of()::get, p -> false);

    @Test
    void withoutADriverLibraryTheProbeSaysSo() {
        CudaRuntime r = CudaRuntime.probe(EMPTY, name -> {
            throw new LibraryLocator.LibraryLoadException(name + ": cannot open shared object file");
        }, Optional::empty, 0);
        assertFalse(r.availability().available());
        assertFalse(r.driverLoaded);
        assertTrue(r.availability().detail().startsWith("no usable CUDA driver: CUDA driver library not found; tried "
                + "libcuda.so.1"), r.availability().detail());
    }

    @Test
    void aLibraryWithoutTheDriverApiIsRejectedByName() {
        CudaRuntime r = CudaRuntime.probe(EMPTY, name -> symbol -> Optional.empty(), Optional::empty, 0);
        assertFalse(r.availability().available());
        assertTrue(r.availability().detail().contains("does not export cuInit"), r.availability().detail());
    }

    @Test
    void theProviderIsRegisteredAsCudaWithPriority100() {
        BackendProvider p = Backends.providers().stream().filter(x -> x.name().equals("cuda")).findFirst().orElseThrow();
        assertEquals(100, p.priority());
        assertTrue(p instanceof CudaBackendProvider);
    }

    @Test
    void withoutAUsableGpuBestIsTheCpuAndAskingForCudaExplains() {
        BackendProvider.Availability a = new CudaBackendProvider().availability();
        assumeFalse(a.available(), "a usable GPU is present here: " + a.detail());
        assertFalse(a.detail().isBlank());
        assertEquals("cpu", Backends.best().name());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.get("cuda"));
        assertTrue(e.getMessage().contains(a.detail()), e.getMessage());
        assertThrows(BackendUnavailableException.class, () -> new CudaBackendProvider().create());
        assertEquals(a, Backends.availability("cuda"), "Backends.availability asks the provider");
        assertTrue(Backends.availability("CPU").available());
        BackendProvider.Availability none = Backends.availability("tpu");
        assertFalse(none.available());
        assertTrue(none.detail().startsWith("no backend named 'tpu'; registered: ["), none.detail());
    }

    @Test
    void theSystemIsProbedOnce() {
        assertTrue(CudaRuntime.system() == CudaRuntime.system());
        assertEquals(CudaRuntime.system().availability(), new CudaBackendProvider().availability());
    }
}
