#!/usr/bin/env bash
# Runs every fuzz target (or those in FUZZ_TARGETS) for FUZZ_SECONDS each, one after the other,
# from seed corpora made of samples/ and Tests/Regressions, and prints a line per target:
# executions, coverage (libFuzzer's cov/ft), corpus size and crashes. Corpora persist in
# .build-fuzz/corpus/<target> between runs; crash, leak, timeout and OOM inputs go to
# .build-fuzz/findings/<target>/. Exits 1 when any target found one: replay it with
# `.build/debug/newsingest-fuzz TARGET FILE`, fix it, and add it to Tests/Regressions/<target>/.
set -uo pipefail
cd "$(dirname "$0")/../.."
BIN=${FUZZ_BIN:-.build-fuzz/release/newsingest-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-html url feed warc gzip robots charset text toml}
WORK=.build-fuzz
python3 Tests/Scripts/fuzz_seeds.py "$WORK/seeds"
export LSAN_OPTIONS="suppressions=$PWD/Tests/Fuzz/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
found=0
printf '%-8s %10s %8s %8s %7s %s\n' target execs cov ft corpus crashes
for target in $TARGETS; do
  mkdir -p "$WORK/corpus/$target" "$WORK/findings/$target" "$WORK/logs"
  log="$WORK/logs/$target.log"
  before=$(ls "$WORK/findings/$target" | wc -l)
  # TOMLKit never frees a parsed document (Tests/Fuzz/lsan.supp): harmless for a process that reads
  # its configuration once, but the toml target's memory grows by about 0.9 KB per document it
  # parses (2.5 GB after 3 million inputs), so its limit is what a 30-minute run needs.
  rss=2560
  if [ "$target" = toml ]; then rss=16384; fi
  NEWSINGEST_FUZZ_TARGET=$target "$BIN" "$WORK/corpus/$target" "$WORK/seeds/$target" \
    -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb="$rss" -max_len=262144 \
    -artifact_prefix="$WORK/findings/$target/" -print_final_stats=1 >"$log" 2>&1
  after=$(ls "$WORK/findings/$target" | wc -l)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -o '[0-9]*')
  corpus=$(ls "$WORK/corpus/$target" | wc -l)
  new=$((after - before))
  printf '%-8s %10s %8s %8s %7s %s\n' "$target" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$new"
  if [ "$new" -gt 0 ]; then found=1; ls "$WORK/findings/$target" | tail -"$new" | sed "s|^|  $WORK/findings/$target/|"; fi
done
exit $found
