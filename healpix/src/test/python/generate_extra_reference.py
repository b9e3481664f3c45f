#!/usr/bin/python3
"""Generates the extra_*.csv HEALPix reference files used by the healpix module's tests.

Not part of the build: run by hand with Debian's healpy (apt-get install python3-healpy), from the repository root:
    /usr/bin/python3 healpix/src/test/python/generate_extra_reference.py healpix/src/test/resources/healpix
It complements /work/shared/reference/healpix (nside <= 8192) with every order 0..29, directions on and next to
the pole, equator, polar-cap boundaries and phi = 0/2pi seams, all pixels of nside 1, 2, 4, the face-corner
pixels that have only 7 neighbours, interpolation weights in both orderings, vectors and lon/lat.
"""
import os
import sys

import healpy as hp
import mpmath
import numpy as np

OUT = sys.argv[1]
rng = np.random.default_rng(20240611)
ORDERS = list(range(30))


def f(x):
    return repr(float(x))


def join(a, fmt=str):
    return ";".join(fmt(v) for v in a)


def edge_angles():
    """Directions on and around the special places of the HEALPix sphere."""
    zc = 2.0 / 3.0
    thetas = [0.0, 5e-324, 1e-300, 1e-15, 1e-9, 0.01 - 1e-12, 0.01, 0.01 + 1e-12, np.arccos(0.99),
              np.arccos(zc), np.nextafter(np.arccos(zc), 0), np.nextafter(np.arccos(zc), 4),
              np.pi / 2, np.nextafter(np.pi / 2, 0), np.nextafter(np.pi / 2, 4),
              np.arccos(-zc), np.nextafter(np.arccos(-zc), 0), np.nextafter(np.arccos(-zc), 4),
              3.14159 - 0.01, np.nextafter(3.14159 - 0.01, 4), np.pi - 1e-9, np.pi - 1e-15,
              np.nextafter(np.pi, 0), np.pi]
    phis = [0.0, 5e-324, 1e-15, np.nextafter(2 * np.pi, 0), 2 * np.pi, np.nextafter(2 * np.pi, 7), -1e-15,
            -1e-300, np.pi / 4, np.pi / 2, np.nextafter(np.pi / 2, 0), np.pi, 3 * np.pi / 2, -np.pi / 2, -7.5,
            12.9, 1000.0]
    return [(t, p) for t in thetas for p in phis]


def random_angles(n):
    z = rng.uniform(-1, 1, n)
    return list(zip(np.arccos(z), rng.uniform(0, 2 * np.pi, n)))


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w") as fh:
        fh.write(header + "\n")
        for r in rows:
            fh.write(",".join(r) + "\n")


def ang2pix_rows():
    for k in ORDERS:
        ns = 1 << k
        angs = edge_angles() + random_angles(40)
        if k in (0, 3, 13, 29):
            angs += random_angles(300)
        for t, p in angs:
            t = float(t)
            p = float(p)
            yield [str(ns), f(t), f(p), str(hp.ang2pix(ns, t, p, nest=True)), str(hp.ang2pix(ns, t, p))]


def special_pixels(ns):
    """First/last pixels of the caps, the equatorial belt, every face, and the 7-neighbour face corners."""
    npix = 12 * ns * ns
    ncap = 2 * ns * (ns - 1)
    s = {0, 1, 2, 3, npix - 1, npix - 2, npix - 4, ncap - 1, ncap, ncap + 1, npix - ncap - 1, npix - ncap,
         ncap + 4 * ns - 1, ncap + 4 * ns, npix // 2, npix // 2 - 1}
    for face in range(12):
        base = face * ns * ns
        s |= {base, base + ns * ns - 1, base + (ns * ns - 1) // 3, base + 2 * ((ns * ns - 1) // 3)}
    return sorted(p for p in s if 0 <= p < npix)


def pixels_for(k):
    ns = 1 << k
    npix = 12 * ns * ns
    if ns <= 4:
        return list(range(npix))
    rnd = [int(x) for x in rng.integers(0, npix, 40 if k not in (3, 13, 29) else 200)]
    return special_pixels(ns) + rnd


def pix2ang_rows():
    for k in ORDERS:
        ns = 1 << k
        for p in pixels_for(k):
            tn, pn = hp.pix2ang(ns, p, nest=True)
            tr, pr = hp.pix2ang(ns, p)
            vn = hp.pix2vec(ns, p, nest=True)
            vr = hp.pix2vec(ns, p)
            ln, bn = hp.pix2ang(ns, p, nest=True, lonlat=True)
            yield [str(ns), str(p), f(tn), f(pn), f(tr), f(pr), str(hp.nest2ring(ns, p)), str(hp.ring2nest(ns, p)),
                   join(vn, f), join(vr, f), f(ln), f(bn)]


def neighbour_rows():
    for k in ORDERS:
        ns = 1 << k
        for p in pixels_for(k):
            yield [str(ns), str(p), join(hp.get_all_neighbours(ns, p, nest=True)),
                   join(hp.get_all_neighbours(ns, p))]


def interp_rows():
    for k in ORDERS:
        ns = 1 << k
        angs = edge_angles()[::5] + random_angles(25)
        if k in (0, 2, 13, 29):
            angs += random_angles(200)
        for t, p in angs:
            t = float(t)
            p = float(p)
            pr, wr = hp.get_interp_weights(ns, t, p)
            pn, wn = hp.get_interp_weights(ns, t, p, nest=True)
            yield [str(ns), f(t), f(p), join(pr), join(wr, f), join(pn), join(wn, f)]


def vec_rows():
    for k in ORDERS:
        ns = 1 << k
        vecs = [np.array(v, dtype=float) for v in
                [(0, 0, 1), (0, 0, -1), (1, 0, 0), (0, 1, 0), (-1, 0, 0), (0, -1, 0), (1e-10, 0, 1),
                 (-1e-10, -1e-10, -1), (3, 4, 5), (2, -2, -7), (1, 1e-300, 0), (0.6, 0.8, 0.99)]]
        vecs += [v for v in rng.normal(size=(40, 3)) * rng.uniform(0.1, 10, size=(40, 1))]
        for v in vecs:
            yield [str(ns), f(v[0]), f(v[1]), f(v[2]), str(hp.vec2pix(ns, *v, nest=True)), str(hp.vec2pix(ns, *v))]


def lonlat_rows():
    for k in ORDERS:
        ns = 1 << k
        pts = [(0.0, 90.0), (0.0, -90.0), (360.0, 0.0), (-30.0, 41.8103148957786), (120.0, -41.8103148957786),
               (180.0, 0.0), (359.999999999, 89.999999999), (17.5, -89.9999999)]
        pts += list(zip(rng.uniform(-180, 540, 40), np.degrees(np.arcsin(rng.uniform(-1, 1, 40)))))
        for lon, lat in pts:
            yield [str(ns), f(lon), f(lat), str(hp.ang2pix(ns, lon, lat, nest=True, lonlat=True)),
                   str(hp.ang2pix(ns, lon, lat, lonlat=True))]


def resolution_rows():
    for k in ORDERS:
        ns = 1 << k
        yield [str(ns), str(hp.nside2npix(ns)), f(hp.nside2pixarea(ns)), f(hp.nside2resol(ns)),
               f(hp.max_pixrad(ns))]


def correctly_rounded_rows():
    """acos and atan2 rounded from 200-bit values, on ring colatitude arguments and uniform ones."""
    mpmath.mp.prec = 200
    for i in range(1500):
        if i % 3 == 0:
            ns = 1 << int(rng.integers(1, 30))
            fact1 = (ns << 1) * (4.0 / (12 * ns * ns))
            x = (2 * ns - int(rng.integers(ns, 2 * ns + 1))) * fact1 * (1 if i % 2 else -1)
        else:
            x = float(rng.uniform(-0.9, 0.9))
        yield ["acos", f(x), "0.0", f(mpmath.acos(mpmath.mpf(x)))]
    for i in range(1500):
        if i % 2 == 0:
            ns = 1 << int(rng.integers(1, 30))
            tmp = int(rng.integers(1, ns)) ** 2 * (4.0 / (12 * ns * ns)) if ns > 1 else 0.25
            y, x = np.sqrt(tmp * (2 - tmp)), 1 - tmp
        else:
            y, x = rng.uniform(0, 1), rng.uniform(1e-3, 1)
        yield ["atan2", f(y), f(x), f(mpmath.atan2(mpmath.mpf(float(y)), mpmath.mpf(float(x))))]


write("extra_ang2pix.csv", "nside,theta_rad,phi_rad,pix_nest,pix_ring", ang2pix_rows())
write("extra_pix2ang.csv", "nside,pix,theta_nest,phi_nest,theta_ring,phi_ring,nest2ring,ring2nest,"
      "vec_nest,vec_ring,lon_nest_deg,lat_nest_deg", pix2ang_rows())
write("extra_neighbours.csv", "nside,pix,neighbours_nest,neighbours_ring", neighbour_rows())
write("extra_interp_weights.csv", "nside,theta_rad,phi_rad,pix4_ring,weights4_ring,pix4_nest,weights4_nest",
      interp_rows())
write("extra_vec2pix.csv", "nside,x,y,z,pix_nest,pix_ring", vec_rows())
write("extra_lonlat2pix.csv", "nside,lon_deg,lat_deg,pix_nest,pix_ring", lonlat_rows())
write("extra_resolution.csv", "nside,npix,pixarea_sr,resol_rad,max_pixrad_rad", resolution_rows())
write("extra_correctly_rounded.csv", "function,a,b,correctly_rounded", correctly_rounded_rows())
