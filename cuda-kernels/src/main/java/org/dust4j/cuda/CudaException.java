package org.dust4j.cuda;

/**
 * A CUDA driver, cuBLAS or cuSOLVER call failed. The message names the operation, the status code's name
 * (e.g. {@code CUDA_ERROR_ILLEGAL_ADDRESS}) and, for the driver, its description. Errors of asynchronous
 * work surface at the next synchronising call, which is then the operation named.
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final int code;
    private final String codeName;

    public CudaException(String operation, int code, String codeName, String detail) {
        super(operation + " failed: " + codeName + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        this.operation = operation;
        this.code = code;
        this.codeName = codeName;
    }

    protected CudaException(String message, String operation, int code, String codeName) {
        super(message);
        this.operation = operation;
        this.code = code;
        this.codeName = codeName;
    }

    /** The failing call, e.g. "cuMemcpyDtoHAsync". */
    public String operation() {
        return operation;
    }

    /** The numeric status returned. */
    public int code() {
        return code;
    }

    /** The status's name, e.g. "CUDA_ERROR_OUT_OF_MEMORY" or "CUBLAS_STATUS_INVALID_VALUE". */
    public String codeName() {
        return codeName;
    }
}
