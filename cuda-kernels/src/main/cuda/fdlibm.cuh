// log and cos exactly as Java's StrictMath computes them (fdlibm 5.3, as ported in java.lang.FdLibm), so the
// normal random numbers are bit-identical on the CPU and the GPU. Pure IEEE double arithmetic: it gives the
// same bits wherever + - * / are correctly rounded and not contracted into fused multiply-adds (the kernels
// are built with --fmad=false; host builds must not contract either).
#pragma once
#include <cstdint>
#include <cstring>
#include <cmath>
#include "hostdevice.cuh"

namespace fdlibm {

D4J_HD int64_t bits(double x) {
#ifdef __CUDA_ARCH__
    return __double_as_longlong(x);
#else
    int64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
#endif
}

D4J_HD double from_bits(int64_t b) {
#ifdef __CUDA_ARCH__
    return __longlong_as_double(b);
#else
    double x;
    memcpy(&x, &b, sizeof x);
    return x;
#endif
}

D4J_HD int hi(double x) { return (int)(bits(x) >> 32); }
D4J_HD int lo(double x) { return (int)bits(x); }
D4J_HD double with_hi(double x, int h) { return from_bits((bits(x) & 0xffffffffLL) | ((int64_t)h << 32)); }
D4J_HD double hi_lo(int h, int l) { return from_bits(((int64_t)h << 32) | (uint32_t)l); }

// ------------------------------------------------------------------------------------------ log (e_log.c)

D4J_HD double log(double x) {
    const double ln2_hi = 0x1.62e42feep-1, ln2_lo = 0x1.a39ef35793c76p-33, two54 = 0x1.0p54;
    const double Lg1 = 0x1.5555555555593p-1, Lg2 = 0x1.999999997fa04p-2, Lg3 = 0x1.2492494229359p-2,
                 Lg4 = 0x1.c71c51d8e78afp-3, Lg5 = 0x1.7466496cb03dep-3, Lg6 = 0x1.39a09d078c69fp-3,
                 Lg7 = 0x1.2f112df3e5244p-3;
    double hfsq, f, s, z, R, w, t1, t2, dk;
    int k, hx, i, j;
    int lx;
    hx = hi(x);
    lx = lo(x);
    k = 0;
    if (hx < 0x00100000) {                               // x < 2^-1022
        if (((hx & 0x7fffffff) | lx) == 0) return -INFINITY;  // log(+-0) = -inf
        if (hx < 0) return NAN;                          // log(-#) = NaN
        k -= 54;
        x *= two54;                                      // subnormal: scale up
        hx = hi(x);
    }
    if (hx >= 0x7ff00000) return x + x;
    k += (hx >> 20) - 1023;
    hx &= 0x000fffff;
    i = (hx + 0x95f64) & 0x100000;
    x = with_hi(x, hx | (i ^ 0x3ff00000));              // normalise x or x/2
    k += (i >> 20);
    f = x - 1.0;
    if ((0x000fffff & (2 + hx)) < 3) {                   // |f| < 2^-20
        if (f == 0.0) {
            if (k == 0) return 0.0;
            dk = (double)k;
            return dk * ln2_hi + dk * ln2_lo;
        }
        R = f * f * (0.5 - 0.33333333333333333 * f);
        if (k == 0) return f - R;
        dk = (double)k;
        return dk * ln2_hi - ((R - dk * ln2_lo) - f);
    }
    s = f / (2.0 + f);
    dk = (double)k;
    z = s * s;
    i = hx - 0x6147a;
    w = z * z;
    j = 0x6b851 - hx;
    t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    i |= j;
    R = t2 + t1;
    if (i > 0) {
        hfsq = 0.5 * f * f;
        if (k == 0) return f - (hfsq - s * (hfsq + R));
        return dk * ln2_hi - ((hfsq - (s * (hfsq + R) + dk * ln2_lo)) - f);
    }
    if (k == 0) return f - s * (f - R);
    return dk * ln2_hi - ((s * (f - R) - dk * ln2_lo) - f);
}

// ------------------------------------------------------------------------------------------ cos (s_cos.c)

// kernel sin on [-pi/4, pi/4]; y is the tail of x, iy = 0 when y is zero (k_sin.c)
D4J_HD double kernel_sin(double x, double y, int iy) {
    const double S1 = -0x1.5555555555549p-3, S2 = 0x1.111111110f8a6p-7, S3 = -0x1.a01a019c161d5p-13,
                 S4 = 0x1.71de357b1fe7dp-19, S5 = -0x1.ae5e68a2b9cebp-26, S6 = 0x1.5d93a5acfd57cp-33;
    double z, r, v;
    int ix = hi(x) & 0x7fffffff;
    if (ix < 0x3e400000) {                               // |x| < 2^-27
        if ((int)x == 0) return x;
    }
    z = x * x;
    v = z * x;
    r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
    if (iy == 0) return x + v * (S1 + z * r);
    return x - ((z * (0.5 * y - v * r) - y) - v * S1);
}

// kernel cos on [-pi/4, pi/4]; y is the tail of x (k_cos.c)
D4J_HD double kernel_cos(double x, double y) {
    const double C1 = 0x1.555555555554cp-5, C2 = -0x1.6c16c16c15177p-10, C3 = 0x1.a01a019cb159p-16,
                 C4 = -0x1.27e4f809c52adp-22, C5 = 0x1.1ee9ebdb4b1c4p-29, C6 = -0x1.8fae9be8838d4p-37;
    double a, hz, z, r, qx;
    int ix = hi(x) & 0x7fffffff;
    if (ix < 0x3e400000) {                               // |x| < 2^-27
        if ((int)x == 0) return 1.0;
    }
    z = x * x;
    r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
    if (ix < 0x3FD33333) return 1.0 - (0.5 * z - (z * r - x * y));  // |x| < 0.3
    if (ix > 0x3fe90000) {
        qx = 0.28125;                                    // x > 0.78125
    } else {
        qx = hi_lo(ix - 0x00200000, 0);
    }
    hz = 0.5 * z - qx;
    a = 1.0 - qx;
    return a - (hz - (z * r - x * y));
}

// x rem pi/2 into y0 + y1 for |x| <= 2^19 pi/2; returns n (e_rem_pio2.c without the large-argument path)
D4J_HD int rem_pio2_medium(double x, double* y0, double* y1) {
    const double invpio2 = 0x1.45f306dc9c883p-1, pio2_1 = 0x1.921fb544p0, pio2_1t = 0x1.0b4611a626331p-34,
                 pio2_2 = 0x1.0b4611a6p-34, pio2_2t = 0x1.3198a2e037073p-69, pio2_3 = 0x1.3198a2ep-69,
                 pio2_3t = 0x1.b839a252049c1p-104;
    const int npio2_hw[32] = {
        0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB, 0x402921FB,
        0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB,
        0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
        0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB};
    double z, w, t, r, fn;
    int i, j, n, ix, hx;
    hx = hi(x);
    ix = hx & 0x7fffffff;
    if (ix <= 0x3fe921fb) {                              // |x| <= pi/4: no reduction
        *y0 = x;
        *y1 = 0;
        return 0;
    }
    if (ix < 0x4002d97c) {                               // |x| < 3pi/4: n = +-1
        if (hx > 0) {
            z = x - pio2_1;
            if (ix != 0x3ff921fb) {
                *y0 = z - pio2_1t;
                *y1 = (z - *y0) - pio2_1t;
            } else {                                     // near pi/2: 33+33+53 bits of pi
                z -= pio2_2;
                *y0 = z - pio2_2t;
                *y1 = (z - *y0) - pio2_2t;
            }
            return 1;
        }
        z = x + pio2_1;
        if (ix != 0x3ff921fb) {
            *y0 = z + pio2_1t;
            *y1 = (z - *y0) + pio2_1t;
        } else {
            z += pio2_2;
            *y0 = z + pio2_2t;
            *y1 = (z - *y0) + pio2_2t;
        }
        return -1;
    }
    t = fabs(x);                                         // medium size
    n = (int)(t * invpio2 + 0.5);
    fn = (double)n;
    r = t - fn * pio2_1;
    w = fn * pio2_1t;
    if (n < 32 && ix != npio2_hw[n - 1]) {
        *y0 = r - w;
    } else {
        j = ix >> 20;
        *y0 = r - w;
        i = j - ((hi(*y0) >> 20) & 0x7ff);
        if (i > 16) {                                    // second iteration, good to 118 bits
            t = r;
            w = fn * pio2_2;
            r = t - w;
            w = fn * pio2_2t - ((t - r) - w);
            *y0 = r - w;
            i = j - ((hi(*y0) >> 20) & 0x7ff);
            if (i > 49) {                                // third iteration, 151 bits
                t = r;
                w = fn * pio2_3;
                r = t - w;
                w = fn * pio2_3t - ((t - r) - w);
                *y0 = r - w;
            }
        }
    }
    *y1 = (r - *y0) - w;
    if (hx < 0) {
        *y0 = -*y0;
        *y1 = -*y1;
        return -n;
    }
    return n;
}

// StrictMath.cos for |x| <= 2^19 pi/2 (bit for bit); larger or non-finite arguments fall back to the
// platform's cos, which is accurate but not bit-identical (the normal transform never needs them).
D4J_HD double cos(double x) {
    int ix = hi(x) & 0x7fffffff;
    if (ix <= 0x3fe921fb) return kernel_cos(x, 0.0);
    if (ix > 0x413921fb) return ::cos(x);
    double y0, y1;
    int n = rem_pio2_medium(x, &y0, &y1);
    switch (n & 3) {
        case 0: return kernel_cos(y0, y1);
        case 1: return -kernel_sin(y0, y1, 1);
        case 2: return -kernel_cos(y0, y1);
        default: return kernel_sin(y0, y1, 1);
    }
}

}  // namespace fdlibm
