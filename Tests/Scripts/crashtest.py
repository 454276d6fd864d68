#!/usr/bin/env python3
"""Kills a backfill at random moments, again and again, and checks that nothing is lost,
nothing is half-written and duplicates stay within the README's at-least-once promise.

    python3 Tests/Scripts/crashtest.py --binary .build/release/newsingest [--pages 300] [--kills 100]

A loopback server (testserver.py) serves PAGES generated articles. Each round starts
`newsingest backfill --urls` (same job, so it resumes) and sends SIGKILL after a random
0.05-2 s; after every kill every file in spool/new must be a complete JSON record. When a run
ends before its kill, every page gets a new edition (changed text) and the job is restarted,
so later kills land among new revisions. At the end one run goes to completion; then every
revision of every article must be in new/ (nothing lost), and the figures are printed: kills,
records, distinct (id, revision), duplicate deliveries. Exits 1 when a check fails.
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("river council market school bridge winter harbour station library museum "
         "festival budget election storm village railway hospital theatre garden factory").split()


def article(i, edition, rng):
    paragraphs = []
    for p in range(6):
        words = [rng.choice(WORDS) for _ in range(28)]
        paragraphs.append(f"<p>Report {i} part {p}, edition {edition}: " + " ".join(words) + ", said officials.</p>")
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Story {i}</title>"
            f"<meta property=\"article:published_time\" content=\"2026-11-{1 + i % 28:02d}T08:00:00Z\"></head>"
            f"<body><article><h1>Story {i}</h1>{''.join(paragraphs)}</article></body></html>")


def check_spool(spool):
    problems = []
    for path in (spool / "new").iterdir():
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if not record.get("id") or "revision" not in record:
                problems.append(f"{path.name}: not a record")
        except (ValueError, UnicodeDecodeError) as error:
            problems.append(f"{path.name}: partial or broken ({error})")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--seed", type=int, default=20261203)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="newsingest-crashtest-"))
    site = work / "site"
    site.mkdir()

    def publish(edition):
        for i in range(args.pages):
            (site / f"story-{i}.html").write_text(article(i, edition, rng), encoding="utf-8")

    edition = 1
    publish(edition)
    server = subprocess.Popen([sys.executable, str(ROOT / "Tests/Scripts/testserver.py"), "--root", str(site)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(server.stdout.readline().split()[-1])
    urls = [f"http://127.0.0.1:{port}/story-{i}.html" for i in range(args.pages)]
    (work / "urls.txt").write_text("\n".join(urls) + "\n")
    (work / "c.toml").write_text(
        "[run]\nspool_dir = \"spool\"\nstate_dir = \"state\"\n"
        "[fetch]\nallow_addresses = [\"127.0.0.1\"]\nper_host_delay_seconds = 0\nper_host_concurrency = 4\n"
        "respect_robots = false\n")
    command = [args.binary, "backfill", "--urls", str(work / "urls.txt"), "--config", str(work / "c.toml"),
               "--log-level", "error"]
    spool = work / "spool"
    failures = []
    kills = 0
    completed = 0
    restart = []
    try:
        while kills < args.kills:
            process = subprocess.Popen(command + restart, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, 2.0))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
                restart = []
            else:
                completed += 1
                # The job is done: a new edition of every page, and the job again from the top.
                edition += 1
                publish(edition)
                restart = ["--restart"]
            failures += [f"after kill {kills}: {p}" for p in check_spool(spool)] if spool.exists() else []
        final = subprocess.run(command + restart, capture_output=True, text=True, timeout=600)
        if final.returncode != 0:
            failures.append(f"the last run exited {final.returncode}: {final.stderr[-500:]}")
        failures += check_spool(spool)
        records = [json.loads(p.read_text(encoding="utf-8")) for p in (spool / "new").iterdir()]
        delivered = {}
        for r in records:
            delivered.setdefault(r["url"], set()).add(r["revision"])
        # Every edition of a page is a new revision; none may be missing (a kill may cut a
        # run short before a page's edition was fetched, but the resumed job fetches it).
        missing = [u for u in urls if delivered.get(u, set()) != set(range(1, edition + 1))]
        if missing:
            failures.append(f"{len(missing)} articles miss a revision, e.g. "
                            f"{[(u, sorted(delivered.get(u, []))) for u in missing[:3]]}")
        pairs = [(r["id"], r["revision"]) for r in records]
        duplicates = len(pairs) - len(set(pairs))
        revisions = sum(1 for r in records if r["revision"] > 1)
        print(f"crashtest: pages={args.pages} kills={kills} editions={edition} completed_runs={completed} "
              f"records={len(records)} distinct_id_revision={len(set(pairs))} duplicate_deliveries={duplicates} "
              f"revisions_over_1={revisions} tmp_left={len(list((spool / 'tmp').iterdir()))}")
        # At-least-once: a kill between the rename into new/ and the state commit delivers that
        # record again, so each kill may add at most one duplicate per record in flight.
        if duplicates > kills * 4:
            failures.append(f"{duplicates} duplicate deliveries for {kills} kills: more than at-least-once allows")
    finally:
        server.terminate()
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
