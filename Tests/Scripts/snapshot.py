#!/usr/bin/env python3
"""Records of both tuning sets, for checking that a change keeps behaviour.

    python3 Tests/Scripts/snapshot.py take --binary .build/release/newsingest --out /tmp/before
    ... change the code, rebuild ...
    python3 Tests/Scripts/snapshot.py take --binary .build/release/newsingest --out /tmp/after
    python3 Tests/Scripts/snapshot.py diff /tmp/before /tmp/after

`take` runs `newsingest extract --input-dir` over ../shared/corpus/devset and
../shared/corpus/wcxb-articles (every page once, named by its id) and blanks `fetched_at` in
each record, the one field that differs from run to run. `diff` lists every record or body
that differs and exits 1 when any does.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

SETS = ("devset", "wcxb-articles")


def take(args):
    for name in SETS:
        pages = args.corpus / name / "pages"
        if not pages.is_dir():
            sys.exit(f"no corpus at {pages}")
        inputs = args.out / name / "input"
        outputs = args.out / name / "output"
        inputs.mkdir(parents=True, exist_ok=True)
        for old in inputs.glob("*.html"):
            old.unlink()
        for page in sorted(pages.iterdir()):
            if (page / "page.html").is_file() and page.name not in args.exclude:
                (inputs / f"{page.name}.html").symlink_to((page / "page.html").resolve())
        run = subprocess.run([args.binary, "extract", "--input-dir", str(inputs), "--output-dir", str(outputs)],
                             capture_output=True, text=True)
        print(f"{name}: {run.stdout.strip()} (exit {run.returncode})")
        if run.returncode not in (0, 1):
            sys.exit(f"extract failed: {run.stderr[-2000:]}")
        for record in outputs.glob("*.json"):
            data = json.loads(record.read_text(encoding="utf-8"))
            if "fetched_at" in data:
                data["fetched_at"] = None
            record.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")


def diff(args):
    changed = 0
    for name in SETS:
        a, b = args.before / name / "output", args.after / name / "output"
        names = sorted(n for n in {p.name for p in a.glob("*")} | {p.name for p in b.glob("*")}
                       if n.rsplit(".", 1)[0] not in args.exclude)
        for file in names:
            left, right = a / file, b / file
            if not left.exists() or not right.exists() or left.read_bytes() != right.read_bytes():
                changed += 1
                if changed <= args.show:
                    print(f"{name}/{file} differs")
        print(f"{name}: {len(names)} files compared")
    print(f"{changed} files differ")
    return 1 if changed else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="command", required=True)
    t = sub.add_parser("take")
    t.add_argument("--binary", required=True)
    t.add_argument("--out", required=True, type=Path)
    t.add_argument("--exclude", action="append", default=[], help="a page id to leave out (e.g. one that crashed)")
    t.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "corpus")
    d = sub.add_parser("diff")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--show", type=int, default=40)
    d.add_argument("--exclude", action="append", default=[], help="a page id to leave out of the comparison")
    args = ap.parse_args()
    if args.command == "take":
        take(args)
        return 0
    return diff(args)


if __name__ == "__main__":
    sys.exit(main())
