"""Fill the Indonesian catalogue from locale/translations/*.id.json and compile it, without GNU gettext.

    python scripts/translations.py            # after `selaras makemessages -l id --no-location -i "core/*"`
    python scripts/translations.py --check    # fail when a string has no translation or the .mo is stale
Indonesian is the interface's default language; msgids in code and templates are English.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "selaras" / "locale"
PO = LOCALE / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def main(check: bool) -> int:
    translations: dict[str, str] = {}
    for path in sorted((LOCALE / "translations").glob("*.id.json")):  # one file per capability
        translations.update(json.loads(path.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO))
    missing = [entry.msgid for entry in catalogue if entry.msgid not in translations]
    if missing:
        print("No Indonesian translation in locale/translations/*.id.json for:", *missing, sep="\n  ")
        return 1
    for entry in catalogue:
        entry.msgstr = translations[entry.msgid]
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalogue.metadata["Language"] = "id"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    if check:
        compiled = {e.msgid: e.msgstr for e in polib.mofile(str(MO))} if MO.exists() else {}
        if any(compiled.get(e.msgid) != e.msgstr for e in catalogue if e.msgid):
            print("django.mo is out of date: run python scripts/translations.py")
            return 1
        return 0
    catalogue.save(str(PO))
    catalogue.save_as_mofile(str(MO))
    print(f"{len(catalogue)} strings translated into {MO}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
