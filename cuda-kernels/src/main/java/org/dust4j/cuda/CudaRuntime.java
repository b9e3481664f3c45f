package org.dust4j.cuda;

import java.nio.ByteOrder;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.dust4j.core.BackendProvider.Availability;

/**
 * What this process can use of CUDA: the driver, cuBLAS, cuSOLVER and the kernel image, found and checked
 * once ({@link #system()}), or the reason they cannot be used. Probing never throws and never crashes
 * without a driver: every failure becomes a sentence in {@link #availability()}.
 */
final class CudaRuntime {
    /** The oldest compute capability the kernel image has code for (sm_80). */
    static final int MIN_COMPUTE_MAJOR = 8;

    private static volatile CudaRuntime system;

    final boolean driverLoaded;
    final int deviceCount;
    final int ordinal;
    private final Availability availability;
    final CudaDriver driver;
    final Cublas cublas;
    final Cusolver cusolver;
    final byte[] image;

    private CudaRuntime(boolean driverLoaded, int deviceCount, int ordinal, Availability availability, CudaDriver driver,
            Cublas cublas, Cusolver cusolver, byte[] image) {
        this.driverLoaded = driverLoaded;
        this.deviceCount = deviceCount;
        this.ordinal = ordinal;
        this.availability = availability;
        this.driver = driver;
        this.cublas = cublas;
        this.cusolver = cusolver;
        this.image = image;
    }

    /** The runtime of this process (probed on first use, with the system's libraries and this jar's kernels). */
    static CudaRuntime system() {
        CudaRuntime r = system;
        if (r == null) {
            synchronized (CudaRuntime.class) {
                r = system;
                if (r == null) {
                    r = probe(LibraryLocator.system(), NativeLoader.INSTANCE, Kernels::image,
                            Integer.getInteger("dust4j.cuda.device", 0));
                    system = r;
                }
            }
        }
        return r;
    }

    /** Whether a backend can be created, and why (not). */
    Availability availability() {
        return availability;
    }

    private static CudaRuntime unavailable(boolean driverLoaded, int deviceCount, int ordinal, String reason) {
        return new CudaRuntime(driverLoaded, deviceCount, ordinal, Availability.no(reason), null, null, null, null);
    }

    /**
     * Finds and checks everything the backend needs. Injectable parts: where libraries are searched, how they
     * are opened, and where the kernel image comes from.
     */
    static CudaRuntime probe(LibraryLocator locator, LibraryLocator.Loader loader, Supplier<Optional<byte[]>> imageSource,
            int ordinal) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return unavailable(false, 0, ordinal, "the CUDA backend needs a little-endian platform");
        }
        CudaDriver driver;
        try {
            driver = new CudaDriver(new NativeFunctions(locator.locate(LibrarySpec.DRIVER, loader)));
        } catch (RuntimeException e) {
            return unavailable(false, 0, ordinal, "no usable CUDA driver: " + e.getMessage());
        }
        int count;
        try {
            driver.init();
            count = driver.deviceCount();
        } catch (CudaException e) {
            return unavailable(true, 0, ordinal, "the CUDA driver (" + driver.origin() + ") found no usable GPU: "
                    + e.getMessage());
        }
        if (count == 0) {
            return unavailable(true, 0, ordinal, "the CUDA driver (" + driver.origin() + ") reports no GPU");
        }
        if (ordinal < 0 || ordinal >= count) {
            return unavailable(true, count, ordinal, "dust4j.cuda.device=" + ordinal + " but the driver reports " + count
                    + " GPU(s), numbered from 0");
        }
        String device;
        try {
            int d = driver.device(ordinal);
            int major = driver.deviceAttribute(CudaDriver.ATTR_COMPUTE_CAPABILITY_MAJOR, d);
            int minor = driver.deviceAttribute(CudaDriver.ATTR_COMPUTE_CAPABILITY_MINOR, d);
            device = driver.deviceName(d) + " (compute capability " + major + "." + minor + ", "
                    + String.format(java.util.Locale.ROOT, "%.1f GiB", driver.deviceTotalMemory(d) / 1073741824.0) + ")";
            if (major < MIN_COMPUTE_MAJOR) {
                return unavailable(true, count, ordinal, device + " is older than compute capability " + MIN_COMPUTE_MAJOR
                        + ".0, the oldest the kernels are built for");
            }
        } catch (CudaException e) {
            return unavailable(true, count, ordinal, "cannot query GPU " + ordinal + ": " + e.getMessage());
        }
        Optional<byte[]> image = imageSource.get();
        if (image.isEmpty()) {
            return unavailable(true, count, ordinal, "the CUDA kernels were not built: nvcc was not found when "
                    + "dust4j-cuda-kernels was compiled (build it where nvcc exists, see docs/cuda.md)");
        }
        Cublas cublas;
        Cusolver cusolver;
        try {
            cublas = new Cublas(new NativeFunctions(locator.locate(LibrarySpec.CUBLAS, loader)));
            cusolver = new Cusolver(new NativeFunctions(locator.locate(LibrarySpec.CUSOLVER, loader)));
        } catch (RuntimeException e) {
            return unavailable(true, count, ordinal, e.getMessage());
        }
        int version = driver.driverVersion();
        Properties built = Kernels.imageProperties();
        String detail = "GPU " + ordinal + ": " + device + "; CUDA driver " + version / 1000 + "." + version % 1000 / 10 + " ("
                + driver.origin() + "), cuBLAS " + cublas.origin() + ", cuSOLVER " + cusolver.origin() + ", kernels built by nvcc "
                + built.getProperty("nvcc.version", "?") + " for " + built.getProperty("architectures", "?");
        return new CudaRuntime(true, count, ordinal, Availability.yes(detail), driver, cublas, cusolver, image.get());
    }
}
