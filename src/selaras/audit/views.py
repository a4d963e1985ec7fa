from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from selaras.audit import selectors
from selaras.regions.selectors import region_get_for_user


def _page(request: HttpRequest) -> int:
    value = request.GET.get("page", "1")
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


@require_GET
def region_trail(request: HttpRequest, code: str) -> HttpResponse:
    region = region_get_for_user(user=request.user, code=code)
    page = _page(request)
    entries = selectors.audit_for_region(user=request.user, region_code=region.code, page=page)
    return render(
        request,
        "audit/trail.html",
        {"region": region, "entries": entries, "page": page, "has_next": len(entries) == selectors.PAGE_SIZE},
    )


@require_GET
def object_trail(request: HttpRequest, model_label: str, object_id: str) -> HttpResponse:
    page = _page(request)
    entries = selectors.audit_for_object(
        user=request.user, model_label=model_label, object_id=object_id, page=page
    )
    return render(
        request,
        "audit/trail.html",
        {
            "entries": entries,
            "object_label": entries[0].object_repr if entries else object_id,
            "page": page,
            "has_next": len(entries) == selectors.PAGE_SIZE,
        },
    )
