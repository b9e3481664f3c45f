// Reductions (all elements, along an axis, dot) and cumulative sums.
//
// Every reduction accumulates in double, whatever the element type, through an accumulator that is
// combined with warp shuffles and then across the warps of a block. L2 keeps (scale, sum of squares)
// pairs as LAPACK's dnrm2 does, so it neither overflows nor underflows.
#pragma once
#include "common.cuh"

#define FULL_MASK 0xffffffffu

// Operation codes: org.dust4j.cuda.Kernels.reduceCode maps org.dust4j.core.ReduceOp onto these.
enum ReduceCode { R_SUM, R_MAX, R_MIN, R_L1, R_L2 };

struct Acc {
    double a;  // SUM/L1: the sum; MAX/MIN: the extreme; L2: the scale (largest |x| so far)
    double b;  // L2: sum of (x / scale)^2; NaN once a NaN was seen
};

__device__ __forceinline__ Acc acc_identity(int op) {
    switch (op) {
        case R_MAX: return {-INFINITY, 0.0};
        case R_MIN: return {INFINITY, 0.0};
        default: return {0.0, 0.0};
    }
}

__device__ __forceinline__ Acc l2_combine(Acc x, Acc y) {
    if (isnan(x.b) || isnan(y.b)) return {0.0, NAN};
    double s = fmax(x.a, y.a);
    if (s == 0.0) return {0.0, 0.0};
    if (isinf(s)) return {INFINITY, 1.0};
    double rx = x.a / s, ry = y.a / s;
    return {s, x.b * rx * rx + y.b * ry * ry};
}

__device__ __forceinline__ Acc acc_combine(int op, Acc x, Acc y) {
    switch (op) {
        case R_MAX: return {java_max(x.a, y.a), 0.0};
        case R_MIN: return {java_min(x.a, y.a), 0.0};
        case R_L2: return l2_combine(x, y);
        default: return {x.a + y.a, 0.0};
    }
}

// Folds one element into the accumulator.
__device__ __forceinline__ Acc acc_add(int op, Acc acc, double v) {
    switch (op) {
        case R_MAX: return {java_max(acc.a, v), 0.0};
        case R_MIN: return {java_min(acc.a, v), 0.0};
        case R_L1: return {acc.a + fabs(v), 0.0};
        case R_L2: return v != v ? Acc{0.0, NAN} : l2_combine(acc, Acc{fabs(v), 1.0});
        default: return {acc.a + v, 0.0};
    }
}

__device__ __forceinline__ double acc_finish(int op, Acc acc) {
    return op == R_L2 ? acc.a * sqrt(acc.b) : acc.a;
}

__device__ __forceinline__ Acc warp_reduce(int op, Acc v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        Acc w = {__shfl_down_sync(FULL_MASK, v.a, offset), __shfl_down_sync(FULL_MASK, v.b, offset)};
        v = acc_combine(op, v, w);
    }
    return v;
}

// Reduces one accumulator per thread of the block; the result is valid in thread 0.
// blockDim.x must be a multiple of 32. Safe to call repeatedly (it synchronises before reusing shared memory).
__device__ Acc block_reduce(int op, Acc v) {
    __shared__ double sa[32], sb[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_reduce(op, v);
    __syncthreads();
    if (lane == 0) {
        sa[warp] = v.a;
        sb[warp] = v.b;
    }
    __syncthreads();
    if (warp == 0) {
        v = lane < warps ? Acc{sa[lane], sb[lane]} : acc_identity(op);
        v = warp_reduce(op, v);
    }
    return v;
}

// ------------------------------------------------------------------------------------------ all elements

// Stage 1: block b writes its accumulator to partials[2b], partials[2b+1].
template <typename T> __device__ void reduce_partial_body(int op, const T* x, i64 n, double* partials) {
    Acc acc = acc_identity(op);
    GRID_STRIDE_LOOP(i, n) acc = acc_add(op, acc, (double)x[i]);
    acc = block_reduce(op, acc);
    if (threadIdx.x == 0) {
        partials[2 * blockIdx.x] = acc.a;
        partials[2 * blockIdx.x + 1] = acc.b;
    }
}
#define REDUCE_PARTIAL_PARAMS(T) int op, const T* x, i64 n, double* partials
D4J_F32_F64(reduce_partial, reduce_partial_body, REDUCE_PARTIAL_PARAMS, (op, x, n, partials))

// Stage 1 of dot: partial sums of a_i * b_i (products formed in double).
template <typename T> __device__ void dot_partial_body(const T* a, const T* b, i64 n, double* partials) {
    Acc acc = acc_identity(R_SUM);
    GRID_STRIDE_LOOP(i, n) acc.a += (double)a[i] * (double)b[i];
    acc = block_reduce(R_SUM, acc);
    if (threadIdx.x == 0) {
        partials[2 * blockIdx.x] = acc.a;
        partials[2 * blockIdx.x + 1] = 0.0;
    }
}
#define DOT_PARTIAL_PARAMS(T) const T* a, const T* b, i64 n, double* partials
D4J_F32_F64(dot_partial, dot_partial_body, DOT_PARTIAL_PARAMS, (a, b, n, partials))

// Stage 2, one block: combines `count` partial accumulators into out[0].
template <typename T> __device__ void reduce_final_body(int op, const double* partials, int count, T* out) {
    Acc acc = acc_identity(op);
    for (int i = threadIdx.x; i < count; i += blockDim.x) acc = acc_combine(op, acc, Acc{partials[2 * i], partials[2 * i + 1]});
    acc = block_reduce(op, acc);
    if (threadIdx.x == 0) out[0] = (T)acc_finish(op, acc);
}
#define REDUCE_FINAL_PARAMS(T) int op, const double* partials, int count, T* out
D4J_F32_F64(reduce_final, reduce_final_body, REDUCE_FINAL_PARAMS, (op, partials, count, out))

// ------------------------------------------------------------------------------------------ along an axis
// x is viewed as [outer, len, inner] and reduced over len into out [outer, inner].

// One thread per output: good when there are many outputs (consecutive threads read consecutive `inner`).
template <typename T> __device__ void reduce_axis_thread_body(int op, const T* x, i64 outer, i64 len, i64 inner, T* out) {
    GRID_STRIDE_LOOP(idx, outer * inner) {
        i64 o = idx / inner, in = idx - o * inner;
        const T* p = x + o * len * inner + in;
        Acc acc = acc_identity(op);
        for (i64 j = 0; j < len; j++) acc = acc_add(op, acc, (double)p[j * inner]);
        out[idx] = (T)acc_finish(op, acc);
    }
}
#define REDUCE_AXIS_PARAMS(T) int op, const T* x, i64 outer, i64 len, i64 inner, T* out
D4J_F32_F64(reduce_axis_thread, reduce_axis_thread_body, REDUCE_AXIS_PARAMS, (op, x, outer, len, inner, out))

// One block per output: good for few, long reductions.
template <typename T> __device__ void reduce_axis_block_body(int op, const T* x, i64 outer, i64 len, i64 inner, T* out) {
    for (i64 idx = blockIdx.x; idx < outer * inner; idx += gridDim.x) {
        i64 o = idx / inner, in = idx - o * inner;
        const T* p = x + o * len * inner + in;
        Acc acc = acc_identity(op);
        for (i64 j = threadIdx.x; j < len; j += blockDim.x) acc = acc_add(op, acc, (double)p[j * inner]);
        acc = block_reduce(op, acc);
        if (threadIdx.x == 0) out[idx] = (T)acc_finish(op, acc);
    }
}
D4J_F32_F64(reduce_axis_block, reduce_axis_block_body, REDUCE_AXIS_PARAMS, (op, x, outer, len, inner, out))

// ------------------------------------------------------------------------------------------ cumulative sums
// x and out are viewed as [outer, len, inner]; the scan runs along len. out may alias x: every element is
// read before it is written, by the thread that writes it.

// Inclusive prefix sum over the lanes of a warp; *exclusive receives the lane's exclusive prefix.
__device__ __forceinline__ double warp_scan(double v, int lane, double* exclusive) {
    double incl = v;
    for (int o = 1; o < 32; o <<= 1) {
        double y = __shfl_up_sync(FULL_MASK, incl, o);
        if (lane >= o) incl += y;
    }
    double excl = __shfl_up_sync(FULL_MASK, incl, 1);
    *exclusive = lane == 0 ? 0.0 : excl;
    return incl;
}

// Exclusive prefix sum of one value per thread over the block; *total receives the block's sum.
// blockDim.x must be a multiple of 32.
__device__ double block_exclusive_scan(double v, double* total) {
    __shared__ double warp_prefix[32];
    __shared__ double block_total;
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    double excl;
    double incl = warp_scan(v, lane, &excl);
    __syncthreads();  // earlier calls are done with the shared arrays
    if (lane == 31) warp_prefix[warp] = incl;
    __syncthreads();
    if (warp == 0) {
        double we;
        double wi = warp_scan(lane < warps ? warp_prefix[lane] : 0.0, lane, &we);
        if (lane < warps) warp_prefix[lane] = we;
        if (lane == 31) block_total = wi;
    }
    __syncthreads();
    *total = block_total;
    return excl + warp_prefix[warp];
}

#define SCAN_ITEMS 4

// inner == 1: one block per line, the line processed in tiles of blockDim.x * SCAN_ITEMS elements,
// each thread scanning SCAN_ITEMS consecutive elements; the running total is carried across tiles.
template <typename T> __device__ void cumsum_lines_body(const T* x, T* out, i64 lines, i64 len, int exclusive, int reverse) {
    for (i64 line = blockIdx.x; line < lines; line += gridDim.x) {
        const T* xl = x + line * len;
        T* ol = out + line * len;
        double carry = 0.0;
        for (i64 tile = 0; tile < len; tile += (i64)blockDim.x * SCAN_ITEMS) {
            i64 first = tile + (i64)threadIdx.x * SCAN_ITEMS;
            double v[SCAN_ITEMS];
            double local = 0.0;
#pragma unroll
            for (int k = 0; k < SCAN_ITEMS; k++) {
                i64 pos = first + k;
                double xv = pos < len ? (double)xl[reverse ? len - 1 - pos : pos] : 0.0;
                double before = local;
                local += xv;
                v[k] = exclusive ? before : local;
            }
            double tileTotal;
            double prefix = carry + block_exclusive_scan(local, &tileTotal);
#pragma unroll
            for (int k = 0; k < SCAN_ITEMS; k++) {
                i64 pos = first + k;
                if (pos < len) ol[reverse ? len - 1 - pos : pos] = (T)(prefix + v[k]);
            }
            carry += tileTotal;
        }
    }
}
#define CUMSUM_LINES_PARAMS(T) const T* x, T* out, i64 lines, i64 len, int exclusive, int reverse
D4J_F32_F64(cumsum_lines, cumsum_lines_body, CUMSUM_LINES_PARAMS, (x, out, lines, len, exclusive, reverse))

// Any inner: one thread per (outer, inner) lane, sequential along len (coalesced across inner).
template <typename T> __device__ void cumsum_strided_body(const T* x, T* out, i64 outer, i64 len, i64 inner, int exclusive, int reverse) {
    GRID_STRIDE_LOOP(idx, outer * inner) {
        i64 o = idx / inner, in = idx - o * inner;
        i64 base = o * len * inner + in;
        double run = 0.0;
        for (i64 s = 0; s < len; s++) {
            i64 p = base + (reverse ? len - 1 - s : s) * inner;
            double xv = (double)x[p];
            if (exclusive) {
                out[p] = (T)run;
                run += xv;
            } else {
                run += xv;
                out[p] = (T)run;
            }
        }
    }
}
#define CUMSUM_STRIDED_PARAMS(T) const T* x, T* out, i64 outer, i64 len, i64 inner, int exclusive, int reverse
D4J_F32_F64(cumsum_strided, cumsum_strided_body, CUMSUM_STRIDED_PARAMS, (x, out, outer, len, inner, exclusive, reverse))
