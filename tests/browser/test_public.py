"""The public page in a real browser: signed out, on a phone-sized screen (390 x 844), a visitor finds the
province's public page, sees the progress and the map, and downloads the CSV; nothing is wider than the screen,
on the phone or on a 1366 px laptop."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def _page_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_a_signed_out_phone_sees_progress_and_the_map_and_downloads_the_csv(
    browser: Any, server: str, tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto("/")
    page.click("[data-testid=public-link]")
    page.click("[data-testid=provinces] >> text=Kalimantan Timur")
    page.wait_for_url("**/publik/64/**")

    live, total = (int(n) for n in page.locator("[data-testid=desa-live]").inner_text().split(" / "))
    assert 0 < live < total
    assert page.locator("[data-testid=progress-regencies] tbody tr").count() >= 7
    assert page.locator("[data-testid=sample-note]").is_visible()  # the demo's data is sample data

    page.wait_for_selector("#map[data-ready='1']")
    assert int(page.locator("#map").get_attribute("data-shown")) > 800
    assert page.locator("path.village.status-live").count() > 100
    assert _page_width(page) <= 390

    with page.expect_download() as download:
        page.locator("[data-testid=downloads] li", has_text="desa").first.locator(
            "[data-testid=download-csv]"
        ).click()
    saved = tmp_path / "desa.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert len(rows) > 800
    assert "kode_wilayah" in rows[0]

    page.click("[data-testid=lang-en]")
    page.wait_for_selector("text=Signed cooperation agreements")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    page.wait_for_selector("#map[data-ready='1']")
    assert _page_width(page) <= 1366
    context.close()
