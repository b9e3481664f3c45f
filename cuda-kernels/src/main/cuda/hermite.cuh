// Tabulated functions (org.dust4j.core.Backend#hermite, org.dust4j.core.HermiteTable): cubic Hermite interpolation of
// g on nodes start + i / perUnit from the interleaved table (g_i, h g'_i), optionally exp(g), times an optional
// per-element factor; NaN outside the nodes.
// hermite_eval is D4J_HD and repeats HermiteTable.evaluate operation by operation.
#pragma once
#include "hostdevice.cuh"

D4J_HD void hermite_eval(const double* table, double start, int perUnit, int nodes, int exponential, double x,
                         double* value, double* slope) {
    double u = (x - start) * perUnit;
    if (!(u >= 0 && u <= nodes - 1)) {
        *value = NAN;
        *slope = NAN;
        return;
    }
    int i = (int)u < nodes - 2 ? (int)u : nodes - 2;
    double t = u - i;
    double s = 1 - t;
    int j = 2 * i;
    double v0 = table[j], d0 = table[j + 1], v1 = table[j + 2], d1 = table[j + 3];
    double g = s * s * ((1 + 2 * t) * v0 + t * d0) + t * t * ((3 - 2 * t) * v1 - s * d1);
    double dg = (6 * t * s * (v1 - v0) + s * (1 - 3 * t) * d0 + t * (3 * t - 2) * d1) * perUnit;
    if (exponential) {
        double f = exp(g);
        *value = f;
        *slope = f * dg;
    } else {
        *value = g;
        *slope = dg;
    }
}

#ifdef __CUDACC__
#include "common.cuh"

// factor may be null (1): value = factor * g, slope = factor * g', the products in double
template <typename T>
__device__ void hermite_body(const double* table, double start, int perUnit, int nodes, int exponential, const T* x,
                             const T* factor, T* value, T* slope, i64 n) {
    GRID_STRIDE_LOOP(i, n) {
        double v, d;
        hermite_eval(table, start, perUnit, nodes, exponential, (double)x[i], &v, &d);
        double f = factor ? (double)factor[i] : 1.0;
        value[i] = (T)(f * v);
        slope[i] = (T)(f * d);
    }
}
#define HERMITE_PARAMS(T) const double* table, double start, int perUnit, int nodes, int exponential, const T* x, \
    const T* factor, T* value, T* slope, i64 n
D4J_F32_F64(hermite, hermite_body, HERMITE_PARAMS,
            (table, start, perUnit, nodes, exponential, x, factor, value, slope, n))
#endif
