"""Forms speak the page's language and keep what was saved (issue 16): the browser's own "Please fill out this
field" gives way to the page's language on the login page and in the app, and an obligation's status list shows
the saved status after saving, when the page is opened again through its links, and after the back button."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.browser

REQUIRED = {"id": "Isi kolom ini.", "en": "Fill in this field."}


def _context(browser: Any, server: str, lang: str) -> Any:
    # The browser itself speaks the other language: the page's language must win over it.
    context = browser.new_context(base_url=server, locale="en-US" if lang == "id" else "id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _choose(page: Any, lang: str) -> None:
    page.goto("/masuk/")
    current = page.locator("html").get_attribute("lang") or ""
    if not current.startswith(lang):
        page.click(f"[data-testid=lang-{lang}]")
        page.wait_for_load_state()


def _message_after_empty_submit(page: Any, form: str, field: str, button: str) -> str:
    page.locator(field).fill("")
    page.locator(f"{form} {button}").first.click()
    return str(page.locator(field).evaluate("element => element.validationMessage"))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_empty_required_field_is_explained_in_the_page_language(
    browser: Any, server: str, lang: str
) -> None:
    page = _context(browser, server, lang)
    _choose(page, lang)
    assert (page.locator("html").get_attribute("lang") or "").startswith(lang)
    login = _message_after_empty_submit(page, "form", "#id_username", "[data-testid=login-submit]")
    assert login == REQUIRED[lang], login
    assert "Please fill out this field" not in login
    page.fill("#id_username", "admin.kaltim")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("**/")
    page.goto("/rencana/baru/")
    in_app = _message_after_empty_submit(page, "main form", "#id_start_year", "[data-testid=create-plan]")
    assert in_app == REQUIRED[lang], in_app
    page.context.close()


def _open_obligation(page: Any) -> str:
    """An open, recorded-by-hand obligation of the sample agreement, reached through the page's links."""
    page.click("nav.mainnav >> text=Perjanjian")
    page.locator("main a", has_text="[CONTOH]").first.click()
    page.wait_for_url(re.compile(r".*/pks/\d+/$"))
    rows = page.locator("[data-testid=obligations] tbody tr", has_text="Belum dimulai")
    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r".*/pks/kewajiban/\d+/$"))
    assert page.locator("#id_status").count() == 1
    return str(page.url)


def test_an_obligation_status_shows_the_saved_value_after_saving_and_coming_back(
    browser: Any, server: str, tmp_path: Any
) -> None:
    page = _context(browser, server, "id")
    sign_in(page, "admin.kaltim")
    url = _open_obligation(page)
    page.select_option("#id_status", "in_progress")
    page.fill("#id_note", "Sedang dikerjakan")
    page.click("[data-testid=form-obligation] button[type=submit]")
    page.wait_for_url(url)
    assert "Tersimpan" in page.locator(".messages").inner_text()
    assert page.locator("#id_status").input_value() == "in_progress"
    assert page.locator("[data-testid=obligation-status]").inner_text() == "Sedang berjalan"

    page.reload()
    assert page.locator("#id_status").input_value() == "in_progress"

    # Away through the breadcrumb, back through the obligations table.
    page.locator(".breadcrumbs a").nth(1).click()
    page.wait_for_url(re.compile(r".*/pks/\d+/$"))
    path = url.removeprefix(server)
    page.locator(f"[data-testid=obligations] a[href='{path}']").click()
    page.wait_for_url(url)
    assert page.locator("#id_status").input_value() == "in_progress"

    # Away and back with the browser's own buttons.
    page.locator(".breadcrumbs a").nth(1).click()
    page.wait_for_url(re.compile(r".*/pks/\d+/$"))
    page.go_back()
    page.wait_for_url(url)
    assert page.locator("#id_status").input_value() == "in_progress"
    page.go_back()  # the page as it was before saving, in the history
    page.go_forward()
    assert page.locator("#id_status").input_value() == "in_progress"

    # A refused save (the evidence is no PDF) keeps what was chosen instead of jumping back to the stored status.
    page.goto(url)
    fake = tmp_path / "bukti.pdf"
    fake.write_bytes(b"this is not a pdf")
    page.select_option("#id_status", "fulfilled")
    page.set_input_files("#id_evidence", str(fake))
    page.click("[data-testid=form-obligation] button[type=submit]")
    page.wait_for_load_state()
    assert "PDF" in page.locator(".messages").inner_text()
    assert page.locator("#id_status").input_value() == "fulfilled"
    assert page.locator("[data-testid=obligation-status]").inner_text() == "Sedang berjalan"
    page.context.close()
