package org.dust4j.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The part of the CUDA driver API (libcuda.so.1) dust4j uses, bound with the Foreign Function and Memory
 * API. Every call is checked: a failing status throws {@link CudaException} naming the call and the
 * status. Handles (contexts, streams, modules, functions, events, pools) are {@link MemorySegment}
 * addresses; device pointers ({@code CUdeviceptr}) are {@code long}.
 */
final class CudaDriver {
    /** CUdevice_attribute values from cuda.h. */
    static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;
    static final int ATTR_MEMORY_POOLS_SUPPORTED = 115;
    /** CUmemPool_attribute CU_MEMPOOL_ATTR_RELEASE_THRESHOLD. */
    static final int MEMPOOL_ATTR_RELEASE_THRESHOLD = 4;
    /** CU_STREAM_NON_BLOCKING: no implicit synchronisation with the legacy default stream. */
    static final int STREAM_NON_BLOCKING = 1;
    static final int CUDA_SUCCESS = 0;

    private final NativeFunctions lib;
    private final MethodHandle cuInit;
    private final MethodHandle cuDriverGetVersion;
    private final MethodHandle cuDeviceGetCount;
    private final MethodHandle cuDeviceGet;
    private final MethodHandle cuDeviceGetName;
    private final MethodHandle cuDeviceTotalMem;
    private final MethodHandle cuDeviceGetAttribute;
    private final MethodHandle cuDevicePrimaryCtxRetain;
    private final MethodHandle cuDevicePrimaryCtxRelease;
    private final MethodHandle cuCtxSetCurrent;
    private final MethodHandle cuModuleLoadData;
    private final MethodHandle cuModuleUnload;
    private final MethodHandle cuModuleGetFunction;
    private final MethodHandle cuLaunchKernel;
    private final MethodHandle cuOccupancyMaxActiveBlocksPerMultiprocessor;
    private final MethodHandle cuMemAllocAsync;
    private final MethodHandle cuMemFreeAsync;
    private final MethodHandle cuMemAlloc;
    private final MethodHandle cuMemFree;
    private final MethodHandle cuDeviceGetDefaultMemPool;
    private final MethodHandle cuMemPoolSetAttribute;
    private final MethodHandle cuMemPoolTrimTo;
    private final MethodHandle cuMemcpyHtoDAsync;
    private final MethodHandle cuMemcpyDtoHAsync;
    private final MethodHandle cuMemcpyDtoDAsync;
    private final MethodHandle cuMemsetD8Async;
    private final MethodHandle cuMemGetInfo;
    private final MethodHandle cuStreamCreate;
    private final MethodHandle cuStreamDestroy;
    private final MethodHandle cuStreamSynchronize;
    private final MethodHandle cuEventCreate;
    private final MethodHandle cuEventRecord;
    private final MethodHandle cuEventSynchronize;
    private final MethodHandle cuEventElapsedTime;
    private final MethodHandle cuEventDestroy;
    private final MethodHandle cuGetErrorName;
    private final MethodHandle cuGetErrorString;

    CudaDriver(NativeFunctions lib) {
        this.lib = lib;
        cuInit = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cuInit");
        cuDriverGetVersion = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuDriverGetVersion");
        cuDeviceGetCount = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuDeviceGetCount");
        cuDeviceGet = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceGet");
        cuDeviceGetName = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetName");
        cuDeviceTotalMem = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceTotalMem_v2");
        cuDeviceGetAttribute = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), "cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDevicePrimaryCtxRetain");
        cuDevicePrimaryCtxRelease = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT), "cuDevicePrimaryCtxRelease_v2",
                "cuDevicePrimaryCtxRelease");
        cuCtxSetCurrent = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuCtxSetCurrent");
        cuModuleLoadData = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuModuleLoadData");
        cuModuleUnload = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuModuleUnload");
        cuModuleGetFunction = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuModuleGetFunction");
        cuOccupancyMaxActiveBlocksPerMultiprocessor = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT,
                JAVA_LONG), "cuOccupancyMaxActiveBlocksPerMultiprocessor");
        cuLaunchKernel = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuLaunchKernel");
        cuMemAllocAsync = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS), "cuMemAllocAsync");
        cuMemFreeAsync = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS), "cuMemFreeAsync");
        cuMemAlloc = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemAlloc_v2");
        cuMemFree = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG), "cuMemFree_v2");
        cuDeviceGetDefaultMemPool = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuDeviceGetDefaultMemPool");
        cuMemPoolSetAttribute = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), "cuMemPoolSetAttribute");
        cuMemPoolTrimTo = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), "cuMemPoolTrimTo");
        cuMemcpyHtoDAsync = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), "cuMemcpyHtoDAsync_v2");
        cuMemcpyDtoHAsync = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS), "cuMemcpyDtoHAsync_v2");
        cuMemcpyDtoDAsync = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), "cuMemcpyDtoDAsync_v2");
        cuMemsetD8Async = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS), "cuMemsetD8Async");
        cuMemGetInfo = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuMemGetInfo_v2");
        cuStreamCreate = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuStreamCreate");
        cuStreamDestroy = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuStreamDestroy_v2");
        cuStreamSynchronize = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuStreamSynchronize");
        cuEventCreate = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), "cuEventCreate");
        cuEventRecord = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), "cuEventRecord");
        cuEventSynchronize = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuEventSynchronize");
        cuEventElapsedTime = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), "cuEventElapsedTime_v2",
                "cuEventElapsedTime");
        cuEventDestroy = lib.bind(FunctionDescriptor.of(JAVA_INT, ADDRESS), "cuEventDestroy_v2");
        cuGetErrorName = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorName");
        cuGetErrorString = lib.bind(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), "cuGetErrorString");
    }

    /** Where libcuda was loaded from. */
    String origin() {
        return lib.origin();
    }

    // ---------------------------------------------------------------- errors

    /** Throws {@link CudaException} unless {@code status} is CUDA_SUCCESS. */
    void check(int status, String operation) {
        if (status != CUDA_SUCCESS) {
            throw new CudaException(operation, status, errorName(status), errorString(status));
        }
    }

    /** The driver's name for a CUresult, or this library's table when the driver does not know it. */
    String errorName(int status) {
        String name = errorText(cuGetErrorName, status);
        return name != null ? name : CudaErrors.driverName(status);
    }

    /** The driver's description of a CUresult, or null. */
    String errorString(int status) {
        return errorText(cuGetErrorString, status);
    }

    private static String errorText(MethodHandle h, int status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = (int) h.invokeExact(status, out);
            MemorySegment text = out.get(ADDRESS, 0);
            return rc != CUDA_SUCCESS || text.equals(MemorySegment.NULL) ? null : text.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return null;
        }
    }


    /** Calls a setup function (not on a hot path: arguments are boxed) and checks its status. */
    private void call(String operation, MethodHandle h, Object... args) {
        try {
            check((int) h.invokeWithArguments(args), operation);
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** Calls a function whose first parameter receives one value of {@code layout}, and returns that value. */
    private Object callOut(String operation, ValueLayout layout, MethodHandle h, Object... rest) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(layout);
            Object[] args = new Object[rest.length + 1];
            args[0] = out;
            System.arraycopy(rest, 0, args, 1, rest.length);
            call(operation, h, args);
            return switch (layout) {
                case AddressLayout a -> out.get(a, 0);
                case ValueLayout.OfInt i -> out.get(i, 0);
                case ValueLayout.OfLong l -> out.get(l, 0);
                case ValueLayout.OfFloat f -> out.get(f, 0);
                default -> throw new IllegalArgumentException("unsupported out layout " + layout);
            };
        }
    }

    // ---------------------------------------------------------------- initialisation and devices

    void init() {
        call("cuInit", cuInit, 0);
    }

    /** Driver version as 1000 * major + 10 * minor, e.g. 13000. */
    int driverVersion() {
        return (int) callOut("cuDriverGetVersion", JAVA_INT, cuDriverGetVersion);
    }

    int deviceCount() {
        return (int) callOut("cuDeviceGetCount", JAVA_INT, cuDeviceGetCount);
    }

    int device(int ordinal) {
        return (int) callOut("cuDeviceGet(" + ordinal + ")", JAVA_INT, cuDeviceGet, ordinal);
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(256);
            call("cuDeviceGetName", cuDeviceGetName, out, 256, device);
            return out.getString(0);
        }
    }

    long deviceTotalMemory(int device) {
        return (long) callOut("cuDeviceTotalMem", JAVA_LONG, cuDeviceTotalMem, device);
    }

    int deviceAttribute(int attribute, int device) {
        return (int) callOut("cuDeviceGetAttribute(" + attribute + ")", JAVA_INT, cuDeviceGetAttribute, attribute, device);
    }

    // ---------------------------------------------------------------- contexts, modules, launches

    MemorySegment primaryContextRetain(int device) {
        return (MemorySegment) callOut("cuDevicePrimaryCtxRetain", ADDRESS, cuDevicePrimaryCtxRetain, device);
    }

    void primaryContextRelease(int device) {
        call("cuDevicePrimaryCtxRelease", cuDevicePrimaryCtxRelease, device);
    }

    void setCurrent(MemorySegment context) {
        call("cuCtxSetCurrent", cuCtxSetCurrent, context);
    }

    /** Loads a module from a fatbin/cubin/PTX image in native memory. */
    MemorySegment moduleLoadData(MemorySegment image) {
        return (MemorySegment) callOut("cuModuleLoadData", ADDRESS, cuModuleLoadData, image);
    }

    void moduleUnload(MemorySegment module) {
        call("cuModuleUnload", cuModuleUnload, module);
    }

    MemorySegment moduleGetFunction(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (MemorySegment) callOut("cuModuleGetFunction(" + name + ")", ADDRESS, cuModuleGetFunction, module,
                    arena.allocateFrom(name));
        }
    }

    /** How many blocks of {@code blockX} threads of the kernel fit on one multiprocessor at once. */
    int occupancyMaxActiveBlocks(MemorySegment function, String name, int blockX, long sharedBytes) {
        return (int) callOut("cuOccupancyMaxActiveBlocksPerMultiprocessor(" + name + ", block " + blockX + ")", JAVA_INT,
                cuOccupancyMaxActiveBlocksPerMultiprocessor, function, blockX, sharedBytes);
    }

    /** Queues a kernel; {@code params} is the array of pointers to the argument values. */
    void launchKernel(MemorySegment function, String name, int gridX, int blockX, int sharedBytes, MemorySegment stream,
            MemorySegment params) {
        try {
            check((int) cuLaunchKernel.invokeExact(function, gridX, 1, 1, blockX, 1, 1, sharedBytes, stream, params,
                    MemorySegment.NULL), "cuLaunchKernel(" + name + ", grid " + gridX + ", block " + blockX + ")");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    // ---------------------------------------------------------------- memory

    /** cuMemAllocAsync; returns the raw status so the caller can handle out-of-memory. */
    int memAllocAsync(MemorySegment pointerOut, long bytes, MemorySegment stream) {
        try {
            return (int) cuMemAllocAsync.invokeExact(pointerOut, bytes, stream);
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** cuMemAlloc (for devices without memory pools); returns the raw status. */
    int memAlloc(MemorySegment pointerOut, long bytes) {
        try {
            return (int) cuMemAlloc.invokeExact(pointerOut, bytes);
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void memFreeAsync(long pointer, MemorySegment stream) {
        try {
            check((int) cuMemFreeAsync.invokeExact(pointer, stream), "cuMemFreeAsync");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void memFree(long pointer) {
        try {
            check((int) cuMemFree.invokeExact(pointer), "cuMemFree");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    MemorySegment defaultMemPool(int device) {
        return (MemorySegment) callOut("cuDeviceGetDefaultMemPool", ADDRESS, cuDeviceGetDefaultMemPool, device);
    }

    /** How much freed memory the pool keeps instead of returning it to the system at synchronisation. */
    void memPoolSetReleaseThreshold(MemorySegment pool, long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            call("cuMemPoolSetAttribute(RELEASE_THRESHOLD)", cuMemPoolSetAttribute, pool, MEMPOOL_ATTR_RELEASE_THRESHOLD,
                    arena.allocateFrom(JAVA_LONG, bytes));
        }
    }

    void memPoolTrimTo(MemorySegment pool, long keepBytes) {
        call("cuMemPoolTrimTo", cuMemPoolTrimTo, pool, keepBytes);
    }

    void memcpyHtoDAsync(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyHtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyHtoDAsync");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void memcpyDtoHAsync(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyDtoHAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoHAsync");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void memcpyDtoDAsync(long dst, long src, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream), "cuMemcpyDtoDAsync");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    void memsetD8Async(long dst, byte value, long bytes, MemorySegment stream) {
        try {
            check((int) cuMemsetD8Async.invokeExact(dst, value, bytes, stream), "cuMemsetD8Async");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    /** {free, total} device memory in bytes. */
    long[] memGetInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            call("cuMemGetInfo", cuMemGetInfo, free, total);
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    // ---------------------------------------------------------------- streams and events

    MemorySegment streamCreate(int flags) {
        return (MemorySegment) callOut("cuStreamCreate", ADDRESS, cuStreamCreate, flags);
    }

    void streamDestroy(MemorySegment stream) {
        call("cuStreamDestroy", cuStreamDestroy, stream);
    }

    void streamSynchronize(MemorySegment stream) {
        try {
            check((int) cuStreamSynchronize.invokeExact(stream), "cuStreamSynchronize");
        } catch (Throwable t) {
            throw NativeFunctions.unchecked(t);
        }
    }

    MemorySegment eventCreate() {
        return (MemorySegment) callOut("cuEventCreate", ADDRESS, cuEventCreate, 0);
    }

    void eventRecord(MemorySegment event, MemorySegment stream) {
        call("cuEventRecord", cuEventRecord, event, stream);
    }

    void eventSynchronize(MemorySegment event) {
        call("cuEventSynchronize", cuEventSynchronize, event);
    }

    /** Milliseconds between two recorded events. */
    float eventElapsedMillis(MemorySegment start, MemorySegment end) {
        return (float) callOut("cuEventElapsedTime", JAVA_FLOAT, cuEventElapsedTime, start, end);
    }

    void eventDestroy(MemorySegment event) {
        call("cuEventDestroy", cuEventDestroy, event);
    }
}
