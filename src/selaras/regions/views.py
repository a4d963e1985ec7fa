from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from selaras.accounts.access import Action, require
from selaras.core.geometry import geometry_to_svg
from selaras.core.regions_data import parse_region_list
from selaras.jobs.services import job_start
from selaras.regions import selectors
from selaras.regions.forms import RegionListForm
from selaras.regions.tasks import regions_load_file
from selaras.uploads.services import UploadError, stored_save, table_limits, upload_table
from selaras.web.caching import cached_part
from selaras.web.i18n import request_language


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    province = selectors.province_for_user(user=request.user)
    if province is None:
        return render(request, "web/dashboard.html", {"province": None})
    return redirect("regions:detail", code=province.code)


@require_GET
def detail(request: HttpRequest, code: str) -> HttpResponse:
    region = selectors.region_get_for_user(user=request.user, code=code)

    def build() -> dict[str, Any]:
        return {
            "ancestors": region.ancestors(),
            "children": selectors.region_children(region=region),
            "shape": geometry_to_svg(region.boundary),
        }

    # The same for everyone who may see the region (checked above): by write stamp (selaras.web.caching).
    context = {
        "region": region,
        **cached_part("region-page", region.code, build=build),
        "children_map": selectors.region_children_map(region=region) if region.level != "village" else None,
    }
    return render(request, "regions/detail.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    hits = selectors.region_search(user=request.user, query=query)
    template = "regions/_search_results.html" if request.htmx else "regions/search.html"
    return render(request, template, {"query": query, "hits": hits})


@require_http_methods(["GET", "POST"])
def load(request: HttpRequest, code: str) -> HttpResponse:
    """A provincial administrator loads a newer official list for the province; it runs as a background job."""
    province = selectors.region_get_for_user(user=request.user, code=code)
    require(request.user, Action.MANAGE_ACCOUNTS, province.code)
    form = RegionListForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload_table(upload)
        except UploadError as error:
            problems = error.render_all(request_language())
        else:
            _rows, errors = parse_region_list(
                data, province=province.code, file_name=upload.name, limits=table_limits()
            )
            problems = [e.render(request_language()) for e in errors]
        if not problems:
            suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ".csv"
            file_name = stored_save(
                data, folder="region-lists", suffix=suffix if suffix[1:].isalnum() else ".csv"
            )
            job = job_start(
                kind="regions_load",
                title=_("Load region list for %(name)s") % {"name": province.name},
                region_code=province.code,
                user=request.user,
                task=regions_load_file,
                auto_retry=True,  # one transaction: a worker that dies keeps nothing
                file_name=file_name,
                province=province.code,
                user_id=request.user.pk,
            )
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "regions/load.html", {"region": province, "form": form, "problems": problems})
