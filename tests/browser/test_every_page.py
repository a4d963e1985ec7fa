"""Every page the isolation matrix knows, walked in a real browser with the sample data in place, in Indonesian
and in English, at 1366 px and at 390 px wide. A page fails when it

- is wider than the screen (wide tables scroll inside their own box instead);
- shows English interface words on an Indonesian page (the words come from the catalogue: English msgids'
  words that no Indonesian translation uses);
- shows a raw coded value (a choice's stored value such as `fwa_4g`, `not_started`, `kontributor_kurang`);
- has a serious or critical accessibility violation (axe-core, vendored in tests/browser/vendor);
- logs a console error or asks the server for something that is not there (favicon included).

Which pages, as whom: each demo role (provincial administrator and viewer, Paser's operator and viewer) crawls
the site from the dashboard, keeping one URL per URL name; the names come from the URL configuration the
isolation matrix walks, so a new page is checked as soon as a link leads to it. Pages no link reaches (a job's
page, a synchronization run, an import's page, the region search) are built from the matrix's routes with the
ids of the server's sample data, as the matrix fills its own. Every role walks both languages at 1366 px; the
administrator, who reaches nearly every page, also at 390 px (the 390 px layout does not depend on the role).

A screenshot of each of the administrator's pages at 1366 and 390 px, in both languages, is written to
var/screenshots/ (not committed). `SELARAS_WALK_REPORT` names a file for the JSON report (pages walked per role,
unreached, problems, seconds).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import uuid
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
from tests.browser.conftest import SERVER_DATA, sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
WIDTHS = (1366, 390)
# The demo accounts (README): widths each walks, and the region its URLs are built for.
ROLES: dict[str, tuple[tuple[int, ...], str]] = {
    "admin.kaltim": (WIDTHS, "64"),
    "viewer.kaltim": ((1366,), "64"),
    "operator.paser": ((1366,), "64.01"),
    "viewer.paser": ((1366,), "64.01"),
}
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


# URL parameters of the matrix's routes that name a stored object: the model whose ids fill them.
ID_PARAMETERS = {
    "job_id": "jobs.Job",
    "run_id": "sync.SyncRun",
    "survey_id": "connectivity.SurveyImport",
    "plan_id": "planning.Plan",
    "meeting_id": "meetings.Meeting",
    "followup_id": "meetings.FollowUp",
    "agreement_id": "agreements.Agreement",
    "obligation_id": "agreements.Obligation",
    "scenario_id": "rollout.Scenario",
}
QUERIES = {"regions:search": "?q=Balikpapan"}
# (language, path) -> fingerprint of the page's main content as an earlier role saw it: a later role whose page
# holds the same content is not walked again (the header, which differs by role, is walked on its other pages).
WALKED: dict[tuple[str, str], int] = {}
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"csrfToken": "[^"]*"')


def _main_fingerprint(html: str) -> int | None:
    match = re.search(r"<main\b.*?</main>", html, flags=re.DOTALL)
    return hash(_CSRF.sub("", match.group(0))) if match else None


def _sample_ids() -> dict[str, list[str]]:
    """Ids of the server's sample objects per URL parameter, newest first (a few, so each role finds one it
    may open)."""
    database = sqlite3.connect(f"file:{SERVER_DATA['dir'] / 'selaras.sqlite3'}?mode=ro", uri=True)
    ids: dict[str, list[str]] = {}
    try:
        for parameter, label in ID_PARAMETERS.items():
            table = apps.get_model(label)._meta.db_table
            rows = database.execute(f'SELECT id FROM "{table}" ORDER BY rowid DESC LIMIT 8').fetchall()  # noqa: S608
            ids[parameter] = [str(uuid.UUID(str(r[0]))) if parameter == "job_id" else str(r[0]) for r in rows]
    finally:
        database.close()
    return ids


def _unlinked(page: Any, wanted: set[str], found: dict[str, str], files: set[str], region: str) -> None:
    """Pages of `wanted` no link led to, built from the matrix's routes with the sample ids (the first that
    answers with a page for this role), added to `found`."""
    from tests.access.test_isolation_matrix import ALL_URLS

    ids = _sample_ids()
    fixed = {
        "code": region,
        "region_code": region,
        "province": region.split(".")[0],
        "province_code": region.split(".")[0],
        "village_code": "64.01.01.2009",
    }
    for name, route in ALL_URLS:
        if name not in wanted or name in found or name in files:
            continue
        parameters = re.findall(r"<(?:\w+:)?(\w+)>", route)
        unknown = [p for p in parameters if p not in fixed and p not in ids]
        if unknown or len([p for p in parameters if p in ids]) > 1:
            continue
        choices = next((ids[p] for p in parameters if p in ids), [""])
        for choice in choices:
            values = {**fixed, **{p: choice for p in parameters if p in ids}}
            path = (
                "/"
                + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, v=values: v[m.group(1)], route)
                + QUERIES.get(name, "")
            )
            response = page.request.get(path)
            if response.status == 200 and "text/html" in response.headers.get("content-type", ""):
                found[name] = path
                break


def _survey_import(page: Any, folder: Path) -> None:
    """A role that imports surveys uploads a small one for Paser first, so an import's review page (which no
    sample record leads to) is walked too. Nothing is saved to the connectivity records."""
    page.goto("/konektivitas/impor/")
    if page.locator("[data-testid=upload-submit]").count() == 0:
        return
    survey = folder / "survei-paser.csv"
    survey.write_text(
        "Kab/Kota;Kecamatan;Desa;Sinyal;Status;Teknologi\nPaser;;Samurangau;4G;aktif;VSAT\nPaser;;Entah;2G;;\n",
        encoding="utf-8",
    )
    region = page.locator("select[name=region]")
    if region.count():
        region.select_option("64.01")
    page.set_input_files("input[name=file]", str(survey))
    page.click("[data-testid=upload-submit]")
    page.wait_for_url("**/konektivitas/impor/*/")


@pytest.mark.parametrize("username", list(ROLES))
def test_every_page_fits_speaks_one_language_shows_labels_and_is_accessible(
    browser: Any, server: str, username: str, tmp_path: Path
) -> None:
    started, cpu_started = time.monotonic(), time.process_time()
    widths, region = ROLES[username]
    english, raw = english_words(), raw_values()
    wanted = _matrix_get_names()
    context = browser.new_context(base_url=server, locale="id-ID", viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20000)
    sign_in(page, username)
    _survey_import(page, tmp_path)
    files: set[str] = set()
    pages = crawl(page, wanted, files)
    linked = set(pages)
    _unlinked(page, wanted, pages, files, region)
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
    skipped = 0
    for lang in ("id", "en"):
        context.add_cookies([{"name": "selaras_language", "value": lang, "url": server}])
        for name, path in sorted(pages.items()):
            current[0] = f"{username} {lang} {path} ({name})"
            fingerprint = _main_fingerprint(page.request.get(path).text())
            if fingerprint is not None and WALKED.get((lang, path)) == fingerprint:
                skipped += 1
                continue
            WALKED[(lang, path)] = fingerprint or 0
            page.set_viewport_size({"width": 1366, "height": 800})
            page.goto(path, wait_until="load")
            page.wait_for_timeout(150)  # the page's own script wraps wide tables after DOMContentLoaded
            for width in widths:
                if width != 1366:
                    page.set_viewport_size({"width": width, "height": 800})
                    page.wait_for_timeout(100)
                overflow = _overflow(page)
                if overflow > 1:
                    problems.append(f"{current[0]}: {overflow} px wider than a {width} px screen")
                if len(widths) > 1:  # screenshots of the administrator's walk, who reaches nearly every page
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
    cpu = round(time.process_time() - cpu_started, 1)
    unreached = sorted(wanted - set(pages) - files)
    report = {
        "role": username,
        "pages": pages,
        "unlinked_built": sorted(set(pages) - linked),
        "files": sorted(files),
        "unreached": unreached,
        "problems": problems,
        "same_as_an_earlier_role": skipped,
        "seconds": seconds,
        "test_process_cpu_seconds": cpu,
    }
    if os.environ.get("SELARAS_WALK_REPORT"):
        target = Path(os.environ["SELARAS_WALK_REPORT"])
        target.with_name(f"{target.stem}-{username}{target.suffix}").write_text(
            json.dumps(report, indent=1), encoding="utf-8"
        )
    print(
        f"\n{username}: walked {len(pages)} pages ({len(pages) - len(linked)} built from sample ids) x 2 languages"
        f" x {len(widths)} widths ({skipped} page views the same as an earlier role's, not walked again) in"
        f" {seconds} s (test process CPU {cpu} s); unreached: {unreached}"
    )
    assert problems == []
