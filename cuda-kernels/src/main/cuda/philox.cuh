// Philox4x32-10 counter-based random numbers (Salmon et al. 2011), defined exactly as the CPU backend's
// org.dust4j.core.random.Philox so both backends produce the same stream:
//   key     = (lo32(seed), hi32(seed))
//   counter = (lo32(j), hi32(j), 0, 0) with j = offset + i for element i (64-bit, wrapping)
//   w01 = x1 * 2^32 + x0, w23 = x3 * 2^32 + x2
//   uniform double = (w01 >> 11) * 2^-53 in [0, 1); uniform float = (x0 >> 8) * 2^-24 in [0, 1)
//   normal = Box-Muller: u1 = ((w01 >> 11) + 1) * 2^-53 in (0, 1], u2 = (w23 >> 11) * 2^-53,
//            sqrt(-2 log u1) * cos(TWO_PI * u2) in double with StrictMath's log and cos (fdlibm.cuh),
//            rounded once for float tensors.
// Host-and-device code, so the host self-check (src/test/cuda) can compile it without a GPU.
#pragma once
#include <cstdint>
#include <cmath>

#include "hostdevice.cuh"
#include "fdlibm.cuh"

struct Philox4 {
    uint32_t x0, x1, x2, x3;
};

D4J_HD Philox4 philox4x32_10(uint64_t counter, uint64_t seed) {
    uint32_t c0 = (uint32_t)counter, c1 = (uint32_t)(counter >> 32), c2 = 0u, c3 = 0u;
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int round = 0; round < 10; round++) {
        if (round > 0) {
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        uint64_t p0 = (uint64_t)0xD2511F53u * c0;
        uint64_t p1 = (uint64_t)0xCD9E8D57u * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
    }
    return Philox4{c0, c1, c2, c3};
}

// bits 63..11 of the 64-bit word hi * 2^32 + lo
D4J_HD uint64_t philox_top53(uint32_t hi, uint32_t lo) {
    return (((uint64_t)hi << 32) | lo) >> 11;
}

D4J_HD double philox_uniform_double(uint64_t counter, uint64_t seed) {
    Philox4 r = philox4x32_10(counter, seed);
    return (double)philox_top53(r.x1, r.x0) * 0x1.0p-53;
}

D4J_HD float philox_uniform_float(uint64_t counter, uint64_t seed) {
    Philox4 r = philox4x32_10(counter, seed);
    return (float)(r.x0 >> 8) * 0x1.0p-24f;
}

D4J_HD double philox_normal_double(uint64_t counter, uint64_t seed) {
    const double two_pi = 0x1.921fb54442d18p+2;  // the double nearest 2 pi (Java's 2 * Math.PI)
    Philox4 r = philox4x32_10(counter, seed);
    double u1 = (double)(philox_top53(r.x1, r.x0) + 1) * 0x1.0p-53;
    double u2 = (double)philox_top53(r.x3, r.x2) * 0x1.0p-53;
    return sqrt(-2.0 * fdlibm::log(u1)) * fdlibm::cos(two_pi * u2);
}
