"""Every page the isolation matrix knows, walked in a real browser with the sample data in place, in Indonesian
and in English, at 1366 px and at 390 px wide. A page fails when it

- is wider than the screen (wide tables scroll inside their own box instead);
- shows English interface words on an Indonesian page (the words come from the catalogue: English msgids'
  words that no Indonesian translation uses);
- shows a raw coded value (a choice's stored value such as `fwa_4g`, `not_started`, `kontributor_kurang`);
- has a serious or critical accessibility violation (axe-core, vendored in tests/browser/vendor);
- logs a console error or asks the server for something that is not there (favicon included).

Which pages: the site is crawled from the dashboard as the provincial administrator (who reaches nearly every
page), keeping one URL per URL name; the names come from the URL configuration the isolation matrix walks, so a
new page is checked as soon as a link leads to it. Pages no link reaches are listed in the report.

A screenshot of each page at 1366 and 390 px, in both languages, is written to var/screenshots/ (not committed).
`SELARAS_WALK_REPORT` names a file for the JSON report (pages walked, unreached, problems, seconds).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polib
import pytest
from django.apps import apps
from django.db import models
from django.urls import Resolver404, resolve

import selaras
from selaras.core.alignment.labels import VALUE_LABELS
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTHS = (1366, 390)
# Not pages of the interface: Django's admin, the API (JSON; its docs page is Swagger UI's, in English), files.
SKIPPED_PREFIXES = ("admin:", "api", "set_language", "healthz", "accounts:logout", "jobs:status")
MAX_FETCHES = 400


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _matrix_get_names() -> set[str]:
    from tests.access.test_isolation_matrix import ALL_URLS, _case

    names = set()
    for name, _route in ALL_URLS:
        case = _case(name)
        if case is not None and "GET" in case.methods and not name.startswith(SKIPPED_PREFIXES):
            names.add(name)
    return names


# Pages that show stored values as they were recorded: the audit trail shows, e.g., a meeting's frozen findings,
# kept in both languages, and texts people typed; their interface words are still checked on every other page.
RECORDED_TEXT = ("/audit/",)


def english_words() -> set[str]:
    """Words of the interface's English msgids that no Indonesian translation uses (so "Status" or "Target",
    which Indonesian shares, never count)."""
    catalogue = polib.pofile(
        str(Path(selaras.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po")
    )
    words = re.compile(r"[A-Za-z]{4,}")
    english: set[str] = set()
    indonesian: set[str] = set()
    for entry in catalogue:
        if not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        english |= {w.lower() for w in words.findall(re.sub(r"%\(\w+\)s|\{\w+\}", " ", entry.msgid))}
        indonesian |= {w.lower() for w in words.findall(entry.msgstr)}
    return english - indonesian - _official_data_words()


def _official_data_words() -> set[str]:
    """Words of the official lists Selaras ships (the nomenclature writes "Monitoring", "e-government"): data
    shown as published, not interface text."""
    data = Path(selaras.__file__).parent / "data"
    words: set[str] = set()
    for path in data.rglob("*.csv"):
        words |= {
            w.lower() for w in re.findall(r"[A-Za-z]{4,}", path.read_text(encoding="utf-8", errors="ignore"))
        }
    return words


def raw_values() -> set[str]:
    """Stored values of every choice field of Selaras' models and of the analysis' coded values that are not
    words (they hold an underscore), so a page showing one shows a code instead of its label."""
    values = {str(v) for v in VALUE_LABELS if "_" in str(v)}
    for model in apps.get_models():
        if not model.__module__.startswith("selaras."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices:
                values |= {str(v) for v, _label in field.flatchoices if isinstance(v, str) and "_" in v}
    return values


def crawl(page: Any, wanted: set[str], files: set[str] | None = None) -> dict[str, str]:
    """One URL per URL name, found by following the links of the pages from the dashboard; names that answer
    with a file (xlsx, PDF, GeoJSON) go to `files`."""
    found: dict[str, str] = {}
    queue, seen, fetches = deque(["/"]), {"/"}, 0
    while queue and fetches < MAX_FETCHES:
        path = queue.popleft()
        name = _url_name(urlsplit(path).path)
        if name is None or name.startswith(SKIPPED_PREFIXES) or (name in found and found[name] != path):
            continue
        response = page.request.get(path)
        fetches += 1
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            if response.status == 200 and files is not None:
                files.add(name)
            continue
        found.setdefault(name, path)
        for href in re.findall(r'href="(/[^"#]*)"', response.text()):
            href = href.replace("&amp;", "&")
            if href.startswith("/static/") or href in seen:
                continue
            target = _url_name(urlsplit(href).path)
            if (
                target is None
                or target in found
                or target in (files or ())
                or target.startswith(SKIPPED_PREFIXES)
            ):
                continue
            seen.add(href)
            queue.append(href)
    return {name: path for name, path in found.items() if name in wanted or not name.startswith("admin")}


def _visible_words(page: Any) -> list[str]:
    """Words of the visible text; user names, e-mail addresses and file names (with a dot or @) are not words."""
    text = page.evaluate("() => document.body.innerText")
    words = []
    for token in re.findall(r"[A-Za-z_][\w.@-]*\w|[A-Za-z_]", text):
        if "." not in token and "@" not in token:
            words += [part for part in token.split("-") if part]
    return words


def _overflow(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def _axe(page: Any) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ["violations"]});
            return r.violations.filter(v => ["serious", "critical"].includes(v.impact))
                .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }"""
    )
    return list(result)


def test_every_page_fits_speaks_one_language_shows_labels_and_is_accessible(
    browser: Any, server: str
) -> None:
    started = time.monotonic()
    english, raw = english_words(), raw_values()
    wanted = _matrix_get_names()
    context = browser.new_context(base_url=server, locale="id-ID", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20000)
    sign_in(page, "admin.kaltim")
    files: set[str] = set()
    pages = crawl(page, wanted, files)
    problems: list[str] = []
    current: list[str] = [""]
    page.on(
        "console",
        lambda m: (
            problems.append(f"{current[0]}: console {m.type}: {m.text[:200]}") if m.type == "error" else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{current[0]}: {r.status} {urlsplit(r.url).path}")
            if r.status >= 400 and r.url.startswith(server)
            else None
        ),
    )
    for lang in ("id", "en"):
        context.add_cookies([{"name": "selaras_language", "value": lang, "url": server}])
        for name, path in sorted(pages.items()):
            current[0] = f"{lang} {path} ({name})"
            page.set_viewport_size({"width": 1366, "height": 800})
            page.goto(path, wait_until="load")
            page.wait_for_timeout(150)  # the page's own script wraps wide tables after DOMContentLoaded
            for width in WIDTHS:
                if width != 1366:
                    page.set_viewport_size({"width": width, "height": 800})
                    page.wait_for_timeout(100)
                overflow = _overflow(page)
                if overflow > 1:
                    problems.append(f"{current[0]}: {overflow} px wider than a {width} px screen")
                shot = SCREENSHOTS / f"{lang}-{width}" / (name.replace(":", "-") + ".png")
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
            page.set_viewport_size({"width": 1366, "height": 800})
            words = _visible_words(page)
            leftovers = sorted({w for w in words if w in raw})
            if leftovers:
                problems.append(f"{current[0]}: raw values {leftovers[:8]}")
            if lang == "id" and not urlsplit(path).path.startswith(RECORDED_TEXT):
                foreign = sorted({w for w in words if w.lower() in english and not w.isupper()})
                if foreign:
                    problems.append(f"{current[0]}: English words {foreign[:12]}")
            problems += [f"{current[0]}: axe {v}" for v in _axe(page)]
    context.close()
    seconds = round(time.monotonic() - started, 1)
    unreached = sorted(wanted - set(pages) - files)
    report = {
        "pages": pages,
        "files": sorted(files),
        "unreached": unreached,
        "problems": problems,
        "seconds": seconds,
    }
    if os.environ.get("SELARAS_WALK_REPORT"):
        Path(os.environ["SELARAS_WALK_REPORT"]).write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(
        f"\nwalked {len(pages)} pages x 2 languages x {len(WIDTHS)} widths in {seconds} s; unreached: {unreached}"
    )
    assert problems == []
