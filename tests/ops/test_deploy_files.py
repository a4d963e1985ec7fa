"""deploy/: the systemd units, the compose file and CI start the same commands, which exist, with settings the code
reads and the README documents."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_SELARAS = "/opt/selaras/.venv/bin/selaras"


def _exec_start(unit: str) -> list[str]:
    text = (DEPLOY / "systemd" / f"selaras-{unit}.service").read_text()
    (line,) = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    return shlex.split(line)


def test_each_unit_runs_a_selaras_command_that_exists() -> None:
    for unit, command in [("web", "serve"), ("worker", "db_worker"), ("scheduler", "scheduler")]:
        argv = _exec_start(unit)
        assert argv[:2] == [VENV_SELARAS, command]
        assert command in get_commands()


def test_the_compose_services_run_the_units_commands() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert set(compose["services"]) == {"db", "web", "worker", "scheduler", "proxy"}
    for unit in ("web", "worker", "scheduler"):
        assert compose["services"][unit]["command"] == _exec_start(unit)


def test_ci_starts_the_units_from_their_exec_start_lines_and_the_example_env_file() -> None:
    script = (DEPLOY / "ci-smoke.sh").read_text()
    assert "ExecStart=" in script and "source deploy/selaras.env.example" in script
    assert "deploy/nginx/selaras.conf" in script
    assert "bash deploy/ci-smoke.sh" in (ROOT / ".ci" / "run").read_text()


def test_every_setting_in_the_example_env_file_is_read_by_selaras_and_in_the_readme() -> None:
    names = re.findall(r"^#?(SELARAS_[A-Z_]+)=", (DEPLOY / "selaras.env.example").read_text(), re.MULTILINE)
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "selaras").rglob("*.py"))
    readme = (ROOT / "README.md").read_text()
    assert [n for n in names if f'"{n}"' not in source] == []
    assert [n for n in names if f"`{n}" not in readme] == []
