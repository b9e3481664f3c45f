// Shared definitions of the dust4j CUDA kernels.
//
// Conventions (mirrored by the Java side, org.dust4j.cuda.Kernels):
//  - every kernel is extern "C" and named <family>_<dtype>, dtype f32 / f64 (i32 for index-only kernels);
//    the dtype-generic bodies are templates instantiated by the D4J_F32_F64 macro;
//  - element counts and indices are 64-bit (long long); tensors are dense and row-major, every pointer
//    already includes the tensor's offset;
//  - host scalars arrive as double and are converted to the element type inside the kernel;
//  - elementwise kernels use grid-stride loops, so any grid size is correct.
#pragma once

#include <cstdint>
#include <cfloat>
#include <cmath>

typedef long long i64;

#define D4J_KERNEL extern "C" __global__

__device__ __forceinline__ i64 grid_index() { return (i64)blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ i64 grid_stride() { return (i64)gridDim.x * blockDim.x; }

#define GRID_STRIDE_LOOP(i, n) for (i64 i = grid_index(); i < (n); i += grid_stride())

// Independent elements each thread has in flight in the unrolled loops below. One 4-byte load per thread
// leaves too few bytes in flight to saturate HBM (measured on an H100: float32 unary ops at 76 % of the
// device copy rate with one load per thread, float64 at 91 %).
#define D4J_UNROLL 4

// Grid-stride loop over n elements, U (default D4J_UNROLL) elements per thread and round: load(i) reads element i's
// operands into registers, store(i, v) computes and writes element i. All loads of a round are issued
// before its stores, and each element is read and written by the same thread, so out may alias an input
// (in-place operation) exactly as in the plain loop; a thread stores its elements in increasing order.
template <int U = D4J_UNROLL, typename Load, typename Store>
__device__ __forceinline__ void unrolled_loop(i64 n, Load load, Store store) {
    typedef decltype(load(i64(0))) V;
    i64 stride = grid_stride();
    for (i64 base = grid_index(); base < n; base += U * stride) {
        V v[U];
#pragma unroll
        for (int k = 0; k < U; k++) {
            i64 i = base + k * stride;
            if (i < n) v[k] = load(i);
        }
#pragma unroll
        for (int k = 0; k < U; k++) {
            i64 i = base + k * stride;
            if (i < n) store(i, v[k]);
        }
    }
}

// Operands of one element of a two- or three-input kernel, for unrolled_loop.
template <typename T> struct Pair { T a, b; };
template <typename T> struct Triple { T a, b, c; };

// The largest block any kernel is launched with (the Java side never exceeds it).
#define D4J_MAX_BLOCK 1024

// Java's Math.max / Math.min: NaN wins, and +0.0 is larger than -0.0.
template <typename T> __device__ __forceinline__ T java_max(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}
template <typename T> __device__ __forceinline__ T java_min(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}

// Device error record, checked by the host at synchronisation points:
// [0] flag (0 = none), [1] operation code, [2] position, [3] offending value, [4] bound.
// The first error wins; later ones are dropped.
__device__ __forceinline__ void report_index_error(int* err, int op, i64 position, int value, i64 bound) {
    if (atomicCAS(err, 0, 1) == 0) {
        err[1] = op;
        err[2] = (int)position;
        err[3] = value;
        err[4] = (int)bound;
    }
}

// Instantiates extern "C" wrappers NAME_f32 and NAME_f64 of a template kernel body
// BODY<T>(args...) with the parameter list PARAMS(T) and the argument list ARGS.
#define D4J_F32_F64(NAME, BODY, PARAMS, ARGS)                        \
    D4J_KERNEL void NAME##_f32(PARAMS(float)) { BODY<float> ARGS; }  \
    D4J_KERNEL void NAME##_f64(PARAMS(double)) { BODY<double> ARGS; }
