"""Indonesian by default, English on request; the catalogue is complete and compiled."""

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]


def test_pages_speak_indonesian_by_default(operator: Any) -> None:
    html = client_for(operator).get("/").content.decode()
    assert 'lang="id"' in html
    assert "Keluar" in html and "Sign out" not in html


def test_an_english_browser_still_gets_indonesian_pages(operator: Any) -> None:
    html = client_for(operator).get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html


def test_pages_speak_english_once_asked(operator: Any) -> None:
    client = client_for(operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Sign out" in html


def test_the_api_answers_in_the_requested_language(operator: Any) -> None:
    response = client_for(None).get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "credentials" in response.json()["detail"]


def test_every_interface_string_has_an_indonesian_translation_and_is_compiled() -> None:
    result = subprocess.run(  # noqa: S603 -- our own script
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
