#!/usr/bin/env python3
"""Range lengths of the synthetic stars of ResponseBench.syntheticStars (FullEnergyBench's catalogue).

Reproduces the Java generator's distributions (distance log-uniform over 69-1250 pc, parallax error log-uniform over
0.02-0.15 mas, observed parallax with Gaussian noise, the same selection) with numpy's generator, not the Java one,
and counts for each star the shell boundaries of the benchmark's grid (516 log-spaced shells over 69-1250 pc with 64
inner and 192 outer padding shells of the same spacing) inside the |z| <= 5 cut of the parallax: m = the boundaries
per star that the line-moments kernels sweep. Prints the mean, percentiles, the share of short ranges, and the warp
steps (31 boundaries each) per star with their lane use. Quoted in docs/performance.md (issue 6, session 5).

Usage: python3 scripts/analysis/range_lengths.py [stars]   (default 2000000, seed 1)
"""
import sys

import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
rng = np.random.default_rng(1)
d = np.exp(rng.uniform(np.log(69), np.log(1250), n))
s = np.exp(rng.uniform(np.log(0.02), np.log(0.15), n))
w = 1000 / d + s * rng.standard_normal(n)
keep = (w - s > 0) & (1000 / (w - s) < 1250) & (1000 / (w + s) > 69)
w, s = w[keep], s[keep]
step = np.log(1250 / 69) / 516
r_min, r_max = 69 * np.exp(-64 * step), 1250 * np.exp(192 * step)
lo = np.maximum(r_min, 1000 / (w + 5 * s))
hi = np.where(w - 5 * s > 0, np.minimum(r_max, 1000 / np.maximum(w - 5 * s, 1e-9)), r_max)
m = np.log(hi / lo) / step + 1
print(f"{len(w)} stars kept; boundaries per star: mean {m.mean():.1f}")
for p, v in zip([5, 10, 25, 50, 75, 90, 95, 99], np.percentile(m, [5, 10, 25, 50, 75, 90, 95, 99])):
    print(f"  {p:2d}th percentile {v:6.1f}")
for t in [8, 16, 32, 64, 128]:
    print(f"  m <= {t:3d}: {100 * (m <= t).mean():5.1f} %")
steps = np.ceil(m / 31)
print(f"warp steps per star {steps.mean():.2f}, lane use {m.mean() / (31 * steps.mean()):.2f}")
