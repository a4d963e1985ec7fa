"""The Panduan Pengguna: a guide per role, readable by everyone signed in (it holds no data), and its
screenshots, written by tests/browser/test_user_guide.py into settings.GUIDE_SCREENSHOTS_DIR."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from selaras.guide import selectors
from selaras.guide.content import GUIDES, guide_get


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"guides": list(GUIDES.values())})


@require_GET
def role_guide(request: HttpRequest, slug: str) -> HttpResponse:
    guide = guide_get(slug)
    if guide is None:
        raise Http404
    return render(
        request, "guide/role.html", {"guide": guide, "chapters": selectors.chapters_shown(guide=guide)}
    )


@require_GET
def screenshot(request: HttpRequest, slug: str, shot: str) -> HttpResponseBase:
    if guide_get(slug) is None:
        raise Http404
    path = selectors.screenshot_path(slug=slug, shot=shot)
    if path is None:  # not made yet on this installation: a placeholder that says so
        svg = selectors.placeholder_svg(_("Picture made by the browser tests"))
        return HttpResponse(svg, content_type="image/svg+xml")
    return FileResponse(path.open("rb"), content_type="image/png")
