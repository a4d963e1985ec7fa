"""Writes of the open data besides the publishing decision (selaras.opendata.publication): the province's
settings (publisher, licence, sample rows, CKAN portal and key) and starting a push to its CKAN portal."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from selaras.accounts import access
from selaras.jobs.models import Job
from selaras.jobs.services import job_start
from selaras.opendata import secrets
from selaras.opendata.models import PortalSettings
from selaras.opendata.publication import PublicationError, published_keys
from selaras.regions.models import Level, Region

NOT_A_PROVINCE = _("Open data is decided per province.")
CKAN_NOT_SET = _("Set the CKAN portal address, its organization and an API key first.")
NOTHING_PUBLISHED = _("Nothing is published yet: publish a dataset first.")


@transaction.atomic
def portal_settings_save(*, actor: Any, province_code: str, form: Any) -> PortalSettings:
    """Save a valid `PortalSettingsForm`; a new API key is sealed, an empty one keeps the stored key."""
    access.require(actor, access.Action.DECIDE, province_code)
    if not Region.objects.filter(code=province_code, level=Level.PROVINCE).exists():
        raise PublicationError(NOT_A_PROVINCE)
    portal = form.save(commit=False)
    portal.province_id = province_code
    if form.cleaned_data.get("ckan_api_key_clear"):
        portal.ckan_api_key_encrypted = ""
    elif form.cleaned_data.get("ckan_api_key"):
        portal.ckan_api_key_encrypted = secrets.seal(form.cleaned_data["ckan_api_key"])
    portal._history_user = actor if getattr(actor, "pk", None) else None
    portal.save()
    return portal


def ckan_push_start(*, actor: Any, province_code: str, base_url: str) -> Job:
    """Start the job that pushes the province's published datasets to its CKAN portal."""
    from selaras.opendata.tasks import ckan_push_task

    access.require(actor, access.Action.DECIDE, province_code)
    portal = PortalSettings.objects.filter(province_id=province_code).first()
    if portal is None or not (portal.ckan_url and portal.ckan_organization and portal.has_ckan_key):
        raise PublicationError(CKAN_NOT_SET)
    if not published_keys(province_code):
        raise PublicationError(NOTHING_PUBLISHED)
    return job_start(
        kind="opendata_ckan_push",
        title=f"CKAN {portal.ckan_url}",
        region_code=province_code,
        user=actor,
        task=ckan_push_task,
        province_code=province_code,
        base_url=base_url,
    )
