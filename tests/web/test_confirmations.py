"""Decisions that bind (approve, sign, adopt, run and publish the analysis) ask for confirmation first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import selaras

BINDING = ["planning:approve", "agreements:sign", "rollout:adopt", "sync:start", "sync:run_confirm"]
TEMPLATES = list(Path(selaras.__file__).parent.glob("*/templates/**/*.html"))


def _forms_posting_to(name: str) -> list[str]:
    forms = []
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        forms += re.findall(rf"<form[^>]*{{% url '{name}'.*?</form>", text, flags=re.DOTALL)
    return forms


@pytest.mark.parametrize("name", BINDING)
def test_every_form_of_a_binding_decision_asks_before_submitting(name: str) -> None:
    forms = _forms_posting_to(name)
    assert forms, f"no form posts to {name}"
    for form in forms:
        assert re.search(r"<button[^>]*type=\"submit\"[^>]*data-confirm=", form), form[:200]
