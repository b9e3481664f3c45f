// Line moments (org.dust4j.core.Backend#lineMoments, its JVP and VJP) over the packed tables of
// org.dust4j.core.LineMoments:
//   ints    [groupLine (G) | groupStart (G + 1) | lo (n) | hi (n)]
//   doubles [u (N + 1) | w (N) | slope (n) | shift (n) | table of G (SymmetricCdfTable layout)]
// One thread block per group (the items of one line): the line's midpoint cumulative sums (and their tangents) in
// shared memory, one thread per item. The per-group and per-item functions are D4J_HD so the host self-check runs
// the very code the device runs; they repeat the CPU backend's operations in its order (the cumulative sums serially),
// so value and JVP agree with it to the last bit. The VJP adds the items' contributions per cell with shared-memory
// atomics, in an order that varies from run to run.
#pragma once
#include "hostdevice.cuh"

// G(z) from the interleaved table (SymmetricCdfTable.cdf).
D4J_HD double lm_lower_half(const double* table, double zMax, int perUnit, double z) {
    if (!(z > -zMax)) return z != z ? z : 0.0;
    double x = (z + zMax) * perUnit;
    int i = (int)x;
    double t = x - i;
    double s = 1 - t;
    int j = 2 * i;
    double v0 = table[j], d0 = table[j + 1], v1 = table[j + 2], d1 = table[j + 3];
    return s * s * ((1 + 2 * t) * v0 + t * d0) + t * t * ((3 - 2 * t) * v1 - s * d1);
}
D4J_HD double lm_cdf(const double* table, double zMax, int perUnit, double z) {
    return z > 0 ? 1 - lm_lower_half(table, zMax, perUnit, -z) : lm_lower_half(table, zMax, perUnit, z);
}

// cm[k + 1] = sum to the middle of cell k of row (cm[0] = 0, cm[N + 1] = the whole row); serial, in the CPU's order.
template <typename T> D4J_HD void lm_columns(const T* row, const double* w, int cells, double* cm) {
    double run = 0.0;
    cm[0] = 0.0;
    for (int k = 0; k < cells; k++) {
        double c = (double)row[k] * w[k];
        cm[k + 1] = run + 0.5 * c;
        run += c;
    }
    cm[cells + 1] = run;
}

// One item's evaluated range: F_j for j = 0 .. m (F_0 = 1, F_m = 0, G in between), p_j = F_j - F_{j+1}.
struct LmItem {
    int l, m;
    double a, b;
    const double* u;
    const double* table;
    double zMax;
    int perUnit;
    D4J_HD double f(int j) const {
        return j == 0 ? 1.0 : j == m ? 0.0 : lm_cdf(table, zMax, perUnit, u[l + j - 1] * a - b);
    }
};

// Mean (and, when wanted, variance) of one item: two sweeps, as the CPU's two loops.
D4J_HD double lm_mean(const LmItem& it, const double* cm) {
    double mu = 0.0, fj = 1.0;
    for (int j = 0; j < it.m; j++) {
        double fn = it.f(j + 1);
        mu += (fj - fn) * cm[it.l + j];
        fj = fn;
    }
    return mu;
}
D4J_HD double lm_variance(const LmItem& it, const double* cm, double mu) {
    double v = 0.0, fj = 1.0;
    for (int j = 0; j < it.m; j++) {
        double fn = it.f(j + 1);
        double c = cm[it.l + j] - mu;
        v += (fj - fn) * c * c;
        fj = fn;
    }
    return v;
}
// Tangents: da = Σ p dC, dv = 2 Σ p dC (C - mu).
D4J_HD void lm_tangent(const LmItem& it, const double* cm, const double* dcm, double mu, double* da, double* dv) {
    double a = 0.0, b = 0.0, fj = 1.0;
    for (int j = 0; j < it.m; j++) {
        double fn = it.f(j + 1);
        double t = (fj - fn) * dcm[it.l + j];
        a += t;
        b += t * (cm[it.l + j] - mu);
        fj = fn;
    }
    *da = a;
    *dv = 2 * b;
}
// Pull-back of the item's cotangents (ga, gv) into the per-cell cotangents gc through add(index, value).
template <typename Add>
D4J_HD void lm_pull(const LmItem& it, const double* cm, double mu, double ga, double gv, Add add) {
    double gv2 = 2 * gv, fj = 1.0;
    for (int j = 0; j < it.m; j++) {
        double fn = it.f(j + 1);
        add(it.l + j, (fj - fn) * (ga + gv2 * (cm[it.l + j] - mu)));
        fj = fn;
    }
}
// The row cotangent from the per-cell cotangents gc[0 .. N + 1]: out[k] = w_k (gc[k + 1] / 2 + Σ_{j > k + 1} gc[j]).
template <typename T> D4J_HD void lm_back(const double* gc, const double* w, int cells, T* out) {
    double tail = gc[cells + 1];
    for (int k = cells - 1; k >= 0; k--) {
        out[k] = (T)(w[k] * (0.5 * gc[k + 1] + tail));
        tail += gc[k + 1];
    }
}

// The item i of a layout, read from the packed tables.
D4J_HD LmItem lm_item(const int* pi, const double* pd, int groups, int items, int cells, double zMax, int perUnit,
                      int i) {
    LmItem it;
    const int* lo = pi + 2 * groups + 1;
    const int* hi = lo + items;
    it.l = lo[i];
    it.m = hi[i] - lo[i] + 2;
    it.a = pd[2 * cells + 1 + i];
    it.b = pd[2 * cells + 1 + items + i];
    it.u = pd;
    it.table = pd + 2 * cells + 1 + 2 * items;
    it.zMax = zMax;
    it.perUnit = perUnit;
    return it;
}

#ifdef __CUDACC__
#include "common.cuh"

struct LmSharedAdd {
    double* gc;
    __device__ void operator()(int k, double v) const { atomicAdd(gc + k, v); }
};

// Modes by the non-null pointers: value (mean, variance), JVP (tangent, dMean, dVariance), VJP (gMean, gVar, xBar;
// xBar must be zero on the lines without items). Dynamic shared memory: (N + 2) doubles for C, plus (N + 2) for the
// tangent's C in the JVP and for the cell cotangents in the VJP.
template <typename T>
__device__ void line_moments_body(const int* pi, const double* pd, int groups, int items, int cells, double zMax,
                                  int perUnit, const T* x, const T* tangent, const T* gMean, const T* gVar, T* mean,
                                  T* variance, T* dMean, T* dVariance, T* xBar) {
    extern __shared__ double lm_shared[];
    double* cm = lm_shared;
    double* extra = lm_shared + cells + 2;  // dC (JVP) or the cell cotangents (VJP)
    const double* w = pd + cells + 1;
    for (int g = blockIdx.x; g < groups; g += gridDim.x) {
        int line = pi[g];
        int first = pi[groups + g], last = pi[groups + g + 1];
        const T* row = x + (i64)line * cells;
        if (threadIdx.x == 0) {
            lm_columns(row, w, cells, cm);
            if (tangent) lm_columns(tangent + (i64)line * cells, w, cells, extra);
        }
        if (xBar) {
            for (int k = threadIdx.x; k < cells + 2; k += blockDim.x) extra[k] = 0.0;
        }
        __syncthreads();
        for (int i = first + threadIdx.x; i < last; i += blockDim.x) {
            LmItem it = lm_item(pi, pd, groups, items, cells, zMax, perUnit, i);
            double mu = lm_mean(it, cm);
            if (mean) {
                mean[i] = (T)mu;
                variance[i] = (T)lm_variance(it, cm, mu);
            }
            if (tangent) {
                double da, dv;
                lm_tangent(it, cm, extra, mu, &da, &dv);
                dMean[i] = (T)da;
                dVariance[i] = (T)dv;
            }
            if (xBar) lm_pull(it, cm, mu, (double)gMean[i], (double)gVar[i], LmSharedAdd{extra});
        }
        __syncthreads();
        if (xBar && threadIdx.x == 0) lm_back(extra, w, cells, xBar + (i64)line * cells);
        __syncthreads();  // the shared arrays are reused by the next group
    }
}
#define LINE_MOMENTS_PARAMS(T) const int* pi, const double* pd, int groups, int items, int cells, double zMax, \
    int perUnit, const T* x, const T* tangent, const T* gMean, const T* gVar, T* mean, T* variance, T* dMean,   \
    T* dVariance, T* xBar
D4J_F32_F64(line_moments, line_moments_body, LINE_MOMENTS_PARAMS, (pi, pd, groups, items, cells, zMax, perUnit, x,
            tangent, gMean, gVar, mean, variance, dMean, dVariance, xBar))
#endif
