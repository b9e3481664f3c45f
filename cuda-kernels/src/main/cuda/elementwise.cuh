// Elementwise kernels: fill, conversion, unary, binary (with single-element broadcast), scalar forms,
// fma, axpby, where, and the small helpers the linear-algebra code needs (triangle zeroing, transpose).
#pragma once
#include "common.cuh"

// Single- and double-precision math by overloading, so a float kernel never promotes to double.
namespace m {
__device__ __forceinline__ float exp_(float x) { return expf(x); }
__device__ __forceinline__ double exp_(double x) { return exp(x); }
__device__ __forceinline__ float log_(float x) { return logf(x); }
__device__ __forceinline__ double log_(double x) { return log(x); }
__device__ __forceinline__ float log1p_(float x) { return log1pf(x); }
__device__ __forceinline__ double log1p_(double x) { return log1p(x); }
__device__ __forceinline__ float expm1_(float x) { return expm1f(x); }
__device__ __forceinline__ double expm1_(double x) { return expm1(x); }
__device__ __forceinline__ float sqrt_(float x) { return sqrtf(x); }
__device__ __forceinline__ double sqrt_(double x) { return sqrt(x); }
__device__ __forceinline__ float tanh_(float x) { return tanhf(x); }
__device__ __forceinline__ double tanh_(double x) { return tanh(x); }
__device__ __forceinline__ float pow_(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double pow_(double x, double y) { return pow(x, y); }
__device__ __forceinline__ float abs_(float x) { return fabsf(x); }
__device__ __forceinline__ double abs_(double x) { return fabs(x); }
__device__ __forceinline__ float fma_(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double fma_(double a, double b, double c) { return fma(a, b, c); }
}  // namespace m

// Operation codes: org.dust4j.cuda.Kernels.unaryCode / binaryCode map the Java enums onto these.
enum UnaryCode { U_NEG, U_ABS, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_SQRT, U_SQUARE, U_RECIPROCAL, U_TANH,
                 U_SOFTPLUS, U_SIGMOID };
enum BinaryCode { B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAX, B_MIN };

template <typename T> __device__ __forceinline__ T apply_unary(int op, T x) {
    switch (op) {
        case U_NEG: return -x;
        case U_ABS: return m::abs_(x);
        case U_EXP: return m::exp_(x);
        case U_LOG: return m::log_(x);
        case U_LOG1P: return m::log1p_(x);
        case U_EXPM1: return m::expm1_(x);
        case U_SQRT: return m::sqrt_(x);
        case U_SQUARE: return x * x;
        case U_RECIPROCAL: return T(1) / x;
        case U_TANH: return m::tanh_(x);
        // log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)): no overflow for large |x|
        case U_SOFTPLUS: return (x > T(0) ? x : T(0)) + m::log1p_(m::exp_(-m::abs_(x)));
        // 1 / (1 + exp(-x)), written so exp never overflows
        case U_SIGMOID: {
            if (x >= T(0)) return T(1) / (T(1) + m::exp_(-x));
            T e = m::exp_(x);
            return e / (T(1) + e);
        }
        default: return x * T(NAN);  // unknown code: poison rather than a silently wrong value
    }
}

template <typename T> __device__ __forceinline__ T apply_binary(int op, T a, T b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return m::pow_(a, b);
        case B_MAX: return java_max(a, b);
        case B_MIN: return java_min(a, b);
        default: return a * T(NAN);
    }
}

// ------------------------------------------------------------------------------------------ fill, convert

template <typename T> __device__ void fill_body(T* out, i64 n, double value) {
    T v = (T)value;
    GRID_STRIDE_LOOP(i, n) out[i] = v;
}
#define FILL_PARAMS(T) T* out, i64 n, double value
D4J_F32_F64(fill, fill_body, FILL_PARAMS, (out, n, value))
// Java's (int) cast: NaN -> 0, saturating at the int range (cvt.rzi.sat semantics)
D4J_KERNEL void fill_i32(int* out, i64 n, double value) {
    int v = value != value ? 0 : value >= 2147483647.0 ? 2147483647 : value <= -2147483648.0 ? (-2147483647 - 1) : (int)value;
    GRID_STRIDE_LOOP(i, n) out[i] = v;
}

D4J_KERNEL void convert_f32_f64(const float* src, double* dst, i64 n) {
    unrolled_loop(n, [&](i64 i) { return src[i]; }, [&](i64 i, float v) { dst[i] = (double)v; });
}
D4J_KERNEL void convert_f64_f32(const double* src, float* dst, i64 n) {
    unrolled_loop(n, [&](i64 i) { return src[i]; }, [&](i64 i, double v) { dst[i] = (float)v; });
}

// ------------------------------------------------------------------------------------------ arithmetic

template <typename T> __device__ void unary_body(int op, const T* x, T* out, i64 n) {
    unrolled_loop(n, [&](i64 i) { return x[i]; }, [&](i64 i, T v) { out[i] = apply_unary(op, v); });
}
#define UNARY_PARAMS(T) int op, const T* x, T* out, i64 n
D4J_F32_F64(unary, unary_body, UNARY_PARAMS, (op, x, out, n))

// op(x * scale + shift), each step rounded to T as unary and binary_scalar do (no contraction: --fmad=false)
template <typename T> __device__ void unary_affine_body(int op, double scale, double shift, const T* x, T* out, i64 n) {
    T a = (T)scale, b = (T)shift;
    unrolled_loop(n, [&](i64 i) { return x[i]; },
                  [&](i64 i, T v) { out[i] = apply_unary(op, apply_binary(B_ADD, apply_binary(B_MUL, v, a), b)); });
}
#define UNARY_AFFINE_PARAMS(T) int op, double scale, double shift, const T* x, T* out, i64 n
D4J_F32_F64(unary_affine, unary_affine_body, UNARY_AFFINE_PARAMS, (op, scale, shift, x, out, n))

// aStep / bStep are 1, or 0 for a single-element operand that is broadcast
template <typename T> __device__ void binary_body(int op, const T* a, i64 aStep, const T* b, i64 bStep, T* out, i64 n) {
    unrolled_loop(n, [&](i64 i) { return Pair<T>{a[i * aStep], b[i * bStep]}; },
                  [&](i64 i, Pair<T> v) { out[i] = apply_binary(op, v.a, v.b); });
}
#define BINARY_PARAMS(T) int op, const T* a, i64 aStep, const T* b, i64 bStep, T* out, i64 n
D4J_F32_F64(binary, binary_body, BINARY_PARAMS, (op, a, aStep, b, bStep, out, n))

// out = a op s (scalarFirst = 0) or s op a (scalarFirst = 1)
template <typename T> __device__ void binary_scalar_body(int op, const T* a, double s, int scalarFirst, T* out, i64 n) {
    T v = (T)s;
    if (scalarFirst) {
        unrolled_loop(n, [&](i64 i) { return a[i]; }, [&](i64 i, T x) { out[i] = apply_binary(op, v, x); });
    } else {
        unrolled_loop(n, [&](i64 i) { return a[i]; }, [&](i64 i, T x) { out[i] = apply_binary(op, x, v); });
    }
}
#define BINARY_SCALAR_PARAMS(T) int op, const T* a, double s, int scalarFirst, T* out, i64 n
D4J_F32_F64(binary_scalar, binary_scalar_body, BINARY_SCALAR_PARAMS, (op, a, s, scalarFirst, out, n))

// out = a * b + c with a single rounding (fused multiply-add)
template <typename T> __device__ void fma_body(const T* a, const T* b, const T* c, T* out, i64 n) {
    unrolled_loop(n, [&](i64 i) { return Triple<T>{a[i], b[i], c[i]}; },
                  [&](i64 i, Triple<T> v) { out[i] = m::fma_(v.a, v.b, v.c); });
}
#define FMA_PARAMS(T) const T* a, const T* b, const T* c, T* out, i64 n
D4J_F32_F64(fma, fma_body, FMA_PARAMS, (a, b, c, out, n))

// out = alpha * x + beta * y
template <typename T> __device__ void axpby_body(double alpha, const T* x, double beta, const T* y, T* out, i64 n) {
    T al = (T)alpha, be = (T)beta;
    unrolled_loop(n, [&](i64 i) { return Pair<T>{x[i], y[i]}; },
                  [&](i64 i, Pair<T> v) { out[i] = al * v.a + be * v.b; });
}
#define AXPBY_PARAMS(T) double alpha, const T* x, double beta, const T* y, T* out, i64 n
D4J_F32_F64(axpby, axpby_body, AXPBY_PARAMS, (alpha, x, beta, y, out, n))

// out = cond != 0 ? a : b; the condition may be float, double or int (NaN counts as true, as in Java)
template <typename T, typename C> __device__ void where_body(const C* cond, const T* a, const T* b, T* out, i64 n) {
    unrolled_loop(n, [&](i64 i) { return Triple<T>{(T)(cond[i] != C(0)), a[i], b[i]}; },
                  [&](i64 i, Triple<T> v) { out[i] = v.a != T(0) ? v.b : v.c; });
}
#define WHERE_KERNELS(CNAME, C)                                                                             \
    D4J_KERNEL void where_##CNAME##_f32(const C* cond, const float* a, const float* b, float* out, i64 n) {   \
        where_body<float, C>(cond, a, b, out, n);                                                           \
    }                                                                                                       \
    D4J_KERNEL void where_##CNAME##_f64(const C* cond, const double* a, const double* b, double* out, i64 n) { \
        where_body<double, C>(cond, a, b, out, n);                                                          \
    }
WHERE_KERNELS(c32, float)
WHERE_KERNELS(c64, double)
WHERE_KERNELS(ci32, int)

// ------------------------------------------------------------------------------------------ matrix helpers

// Sets the strict upper triangle of each row-major n x n matrix to zero.
template <typename T> __device__ void zero_upper_body(T* a, i64 n, i64 count) {
    i64 nn = n * n;
    GRID_STRIDE_LOOP(i, count * nn) {
        i64 r = (i % nn) / n, c = i % n;
        if (c > r) a[i] = T(0);
    }
}
#define ZERO_UPPER_PARAMS(T) T* a, i64 n, i64 count
D4J_F32_F64(zero_upper, zero_upper_body, ZERO_UPPER_PARAMS, (a, n, count))

// Transposes each n x n matrix in place.
template <typename T> __device__ void transpose_square_body(T* a, i64 n, i64 count) {
    i64 nn = n * n;
    GRID_STRIDE_LOOP(i, count * nn) {
        i64 base = i - i % nn, r = (i % nn) / n, c = i % n;
        if (c > r) {
            T t = a[base + r * n + c];
            a[base + r * n + c] = a[base + c * n + r];
            a[base + c * n + r] = t;
        }
    }
}
#define TRANSPOSE_PARAMS(T) T* a, i64 n, i64 count
D4J_F32_F64(transpose_square, transpose_square_body, TRANSPOSE_PARAMS, (a, n, count))
