package org.dust4j.cuda;

import org.dust4j.core.Backend;
import org.dust4j.core.BackendProvider;
import org.dust4j.core.BackendUnavailableException;

/**
 * Registers the CUDA backend ("cuda", priority 100: preferred over the CPU by {@code Backends.best()} when
 * usable). Available when the CUDA driver, a GPU of compute capability 8.0 or newer, cuBLAS, cuSOLVER and
 * the kernels built into this jar are all present; otherwise {@link #availability()} says which is missing.
 * The GPU is number 0, or the one named by the system property {@code dust4j.cuda.device}.
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        try {
            return CudaRuntime.system().availability();
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("probing CUDA failed: " + e);
        }
    }

    @Override
    public Backend create() {
        CudaRuntime runtime = CudaRuntime.system();
        if (!runtime.availability().available()) {
            throw new BackendUnavailableException("the CUDA backend is unavailable: " + runtime.availability().detail());
        }
        return new CudaBackend(runtime);
    }
}
