from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.FILES_DIR = tmp_path
