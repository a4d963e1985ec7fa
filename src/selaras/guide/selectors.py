"""Reads for the guide pages: each step in the active language, and where a step's screenshot is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from selaras.guide.content import Chapter, RoleGuide, Step, text_render

SHOT_NAME = re.compile(r"^[a-z0-9-]+$")


def screenshot_dir() -> Path:
    return Path(settings.GUIDE_SCREENSHOTS_DIR)


def screenshot_path(*, slug: str, shot: str) -> Path | None:
    """The PNG of a step, when the browser tests have written it here; None otherwise."""
    if not (SHOT_NAME.match(slug) and SHOT_NAME.match(shot)):
        return None
    path = screenshot_dir() / slug / f"{shot}.png"
    return path if path.is_file() else None


def placeholder_svg(text: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="683" height="120" viewBox="0 0 683 120">'
        '<rect width="683" height="120" fill="#f3f4f6" stroke="#9ca3af"/>'
        f'<text x="341" y="65" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#374151">'
        f"{escape(text)}</text></svg>"
    )


def step_html(step: Step) -> SafeString:
    """The step's sentence with the names of what to act on in bold, exactly as the page shows them."""
    parts = {"target": text_render(step.target), "value": text_render(step.value)}
    sentence = text_render(step.text)
    pieces = re.split(r"(\{target\}|\{value\})", sentence)
    html = SafeString("")
    for piece in pieces:
        if piece in ("{target}", "{value}"):
            html += format_html("<strong>“{}”</strong>", parts[piece[1:-1]])
        else:
            html += escape(piece)
    return SafeString(html)


@dataclass(frozen=True)
class StepShown:
    html: SafeString
    screenshot: str
    has_picture: bool


def chapters_shown(*, guide: RoleGuide) -> list[dict[str, Any]]:
    def shown(chapter: Chapter) -> dict[str, Any]:
        return {
            "chapter": chapter,
            "steps": [
                StepShown(
                    step_html(s),
                    s.screenshot,
                    bool(s.screenshot) and screenshot_path(slug=guide.slug, shot=s.screenshot) is not None,
                )
                for s in chapter.steps
            ],
        }

    return [shown(c) for c in guide.chapters]
