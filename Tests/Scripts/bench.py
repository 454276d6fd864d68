#!/usr/bin/env python3
"""Extraction speed on the dev set: `newsingest extract --input-dir` on one core.

    python3 Tests/Scripts/bench.py --devset ../shared/corpus/devset --binary .build/release/newsingest --out bench-out

Runs the batch several times and reports the best pages/s and MB/s, and the peak memory (RSS)
of the process.
"""
import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", required=True, type=Path)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pages = args.devset / "pages"
    inputs = args.out / "input"
    inputs.mkdir(parents=True, exist_ok=True)
    for old in inputs.glob("*.html"):
        old.unlink()
    total_bytes = 0
    ids = sorted(p.name for p in pages.iterdir() if (p / "page.html").is_file())
    for pid in ids:
        src = (pages / pid / "page.html").resolve()
        total_bytes += src.stat().st_size
        (inputs / f"{pid}.html").symlink_to(src)
    best = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        run = subprocess.run([args.binary, "extract", "--input-dir", str(inputs), "--output-dir", str(args.out / "output"),
                              "--workers", "1"], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if run.returncode not in (0, 1):
            sys.exit(f"extract failed: {run.stderr}")
        best = elapsed if best is None else min(best, elapsed)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"pages: {len(ids)}  bytes: {total_bytes / 1e6:.1f} MB  (one core, best of {args.repeat}, whole process)")
    print(f"extract: {len(ids) / best:8.1f} pages/s  {total_bytes / 1e6 / best:6.1f} MB/s  peak RSS {peak_kib / 1024:.0f} MB")


if __name__ == "__main__":
    main()
