"""The `selaras` command: Django's management commands plus the database-free analysis commands.

`selaras runserver`, `selaras migrate`, `selaras regions load`, `selaras start` ... run through Django;
`selaras villages match`, `selaras sync analyze` and `selaras rollout solve` work on files alone.
`selaras help` lists Selaras' own commands, one line each; `selaras help COMMAND` or `selaras COMMAND --help`
shows one command's options.
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

# What a user types, and one line saying what it does (Indonesian / English). Every Selaras command is here;
# tests/web/test_cli_help.py fails when a management command of ours or a file command is missing.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "start",
        "siapkan dan jalankan Selaras di komputer ini (data contoh)",
        "set up and run Selaras here (sample data)",
    ),
    ("serve", "jalankan Selaras untuk produksi (gunicorn)", "run Selaras in production (gunicorn)"),
    (
        "scheduler",
        "jalankan pekerjaan harian (cadangan, pengingat)",
        "run the daily jobs (backup, reminders)",
    ),
    ("db_worker", "jalankan pekerja tugas latar belakang", "run the background task worker"),
    (
        "regions load",
        "muat daftar wilayah resmi (atau yang lebih baru)",
        "load the official region list (or a newer one)",
    ),
    (
        "villages match",
        "cocokkan nama desa survei dengan kode resmi (tanpa basis data)",
        "match survey village names to official codes (no database)",
    ),
    (
        "sync analyze",
        "analisis sinkronisasi atas berkas rencana (tanpa basis data)",
        "synchronization analysis of plans workbooks (no database)",
    ),
    (
        "rollout solve",
        "susun rencana perluasan internet desa dari berkas JSON (tanpa basis data)",
        "plan the village internet rollout from a JSON file (no database)",
    ),
    ("backup", "cadangkan basis data dan berkas unggahan", "back up the database and uploaded files"),
    ("restore", "pulihkan cadangan ke instalasi kosong", "restore a backup into an empty installation"),
    ("agreements_remind", "buat pengingat PKS (harian)", "make agreement reminders (daily)"),
    (
        "meetings_remind",
        "buat pengingat tindak lanjut Rakorda (harian)",
        "make reminders of meeting follow-ups (daily)",
    ),
    ("uploads_prune", "hapus pratinjau unggahan yang kedaluwarsa", "delete expired upload previews"),
)
# Commands with a subcommand: `selaras villages` alone (or with --help) lists its subcommands.
GROUPS = {name.split()[0] for name in (" ".join(k) for k in FILE_COMMANDS)}

USAGE = {
    "id": (
        "Pemakaian: selaras PERINTAH [OPSI]\n\nPerintah Selaras:\n{rows}\n\n"
        "Rincian satu perintah: selaras PERINTAH --help (mis. selaras villages match --help).\n"
        "Perintah Django (migrate, createsuperuser, check, ...): selaras help --django"
    ),
    "en": (
        "Usage: selaras COMMAND [OPTIONS]\n\nSelaras commands:\n{rows}\n\n"
        "One command's options: selaras COMMAND --help (e.g. selaras villages match --help).\n"
        "Django's commands (migrate, createsuperuser, check, ...): selaras help --django"
    ),
}


def _language(args: list[str]) -> str:
    if "--lang" in args and args.index("--lang") + 1 < len(args):
        return "en" if args[args.index("--lang") + 1].startswith("en") else "id"
    return "en" if os.environ.get("SELARAS_LANG", "id").startswith("en") else "id"


def help_text(lang: str = "id", group: str | None = None) -> str:
    """The command list, one line each, in `lang`; only a group's subcommands when `group` is given."""
    rows = [
        (name, id_line if lang == "id" else en_line)
        for name, id_line, en_line in COMMANDS
        if group is None or name.split()[0] == group
    ]
    width = max(len(name) for name, _ in rows)
    return USAGE[lang].format(rows="\n".join(f"  selaras {name:<{width}}  {line}" for name, line in rows))


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    key = tuple(args[:2])
    if key in FILE_COMMANDS:
        module = importlib.import_module(FILE_COMMANDS[key])  # type: ignore[index]
        return int(module.run(args[2:]))
    lang = _language(args)
    if not args or (args[0] in ("help", "--help", "-h") and "--django" not in args):
        topic = [a for a in args[1:] if not a.startswith("-") and a not in ("id", "en")]
        if not topic:
            print(help_text(lang))
            return 0
        args = [*topic, "--help"]
        key = tuple(args[:2])
        if key in FILE_COMMANDS:
            return int(importlib.import_module(FILE_COMMANDS[key]).run(args[2:]))  # type: ignore[index]
    if args and args[0] in GROUPS:
        print(help_text(lang, group=args[0]))
        # `selaras villages --help` is asking; `selaras villages typo` is a mistake.
        return 0 if len(args) == 1 or args[1] in ("--help", "-h") else 2
    if args[:1] == ["help"]:
        args = [a for a in args if a != "--django"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["selaras", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
