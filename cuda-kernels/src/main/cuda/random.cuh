// Random-number kernels: element i of the output uses the Philox counter offset + i (see philox.cuh).
#pragma once
#include "common.cuh"
#include "philox.cuh"

D4J_KERNEL void random_uniform_f32(i64 seed, i64 offset, float* out, i64 n) {
    GRID_STRIDE_LOOP(i, n) out[i] = philox_uniform_float((uint64_t)offset + (uint64_t)i, (uint64_t)seed);
}
D4J_KERNEL void random_uniform_f64(i64 seed, i64 offset, double* out, i64 n) {
    GRID_STRIDE_LOOP(i, n) out[i] = philox_uniform_double((uint64_t)offset + (uint64_t)i, (uint64_t)seed);
}
D4J_KERNEL void random_normal_f32(i64 seed, i64 offset, float* out, i64 n) {
    GRID_STRIDE_LOOP(i, n) out[i] = (float)philox_normal_double((uint64_t)offset + (uint64_t)i, (uint64_t)seed);
}
D4J_KERNEL void random_normal_f64(i64 seed, i64 offset, double* out, i64 n) {
    GRID_STRIDE_LOOP(i, n) out[i] = philox_normal_double((uint64_t)offset + (uint64_t)i, (uint64_t)seed);
}
