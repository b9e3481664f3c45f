#!/usr/bin/env python3
"""Registers, spills and PTX basic-block sizes of dust4j CUDA kernels, without a GPU (docs/cuda.md, performance.md).

Usage: python3 scripts/analysis/kernel_resources.py [--arch sm_90] [--blocks] KERNEL...
Compiles cuda-kernels/src/main/cuda/dust4j_kernels.cu as build-fatbin.sh does (-O3, --fmad=false) for one
architecture; prints each named kernel's registers and spill bytes (ptxas -v), and with --blocks the size of each
PTX basic block of the kernel (instructions, not counting labels, comments and directives) with the block its last
branch goes to, so a loop's body can be read off (a block that branches back to itself or to an earlier one).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SOURCE = os.path.join(ROOT, "cuda-kernels", "src", "main", "cuda", "dust4j_kernels.cu")


def nvcc(arch, kind, out):
    cmd = ["nvcc", "--" + kind, "-O3", "-std=c++17", "--fmad=false", "-arch=" + arch, "-o", out, SOURCE]
    if kind == "cubin":
        cmd[1:1] = ["-Xptxas", "-v"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stderr


def resources(log, names):
    current = None
    found = {}
    for line in log.splitlines():
        m = re.search(r"Compiling entry function '(\w+)'", line)
        if m:
            current = m.group(1)
        m = re.search(r"(\d+) bytes spill stores", line)
        if m and current:
            found.setdefault(current, {})["spill"] = int(m.group(1))
        m = re.search(r"Used (\d+) registers", line)
        if m and current:
            found.setdefault(current, {})["registers"] = int(m.group(1))
    for n in names:
        r = found.get(n)
        print(f"{n}: " + (f"{r.get('registers')} registers, {r.get('spill')} bytes spilled" if r else "not found"))


def blocks(ptx, name):
    start = ptx.find(".entry " + name + "(")
    if start < 0:
        print(f"{name}: not in the PTX")
        return
    end = ptx.find(".entry ", start + 10)
    body = ptx[start:end if end > 0 else len(ptx)]
    label, count, last = "(entry)", 0, ""
    print(f"{name}: PTX basic blocks (instructions, last branch)")
    for raw in body.splitlines():
        line = raw.strip()
        m = re.match(r"^(\$L__BB\w+):", line)
        if m:
            print(f"  {label:16s} {count:4d}  {last}")
            label, count, last = m.group(1), 0, ""
        elif line and not line.startswith(("//", ".", "{", "}")):
            count += 1
            if "bra" in line.split()[0] or (line.startswith("@") and " bra" in line):
                last = line.split()[-1].rstrip(";")
    print(f"  {label:16s} {count:4d}  {last}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", default="sm_90")
    p.add_argument("--blocks", action="store_true")
    p.add_argument("kernels", nargs="+")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        resources(nvcc(a.arch, "cubin", os.path.join(d, "k.cubin")), a.kernels)
        if a.blocks:
            nvcc(a.arch, "ptx", os.path.join(d, "k.ptx"))
            ptx = open(os.path.join(d, "k.ptx")).read()
            for n in a.kernels:
                blocks(ptx, n)


if __name__ == "__main__":
    sys.exit(main())
