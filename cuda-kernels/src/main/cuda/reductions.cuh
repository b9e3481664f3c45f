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

// Per-thread accumulation, specialised on the operation at compile time (the runtime code is switched on
// once per kernel), with D4J_UNROLL independent accumulators so that loads and adds overlap. L2 of float64
// keeps the reciprocal of its scale, so an element costs a multiply and an fma and divides only when the scale
// grows; L2 of float32 needs no scaling at all: the square of any float, summed in double, neither overflows
// (3.4e38^2 = 1.2e77) nor underflows (1.4e-45^2 = 2e-90).
template <int OP, typename T> struct Thread {
    Acc acc[D4J_UNROLL];
    __device__ __forceinline__ Thread() {
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) acc[k] = acc_identity(OP);
    }
    __device__ __forceinline__ void add(int k, double v) { acc[k] = acc_add(OP, acc[k], v); }
    __device__ __forceinline__ Acc total() {
        Acc t = acc[0];
#pragma unroll
        for (int k = 1; k < D4J_UNROLL; k++) t = acc_combine(OP, t, acc[k]);
        return t;
    }
};
template <> struct Thread<R_L2, double> {
    double scale[D4J_UNROLL], ssq[D4J_UNROLL], inv[D4J_UNROLL];
    bool nan;
    __device__ __forceinline__ Thread() : nan(false) {
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) scale[k] = ssq[k] = inv[k] = 0.0;
    }
    __device__ __forceinline__ void add(int k, double v) {
        double ax = fabs(v);
        if (ax <= scale[k]) {
            if (scale[k] < INFINITY) {
                double t = ax * inv[k];
                ssq[k] = fma(t, t, ssq[k]);
            }
        } else if (ax == ax) {
            double r = scale[k] / ax;
            ssq[k] = ax < INFINITY ? fma(ssq[k] * r, r, 1.0) : 1.0;
            scale[k] = ax;
            inv[k] = 1.0 / ax;
        } else {
            nan = true;
        }
    }
    __device__ __forceinline__ Acc total() {
        if (nan) return {0.0, NAN};
        Acc t = {scale[0], scale[0] == 0.0 ? 0.0 : ssq[0]};
#pragma unroll
        for (int k = 1; k < D4J_UNROLL; k++) t = l2_combine(t, Acc{scale[k], scale[k] == 0.0 ? 0.0 : ssq[k]});
        return t;
    }
};
template <> struct Thread<R_L2, float> {
    double ssq[D4J_UNROLL];
    __device__ __forceinline__ Thread() {
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) ssq[k] = 0.0;
    }
    __device__ __forceinline__ void add(int k, double v) { ssq[k] = fma(v, v, ssq[k]); }
    __device__ __forceinline__ Acc total() {
        double t = 0.0;
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) t += ssq[k];
        if (t != t) return {0.0, NAN};
        if (t == 0.0) return {0.0, 0.0};
        if (isinf(t)) return {INFINITY, 1.0};
        return {sqrt(t), 1.0};
    }
};

// Folds x[first], x[first + step], ... (count elements) into th, D4J_UNROLL loads in flight.
template <int OP, typename T> __device__ __forceinline__ void fold_strided(Thread<OP, T>& th, const T* x, i64 first, i64 step, i64 count) {
    i64 j = 0;
    for (; j + D4J_UNROLL <= count; j += D4J_UNROLL) {
        double v[D4J_UNROLL];
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) v[k] = (double)x[first + (j + k) * step];
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) th.add(k, v[k]);
    }
    for (; j < count; j++) th.add(0, (double)x[first + j * step]);
}

// 16-byte loads: a float32 reduction with 4-byte loads keeps too few bytes in flight (measured on the H100:
// 65 % of the copy rate for a float32 sum with four 4-byte loads a thread, 91 % for float64).
__device__ __forceinline__ void load16(const float* p, double* v) {
    float4 q = *reinterpret_cast<const float4*>(p);
    v[0] = q.x; v[1] = q.y; v[2] = q.z; v[3] = q.w;
}
__device__ __forceinline__ void load16(const double* p, double* v) {
    double2 q = *reinterpret_cast<const double2*>(p);
    v[0] = q.x; v[1] = q.y;
}

// Folds the contiguous x[0..n) into th, thread t of `threads` taking its share: the unaligned head and the
// tail element by element, the aligned middle in rounds of two 16-byte loads a thread (32 bytes in flight).
template <int OP, typename T> __device__ __forceinline__ void fold_contiguous(Thread<OP, T>& th, const T* x, i64 n, i64 t, i64 threads) {
    const int w = 16 / sizeof(T);  // elements per 16-byte load
    i64 head = (i64)(((16 - ((unsigned long long)x & 15)) & 15) / sizeof(T));
    if (head > n) head = n;
    if (t < head) th.add(0, (double)x[t]);
    const T* body = x + head;
    i64 vectors = (n - head) / w;
    i64 i = t;
    for (; i + threads < vectors; i += 2 * threads) {
        double v[2 * 16 / sizeof(T)];
        load16(body + i * w, v);
        load16(body + (i + threads) * w, v + w);
#pragma unroll
        for (int k = 0; k < 2 * w; k++) th.add(k % D4J_UNROLL, v[k]);
    }
    if (i < vectors) {
        double v[16 / sizeof(T)];
        load16(body + i * w, v);
#pragma unroll
        for (int k = 0; k < w; k++) th.add(k, v[k]);
    }
    i64 rest = head + vectors * w;
    if (rest + t < n) th.add(0, (double)x[rest + t]);
}

// The number of elements first, first + step, ... below n.
__device__ __forceinline__ i64 strided_count(i64 first, i64 step, i64 n) { return first < n ? (n - first + step - 1) / step : 0; }

// Calls BODY<op>(args) with the operation code as a template argument.
#define D4J_DISPATCH_REDUCE(op, BODY, ...)                 \
    switch (op) {                                          \
        case R_MAX: BODY<R_MAX>(__VA_ARGS__); break;       \
        case R_MIN: BODY<R_MIN>(__VA_ARGS__); break;       \
        case R_L1: BODY<R_L1>(__VA_ARGS__); break;         \
        case R_L2: BODY<R_L2>(__VA_ARGS__); break;         \
        default: BODY<R_SUM>(__VA_ARGS__); break;          \
    }

// Stage 1: block b writes its accumulator to partials[2b], partials[2b+1].
template <int OP, typename T> __device__ void reduce_partial_op(const T* x, i64 n, double* partials) {
    Thread<OP, T> th;
    fold_contiguous(th, x, n, grid_index(), grid_stride());
    Acc acc = block_reduce(OP, th.total());
    if (threadIdx.x == 0) {
        partials[2 * blockIdx.x] = acc.a;
        partials[2 * blockIdx.x + 1] = acc.b;
    }
}
template <typename T> __device__ void reduce_partial_body(int op, const T* x, i64 n, double* partials) {
    D4J_DISPATCH_REDUCE(op, reduce_partial_op, x, n, partials)
}
#define REDUCE_PARTIAL_PARAMS(T) int op, const T* x, i64 n, double* partials
D4J_F32_F64(reduce_partial, reduce_partial_body, REDUCE_PARTIAL_PARAMS, (op, x, n, partials))

// Stage 1 of dot: partial sums of a_i * b_i (products formed in double).
template <typename T> __device__ void dot_partial_body(const T* a, const T* b, i64 n, double* partials) {
    double sum[D4J_UNROLL] = {};
    i64 stride = grid_stride();
    for (i64 base = grid_index(); base < n; base += D4J_UNROLL * stride) {
        double p[D4J_UNROLL];
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) {
            i64 i = base + k * stride;
            p[k] = i < n ? (double)a[i] * (double)b[i] : 0.0;
        }
#pragma unroll
        for (int k = 0; k < D4J_UNROLL; k++) sum[k] += p[k];
    }
    Acc acc = {0.0, 0.0};
#pragma unroll
    for (int k = 0; k < D4J_UNROLL; k++) acc.a += sum[k];
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
template <int OP, typename T> __device__ void reduce_axis_thread_op(const T* x, i64 outer, i64 len, i64 inner, T* out) {
    GRID_STRIDE_LOOP(idx, outer * inner) {
        i64 o = idx / inner, in = idx - o * inner;
        Thread<OP, T> th;
        fold_strided(th, x, o * len * inner + in, inner, len);
        out[idx] = (T)acc_finish(OP, th.total());
    }
}
template <typename T> __device__ void reduce_axis_thread_body(int op, const T* x, i64 outer, i64 len, i64 inner, T* out) {
    D4J_DISPATCH_REDUCE(op, reduce_axis_thread_op, x, outer, len, inner, out)
}
#define REDUCE_AXIS_PARAMS(T) int op, const T* x, i64 outer, i64 len, i64 inner, T* out
D4J_F32_F64(reduce_axis_thread, reduce_axis_thread_body, REDUCE_AXIS_PARAMS, (op, x, outer, len, inner, out))

// One block per output: good for few, long reductions.
template <int OP, typename T> __device__ void reduce_axis_block_op(const T* x, i64 outer, i64 len, i64 inner, T* out) {
    for (i64 idx = blockIdx.x; idx < outer * inner; idx += gridDim.x) {
        i64 o = idx / inner, in = idx - o * inner;
        Thread<OP, T> th;
        if (inner == 1) {
            fold_contiguous(th, x + o * len, len, threadIdx.x, blockDim.x);
        } else {
            fold_strided(th, x, o * len * inner + in + (i64)threadIdx.x * inner, (i64)blockDim.x * inner,
                         strided_count(threadIdx.x, blockDim.x, len));
        }
        Acc acc = block_reduce(OP, th.total());
        if (threadIdx.x == 0) out[idx] = (T)acc_finish(OP, acc);
    }
}
template <typename T> __device__ void reduce_axis_block_body(int op, const T* x, i64 outer, i64 len, i64 inner, T* out) {
    D4J_DISPATCH_REDUCE(op, reduce_axis_block_op, x, outer, len, inner, out)
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

#define SCAN_ITEMS 8
#define SCAN_BLOCK 256  // the block size the Java side launches cumsum_lines with (Kernels.BLOCK)

// Shared-memory position of tile element i: one pad word per 32, so that the per-thread runs of SCAN_ITEMS
// consecutive elements spread over the banks.
__device__ __forceinline__ int scan_pad(int i) { return i + (i >> 5); }

// inner == 1: one block per line, the line processed in tiles of SCAN_BLOCK * SCAN_ITEMS elements. A tile is
// loaded and stored coalesced (consecutive threads, consecutive elements) through shared memory; in between,
// each thread scans SCAN_ITEMS consecutive elements and the block scans the threads' totals; the running
// total is carried across tiles. Every element of a tile is read before any of the tile is written, so out
// may alias x.
template <typename T> __device__ void cumsum_lines_body(const T* x, T* out, i64 lines, i64 len, int exclusive, int reverse) {
    __shared__ T tileBuf[SCAN_BLOCK * SCAN_ITEMS + SCAN_BLOCK * SCAN_ITEMS / 32];
    const int tid = threadIdx.x, tileSize = SCAN_BLOCK * SCAN_ITEMS;
    for (i64 line = blockIdx.x; line < lines; line += gridDim.x) {
        const T* xl = x + line * len;
        T* ol = out + line * len;
        double carry = 0.0;
        for (i64 tile = 0; tile < len; tile += tileSize) {
            __syncthreads();  // the previous tile's stores have read tileBuf
#pragma unroll
            for (int k = 0; k < SCAN_ITEMS; k++) {
                int e = k * SCAN_BLOCK + tid;
                i64 pos = tile + e;
                tileBuf[scan_pad(e)] = pos < len ? xl[reverse ? len - 1 - pos : pos] : T(0);
            }
            __syncthreads();
            double v[SCAN_ITEMS];
            double local = 0.0;
#pragma unroll
            for (int k = 0; k < SCAN_ITEMS; k++) {
                double xv = (double)tileBuf[scan_pad(tid * SCAN_ITEMS + k)];
                double before = local;
                local += xv;
                v[k] = exclusive ? before : local;
            }
            double tileTotal;
            double prefix = carry + block_exclusive_scan(local, &tileTotal);
#pragma unroll
            for (int k = 0; k < SCAN_ITEMS; k++) tileBuf[scan_pad(tid * SCAN_ITEMS + k)] = (T)(prefix + v[k]);
            __syncthreads();
#pragma unroll
            for (int k = 0; k < SCAN_ITEMS; k++) {
                int e = k * SCAN_BLOCK + tid;
                i64 pos = tile + e;
                if (pos < len) ol[reverse ? len - 1 - pos : pos] = tileBuf[scan_pad(e)];
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
