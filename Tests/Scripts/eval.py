#!/usr/bin/env python3
"""Scores NewsIngest's extraction on both tuning sets, each with its own scorer.

    python3 Tests/Scripts/eval.py --devset ../shared/corpus/devset \
        --wcxb ../shared/corpus/wcxb-articles --binary .build/release/newsingest --out eval-out

Dev set: body text with the set's scorer, metadata (title, publication date, authors,
language) against each page's meta.json, overall and per language. WCXB articles: the
benchmark's word F1, pages under F1 0.5, empty bodies, title, date and authors, and the
worst pages. Writes OUT/summary.json (dev set) and OUT/wcxb/summary.json with every figure.
"""
import argparse
import json
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path


def norm(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", required=True, type=Path)
    ap.add_argument("--binary", required=True)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--wcxb", type=Path, help="the WCXB article set; scored after the dev set when given")
    ap.add_argument("--worst", type=int, default=10, help="WCXB pages with the lowest F1 to list")
    args = ap.parse_args()
    pages = args.devset / "pages"
    if not pages.is_dir():
        sys.exit(f"no dev set at {args.devset}")
    inputs = args.out / "input"
    outputs = args.out / "output"
    inputs.mkdir(parents=True, exist_ok=True)
    for old in inputs.glob("*.html"):
        old.unlink()
    ids = sorted(p.name for p in pages.iterdir() if (p / "page.html").is_file())
    for pid in ids:
        (inputs / f"{pid}.html").symlink_to((pages / pid / "page.html").resolve())
    run = subprocess.run([args.binary, "extract", "--input-dir", str(inputs), "--output-dir", str(outputs)],
                         capture_output=True, text=True)
    print(run.stdout.strip())
    if run.returncode not in (0, 1):
        sys.exit(f"extract failed with exit code {run.returncode}: {run.stderr}")

    score_json = args.out / "body-scores.json"
    score = subprocess.run([sys.executable, str(args.devset / "tools" / "score.py"), str(outputs), "--json", str(score_json)],
                           capture_output=True, text=True)
    if score.returncode != 0:
        sys.exit(f"score.py failed: {score.stderr}")
    body = json.loads(score_json.read_text())

    fields = ("title", "date", "authors", "language")
    totals = {f: [0, 0] for f in fields}
    by_lang = defaultdict(lambda: {f: [0, 0] for f in fields})
    misses = defaultdict(list)
    for pid in ids:
        meta = json.loads((pages / pid / "meta.json").read_text(encoding="utf-8"))
        rec_path = outputs / f"{pid}.json"
        record = json.loads(rec_path.read_text(encoding="utf-8")) if rec_path.exists() else {}
        lang = meta.get("language") or "und"
        checks = {}
        if meta.get("title"):
            checks["title"] = norm(record.get("title")) == norm(meta["title"])
        if meta.get("published"):
            got = record.get("published_at") or ""
            checks["date"] = got[:10] == meta["published"][:10]
        if meta.get("authors"):
            want = {norm(a).lower() for a in meta["authors"]}
            got = {norm(a).lower() for a in record.get("authors") or []}
            checks["authors"] = want == got
        if meta.get("language"):
            checks["language"] = (record.get("language") or "") == meta["language"]
        for field, ok in checks.items():
            for bucket in (totals[field], by_lang[lang][field]):
                bucket[0] += int(ok)
                bucket[1] += 1
            if not ok:
                misses[field].append(pid)

    def pct(pair):
        return f"{100 * pair[0] / pair[1]:5.1f}% ({pair[0]}/{pair[1]})" if pair[1] else "   n/a"

    mix = body["overall"]["mix"]
    print()
    print(f"body (mix):  F1 {mix['f1']:.3f}  precision {mix['precision']:.3f}  recall {mix['recall']:.3f}  pages {mix['n']}")
    print("metadata:    " + "   ".join(f"{f} {pct(totals[f])}" for f in fields))
    print()
    print(f"{'lang':<5} {'n':>3}  {'body F1':>7} {'P':>6} {'R':>6}  " + "  ".join(f"{f:>8}" for f in fields))
    for lang, metrics in sorted(body["by_language"].items(), key=lambda kv: (-kv[1]["mix"]["n"], kv[0])):
        m = metrics["mix"]
        cells = []
        for f in fields:
            ok, n = by_lang[lang][f]
            cells.append(f"{ok:>3}/{n:<4}" if n else "     -  ")
        print(f"{lang:<5} {m['n']:>3}  {m['f1']:7.3f} {m['precision']:6.3f} {m['recall']:6.3f}  " + "  ".join(cells))
    summary = {
        "body": {"f1": mix["f1"], "precision": mix["precision"], "recall": mix["recall"],
                 "by_language": {l: v["mix"] for l, v in body["by_language"].items()}},
        "metadata": {f: {"correct": totals[f][0], "total": totals[f][1],
                         "share": totals[f][0] / totals[f][1] if totals[f][1] else None} for f in fields},
        "misses": misses,
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(f"\nper-page scores: python3 {args.devset}/tools/score.py {outputs} --per-page ; all figures: {args.out}/summary.json")
    if args.wcxb:
        evaluate_wcxb(args.wcxb, args.binary, args.out / "wcxb", args.worst)


def extract_set(pages, binary, out):
    """Every pages/<id>/page.html through `extract --input-dir`, records named by id."""
    inputs = out / "input"
    outputs = out / "output"
    inputs.mkdir(parents=True, exist_ok=True)
    for old in inputs.glob("*.html"):
        old.unlink()
    for page in sorted(pages.iterdir()):
        if (page / "page.html").is_file():
            (inputs / f"{page.name}.html").symlink_to((page / "page.html").resolve())
    run = subprocess.run([binary, "extract", "--input-dir", str(inputs), "--output-dir", str(outputs)],
                         capture_output=True, text=True)
    print(run.stdout.strip())
    if run.returncode not in (0, 1):
        sys.exit(f"extract failed with exit code {run.returncode}: {run.stderr}")
    return outputs


def evaluate_wcxb(root, binary, out, worst):
    if not (root / "pages").is_dir():
        sys.exit(f"no WCXB set at {root}")
    print(f"\n== WCXB articles ({root}) ==")
    outputs = extract_set(root / "pages", binary, out)
    summary = out / "summary.json"
    score = subprocess.run([sys.executable, str(root / "tools" / "score.py"), str(outputs), "--set", str(root),
                            "--json", str(summary), "--worst", str(worst)], capture_output=True, text=True)
    if score.returncode != 0:
        sys.exit(f"score.py failed: {score.stderr}")
    result = json.loads(summary.read_text())
    print(f"body (word F1): F1 {result['f1']:.3f}  precision {result['precision']:.3f}  recall {result['recall']:.3f}"
          f"  under 0.5: {result['under_0.5']}  empty: {result['empty']}  pages {result['pages']}")
    print("metadata:       " + "   ".join(f"{k} {100 * result[k]:5.1f}%" for k in ("title", "date", "authors")
                                          if k in result))
    worst_lines = [line for line in score.stdout.splitlines() if line.startswith("  ")]
    if worst_lines:
        print(f"worst {len(worst_lines)}:")
        print("\n".join(worst_lines))
    print(f"all figures: {summary}")


if __name__ == "__main__":
    main()
