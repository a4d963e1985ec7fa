"""The user guide (issue 16, item 6): a help panel on each main page, a printable guide per role, one source of
text (selaras.guide.content) translated into Indonesian, and steps that name real pages."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import get_resolver, reverse
from django.utils import translation

from selaras.guide.content import GUIDES, HELP, Typed, msgids, text_render
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "src" / "selaras" / "locale" / "translations"


def _url_names() -> set[str]:
    names: set[str] = set()

    def walk(resolver: Any, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern, ns)
            elif pattern.name:
                names.add(prefix + pattern.name)

    walk(get_resolver(), "")
    return names


def _panel(view_name: str) -> str:
    request = SimpleNamespace(resolver_match=SimpleNamespace(view_name=view_name))
    return Template("{% load guide %}{% help_panel %}").render(Context({"request": request}))


# --- one source, real pages -------------------------------------------------------------------------------------


def test_every_help_entry_and_every_step_names_a_real_page() -> None:
    names = _url_names()
    assert sorted(set(HELP) - names) == []
    steps = [s.page for g in GUIDES.values() for c in g.chapters for s in c.steps]
    assert sorted(set(steps) - names) == []


def test_every_guide_is_for_a_role_and_every_role_has_a_guide() -> None:
    from selaras.accounts.models import Role

    assert sorted(g.role for g in GUIDES.values()) == sorted(Role.values)


def test_the_operators_guide_walks_the_survey_import_to_the_save() -> None:
    operator = next(g for g in GUIDES.values() if g.role == "regency_operator")
    chapter = next(c for c in operator.chapters if c.slug == "impor-survei")
    actions = [(s.page, s.action, s.target) for s in chapter.steps]
    assert ("connectivity:home", "link", "Survey import") in actions
    assert ("connectivity:imports", "button", "Check and match") in actions
    assert ("connectivity:import_detail", "button", "Save the whole import") in actions
    assert any(
        s.action == "file" and (ROOT / "tests" / "fixtures" / s.value).is_file() for s in chapter.steps
    )


def test_every_step_with_a_placeholder_names_what_it_shows() -> None:
    for guide in GUIDES.values():
        for chapter in guide.chapters:
            for step in chapter.steps:
                assert ("{value}" in step.text) == bool(step.value) or step.action in ("fill", "file"), (
                    step.text
                )


# --- translations -----------------------------------------------------------------------------------------------


def test_every_text_of_the_guide_has_an_indonesian_translation() -> None:
    translations: dict[str, str] = {}
    for path in TRANSLATIONS.glob("*.id.json"):
        translations.update(json.loads(path.read_text(encoding="utf-8")))
    assert sorted({m for m in msgids() if m not in translations}) == []
    with translation.override("id"):  # and the compiled catalogue holds them (makemessages found them)
        assert [m for m in msgids() if translation.gettext(m) != translations[m]] == []


def test_typed_texts_stay_as_typed_in_every_language() -> None:
    with translation.override("en"):
        assert text_render(("Signal", Typed("3G"))) == "Signal: 3G"
    with translation.override("id"):
        assert text_render(("Signal", Typed("3G"))) == "Sinyal: 3G"
        assert text_render(Typed("Status Sinyal")) == "Status Sinyal"


# --- the help panel ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("view_name", sorted(HELP))
def test_each_main_page_has_its_help_panel_in_indonesian_and_english(view_name: str) -> None:
    entry = HELP[view_name]
    with translation.override("id"):
        html = _panel(view_name)
        assert "Bantuan halaman ini" in html and "Ke mana data selanjutnya" in html
        assert translation.gettext(entry.purpose) in html.replace("&#x27;", "'")
        assert entry.purpose not in html or translation.gettext(entry.purpose) == entry.purpose
    with translation.override("en"):
        html = _panel(view_name)
        assert "Help for this page" in html and entry.purpose in html.replace("&#x27;", "'")


def test_a_page_without_an_entry_shows_no_panel() -> None:
    assert _panel("accounts:login").strip() == ""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/wilayah/64/",
        "/rencana/",
        "/konektivitas/",
        "/konektivitas/peta/",
        "/konektivitas/impor/",
        "/pks/",
        "/rollout/",
        "/rakorda/",
        "/sinkronisasi/provinsi/64/",
        "/panduan/",
    ],
)
def test_the_pages_themselves_show_the_panel(path: str, province_admin: Any) -> None:
    html = client_for(province_admin).get(path).content.decode()
    assert html.count('data-testid="help-panel"') == 1
    assert "<details" in html and "Bantuan halaman ini" in html


def test_the_panel_speaks_english_once_asked(operator: Any) -> None:
    client = client_for(operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/konektivitas/impor/").content.decode()
    assert "Help for this page" in html and "Import a village survey from a spreadsheet" in html


# --- the Panduan Pengguna ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["province_admin", "province_viewer", "operator", "regency_viewer"])
def test_everyone_signed_in_reads_every_roles_guide(persona: str, request: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    index = client.get(reverse("guide:index")).content.decode()
    for guide in GUIDES.values():
        assert reverse("guide:role", args=[guide.slug]) in index
        response = client.get(reverse("guide:role", args=[guide.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        with translation.override("id"):
            for chapter in guide.chapters:
                assert f'id="{chapter.slug}"' in html
                assert translation.gettext(chapter.title) in html


def test_a_step_shows_the_button_as_the_page_names_it(operator: Any) -> None:
    html = client_for(operator).get("/panduan/operator-kabkota/").content.decode()
    assert "Tekan <strong>“Periksa dan cocokkan”</strong>" in html
    assert "untuk <strong>“Status Sinyal”</strong> pilih <strong>“Sinyal”</strong>" in html


def test_a_missing_screenshot_shows_a_placeholder_and_a_present_one_the_picture(
    operator: Any, settings: Any, tmp_path: Path
) -> None:
    settings.GUIDE_SCREENSHOTS_DIR = tmp_path
    client = client_for(operator)
    html = client.get("/panduan/operator-kabkota/").content.decode()
    assert "Gambar dibuat oleh uji peramban" in html and "<img" not in html
    (tmp_path / "operator-kabkota").mkdir()
    (tmp_path / "operator-kabkota" / "unggah.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    html = client.get("/panduan/operator-kabkota/").content.decode()
    assert html.count("<img") == 1 and "/panduan/gambar/operator-kabkota/unggah.png" in html
    picture = client.get("/panduan/gambar/operator-kabkota/unggah.png")
    assert picture["Content-Type"] == "image/png" and b"".join(picture.streaming_content).endswith(b"fake")
    placeholder = client.get("/panduan/gambar/operator-kabkota/kolom.png")
    assert placeholder["Content-Type"] == "image/svg+xml"


def test_an_unknown_guide_is_not_found(operator: Any) -> None:
    assert client_for(operator).get("/panduan/tidak-ada/").status_code == 404
    assert client_for(operator).get("/panduan/gambar/tidak-ada/masuk.png").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client: Any) -> None:
    response = client.get("/panduan/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_printed_guide_starts_each_chapter_on_a_new_page_without_navigation() -> None:
    css = (ROOT / "src" / "selaras" / "guide" / "static" / "guide" / "guide.css").read_text()
    assert ".guide-chapter { break-before: page; }" in css
    assert ".topbar, .footer, .no-print" in css


def test_the_footer_links_to_the_guide(operator: Any) -> None:
    html = client_for(operator).get("/").content.decode()
    assert 'data-testid="guide-link"' in html and 'href="/panduan/"' in html
