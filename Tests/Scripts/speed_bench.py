#!/usr/bin/env python3
"""Extraction speed as a user meets it: the whole process (start-up, reading, cleaning, writing
the records), one core, on each set, next to the floor (a C program that only parses the same
pages with libxml2: Tests/Bench/parse_only.c, built here with Debian's libxml2) and, when its
virtual environment exists (`make bench-trafilatura`), trafilatura on the same pages.

    speed_bench.py --binary .build/release/newsingest --out bench-out/speed \
        --set devset=../shared/corpus/devset --set wcxb=../shared/corpus/wcxb-articles \
        [--rounds 3] [--trafilatura .build-bench/venv/bin/python]

The floor and NewsIngest alternate for a few rounds and the best of each is kept (a shared
machine's speed drifts from minute to minute); trafilatura runs once. Printed per set: pages/s
and CPU ms per page of each, NewsIngest's peak RSS, the ratio NewsIngest / floor (wall
throughput; the issue's goal is 0.5) and NewsIngest's CPU throughput over trafilatura's.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(argv, log):
    """(seconds, CPU seconds, peak RSS MiB, stdout) of one process (its own rusage, from wait4);
    exits when it fails, with the end of its stderr (kept in `log`)."""
    with open(log, "w") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True)
        out = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{argv[0]} failed ({code}): {Path(log).read_text()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def flat_inputs(root, directory):
    """The set's pages as one directory of symlinks, <id>.html."""
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for page in sorted((root / "pages").iterdir()):
        html = page / "page.html"
        if html.is_file():
            (directory / f"{page.name}.html").symlink_to(html.resolve())
            total += html.stat().st_size
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--set", action="append", required=True, help="NAME=DIR")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--trafilatura", help="a Python with trafilatura installed")
    args = ap.parse_args()
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    floor = out / "parse_only"
    flags = subprocess.run(["xml2-config", "--cflags", "--libs"], check=True, capture_output=True, text=True)
    subprocess.run(["cc", "-O2", "-o", str(floor), str(HERE.parent / "Bench" / "parse_only.c")]
                   + flags.stdout.split(), check=True)
    binary = str(Path(args.binary).resolve())
    print("one core, whole process (start-up, reading and writing included); best of "
          f"{args.rounds} alternating rounds; trafilatura once")
    print(f"{'set':<8} {'pages':>5} {'MB':>6} | {'libxml2 parse':>13} | {'newsingest':>10} {'CPU ms':>7} {'RSS':>6} | "
          f"{'ratio':>5} | {'trafilatura':>11} {'CPU ms':>7} | {'x traf.':>7}")
    for spec in args.set:
        name, directory = spec.split("=", 1)
        inputs = out / name / "input"
        size = flat_inputs(Path(directory), inputs)
        pages = len(list(inputs.iterdir()))
        best_floor = best_ours = None
        for _ in range(args.rounds):
            parse = run([str(floor), str(inputs)], out / name / "floor.log")
            shutil.rmtree(out / name / "output", ignore_errors=True)
            ours = run([binary, "extract", "--input-dir", str(inputs), "--output-dir", str(out / name / "output"),
                        "--workers", "1"], out / name / "newsingest.log")
            if best_floor is None or parse[0] < best_floor[0]:
                best_floor = parse
            if best_ours is None or ours[0] < best_ours[0]:
                best_ours = ours
        traf = ""
        if args.trafilatura:
            t = run([args.trafilatura, str(HERE / "trafilatura_batch.py"), str(inputs), str(out / name / "trafilatura")],
                    out / name / "trafilatura.log")
            traf = (f"{pages / t[0]:>11.1f} {t[1] / pages * 1000:>7.2f} | "
                    f"{(pages / best_ours[1]) / (pages / t[1]):>6.1f}x")
        else:
            traf = f"{'-':>11} {'-':>7} | {'-':>7}"
        print(f"{name:<8} {pages:>5} {size / 1e6:>6.1f} | {pages / best_floor[0]:>9.1f} p/s | "
              f"{pages / best_ours[0]:>6.1f} p/s {best_ours[1] / pages * 1000:>7.2f} {best_ours[2]:>4.0f}MB | "
              f"{best_floor[0] / best_ours[0]:>5.2f} | {traf}")


if __name__ == "__main__":
    main()
