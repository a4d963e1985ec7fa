#!/usr/bin/env bash
# Load benchmark: `selaras serve` on 127.0.0.1 under 50 signed-in locust users, headless, bounded in time.
#   benchmarks/load/run.sh [--quick] [--duration 5m] [--users 50] [--prepare]
# Env: DATABASE_URL (default the selaras_load_bench PostgreSQL database), SELARAS_WEB_WORKERS (gunicorn workers),
# PORT (default 8765), VENV (default .venv: the virtualenv with selaras, locust and gunicorn).
# --prepare first loads ALL regions and the sample data (prepare.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/selaras_load_bench}"
DURATION=5m USERS=50 PREPARE=0 PORT="${PORT:-8765}"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) DURATION=30s ;;
    --duration) DURATION="$2"; shift ;;
    --users) USERS="$2"; shift ;;
    --prepare) PREPARE=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
OUT="${OUT:-var/load}" VENV="${VENV:-.venv}"
mkdir -p "$OUT"
[ "$PREPARE" = 1 ] && benchmarks/load/prepare.sh
export SELARAS_DEBUG=0
"$VENV"/bin/selaras serve "127.0.0.1:$PORT" > "$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
# Any answer will do (/healthz says 503 while no worker runs, and none is needed here).
for _ in $(seq 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 1; done
curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" || { echo "selaras serve did not start:"; tail -20 "$OUT/serve.log"; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  workers: ${SELARAS_WEB_WORKERS:-default}"
"$VENV"/bin/locust -f benchmarks/load/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r 10 -t "$DURATION" --stop-timeout 10 --csv "$OUT/locust" --only-summary \
  > "$OUT/locust.txt" 2>&1 || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$VENV"/bin/python - "$OUT/locust_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{'page':<28} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
for r in rows:
    print(f"{r['Name']:<28} {r['Request Count']:>8} {r['Failure Count']:>6} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}")
PY
[ -s "$OUT/locust_failures.csv" ] && { echo "failures:"; cat "$OUT/locust_failures.csv"; }
echo "slowest query per page (one request each, connection.queries capture):"
"$VENV"/bin/python benchmarks/load/profile_queries.py
