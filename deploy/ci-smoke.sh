#!/usr/bin/env bash
# The production path, as the deployment guide sets it up, on this machine: PostgreSQL, the three systemd units'
# commands (read from their ExecStart= lines) with the example env file, nginx with deploy/nginx/selaras.conf and
# a self-signed certificate, then the browser smoke test over https against that server. Used by .ci/run.
#   deploy/ci-smoke.sh            needs PostgreSQL on 127.0.0.1:5432, nginx, Chromium, and .venv (scripts/test)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${SELARAS_VENV:-.venv}"
DB_NAME="${SMOKE_DB_NAME:-selaras_smoke}"
PG="postgres://postgres@127.0.0.1:5432"
WEB_PORT="${SMOKE_WEB_PORT:-18000}"
TLS_PORT="${SMOKE_TLS_PORT:-18443}"
HTTP_PORT="${SMOKE_HTTP_PORT:-18080}"
work="$(mktemp -d)"
pids=()

stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${SMOKE_KEEP:-0}" != 1 ]; then
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap stop_all EXIT

show_logs() {
  for log in "$work"/*.log; do echo "--- $log"; tail -n 40 "$log"; done
}

# The env file the units read (EnvironmentFile=), with this machine's database, folder, host and key.
set -a
# shellcheck source=/dev/null
source deploy/selaras.env.example
DATABASE_URL="$PG/$DB_NAME"
SELARAS_DATA_DIR="$work/data"
SELARAS_SECRET_KEY="$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
SELARAS_ALLOWED_HOSTS="localhost,127.0.0.1"
SELARAS_CSRF_TRUSTED_ORIGINS="https://localhost:$TLS_PORT"
SELARAS_WEB_WORKERS="${SELARAS_WEB_WORKERS:-2}"
set +a

psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null
psql -q "$PG/postgres" -c "CREATE DATABASE $DB_NAME" >/dev/null

# Each unit's ExecStart=, with the repository's virtual environment for /opt/selaras/.venv.
unit_command() {
  sed -n 's/^ExecStart=//p' "deploy/systemd/selaras-$1.service" \
    | sed -e "s#/opt/selaras/.venv#$VENV#" -e "s#127.0.0.1:8000#127.0.0.1:$WEB_PORT#"
}
for unit in web worker scheduler; do
  command="$(unit_command "$unit")"
  echo "== $unit: $command"
  # shellcheck disable=SC2086  # the unit's command line, split as systemd splits it
  $command >"$work/$unit.log" 2>&1 &
  pids+=($!)
  [ "$unit" = web ] || continue
  for _ in $(seq 180); do  # the web unit migrates and loads the regions first
    curl -s -o /dev/null "http://127.0.0.1:$WEB_PORT/healthz" && break
    kill -0 "${pids[0]}" 2>/dev/null || { show_logs; exit 1; }
    sleep 1
  done
done

# nginx with the example site, for localhost and a self-signed certificate.
mkdir -p "$work/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -keyout "$work/nginx/privkey.pem" -out "$work/nginx/fullchain.pem" 2>/dev/null
sed -e "s#selaras.example.go.id#localhost#" -e "s#/etc/ssl/selaras#$work/nginx#" \
  -e "s#listen 443 #listen $TLS_PORT #" -e "s#listen 80;#listen $HTTP_PORT;#" -e "/listen \[::\]/d" \
  -e "s#https://\$host\$request_uri#https://\$host:$TLS_PORT\$request_uri#" \
  -e "s#127.0.0.1:8000#127.0.0.1:$WEB_PORT#" deploy/nginx/selaras.conf >"$work/nginx/selaras.conf"
cat >"$work/nginx/nginx.conf" <<NGINX
pid $work/nginx/nginx.pid;
error_log $work/nginx.log warn;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $work/nginx-access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    include $work/nginx/selaras.conf;
}
NGINX
nginx -c "$work/nginx/nginx.conf" -g "daemon off;" &
pids+=($!)

# The first administrator, as the guide creates it.
export DJANGO_SUPERUSER_PASSWORD="smoke-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
"$VENV/bin/selaras" createsuperuser --noinput --username smoke.admin --email smoke@localhost

echo "== waiting for /healthz (through nginx) to report database, worker and scheduler healthy"
healthy=0
for _ in $(seq 120); do
  if curl -skf "https://localhost:$TLS_PORT/healthz" -o "$work/healthz.json"; then healthy=1; break; fi
  sleep 1
done
cat "$work/healthz.json" 2>/dev/null; echo
[ "$healthy" = 1 ] || { curl -sk "https://localhost:$TLS_PORT/healthz"; show_logs; exit 1; }

echo "== browser smoke test against https://localhost:$TLS_PORT"
status=0
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SELARAS_BASE_URL="https://localhost:$TLS_PORT" \
  SELARAS_SMOKE_USER=smoke.admin SELARAS_SMOKE_PASSWORD="$DJANGO_SUPERUSER_PASSWORD" \
  "$VENV/bin/python" -m pytest -m browser -p no:randomly -q tests/browser/test_production_smoke.py || status=$?
# /healthz answers 503 until the worker and scheduler report; anything else must never have answered 5xx.
if grep -v 'GET /healthz' "$work/nginx-access.log" | grep '" 5[0-9][0-9] '; then
  echo "5xx answers in the nginx access log (above)"; status=1
fi
[ "$status" = 0 ] || show_logs
exit "$status"
