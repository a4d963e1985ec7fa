#!/usr/bin/env bash
# Prepare the benchmark database: migrations, ALL of Indonesia's regions, the demo accounts and the sample data.
# Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/selaras_load_bench benchmarks/load/prepare.sh
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the benchmark PostgreSQL database}"
SELARAS="${SELARAS:-.venv/bin/selaras}"
"$SELARAS" migrate --no-input -v 0
"$SELARAS" regions load --all
"$SELARAS" start --prepare-only
