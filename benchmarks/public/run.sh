#!/usr/bin/env bash
# Public traffic benchmark: `selaras serve` on 127.0.0.1 (PostgreSQL) under 200 anonymous locust visitors, headless,
# bounded in time.
#   benchmarks/public/run.sh [--duration 60s] [--users 200] [--prepare]
# Env: DATABASE_URL (default the selaras_load_bench PostgreSQL database), SELARAS (the selaras command, default
# .venv/bin/selaras), SELARAS_WEB_WORKERS (gunicorn workers), PORT (default 8766). --prepare first runs
# `selaras start --prepare-only` (migrations, Kaltim regions if missing, demo accounts and the sample scenario,
# whose open data the sample publishes).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/selaras_load_bench}"
SELARAS="${SELARAS:-.venv/bin/selaras}"
BIN="$(dirname "$SELARAS")"
DURATION=60s USERS=200 PREPARE=0 PORT="${PORT:-8766}"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift ;;
    --users) USERS="$2"; shift ;;
    --prepare) PREPARE=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT="${OUT:-var/public-bench}"
mkdir -p "$OUT"
[ "$PREPARE" = 1 ] && "$SELARAS" start --prepare-only > "$OUT/prepare.log" 2>&1
export SELARAS_DEBUG=0
# Each visitor sends its own X-Forwarded-For: the server trusts one proxy, so the per-address limit counts per
# visitor as it would behind nginx.
export SELARAS_BEHIND_PROXY=1 SELARAS_PROXY_COUNT=1
"$SELARAS" serve "127.0.0.1:$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 1; done
curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" || { echo "selaras serve did not start:"; tail -20 "$OUT/serve.log"; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  workers: ${SELARAS_WEB_WORKERS:-default}  users: $USERS  duration: $DURATION"
"$BIN/locust" -f benchmarks/public/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r 20 -t "$DURATION" --stop-timeout 10 --csv "$OUT/locust" --only-summary \
  > "$OUT/locust.txt" 2>&1 || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN/python" - "$OUT/locust_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'page':<28} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>7}  (ms)")
for r in rows:
    print(f"{r['Name']:<28} {r['Request Count']:>8} {r['Failure Count']:>6} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6} {float(r['Requests/s']):>7.1f}")
PY
[ -s "$OUT/locust_failures.csv" ] && { echo "failures:"; cat "$OUT/locust_failures.csv"; }
echo "429 answers in the access log: $(grep -cE ' 429 [0-9]+ms' "$OUT/serve.log" || true)"
