// Elementwise passes that also sum (org.dust4j.core.Backend#affineExpProduct, #axpbySquaredNorm): each element is
// read, computed and written by one thread, and the sums leave the first stage as one partial per block (the
// reductions' layout, finished by reduce_final); so a pass moves its tensors through memory once.
#pragma once
#include "elementwise.cuh"
#include "reductions.cuh"

// Elements a thread has in flight per round: 32 bytes of each streamed input (8 floats or 4 doubles), enough to keep
// HBM busy with a one-wave grid (see the reductions' note on 4-byte loads).
template <typename T> struct FusedUnroll { static constexpr int value = 32 / sizeof(T); };

// Writes one block's sums to partials: sum k of block b at partials[2 * (k * gridDim.x + b)] (reduce_final's
// (value, 0) pairs, one run of gridDim.x pairs per sum).
template <int K> __device__ __forceinline__ void fused_block_sums(const double* sums, double* partials) {
#pragma unroll
    for (int k = 0; k < K; k++) {
        Acc acc = block_reduce(R_SUM, Acc{sums[k], 0.0});
        if (threadIdx.x == 0) {
            partials[2 * ((i64)k * gridDim.x + blockIdx.x)] = acc.a;
            partials[2 * ((i64)k * gridDim.x + blockIdx.x) + 1] = 0.0;
        }
    }
}

// out = factor * p, sums (partials) of p * x and p, with p = e * g and e = exp(x * scale + shift) rounded as
// unary_affine rounds it. x and g are read before out is written, by the thread that writes it (out may be x or g).
template <typename T> __device__ void affine_exp_product_body(double scale, double shift, double factor, const T* x,
                                                              const T* g, T* out, i64 n, double* partials) {
    T a = (T)scale, b = (T)shift;
    double sx = 0.0, sp = 0.0;
    unrolled_loop<FusedUnroll<T>::value>(n, [&](i64 i) { return Pair<T>{x[i], g[i]}; }, [&](i64 i, Pair<T> v) {
        T e = apply_unary(U_EXP, apply_binary(B_ADD, apply_binary(B_MUL, v.a, a), b));
        double p = (double)e * (double)v.b;
        out[i] = (T)(factor * p);
        sx += p * (double)v.a;
        sp += p;
    });
    double sums[2] = {sx, sp};
    fused_block_sums<2>(sums, partials);
}
#define AFFINE_EXP_PRODUCT_PARAMS(T) double scale, double shift, double factor, const T* x, const T* g, T* out, i64 n, \
    double* partials
D4J_F32_F64(affine_exp_product, affine_exp_product_body, AFFINE_EXP_PRODUCT_PARAMS,
            (scale, shift, factor, x, g, out, n, partials))

// out = alpha * x + beta * y (axpby's arithmetic), partials of the sum of y^2 (squares formed in double).
template <typename T> __device__ void axpby_squared_norm_body(double alpha, const T* x, double beta, const T* y, T* out,
                                                              i64 n, double* partials) {
    T al = (T)alpha, be = (T)beta;
    double q = 0.0;
    unrolled_loop<FusedUnroll<T>::value>(n, [&](i64 i) { return Pair<T>{x[i], y[i]}; }, [&](i64 i, Pair<T> v) {
        out[i] = al * v.a + be * v.b;
        double yd = (double)v.b;
        q += yd * yd;
    });
    double sums[1] = {q};
    fused_block_sums<1>(sums, partials);
}
#define AXPBY_SQUARED_NORM_PARAMS(T) double alpha, const T* x, double beta, const T* y, T* out, i64 n, double* partials
D4J_F32_F64(axpby_squared_norm, axpby_squared_norm_body, AXPBY_SQUARED_NORM_PARAMS,
            (alpha, x, beta, y, out, n, partials))
