"""The API documentation at /api/docs/ runs under the strict content security policy: Swagger UI's files come
from the sidecar package, its start-up script is a static file, and the page holds no inline script or style."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.staticfiles import finders

from tests.conftest import client_for


def test_the_api_docs_page_has_no_inline_script_or_style(operator: Any) -> None:
    response = client_for(operator).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html) == []
    assert "<style" not in html and " style=" not in html


def test_every_script_of_the_api_docs_is_a_file_of_this_origin(operator: Any) -> None:
    html = client_for(operator).get("/api/docs/").content.decode()
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert [s.rsplit("/", 1)[-1] for s in sources] == [
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "api-docs.js",
    ]
    for source in sources:
        assert source.startswith("/static/")
        assert finders.find(source.removeprefix("/static/")) is not None
    assert 'data-schema-url="/api/schema/"' in html


def test_the_api_docs_page_is_never_blank_and_leads_back(operator: Any) -> None:
    html = client_for(operator).get("/api/docs/").content.decode()
    assert 'data-testid="api-docs-loading"' in html  # shown until Swagger UI has drawn the operations
    assert '<a href="/">' in html
    assert "<noscript>" in html
