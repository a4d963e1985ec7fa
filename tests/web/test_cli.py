"""The `selaras` command reaches Django's commands and the database-free analysis commands alike."""

import subprocess
import sys

import pytest


def _selaras(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- our own command
        [sys.executable, "-m", "selaras.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (("villages", "match", "--help"), "selaras villages match"),
        (("sync", "analyze", "--help"), "selaras sync analyze"),
        (("rollout", "solve", "--help"), "selaras rollout solve"),
        (("regions", "load", "--help"), "--all"),
        (("serve", "--help"), "--check-migrations"),
        (("scheduler", "--help"), "--once"),
        (("start", "--help"), "--no-demo"),
    ],
)
def test_each_command_is_reachable_through_selaras(args: tuple[str, ...], usage: str) -> None:
    result = _selaras(*args)
    assert result.returncode == 0, result.stderr
    assert usage in result.stdout
