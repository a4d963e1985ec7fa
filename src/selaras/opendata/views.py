"""Open data: the published files and the catalogue (anyone, no sign-in), and the province administrators' pages
that decide what is published and where it is pushed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from selaras.accounts import access
from selaras.opendata import catalog, distributions, publication, selectors, services
from selaras.opendata.forms import PortalSettingsForm
from selaras.public.traffic import public_cached
from selaras.web.errors import ServiceError, error_messages
from selaras.web.i18n import request_language


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anyone may fetch it: limited per address, cached per province and data version, shared caches may keep
    it a minute, ETag and Last-Modified answer 304, gzip (selaras.public.traffic, as the public pages)."""
    return public_cached(view)


def _file(body: bytes, content_type: str, modified: datetime | None, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    if modified is not None:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any portal or notebook may read it
    return response


def _published_or_404(province: str, key: str) -> selectors.Published:
    if not access.can_read_open_data(province, key):
        raise Http404
    item = selectors.published(province, key)
    if item is None:
        raise Http404
    return item


@_public
def distribution(request: HttpRequest, province: str, dataset_key: str, suffix: str) -> HttpResponse:
    key, extension = dataset_key, suffix
    item = _published_or_404(province, key)
    if extension not in distributions.formats_of(item.dataset):
        raise Http404
    table = selectors.table_for(item)
    name = f"{province}-{key}.{extension}"
    modified = table.modified or item.publication.published_at
    if extension == "csv":
        return _file(distributions.as_csv(item.dataset, table), "text/csv; charset=utf-8", modified, name)
    if extension == "geojson":
        return _file(distributions.as_geojson(item.dataset, table), "application/geo+json", modified, name)
    schema_url = request.build_absolute_uri(f"/data/{province}/{key}.schema.json")
    body = distributions.as_json(item.dataset, table, province_code=province, schema_url=schema_url)
    return _file(body, "application/json", modified, name)


@_public
def schema(request: HttpRequest, province: str, dataset_key: str) -> HttpResponse:
    item = _published_or_404(province, dataset_key)
    body = distributions.schema_bytes(item.dataset)
    return _file(body, "application/schema+json", None, f"{province}-{dataset_key}.schema.json")


def _catalog_graph(request: HttpRequest) -> tuple[Any, datetime | None]:
    entries = selectors.catalog_entries()
    graph = catalog.build_graph(entries, base_url=request.build_absolute_uri("/"))
    stamps = [d for e in entries for d in (e.table.modified, e.issued) if d]
    return graph, max(stamps) if stamps else None


@_public
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    graph, modified = _catalog_graph(request)
    return _file(catalog.as_jsonld(graph), "application/ld+json", modified, "catalog.jsonld")


@_public
def catalog_turtle(request: HttpRequest) -> HttpResponse:
    graph, modified = _catalog_graph(request)
    return _file(catalog.as_turtle(graph), "text/turtle; charset=utf-8", modified, "catalog.ttl")


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, province: str) -> HttpResponse:
    access.require(request.user, access.Action.DECIDE, province)
    if request.method == "POST":
        try:
            publication.publication_set(
                actor=request.user,
                province_code=province,
                key=request.POST.get("key", ""),
                published=request.POST.get("published") == "1",
            )
        except ServiceError as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("Publishing decision saved."))
        return redirect("opendata:manage", province=province)
    return render(request, "opendata/manage.html", selectors.manage_context(province, request_language()))


@require_http_methods(["GET", "POST"])
def portal(request: HttpRequest, province: str) -> HttpResponse:
    access.require(request.user, access.Action.DECIDE, province)
    current = selectors.portal_settings_of(province)
    form = PortalSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_settings_save(actor=request.user, province_code=province, form=form)
        except ServiceError as error:
            messages.error(request, " ".join(error_messages(error)))
        else:
            messages.success(request, _("Open data settings saved."))
            return redirect("opendata:portal", province=province)
    return render(request, "opendata/portal.html", {"form": form, "portal": current, "province": province})


@require_http_methods(["POST"])
def ckan_push(request: HttpRequest, province: str) -> HttpResponse:
    access.require(request.user, access.Action.DECIDE, province)
    try:
        job = services.ckan_push_start(
            actor=request.user, province_code=province, base_url=request.build_absolute_uri("/")
        )
    except ServiceError as error:
        messages.error(request, " ".join(error_messages(error)))
        return redirect("opendata:portal", province=province)
    return redirect("jobs:detail", job_id=job.pk)
