"""The public pages: no sign-in, only what the province has published, cached whole (selaras.public.traffic)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

from selaras.connectivity.progress import PERIOD_END, PERIOD_START
from selaras.connectivity.views import MAP_STATUSES, SAMPLE_NOTE
from selaras.public import selectors
from selaras.public.traffic import public_cached, public_language


def _page(template: str, context: dict[str, Any]) -> HttpResponse:
    # Rendered without the request: the page holds nothing of the visitor (no CSRF token, no user), so one copy
    # serves everyone.
    return HttpResponse(render_to_string(template, context))


@public_cached
def provinces(request: HttpRequest) -> HttpResponse:
    return _page("public/provinces.html", {"provinces": selectors.provinces_list()})


@public_cached
def province(request: HttpRequest, province_code: str) -> HttpResponse:
    lang, _cookie = public_language(request)
    return _page("public/province.html", _page_context(province_code, lang))


@public_cached
def province_map(request: HttpRequest, province_code: str) -> HttpResponse:
    if selectors.CONNECTIVITY not in selectors.sections_published(province_code=province_code):
        raise Http404
    place = selectors.province_get(code=province_code)
    body = selectors.map_geojson(province=place, sample_note=str(SAMPLE_NOTE))
    return HttpResponse(body, content_type="application/geo+json")


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
        "downloads": selectors.downloads_published(province_code=province_code, lang=lang),
        "nothing_published": not published,
    }
