#!/usr/bin/env python3
"""Top frames of a JFR recording's execution samples, as quoted in docs/performance.md.

Usage: python3 scripts/analysis/jfr_top.py RECORDING.jfr [N]

Runs `jfr print --events jdk.ExecutionSample` (the jfr tool of the JDK running this project, found as $JAVA_HOME/bin/jfr,
else /usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr, else `jfr` on the PATH) and prints, as a share of all samples, the N
(default 15) most frequent top frames by method ("self"), by method and line, and by method anywhere on the stack
("inclusive").
"""
import collections
import os
import re
import shutil
import subprocess
import sys


def jfr_tool():
    for home in (os.environ.get("JAVA_HOME"), "/usr/lib/jvm/temurin-25-jdk-amd64"):
        if home and os.path.exists(os.path.join(home, "bin", "jfr")):
            return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or sys.exit("no jfr tool found (set JAVA_HOME)")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    text = subprocess.run([jfr_tool(), "print", "--events", "jdk.ExecutionSample", sys.argv[1]], check=True,
                          capture_output=True, text=True).stdout
    frame = re.compile(r"^\s+([\w.$]+\.[\w$<>]+)\(.*?line: (\d+)", re.M)
    self_, lines, incl = collections.Counter(), collections.Counter(), collections.Counter()
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = frame.findall(event)
        if not frames:
            continue
        self_[frames[0][0]] += 1
        lines[frames[0]] += 1
        for method in {f[0] for f in frames}:
            incl[method] += 1
    total = sum(self_.values())
    if total == 0:
        sys.exit("no execution samples in " + sys.argv[1])
    print(f"{total} samples")
    for title, counter in (("self", self_), ("self, by line", lines), ("inclusive", incl)):
        print(title + ":")
        for key, count in counter.most_common(n):
            name = f"{key[0]}:{key[1]}" if isinstance(key, tuple) else key
            print(f"{100 * count / total:6.1f}% {name}")


if __name__ == "__main__":
    main()
