"""Independent check of dust4j's FITS products with astropy, healpy and numpy.

Usage: python3 check_products.py DIR

DIR holds the files PythonInteropTest writes (see that test): mean_and_std_healpix.fits, samples_healpix.fits,
box.fits, lbd.fits, percentiles.fits and queries.csv / sample_queries.csv with the Java query results. The script
checks the HDU rules of the dustmaps Edenhofer2023 reader, the NEST pixel layout against healpy, the query
semantics (HEALPix bilinear weights from healpy, log-space radial interpolation, integration) against Java's
answers, the WCS of the grid products with astropy.wcs, and the provenance cards. It prints one line per check
and a closing 'N passed, N failed' line, and exits 1 if any check failed.
"""
import sys

import healpy as hp
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

RESULTS = []
# the grids PythonInteropTest writes: (first, last) per axis, axis 1 first
BOX_GRID = ((-300.0, 300.0), (-300.0, 300.0), (-100.0, 100.0))
LBD_GRID = ((180.0, -180.0), (-60.0, 60.0), (60.0, 400.0))


def check(name, ok, detail=""):
    RESULTS.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)))


def hdu_summary(path):
    with fits.open(path) as hdul:
        return [(h.name, type(h).__name__) for h in hdul]


def dustmaps_rules(path):
    """Restates the acceptance rules of dustmaps' edenhofer2023 reader; returns a list of violations."""
    problems = []
    nside = nest = None
    have_inner = False
    with fits.open(path) as hdul:
        for hdu in hdul:
            nm = hdu.name.lower()
            if isinstance(hdu, fits.PrimaryHDU) and hdu.data is None:
                continue
            if nm in ("primary", "mean", "samples", "healpix times distance"):
                nside = hdu.header["NSIDE"]
                nest = hdu.header["ORDERING"].lower().startswith("nest")
                if hdu.header["ORDERING"].lower() != "nest":
                    problems.append("ORDERING of %s is %r, not 'NEST'" % (hdu.name, hdu.header["ORDERING"]))
                if hdu.data.shape[-1] != 12 * nside ** 2:
                    problems.append("main cube shape %r" % (hdu.data.shape,))
            elif isinstance(hdu, fits.BinTableHDU):
                if hdu.data.names not in (["radial pixel centers"], ["radial pixel boundaries"]):
                    problems.append("unrecognised table columns %r" % hdu.data.names)
            elif isinstance(hdu, fits.ImageHDU) and (nm.startswith("mean of integrated inner")
                                                     or nm.startswith("integrated inner")):
                if nside is None:
                    problems.append("inner map before the main cube")
                    continue
                ctype = hdu.header.get("CTYPE")
                if ctype is None or not ctype.lower().startswith("inner density integrated within"):
                    problems.append("inner map CTYPE %r" % ctype)
                if nest != hdu.header["ORDERING"].lower().startswith("nest"):
                    problems.append("ordering mismatch in " + hdu.name)
                if hdu.data.shape[-1] != 12 * nside ** 2:
                    problems.append("inner shape %r" % (hdu.data.shape,))
                have_inner = True
            elif isinstance(hdu, fits.ImageHDU) and nm.startswith("std. of integrated inner"):
                if not have_inner:
                    problems.append("inner std before the inner mean")
                if "CTYPE" not in hdu.header:
                    problems.append("inner std has no CTYPE keyword (the reader indexes header['CTYPE'])")
                elif not hdu.header["CTYPE"].lower().startswith("std. of inner density integrated within"):
                    problems.append("inner std CTYPE %r" % hdu.header["CTYPE"])
                if hdu.data.shape[-1] != 12 * nside ** 2:
                    problems.append("inner std shape %r" % (hdu.data.shape,))
            elif isinstance(hdu, fits.ImageHDU) and nm == "std.":
                if nside is None:
                    problems.append("std. before the main cube")
                    continue
                if nest != hdu.header["ORDERING"].lower().startswith("nest"):
                    problems.append("ordering mismatch in STD.")
                if hdu.data.shape[-1] != 12 * nside ** 2:
                    problems.append("std shape %r" % (hdu.data.shape,))
            else:
                problems.append("unrecognised HDU %r" % hdu.name)
    return problems


def radial_interp(cube_t, radii, nside, l, b, d):
    """Interpolates transformed values cube_t[..., shell, pixel] at (l, b, d): healpy weights, linear in d."""
    pix, w = hp.get_interp_weights(nside, l, b, nest=True, lonlat=True)
    right = np.searchsorted(radii, d)
    valid = (right > 0) & (right < radii.size)
    right = np.clip(right, 1, radii.size - 1)
    left = right - 1
    wl = np.abs(radii[right] - d)
    wr = np.abs(radii[left] - d)
    vl = (cube_t[..., left[np.newaxis, :], pix] * w).sum(axis=-2)
    vr = (cube_t[..., right[np.newaxis, :], pix] * w).sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (wl / (wl + wr)) * vl + (wr / (wl + wr)) * vr
    return np.where(valid, out, np.nan)


def integrate(cube, bounds, inner):
    cum = cube.astype(np.float64) * np.diff(bounds)[:, np.newaxis]
    if inner is not None:
        cum[..., 0, :] += inner
    return np.cumsum(cum, axis=-2)


def close(name, got, want, rtol=1e-8):
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    same_nan = np.array_equal(np.isnan(got), np.isnan(want))
    ok = got.shape == want.shape and same_nan and np.allclose(got, want, rtol=rtol, atol=0, equal_nan=True)
    worst = "" if ok or got.shape != want.shape else np.nanmax(np.abs(got - want) / np.abs(want))
    check(name, ok, "shape %r vs %r, NaN pattern equal %s, worst relative error %s"
          % (got.shape, want.shape, same_nan, worst))


def provenance(path):
    with fits.open(path) as hdul:
        for hdu in hdul:
            h = hdu.header
            if not all(k in h for k in ("CREATOR", "DATE", "D4JSEED", "D4JCONF")):
                return "HDU %s lacks provenance cards" % hdu.name
            if not h["CREATOR"].startswith("dust4j") or h["D4JSEED"] != 20240117 or "\"nside\"" not in h["D4JCONF"]:
                return "HDU %s has provenance %r %r %r" % (hdu.name, h["CREATOR"], h["D4JSEED"], h["D4JCONF"])
    return None


def main(directory):
    mean_path = directory + "/mean_and_std_healpix.fits"
    samples_path = directory + "/samples_healpix.fits"

    # --- HDU layout -------------------------------------------------------------------------------
    inner_r = "42.5"
    want = [("PRIMARY", "PrimaryHDU"), ("MEAN", "ImageHDU"), ("STD.", "ImageHDU"),
            ("RADIAL PIXEL CENTERS", "BinTableHDU"), ("RADIAL PIXEL BOUNDARIES", "BinTableHDU"),
            ("MEAN OF INTEGRATED INNER %s PC" % inner_r, "ImageHDU"),
            ("STD. OF INTEGRATED INNER %s PC" % inner_r, "ImageHDU")]
    check("mean/std file has exactly the release HDUs in order", hdu_summary(mean_path) == want,
          hdu_summary(mean_path))
    want_s = [("PRIMARY", "PrimaryHDU"), ("SAMPLES", "ImageHDU"), ("RADIAL PIXEL CENTERS", "BinTableHDU"),
              ("RADIAL PIXEL BOUNDARIES", "BinTableHDU"), ("INTEGRATED INNER %s PC" % inner_r, "ImageHDU")]
    check("samples file has exactly the expected HDUs in order", hdu_summary(samples_path) == want_s,
          hdu_summary(samples_path))
    for path in (mean_path, samples_path):
        problems = dustmaps_rules(path)
        check("dustmaps reader rules hold for " + path.rsplit("/", 1)[1], not problems, problems)
        check("provenance in every HDU of " + path.rsplit("/", 1)[1], provenance(path) is None, provenance(path))

    with fits.open(mean_path) as hdul:
        primary = hdul[0]
        check("primary HDU is empty", primary.data is None and primary.header["NAXIS"] == 0)
        mean = hdul["MEAN"].data.astype(np.float64)
        std = hdul["STD."].data.astype(np.float64)
        nside = hdul["MEAN"].header["NSIDE"]
        npix = 12 * nside ** 2
        check("MEAN is float32, numpy shape (n_distance, 12 nside^2)",
              hdul["MEAN"].data.dtype == np.dtype(">f4") and hdul["MEAN"].data.shape[1] == npix
              and hdul["MEAN"].header["NAXIS1"] == npix, (hdul["MEAN"].data.dtype, hdul["MEAN"].data.shape))
        check("STD. matches MEAN in shape and type", hdul["STD."].data.shape == hdul["MEAN"].data.shape
              and hdul["STD."].data.dtype == np.dtype(">f4"))
        radii = np.asarray(hdul["RADIAL PIXEL CENTERS"].data["radial pixel centers"], dtype=np.float64)
        bounds = np.asarray(hdul["RADIAL PIXEL BOUNDARIES"].data["radial pixel boundaries"], dtype=np.float64)
        check("radial tables: n centres, n + 1 boundaries, centres inside their shells",
              radii.size == mean.shape[0] and bounds.size == radii.size + 1
              and np.all(bounds[:-1] < radii) and np.all(radii < bounds[1:]))
        inner_hdu = hdul["MEAN OF INTEGRATED INNER %s PC" % inner_r]
        inner_std_hdu = hdul["STD. OF INTEGRATED INNER %s PC" % inner_r]
        check("inner maps carry keyword CTYPE with the radius",
              inner_hdu.header["CTYPE"] == "inner density integrated within %spc" % inner_r
              and inner_std_hdu.header["CTYPE"] == "std. of inner density integrated within %spc" % inner_r,
              (inner_hdu.header.get("CTYPE"), inner_std_hdu.header.get("CTYPE")))
        inner = inner_hdu.data.astype(np.float64)

    # --- pixel layout: shell 0 of MEAN holds 1 + (l/360) + 2 (b + 90)/180 at each NEST pixel centre ---------
    lon, lat = hp.pix2ang(nside, np.arange(npix), nest=True, lonlat=True)
    layout = 1.0 + lon / 360.0 + 2.0 * (lat + 90.0) / 180.0
    close("NEST pixel layout of MEAN agrees with healpy.pix2ang", mean[0], layout, rtol=1e-6)

    # --- queries against the mean/std file ------------------------------------------------------------
    q = np.genfromtxt(directory + "/queries.csv", delimiter=",", names=True)
    l, b, d = q["l"], q["b"], q["d"]
    close("density mean = exp(interp(log MEAN))", q["mean"], np.exp(radial_interp(np.log(mean), radii, nside, l, b, d)))
    close("density std = sqrt(interp(STD^2))", q["std"], np.sqrt(radial_interp(std ** 2, radii, nside, l, b, d)))
    integ = integrate(mean, bounds, inner)
    close("integrated mean = exp(interp(log cumsum(MEAN * width, + inner)))", q["int_mean"],
          np.exp(radial_interp(np.log(integ), radii, nside, l, b, d)))
    check("queries include points outside the radial range (NaN)", np.isnan(q["mean"]).sum() >= 3)

    # --- queries against the samples file -------------------------------------------------------------
    with fits.open(samples_path) as hdul:
        samples = hdul["SAMPLES"].data.astype(np.float64)
        inner_s = hdul["INTEGRATED INNER %s PC" % inner_r].data.astype(np.float64)
        check("SAMPLES numpy shape (n_samples, n_distance, 12 nside^2)",
              samples.ndim == 3 and samples.shape[1:] == mean.shape, samples.shape)
    sq = np.genfromtxt(directory + "/sample_queries.csv", delimiter=",", names=True)
    l, b, d = sq["l"], sq["b"], sq["d"]
    per_sample = np.exp(radial_interp(np.log(samples), radii, nside, l, b, d))
    close("samples mean = mean over samples of exp(interp(log sample))", sq["mean"], per_sample.mean(axis=0))
    close("samples std = std (ddof 0) over samples", sq["std"], per_sample.std(axis=0))
    for s in range(samples.shape[0]):
        close("sample %d of mode samples" % s, sq["s%d" % s], per_sample[s])
    matches = [s for s in range(samples.shape[0])
               if np.allclose(sq["random"], per_sample[s], rtol=1e-8, atol=0, equal_nan=True)]
    check("random_sample is one whole sample for all points", len(matches) >= 1, matches)
    per_sample_int = np.exp(radial_interp(np.log(integrate(samples, bounds, inner_s)), radii, nside, l, b, d))
    close("integrated samples mean", sq["int_mean"], per_sample_int.mean(axis=0))
    close("integrated samples std", sq["int_std"], per_sample_int.std(axis=0))

    # --- grid products ----------------------------------------------------------------------------------
    with fits.open(directory + "/box.fits") as hdul:
        check("box file: empty primary, MEAN, STD.", [h.name for h in hdul] == ["PRIMARY", "MEAN", "STD."])
        h = hdul["MEAN"].header
        cube = hdul["MEAN"].data.astype(np.float64)
        w = WCS(h)
        nz, ny, nx = cube.shape
        k, j, i = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing="ij")
        x, y, z = w.pixel_to_world_values(i.ravel(), j.ravel(), k.ravel())
        want_x = np.linspace(*BOX_GRID[0], nx)
        want_z = np.linspace(*BOX_GRID[2], nz)
        check("box WCS: X, Y, Z in pc, axis 1 fastest",
              [h["CTYPE1"], h["CTYPE2"], h["CTYPE3"], h["CUNIT1"].strip()] == ["X", "Y", "Z", "pc"]
              and np.allclose(x.reshape(cube.shape)[0, 0], want_x)
              and np.allclose(z.reshape(cube.shape)[:, 0, 0], want_z))
        rho = np.hypot(x, y)
        bl, bb, bd = np.degrees(np.arctan2(y, x)), np.degrees(np.arctan2(z, rho)), np.hypot(rho, z)
        expect = np.exp(radial_interp(np.log(mean), radii, nside, bl, bb, bd))
        close("box MEAN = map interpolated at the voxel positions (interp2box)", cube.ravel(), expect, rtol=1e-6)
        check("provenance in box.fits", provenance(directory + "/box.fits") is None)
    with fits.open(directory + "/lbd.fits") as hdul:
        h = hdul["MEAN"].header
        cube = hdul["MEAN"].data.astype(np.float64)
        w = WCS(h)
        nd, nb, nl = cube.shape
        k, j, i = np.meshgrid(np.arange(nd), np.arange(nb), np.arange(nl), indexing="ij")
        gl, gb, gd = w.pixel_to_world_values(i.ravel(), j.ravel(), k.ravel())
        want_l = np.linspace(*LBD_GRID[0], nl)
        want_b = np.linspace(*LBD_GRID[1], nb)
        want_d = np.linspace(*LBD_GRID[2], nd)
        got_l = gl.reshape(cube.shape)[0, 0]
        dl = (got_l - want_l + 180.0) % 360.0 - 180.0
        check("lbd WCS (GLON-CAR/GLAT-CAR/DIST) gives the grid's l and b", np.allclose(dl, 0, atol=1e-9)
              and np.allclose(gb.reshape(cube.shape)[0, :, 0], want_b, atol=1e-9)
              and np.allclose(gd.reshape(cube.shape)[:, 0, 0], want_d, atol=1e-9), (got_l, want_l))
        expect = np.exp(radial_interp(np.log(mean), radii, nside, gl, gb, gd))
        close("lbd MEAN = map interpolated at the grid points (interp2lbd)", cube.ravel(), expect, rtol=1e-6)
    with fits.open(directory + "/percentiles.fits") as hdul:
        check("percentile file: empty primary, P16, P50, P84",
              [h.name for h in hdul] == ["PRIMARY", "P16", "P50", "P84"]
              and [h.header.get("PERCENT") for h in hdul[1:]] == [16, 50, 84])
        p16, p50, p84 = (hdul[n].data for n in ("P16", "P50", "P84"))
        check("percentiles ordered", np.all(p16 <= p50) and np.all(p50 <= p84))

    passed = sum(RESULTS)
    failed = len(RESULTS) - passed
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
