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

// After cuSOLVER's potrf (which does not notice NaN): marks matrices whose factor has a diagonal element
// that is not positive (zero, negative or NaN), info = 1-based column, unless potrf already failed.
template <typename T> __device__ void cholesky_check_body(const T* l, i64 n, i64 count, int* info) {
    GRID_STRIDE_LOOP(mat, count) {
        if (info[mat] != 0) continue;
        const T* m = l + mat * n * n;
        for (i64 j = 0; j < n; j++) {
            if (!(m[j * n + j] > T(0))) {
                info[mat] = (int)(j + 1);
                break;
            }
        }
    }
}
#define CHOLESKY_CHECK_PARAMS(T) const T* l, i64 n, i64 count, int* info
D4J_F32_F64(cholesky_check, cholesky_check_body, CHOLESKY_CHECK_PARAMS, (l, n, count, info))

// flags[m] = 1 when the lower triangle of matrix m holds a non-finite element (flags zeroed beforehand).
template <typename T> __device__ void nonfinite_lower_body(const T* a, i64 n, i64 count, int* flags) {
    i64 nn = n * n;
    GRID_STRIDE_LOOP(i, count * nn) {
        i64 r = (i % nn) / n, c = i % n;
        if (c <= r && !isfinite(a[i])) flags[i / nn] = 1;
    }
}
#define NONFINITE_LOWER_PARAMS(T) const T* a, i64 n, i64 count, int* flags
D4J_F32_F64(nonfinite_lower, nonfinite_lower_body, NONFINITE_LOWER_PARAMS, (a, n, count, flags))

// Makes each eigenvector (a column of the row-major n x n matrices) have its component of largest magnitude,
// the first such, positive: the sign convention of Backend.symmetricEigen.
template <typename T> __device__ void eigenvector_signs_body(T* v, i64 n, i64 count) {
    GRID_STRIDE_LOOP(idx, count * n) {
        i64 mat = idx / n, col = idx - mat * n;
        T* m = v + mat * n * n;
        T best = T(-1);
        i64 at = 0;
        for (i64 i = 0; i < n; i++) {
            T a = m[i * n + col] < T(0) ? -m[i * n + col] : m[i * n + col];
            if (a > best) {
                best = a;
                at = i;
            }
        }
        if (m[at * n + col] < T(0)) {
            for (i64 i = 0; i < n; i++) m[i * n + col] = -m[i * n + col];
        }
    }
}
#define EIGENVECTOR_SIGNS_PARAMS(T) T* v, i64 n, i64 count
D4J_F32_F64(eigenvector_signs, eigenvector_signs_body, EIGENVECTOR_SIGNS_PARAMS, (v, n, count))
