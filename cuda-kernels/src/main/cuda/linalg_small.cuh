// Per-matrix algorithms of the batched small-matrix kernels (n <= 64): one thread block works on one
// matrix held in shared memory. Written for a block of `threads` threads numbered `tid` and a barrier
// `sync`, so the host self-check (src/test/cuda) runs the very same code with one thread and no barrier.
#pragma once
#include <cmath>

#include "hostdevice.cuh"

// Lower Cholesky factor of the row-major n x n matrix A (only its lower triangle is read) into L, whose
// strict upper triangle is set to zero. S is scratch of n * n + n elements (shared memory on the device).
// Returns 0 on success, else the 1-based column whose pivot d = a_jj - sum_k l_jk^2 was not positive,
// with that d in *pivotValue.
#ifdef __CUDACC__
#pragma nv_exec_check_disable
#endif
template <typename T, typename Sync>
D4J_HD int cholesky_small(const T* A, T* L, int n, T* S, int tid, int threads, Sync sync, T* pivotValue) {
    T* diag = S + n * n;  // the diagonal of L, kept apart: S[j][j] still holds a_jj while column j is done
    for (int idx = tid; idx < n * n; idx += threads) {
        int r = idx / n, c = idx - r * n;
        S[idx] = c <= r ? A[idx] : T(0);
    }
    for (int j = tid; j < n; j += threads) diag[j] = T(NAN);  // stays NaN from a failed pivot on
    sync();
    int failed = 0;
    for (int j = 0; j < n; j++) {
        // every thread computes the pivot itself (same reads, same order, same value): no broadcast needed
        T d = S[j * n + j];
        for (int k = 0; k < j; k++) d -= S[j * n + k] * S[j * n + k];
        if (!(d > T(0))) {
            failed = j + 1;
            if (tid == 0) *pivotValue = d;
            break;
        }
        T ljj = sqrt(d);
        if (tid == 0) diag[j] = ljj;
        for (int i = j + 1 + tid; i < n; i += threads) {
            T s = S[i * n + j];
            for (int k = 0; k < j; k++) s -= S[i * n + k] * S[j * n + k];
            S[i * n + j] = s / ljj;
        }
        sync();
    }
    sync();
    for (int idx = tid; idx < n * n; idx += threads) {
        int r = idx / n, c = idx - r * n;
        L[idx] = c < r ? S[idx] : c == r ? diag[r] : T(0);
    }
    sync();
    return failed;
}

// Solves op(T) X = B for one triangular n x n matrix T (row-major, copied to shared memory S of n * n
// elements) and B, X row-major n x k; op(T) = T^T when `transpose`. X may alias B. Each thread solves
// whole right-hand-side columns, so the columns run in parallel and each column's substitution in order.
#ifdef __CUDACC__
#pragma nv_exec_check_disable
#endif
template <typename T, typename Sync>
D4J_HD void triangular_solve_small(const T* Tm, const T* B, T* X, int n, long long k, bool lower, bool transpose,
                                   T* S, int tid, int threads, Sync sync) {
    for (int idx = tid; idx < n * n; idx += threads) S[idx] = Tm[idx];
    sync();
    bool forward = lower != transpose;  // op(T) is lower triangular: forward substitution
    for (long long col = tid; col < k; col += threads) {
        for (int step = 0; step < n; step++) {
            int i = forward ? step : n - 1 - step;
            T s = B[i * k + col];
            if (forward) {
                for (int j = 0; j < i; j++) s -= (transpose ? S[j * n + i] : S[i * n + j]) * X[j * k + col];
            } else {
                for (int j = n - 1; j > i; j--) s -= (transpose ? S[j * n + i] : S[i * n + j]) * X[j * k + col];
            }
            X[i * k + col] = s / S[i * n + i];
        }
    }
    sync();
}
