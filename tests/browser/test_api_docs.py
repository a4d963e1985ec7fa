"""The API documentation renders in a real browser under the content security policy."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_the_api_docs_show_every_operation_without_a_policy_violation(page: Any) -> None:
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, "viewer.kaltim")
    page.goto("/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=30000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/regions/" in p for p in paths)
    assert refused == []
