from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.FILES_DIR = tmp_path


def survey_csv(lines: list[str], header: str = "Kab/Kota;Kecamatan;Desa;Sinyal;Status;Teknologi") -> bytes:
    return "\n".join([header, *lines]).encode()
