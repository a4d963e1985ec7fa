# Sourced by scripts/start and scripts/test: a virtual environment with the locked dependencies and Selaras.
# Needs only Python 3.11+ (with venv) on the machine; everything else comes from the lock file.
PYTHON="${PYTHON:-python3}"
VENV="${SELARAS_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.selaras-installed"
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi
