"""`selaras help` lists every Selaras command with one line each; command groups answer `--help`."""

from __future__ import annotations

from pathlib import Path

import pytest

import selaras
from selaras import cli


def _our_management_commands() -> set[str]:
    root = Path(selaras.__file__).parent
    return {p.stem for p in root.glob("*/management/commands/*.py") if not p.stem.startswith("_")}


def test_help_lists_every_command_of_ours_and_every_file_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["help"]) == 0
    listed = capsys.readouterr().out
    for name in _our_management_commands() | {" ".join(key) for key in cli.FILE_COMMANDS}:
        assert f"selaras {name}" in listed, name
    assert "selaras villages match" in listed
    assert "selaras sync analyze" in listed
    assert "selaras rollout solve" in listed


def test_help_speaks_english_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["help", "--lang", "en"])
    assert "match survey village names to official codes" in capsys.readouterr().out


@pytest.mark.parametrize("group", ["villages", "sync", "rollout"])
def test_a_command_group_answers_help_with_its_subcommands(
    group: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([group, "--help"]) == 0
    out = capsys.readouterr().out
    assert f"selaras {group} " in out
    assert "unknown" not in out.lower()


def test_help_of_one_file_command_shows_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["help", "villages", "match"])
    assert exit_.value.code == 0
    assert "--province" in capsys.readouterr().out


def test_help_texts_name_no_internal_contract(capsys: pytest.CaptureFixture[str]) -> None:
    for key in cli.FILE_COMMANDS:
        with pytest.raises(SystemExit):
            cli.main([*key, "--help"])
    out = capsys.readouterr().out
    assert "issue " not in out.lower()
    assert "contract" not in out.lower()
