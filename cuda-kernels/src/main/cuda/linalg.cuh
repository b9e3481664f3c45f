// Batched small-matrix kernels (n <= 64): one block per matrix, the matrix in dynamic shared memory.
// Larger matrices go to cuSOLVER / cuBLAS (org.dust4j.cuda.CudaLinalg).
#pragma once
#include "common.cuh"
#include "linalg_small.cuh"

struct BlockSync {
    __device__ __forceinline__ void operator()() const { __syncthreads(); }
};

// a, out: count matrices of n x n; info[m] = 0 or the 1-based failing column, pivot[m] its pivot value.
// Dynamic shared memory: (n * n + n) * sizeof(T).
template <typename T> __device__ void cholesky_small_body(const T* a, T* out, int n, i64 count, int* info, T* pivot) {
    extern __shared__ __align__(16) unsigned char shared_bytes[];
    T* S = reinterpret_cast<T*>(shared_bytes);
    i64 nn = (i64)n * n;
    for (i64 mat = blockIdx.x; mat < count; mat += gridDim.x) {
        T value = T(0);
        int failed = cholesky_small(a + mat * nn, out + mat * nn, n, S, (int)threadIdx.x, (int)blockDim.x, BlockSync(), &value);
        if (threadIdx.x == 0) {
            info[mat] = failed;
            pivot[mat] = value;
        }
    }
}
#define CHOLESKY_SMALL_PARAMS(T) const T* a, T* out, int n, i64 count, int* info, T* pivot
D4J_F32_F64(cholesky_small, cholesky_small_body, CHOLESKY_SMALL_PARAMS, (a, out, n, count, info, pivot))

// t: count matrices n x n (tStride = n * n) or one shared matrix (tStride = 0); b, out: count matrices n x k.
// Dynamic shared memory: n * n * sizeof(T).
template <typename T> __device__ void triangular_solve_small_body(const T* t, i64 tStride, const T* b, T* out, int n, i64 k, i64 count, int lower, int transpose) {
    extern __shared__ __align__(16) unsigned char shared_bytes[];
    T* S = reinterpret_cast<T*>(shared_bytes);
    i64 nk = (i64)n * k;
    for (i64 mat = blockIdx.x; mat < count; mat += gridDim.x) {
        triangular_solve_small(t + mat * tStride, b + mat * nk, out + mat * nk, n, k, lower != 0, transpose != 0, S,
                               (int)threadIdx.x, (int)blockDim.x, BlockSync());
    }
}
#define TRIANGULAR_SOLVE_SMALL_PARAMS(T) const T* t, i64 tStride, const T* b, T* out, int n, i64 k, i64 count, int lower, int transpose
D4J_F32_F64(triangular_solve_small, triangular_solve_small_body, TRIANGULAR_SOLVE_SMALL_PARAMS, (t, tStride, b, out, n, k, count, lower, transpose))
