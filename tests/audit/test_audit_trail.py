"""Every change is recorded with who, when, the region and old/new values, and nobody can edit the record."""

from typing import Any

from selaras.accounts.models import User
from selaras.audit.selectors import audit_for_object, audit_for_region
from selaras.core.regions_data import OfficialRegion, iter_official_regions
from selaras.regions.services import regions_load
from tests.conftest import PASSWORD, client_for


def test_an_account_change_through_the_form_is_recorded_with_old_and_new_values(
    province_admin: Any, operator: Any
) -> None:
    client = client_for(province_admin)
    client.post(
        f"/akun/{operator.pk}/",
        {
            "full_name": "Operator Paser Baru",
            "email": "",
            "role": "regency_operator",
            "region": "64.01",
            "is_active": "on",
        },
    )
    entries = audit_for_object(user=province_admin, model_label="accounts.user", object_id=str(operator.pk))
    latest = entries[0]
    assert latest.kind == "changed"
    assert latest.who == "admin.kaltim"
    assert latest.region_code == "64.01"
    assert ("first_name", "", "Operator Paser Baru") in {(c.field, c.old, c.new) for c in latest.changes}


def test_an_account_change_through_the_api_names_the_token_user(province_admin: Any, operator: Any) -> None:
    client = client_for(province_admin)
    client.patch(f"/api/v1/users/{operator.pk}/", {"full_name": "Lewat API"}, content_type="application/json")
    latest = audit_for_object(user=province_admin, model_label="accounts.user", object_id=str(operator.pk))[0]
    assert latest.who == "admin.kaltim"
    assert {c.field for c in latest.changes} == {"first_name"}


def test_a_bulk_load_is_recorded_per_region(province_admin: Any) -> None:
    rows = [
        OfficialRegion(r.code, r.level, "Kabupaten Paser Baru", r.lat, r.lng) if r.code == "64.01" else r
        for r in iter_official_regions(province="64")
    ]
    regions_load(rows=rows, scope="64", user=province_admin, reason="test rename")
    entries = audit_for_region(user=province_admin, region_code="64.01")
    renamed = next(e for e in entries if e.object_id == "64.01")
    assert renamed.reason == "test rename"
    assert ("name", "Kabupaten Paser", "Kabupaten Paser Baru") in {
        (c.field, c.old, c.new) for c in renamed.changes
    }


def test_the_region_trail_page_shows_changes_below_the_region_only(
    province_admin: Any, operator: Any, other_operator: Any
) -> None:
    response = client_for(province_admin).get("/audit/wilayah/64.01/")
    shown = {e.object_repr for e in response.context["entries"]}
    assert "operator.paser" in shown
    assert "operator.kukar" not in shown


def test_a_regency_operator_cannot_read_the_audit_trail(operator: Any) -> None:
    assert client_for(operator).get("/audit/wilayah/64.01/").status_code == 403


def test_the_audit_trail_has_no_way_to_change_it(superuser: Any, operator: Any) -> None:
    client = client_for(superuser)
    history_id = User.history.filter(id=operator.pk).values_list("history_id", flat=True).first()
    records_before = User.history.count()
    # Reverting through the admin is switched off (SIMPLE_HISTORY_REVERT_DISABLED): the page only shows.
    client.post(f"/admin/accounts/user/{operator.pk}/history/{history_id}/", {"username": "hacked"})
    assert User.history.count() == records_before
    operator.refresh_from_db()
    assert operator.username == "operator.paser"
    posted = client_for(superuser).post(f"/audit/objek/accounts.user/{operator.pk}/")
    assert posted.status_code == 405


def test_signing_in_adds_no_empty_entry_to_the_trail(province_admin: Any, operator: Any) -> None:
    before = operator.history.count()
    client = client_for(None)
    client.post("/masuk/", {"username": operator.username, "password": PASSWORD})
    operator.refresh_from_db()
    assert operator.last_login is not None
    assert operator.history.count() == before


def test_the_trail_shows_field_and_value_labels_not_codes(province_admin: Any) -> None:
    from django.utils import translation

    from selaras.connectivity.models import AccessPoint
    from selaras.regions.models import Region

    village = Region.objects.filter(level="village", code__startswith="64.01.").order_by("code").first()

    with translation.override("id"):
        point = AccessPoint.objects.create(
            region_id=village.code,
            facility="school",
            technology="fwa_4g",
            status="live",
            status_since="2025-01-01",
        )
        point.technology = "fiber"
        point.save()
        entries = audit_for_object(
            user=province_admin, model_label="connectivity.accesspoint", object_id=str(point.pk)
        )
        [change] = [c for c in entries[0].changes if c.field == "technology"]
        assert (change.label, change.old_shown, change.new_shown) == (
            "Teknologi",
            "4G nirkabel tetap",
            "Serat optik (fiber)",
        )
        created = {c.field: c for c in entries[1].changes}
        assert created["is_sample"].new_shown == "tidak"
        assert created["region_id"].label == "Desa/kelurahan"


def test_every_audited_field_has_a_label_in_both_languages(db: Any) -> None:
    from django.utils.functional import Promise

    from selaras.audit.field_labels import FIELD_LABELS
    from selaras.audit.selectors import tracked_models

    unnamed = sorted(
        f"{model._meta.label}.{field.name}"
        for model in tracked_models()
        for field in model._meta.concrete_fields
        if not isinstance(field.verbose_name, Promise)
        and field.name not in FIELD_LABELS
        and field.attname != "password"
    )
    assert unnamed == []


def test_every_reason_a_service_records_is_shown_in_the_readers_language() -> None:
    import re
    from pathlib import Path

    import selaras
    from selaras.audit.reasons import PREFIXES, REASONS

    root = Path(selaras.__file__).parent
    sources = "\n".join(  # the pure core and backups write no history; their reason= are message parameters
        p.read_text(encoding="utf-8")
        for p in root.rglob("*.py")
        if not p.is_relative_to(root / "core") and not p.is_relative_to(root / "ops")
    )
    recorded = set(
        re.findall(r'(?:_change_reason =|default_change_reason=|reason=)\s*\(?\s*f?"([^"{]*)', sources)
    )
    recorded |= set(re.findall(r'_REASON = "([^"]*)"', sources))
    uncovered = sorted(
        r.strip()
        for r in recorded
        if r.strip() and r.strip() not in REASONS and not any(r.startswith(p) for p in PREFIXES)
    )
    assert uncovered == []
