package org.dust4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaErrorsTest {
    @Test
    void commonDriverCodesHaveTheirCudaHNames() {
        assertEquals("CUDA_SUCCESS", CudaErrors.driverName(0));
        assertEquals("CUDA_ERROR_INVALID_VALUE", CudaErrors.driverName(1));
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", CudaErrors.driverName(2));
        assertEquals("CUDA_ERROR_NOT_INITIALIZED", CudaErrors.driverName(3));
        assertEquals("CUDA_ERROR_STUB_LIBRARY", CudaErrors.driverName(34));
        assertEquals("CUDA_ERROR_NO_DEVICE", CudaErrors.driverName(100));
        assertEquals("CUDA_ERROR_INVALID_CONTEXT", CudaErrors.driverName(201));
        assertEquals("CUDA_ERROR_NO_BINARY_FOR_GPU", CudaErrors.driverName(209));
        assertEquals("CUDA_ERROR_INVALID_PTX", CudaErrors.driverName(218));
        assertEquals("CUDA_ERROR_UNSUPPORTED_PTX_VERSION", CudaErrors.driverName(222));
        assertEquals("CUDA_ERROR_NOT_FOUND", CudaErrors.driverName(500));
        assertEquals("CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES", CudaErrors.driverName(701));
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", CudaErrors.driverName(700));
        assertEquals("CUDA_ERROR_LAUNCH_FAILED", CudaErrors.driverName(719));
        assertEquals("CUDA_ERROR_UNKNOWN", CudaErrors.driverName(999));
        assertEquals("CUresult 123456", CudaErrors.driverName(123456));
    }

    @Test
    void cublasAndCusolverStatusesAreNamed() {
        assertEquals("CUBLAS_STATUS_SUCCESS", CudaErrors.cublasName(0));
        assertEquals("CUBLAS_STATUS_NOT_INITIALIZED", CudaErrors.cublasName(1));
        assertEquals("CUBLAS_STATUS_ALLOC_FAILED", CudaErrors.cublasName(3));
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", CudaErrors.cublasName(7));
        assertEquals("CUBLAS_STATUS_ARCH_MISMATCH", CudaErrors.cublasName(8));
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", CudaErrors.cublasName(13));
        assertEquals("CUBLAS_STATUS_NOT_SUPPORTED", CudaErrors.cublasName(15));
        assertEquals("cublasStatus 99", CudaErrors.cublasName(99));
        assertEquals("CUSOLVER_STATUS_SUCCESS", CudaErrors.cusolverName(0));
        assertEquals("CUSOLVER_STATUS_ALLOC_FAILED", CudaErrors.cusolverName(2));
        assertEquals("CUSOLVER_STATUS_INVALID_VALUE", CudaErrors.cusolverName(3));
        assertEquals("CUSOLVER_STATUS_EXECUTION_FAILED", CudaErrors.cusolverName(6));
        assertEquals("CUSOLVER_STATUS_INTERNAL_ERROR", CudaErrors.cusolverName(7));
        assertEquals("CUSOLVER_STATUS_NOT_SUPPORTED", CudaErrors.cusolverName(9));
        assertEquals("cusolverStatus 77", CudaErrors.cusolverName(77));
    }

    @Test
    void checkedLibraryCallsThrowWithOperationAndName() {
        CudaException blas = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
                () -> Cublas.check(7, "cublasDgemmStridedBatched(m=3, n=4, k=5, batch=2)"));
        assertEquals("cublasDgemmStridedBatched(m=3, n=4, k=5, batch=2) failed: CUBLAS_STATUS_INVALID_VALUE", blas.getMessage());
        assertEquals(7, blas.code());
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", blas.codeName());
        CudaException solver = org.junit.jupiter.api.Assertions.assertThrows(CudaException.class,
                () -> Cusolver.check(7, "cusolverDnDpotrf(n=100)"));
        assertEquals("cusolverDnDpotrf(n=100) failed: CUSOLVER_STATUS_INTERNAL_ERROR", solver.getMessage());
        Cublas.check(0, "no failure");
        Cusolver.check(0, "no failure");
    }

    @Test
    void driverErrorsCarryTheDescription() {
        CudaException e = new CudaException("cuStreamSynchronize", 700, "CUDA_ERROR_ILLEGAL_ADDRESS",
                "an illegal memory access was encountered");
        assertEquals("cuStreamSynchronize failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access was encountered)",
                e.getMessage());
        assertEquals("cuStreamSynchronize", e.operation());
    }

    @Test
    void outOfMemoryStatesRequestedAndFreeBytes() {
        CudaOutOfMemoryException e = new CudaOutOfMemoryException("allocating a FLOAT64 tensor of 1000 elements",
                8000, 4096, 80L << 30);
        assertEquals(8000, e.requestedBytes());
        assertEquals(4096, e.freeBytes());
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.codeName());
        assertTrue(e.getMessage().contains("requested 8000 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("4096 bytes (0.0 MiB) free of 85899345920"), e.getMessage());
    }

    @Test
    void indexErrorsNameOperationPositionValueAndRange() {
        assertEquals("gather: index[17] = -3 is out of range [0, 10) (detected on the GPU, reported at the next "
                + "synchronisation)", DeviceErrors.describe(DeviceErrors.OP_GATHER, 17, -3, 10));
        assertTrue(DeviceErrors.describe(DeviceErrors.OP_SCATTER_ADD, 0, 10, 10).startsWith("scatterAdd: index[0] = 10"));
    }
}
