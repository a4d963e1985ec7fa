"""The `selaras` command: Django's management commands plus the database-free analysis commands.

`selaras runserver`, `selaras migrate`, `selaras regions load`, `selaras start` ... run through Django;
`selaras villages match`, `selaras sync analyze` and `selaras rollout solve` work on files alone.
"""

from __future__ import annotations

import importlib
import os
import sys

# (command, subcommand) -> module with `run(argv) -> int`, for commands that need no database.
FILE_COMMANDS = {
    ("villages", "match"): "selaras.core.names.command",
    ("sync", "analyze"): "selaras.core.alignment.command",
    ("rollout", "solve"): "selaras.core.rollout.command",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    key = tuple(args[:2])
    if key in FILE_COMMANDS:
        module = importlib.import_module(FILE_COMMANDS[key])  # type: ignore[index]
        return int(module.run(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["selaras", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
