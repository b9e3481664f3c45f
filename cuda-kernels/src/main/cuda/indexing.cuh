// Gather and scatter-add of rows along axis 0. An index outside [0, n) is recorded in the device error
// record (see report_index_error) and checked by the host at the next synchronisation.
#pragma once
#include "common.cuh"

// Operation codes of the error record: org.dust4j.cuda.DeviceErrors names them.
#define OP_GATHER 1
#define OP_SCATTER_ADD 2

// out[i, j] = x[index[i], j] for x [n, rowSize], index [m], out [m, rowSize]; a bad index writes NaN.
template <typename T> __device__ void gather_body(const T* x, i64 n, i64 rowSize, const int* index, i64 m, T* out, int* err) {
    GRID_STRIDE_LOOP(k, m * rowSize) {
        i64 i = k / rowSize, j = k - i * rowSize;
        int idx = index[i];
        if (idx < 0 || idx >= n) {
            report_index_error(err, OP_GATHER, i, idx, n);
            out[k] = T(NAN);
        } else {
            out[k] = x[(i64)idx * rowSize + j];
        }
    }
}
#define GATHER_PARAMS(T) const T* x, i64 n, i64 rowSize, const int* index, i64 m, T* out, int* err
D4J_F32_F64(gather, gather_body, GATHER_PARAMS, (x, n, rowSize, index, m, out, err))

// out[index[i], j] += src[i, j] for out [n, rowSize], index [m], src [m, rowSize], with atomics (native for
// double from sm_60 on); a bad index is skipped. Same parameter order as gather: table, index, rows.
template <typename T> __device__ void scatter_add_body(T* out, i64 n, i64 rowSize, const int* index, i64 m, const T* src, int* err) {
    GRID_STRIDE_LOOP(k, m * rowSize) {
        i64 i = k / rowSize, j = k - i * rowSize;
        int idx = index[i];
        if (idx < 0 || idx >= n) {
            report_index_error(err, OP_SCATTER_ADD, i, idx, n);
        } else {
            atomicAdd(out + (i64)idx * rowSize + j, src[k]);
        }
    }
}
#define SCATTER_ADD_PARAMS(T) T* out, i64 n, i64 rowSize, const int* index, i64 m, const T* src, int* err
D4J_F32_F64(scatter_add, scatter_add_body, SCATTER_ADD_PARAMS, (out, n, rowSize, index, m, src, err))

// Only validates the indices (rows of zero elements move nothing but bad indices are still errors).
D4J_KERNEL void index_check_i32(const int* index, i64 m, i64 n, int op, int* err) {
    GRID_STRIDE_LOOP(i, m) {
        int idx = index[i];
        if (idx < 0 || idx >= n) report_index_error(err, op, i, idx, n);
    }
}
