"""Issue 13 in a real browser: the provincial administrator records a Rakorda, attaches the synchronization run,
records three decisions (an irisan to pursue, a PKS, a target Kutai Kartanegara must raise) and prints the berita
acara (checked rendered to an image); Kukar's operator sees the follow-up on its dashboard, raises the target in
its plan, submits it, and the follow-up turns done by itself.

The file sorts after test_sync.py on purpose: it submits Kukar's sample plan, which the synchronization tests
expect to be a draft."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import sign_in
from tests.meetings.test_documents import ink, page_images, pages_text

pytestmark = pytest.mark.browser
KUKAR = "64.02"
YEAR = 2028
MINIMUM = "3,8"  # Kukar plans 3,7 for 2028 in the sample


def _as(browser: Any, server: str, username: str) -> Any:
    context = browser.new_context(base_url=server, locale="id-ID", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    sign_in(page, username)
    return page


def _decide(admin: Any, text: str, bound: list[str], **fields: str) -> None:
    form = admin.locator("[data-testid=form-decision]")
    form.locator("[name=text]").fill(text)
    for code in bound:
        form.locator(f"input[name=bound][value='{code}']").check()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if name in ("proposal", "agreement", "target_region"):
            if value.startswith("#"):
                field.select_option(index=int(value[1:]))
            else:
                field.select_option(value)
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    admin.wait_for_load_state()
    assert "Kesepakatan dicatat." in admin.locator(".messages").inner_text()


def _kukar_target_row(page: Any) -> Any:
    return page.locator("[data-testid=owed] tr", has_text=f"{YEAR}")


def test_the_rakorda_flow_from_the_meeting_to_kukar_s_plan(browser: Any, server: str, tmp_path: Path) -> None:
    admin = _as(browser, server, "admin.kaltim")
    admin.locator("nav.mainnav >> text=Rapat").click()
    assert "CONTOH" in admin.locator("[data-testid=meeting-list]").inner_text()  # the sample Rakorda
    admin.click("[data-testid=meeting-new]")
    admin.fill("[name=title]", "Rakorda Diskominfo se-Kaltim 2026 (uji peramban)")
    admin.fill("[name=theme]", "Konektivitas Infrastruktur Jaringan")
    admin.fill("[name=date]", "2026-05-20")
    admin.fill("[name=place]", "Tenggarong")
    admin.select_option("[name=host]", KUKAR)
    admin.locator("[data-testid=form-meeting] button[type=submit]").click()
    admin.wait_for_url("**/rakorda/*/")
    meeting_url = admin.url
    assert "Kabupaten Kutai Kartanegara" in admin.locator("dl.facts").inner_text()

    admin.select_option("[data-testid=form-attach] select", index=0)
    admin.locator("[data-testid=form-attach] button[type=submit]").click()
    admin.wait_for_load_state()
    assert "#" in admin.locator("[data-testid=snapshot-info]").inner_text()

    participant = admin.locator("[data-testid=form-participant]")
    participant.locator("[name=region]").select_option(KUKAR)
    participant.locator("[name=name]").fill("Kepala Diskominfo Kukar")
    participant.locator("[name=position]").fill("Kepala Dinas")
    participant.locator("button[type=submit]").click()
    admin.wait_for_load_state()

    _decide(admin, "Irisan SPBE ditindaklanjuti bersama", ["64"], proposal="#1", due_on="2026-09-30")
    _decide(admin, "PKS internet desa dilaksanakan", ["64", "64.01"], agreement="#1")
    _decide(
        admin,
        "Kukar menaikkan target Indeks SPBE 2028",
        [KUKAR],
        target_region=KUKAR,
        indicator_key="KKR-P03-I1",
        target_year=str(YEAR),
        target_minimum=MINIMUM,
        due_on="2026-12-31",
    )
    assert admin.locator("[data-testid=decisions] > li").count() == 3

    with admin.expect_download() as download:
        admin.click("[data-testid=berita-acara-link]")
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(pages_text(pdf))
    assert "BERITA ACARA" in text and "Indeks SPBE 2028" in text
    _sizes, images = page_images(pdf)
    assert all(ink(image) > 0 for image in images)

    kukar = _as(browser, server, "operator.kukar")
    kukar.goto("/")
    row = _kukar_target_row(kukar)
    assert row.locator("[data-testid=followup-state]").inner_text() != "Selesai"

    plans = kukar.request.get("/api/v1/plans/?page_size=100").json()["results"]
    plan = next(p for p in plans if p["region"] == KUKAR and p["start_year"] == 2025 and p["kind"] == "rpjmd")
    kukar.goto(f"/rencana/{plan['id']}/")
    with kukar.expect_download() as download:
        kukar.click("[data-testid=rows-link]")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["Program"]
    headers = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        if cells[headers.index("id")].value == "KKR-P03-I1":
            cells[headers.index(f"target_{YEAR}")].value = MINIMUM
    edited = tmp_path / "program-kukar.xlsx"
    book.save(edited)
    kukar.click("[data-testid=import-link]")
    kukar.set_input_files("#id_file", str(edited))
    kukar.click("[data-testid=check-upload]")
    kukar.click("[data-testid=commit-import]")
    kukar.wait_for_url(f"**/rencana/{plan['id']}/")
    kukar.goto("/")
    assert (
        _kukar_target_row(kukar).locator("[data-testid=followup-state]").inner_text() != "Selesai"
    )  # a draft

    kukar.goto(f"/rencana/{plan['id']}/")
    kukar.click("[data-testid=submit-plan]")
    kukar.wait_for_load_state()
    kukar.goto("/")
    assert _kukar_target_row(kukar).locator("[data-testid=followup-state]").inner_text() == "Selesai"

    admin.goto(meeting_url)
    decision = admin.locator("[data-testid=decision-3]")
    assert decision.locator("[data-testid=followup-state]").inner_text() == "Selesai"
