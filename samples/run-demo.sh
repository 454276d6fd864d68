#!/usr/bin/env bash
# Runs NewsIngest on the offline demo site: serves samples/site on 127.0.0.1, runs one cron run
# into demo/spool (state in demo/state), prints the summary and where the records are.
# Run it again and it writes nothing new: the pages are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${NEWSINGEST_BIN:-.build/release/newsingest}
# A fixed port: record ids derive from canonical URLs, which include it, so the second run
# must see the same URLs to recognise the same articles.
PORT=${DEMO_PORT:-8731}
mkdir -p demo
portfile=$(mktemp)
python3 Tests/Scripts/testserver.py --root samples/site --port "$PORT" >"$portfile" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$portfile"' EXIT
for _ in $(seq 1 100); do grep -q '^PORT ' "$portfile" && break; sleep 0.05; done
port=$(sed -n 's/^PORT //p' "$portfile")
[ -n "$port" ] || { echo "demo server did not start (is port $PORT in use? set DEMO_PORT)" >&2; exit 1; }
sed "s/@PORT@/$port/g" samples/demo.toml.in > demo/newsingest.toml
echo "demo site on http://127.0.0.1:$port/ ; config demo/newsingest.toml"
status=0
"$BIN" run --config demo/newsingest.toml --log-level warning || status=$?
count=$(ls demo/spool/new 2>/dev/null | wc -l)
echo "records in demo/spool/new: $count  (one JSON object per file; e.g. jq . demo/spool/new/* | less)"
echo
echo "metrics (demo/metrics/newsingest.prom), the articles by source and outcome:"
grep '^newsingest_articles{' demo/metrics/newsingest.prom || true
echo
echo "hand the records to an indexer, e.g. as NDJSON (first record shown; --claim takes them):"
"$BIN" spool export --config demo/newsingest.toml --format ndjson --limit 1 2>/dev/null | cut -c1-160
echo "  $BIN spool export --config demo/newsingest.toml --format es-bulk --index news --claim \\"
echo "    | curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @- http://127.0.0.1:9200/_bulk"
exit $status
