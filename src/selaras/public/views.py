"""The public pages: no sign-in, only what the province has published, cached whole (selaras.public.traffic)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from selaras.connectivity.progress import PERIOD_END, PERIOD_START
from selaras.connectivity.views import MAP_STATUSES, SAMPLE_NOTE
from selaras.public import selectors
from selaras.public.traffic import cached_response, public_language, rate_limited

HTML = "text/html; charset=utf-8"


def _version(province_code: str) -> selectors.DataVersion:
    version = selectors.data_version(province_code=province_code)
    if version is None:
        raise Http404
    return version


def _render(template: str, context: dict[str, Any]) -> tuple[bytes, str]:
    # Rendered without the request: the page holds nothing of the visitor (no CSRF token, no user), so one copy
    # serves everyone.
    return render_to_string(template, context).encode(), HTML


@login_not_required
@require_GET
@rate_limited
def provinces(request: HttpRequest) -> HttpResponse:
    version = selectors.DataVersion("all", None, timezone.localdate())
    build = lambda: _render("public/provinces.html", {"provinces": selectors.provinces_list()})  # noqa: E731
    return cached_response(request, name="provinces", version=version, build=build)


@login_not_required
@require_GET
@rate_limited
def province(request: HttpRequest, province_code: str) -> HttpResponse:
    version = _version(province_code)
    lang, _cookie = public_language(request)
    return cached_response(
        request,
        name="page",
        version=version,
        build=lambda: _render("public/province.html", _page_context(province_code, lang)),
    )


@login_not_required
@require_GET
@rate_limited
def province_map(request: HttpRequest, province_code: str) -> HttpResponse:
    version = _version(province_code)

    def build() -> tuple[bytes, str]:
        # Asked only when building: a withdrawn publication is a new data version, so no stale copy is served.
        if selectors.CONNECTIVITY not in selectors.sections_published(province_code=province_code):
            raise Http404
        place = selectors.province_get(code=province_code)
        return selectors.map_geojson(province=place, sample_note=str(SAMPLE_NOTE)), "application/geo+json"

    return cached_response(request, name="map", version=version, build=build)


def _page_context(province_code: str, lang: str) -> dict[str, Any]:
    place = selectors.province_get(code=province_code)
    published = selectors.sections_published(province_code=province_code)
    progress = selectors.progress_published(province=place) if selectors.PROGRESS in published else None
    agreements = selectors.agreements_signed(province=place) if selectors.AGREEMENTS in published else None
    return {
        "province": place,
        "lang": lang,
        "progress": progress,
        "years": list(range(PERIOD_START, PERIOD_END + 1)),
        "period_start": PERIOD_START,
        "period_end": PERIOD_END,
        "show_map": selectors.CONNECTIVITY in published,
        "statuses": MAP_STATUSES,
        "sample_note": SAMPLE_NOTE,
        "agreements": agreements,
        "decisions": selectors.meeting_decisions_last(province_code=province_code),
        "nothing_published": not published,
    }
