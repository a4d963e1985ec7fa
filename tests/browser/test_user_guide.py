"""The Panduan Pengguna, followed literally in a real browser: for each role, the demo account of that role (with
the sample data in place) does every step of its guide as written — the page the step names, the button, link or
field found by the exact visible text the guide shows — and the test writes the guide's screenshots at 1366 px
into settings.GUIDE_SCREENSHOTS_DIR, from where /panduan/ serves them. A renamed button, a moved page or a changed
label fails here instead of leaving the guide wrong. The operator's guide walks the real survey import of Paser
(tests/fixtures/survei-sinyal-paser.ods): upload, columns and values, decisions, save."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import resolve, reverse
from django.utils import translation

from selaras.connectivity.models import ImportState
from selaras.guide.content import GUIDES, RoleGuide, Step, text_render
from selaras.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WIDTH, HEIGHT = 1366, 800


@contextmanager
def _window(browser: Any, server: str, width: int = WIDTH) -> Iterator[Any]:
    """A fresh Indonesian browser window of the given width (no one signed in)."""
    context = browser.new_context(
        base_url=server, locale="id-ID", viewport={"width": width, "height": HEIGHT}
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        yield page
    finally:
        context.close()


def _demo_username(role: str) -> str:
    return next(a.username for a in DEMO_ACCOUNTS if a.role == role)


def _view_name(page: Any) -> str:
    return resolve(urlparse(page.url).path).view_name


def _element(page: Any, step: Step, target: str) -> Any:
    main = page.locator("main > :not([data-testid=help-panel])")  # the page itself, not its help text
    if step.action == "menu":
        return page.locator("nav.mainnav").get_by_role("link", name=target, exact=True)
    if step.action == "link":
        return main.get_by_role("link", name=target, exact=True).first
    if step.action == "button":
        return main.get_by_role("button", name=target, exact=True).first
    if step.action in ("fill", "file", "choose"):
        return main.get_by_label(re.compile("^" + re.escape(target) + ":?$"))  # Django adds ":" to labels
    return main.get_by_text(target).first  # see


def _screenshot(page: Any, guide: RoleGuide, step: Step, element: Any) -> None:
    folder = Path(settings.GUIDE_SCREENSHOTS_DIR) / guide.slug
    folder.mkdir(parents=True, exist_ok=True)
    element.scroll_into_view_if_needed()
    # The thing the step is about is ringed, as a trainer would point at it.
    element.evaluate(
        "e => { e.dataset.guideOutline = e.style.outline; e.style.outline = '3px solid #dc2626'; }"
    )
    page.screenshot(path=str(folder / f"{step.screenshot}.png"))
    element.evaluate("e => { e.style.outline = e.dataset.guideOutline; }")


def _do(page: Any, guide: RoleGuide, step: Step) -> None:
    with translation.override("id"):
        target, value = text_render(step.target), text_render(step.value)
    value = value.replace("{username}", _demo_username(guide.role)).replace("{password}", DEMO_PASSWORD)
    if step.action == "open":
        page.goto(reverse(step.page))
    assert _view_name(page) == step.page, f"{step.text}: expected on {step.page}, at {page.url}"
    element = _element(page, step, target)
    assert element.count() >= 1, f"{step.text}: nothing named {target!r} on {page.url}"
    if step.action == "fill":
        element.fill(value)
    elif step.action == "file":
        element.set_input_files(str(FIXTURES / value))
    elif step.action == "choose":
        element.select_option(label=value)
    if step.screenshot and step.action != "see":
        _screenshot(page, guide, step, element)  # before the press: the picture shows what to press
    if step.action in ("menu", "link", "button"):
        with page.expect_navigation():
            element.click()
        page.wait_for_load_state("load")
    elif step.action in ("see", "open"):
        element.wait_for(state="visible")
        if step.screenshot:
            _screenshot(page, guide, step, element)


@pytest.mark.parametrize("slug", sorted(GUIDES))
def test_each_roles_guide_can_be_followed_word_for_word(slug: str, browser: Any, server: str) -> None:
    guide = GUIDES[slug]
    with _window(browser, server) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for chapter in guide.chapters:
            first = chapter.steps[0]
            if first.action != "open" and _view_name(page) != first.page:
                page.goto(reverse(first.page))  # each chapter starts from the page it names (the dashboard)
            for step in chapter.steps:
                _do(page, guide, step)
            if chapter.slug == "impor-survei":
                assert page.locator("[data-testid=import-state]").count() == 0  # back on the list
                saved = page.locator("main table.grid tr", has_text="survei-sinyal-paser.ods").first
                with translation.override("id"):
                    assert str(ImportState.COMMITTED.label) in saved.inner_text()  # saved, not left in preview
        assert errors == []

        # The guide page now shows every picture the steps named, and no placeholder.
        page.goto(reverse("guide:role", args=[slug]))
        assert page.locator("[data-testid=placeholder]").count() == 0
        shots = [s for c in guide.chapters for s in c.steps if s.screenshot]
        images = page.locator("[data-testid=role-guide] figure img")
        assert images.count() == len(shots)
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
            assert images.nth(i).evaluate("img => img.complete && img.naturalWidth") == WIDTH


def test_the_guide_prints_without_navigation_and_a_chapter_per_page(browser: Any, server: str) -> None:
    with _window(browser, server) as page:
        sign_in(page, _demo_username("regency_viewer"))
        page.goto("/panduan/operator-kabkota/")
        page.emulate_media(media="print")
        assert page.locator("header.topbar").is_hidden()
        assert page.locator("[data-testid=help-panel]").is_hidden()
        chapters = page.locator(".guide-chapter")
        assert chapters.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"
        assert page.pdf(format="A4")[:4] == b"%PDF"


@pytest.mark.parametrize("width", [390, WIDTH])
def test_the_help_panel_and_the_guide_fit_and_are_accessible_in_both_languages(
    width: int, browser: Any, server: str
) -> None:
    from tests.browser.test_every_page import _axe, _overflow

    with _window(browser, server, width) as page:
        sign_in(page, _demo_username("regency_operator"))
        for language, summary in (("id", "Bantuan halaman ini"), ("en", "Help for this page")):
            if language == "en":
                with page.expect_navigation():
                    page.click("[data-testid=lang-en]")
            for path in ("/konektivitas/impor/", "/panduan/", "/panduan/operator-kabkota/"):
                page.goto(path)
                panel = page.locator("[data-testid=help-panel]")
                panel.locator("summary", has_text=summary).click()
                assert panel.locator("ol li").count() >= 2
                assert _overflow(page) <= 0, f"{path} ({language}, {width} px) is wider than the screen"
                assert _axe(page) == [], f"{path} ({language}, {width} px)"
