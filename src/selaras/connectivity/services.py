"""Writes: survey upload, matching, resolution and saving; records entered one at a time on the village page.

Access is decided by the callers (views, API) through `selaras.accounts.access` before any of these run; the
services only check what the data must satisfy (a chosen village lies inside the import's region, ...).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from selaras.connectivity.models import (
    AccessPoint,
    APStatus,
    Facility,
    ImportState,
    Outage,
    SignalObservation,
    StatusChange,
    SurveyImport,
    SurveyRow,
)
from selaras.connectivity.selectors import village_index
from selaras.connectivity.survey import parse_values
from selaras.core.i18n import Msg, Text
from selaras.core.names import MatchStatus, SurveyError, VillageQuery, match_village, read_survey
from selaras.core.regions_data import is_within
from selaras.regions.models import Level, Region
from selaras.web.errors import ServiceError

# Files with more rows than this are matched by the background worker; the page follows the job.
INLINE_MATCH_ROWS = 2000

OUTSIDE_REGION = Msg(
    id="Desa/kelurahan ini di luar wilayah impor ({region}); pilih desa di wilayah ini atau lewati baris.",
    en="This village lies outside the import's region ({region}); choose a village in the region or skip the row.",
)
UNRESOLVED = Msg(
    id="{count} baris belum diputuskan: pilih desa/kelurahan atau lewati baris itu. Belum ada yang disimpan.",
    en="{count} rows still need a decision: choose a village or skip the row. Nothing has been saved.",
)
NOT_IN_REVIEW = Msg(
    id="Impor ini tidak sedang menunggu pemeriksaan (status: {state}).",
    en="This import is not waiting for review (state: {state}).",
)
BAD_CHOICE = Msg(
    id="Kode '{code}' bukan desa/kelurahan aktif di wilayah impor.",
    en="Code '{code}' is not an active village in the import's region.",
)
TOO_LARGE = Msg(id="Berkas lebih besar dari {mb} MB.", en="The file is larger than {mb} MB.")
NOT_A_VILLAGE = Msg(id="Pilih desa/kelurahan.", en="Choose a village.")


class ConnectivityError(ServiceError):
    """A request the data does not allow; `messages` say why, in both languages."""

    def __init__(self, messages: list[Text]) -> None:
        super().__init__(list(messages))
        self.messages = messages


def _folder() -> Path:
    folder = Path(settings.FILES_DIR) / "connectivity-surveys"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _read(data: bytes, file_name: str) -> Any:
    try:
        return read_survey(io.BytesIO(data), filename=file_name)
    except SurveyError as error:
        raise ConnectivityError([error.message]) from error


@dataclass(frozen=True)
class UploadResult:
    survey: SurveyImport
    in_background: bool


def survey_upload(
    *,
    user: Any,
    region: Region,
    file_name: str,
    data: bytes,
    source: str,
    observed_on: date,
    start_job: Callable[[SurveyImport], Any] | None = None,
) -> UploadResult:
    """Check a survey file completely, store it and match its names (inline, or through `start_job` when large).

    Raises ConnectivityError, having saved nothing, when the file or any of its cells cannot be used.
    """
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ConnectivityError([TOO_LARGE(mb=settings.MAX_UPLOAD_BYTES // (1024 * 1024))])
    table = _read(data, file_name)
    parsed = parse_values(table, timezone.localdate())
    if parsed.errors:
        raise ConnectivityError(parsed.errors)
    suffix = Path(file_name).suffix.casefold()
    stored = f"{uuid.uuid4()}{suffix}"
    with transaction.atomic():
        survey = SurveyImport.objects.create(
            region=region,
            file_name=file_name[:255],
            stored_name=stored,
            source=source[:200],
            observed_on=observed_on,
            state=ImportState.MATCHING,
            row_count=len(table.rows),
            created_by=user if getattr(user, "pk", None) else None,
        )
        (_folder() / stored).write_bytes(data)
        large = len(table.rows) > INLINE_MATCH_ROWS and start_job is not None
        if large and start_job is not None:
            survey.job = start_job(survey)
            survey.save(update_fields=["job"])
    if not large:
        survey_match(survey=survey)
    return UploadResult(survey, large)


def _candidates_json(candidates: Any, region_code: str) -> list[dict[str, Any]]:
    return [
        {"code": c.code, "name": c.name, "district": c.district_name, "score": c.score}
        for c in candidates
        if is_within(c.code, region_code)
    ]


def _notes_json(notes: Any) -> list[dict[str, str]]:
    return [{"id": n.render("id"), "en": n.render("en")} for n in notes]


def survey_match(*, survey: SurveyImport, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Match every row of a stored survey within its region and keep the rows for review; returns the count."""
    data = (_folder() / survey.stored_name).read_bytes()
    table = _read(data, survey.file_name)
    parsed = parse_values(table, timezone.localdate())
    region = survey.region
    province = region.code.split(".")[0]
    index = village_index(province=province)
    columns = table.columns
    default_regency = region.name if region.level == Level.REGENCY else ""
    rows: list[SurveyRow] = []
    total = len(table.rows)
    for position, (row, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        query = VillageQuery(
            village=table.cell(row, columns.village),
            district=table.cell(row, columns.district) or None,
            regency=table.cell(row, columns.regency) or default_regency or None,
        )
        result = match_village(index, query)
        candidates = _candidates_json(result.candidates, region.code)
        notes = _notes_json(result.notes)
        status = result.status.value
        code = result.code or ""
        if code and not is_within(code, region.code):
            status, code = MatchStatus.UNMATCHED.value, ""
            notes.append(_notes_json([OUTSIDE_REGION(region=region.name)])[0])
        elif status == MatchStatus.AMBIGUOUS and not candidates:
            status = MatchStatus.UNMATCHED.value
            notes.append(_notes_json([OUTSIDE_REGION(region=region.name)])[0])
        rows.append(
            SurveyRow(
                survey=survey,
                row_number=number,
                regency_text=table.cell(row, columns.regency)[:200],
                district_text=table.cell(row, columns.district)[:200],
                village_text=table.cell(row, columns.village)[:200],
                match_status=status,
                score=result.score,
                suggested_code=code,
                candidates=candidates,
                notes=notes,
                values=parsed.values[position],
                chosen_code=code if status == MatchStatus.EXACT else "",
            )
        )
        if progress and position % 500 == 0:
            progress(position, total, "matching")
    with transaction.atomic():
        SurveyRow.objects.filter(survey=survey).delete()
        SurveyRow.objects.bulk_create(rows, batch_size=1000)
        survey.state = ImportState.REVIEW
        survey.save(update_fields=["state"])
    if progress:
        progress(total, total, "done")
    return len(rows)


def _check_review(survey: SurveyImport) -> None:
    if survey.state != ImportState.REVIEW:
        raise ConnectivityError([NOT_IN_REVIEW(state=survey.get_state_display())])


def survey_row_resolve(*, survey: SurveyImport, row: SurveyRow, decision: str, code: str = "") -> SurveyRow:
    """The operator's decision on one row: "confirm" the suggestion, "choose" a village code, or "skip"."""
    _check_review(survey)
    if decision == "skip":
        row.skipped, row.chosen_code, row.confirmed = True, "", True
    elif decision == "confirm" and row.suggested_code:
        row.skipped, row.chosen_code, row.confirmed = False, row.suggested_code, True
    elif decision == "choose":
        code = code.strip()
        valid = (
            is_within(code, survey.region_id)
            and Region.objects.filter(code=code, level=Level.VILLAGE, retired_at__isnull=True).exists()
        )
        if not valid:
            raise ConnectivityError([BAD_CHOICE(code=code[:30])])
        row.skipped, row.chosen_code, row.confirmed = False, code, True
    else:
        raise ConnectivityError([NOT_A_VILLAGE()])
    row.save(update_fields=["skipped", "chosen_code", "confirmed"])
    return row


def survey_confirm_suggestions(*, survey: SurveyImport) -> int:
    """Accept every fuzzy row's suggested village at once; returns how many rows it decided."""
    _check_review(survey)
    rows = list(
        survey.rows.filter(match_status="fuzzy", chosen_code="", skipped=False).exclude(suggested_code="")
    )
    for row in rows:
        row.chosen_code, row.confirmed = row.suggested_code, True
    SurveyRow.objects.bulk_update(rows, ["chosen_code", "confirmed"], batch_size=1000)
    return len(rows)


@dataclass(frozen=True)
class CommitReport:
    signals: int
    access_points_new: int
    status_changes: int

    def as_dict(self) -> dict[str, int]:
        return {
            "signals": self.signals,
            "access_points_new": self.access_points_new,
            "status_changes": self.status_changes,
        }


def survey_commit(*, survey: SurveyImport, user: Any) -> CommitReport:
    """Save every decided row to the village records, all or nothing; refused while a row is undecided."""
    _check_review(survey)
    rows = list(survey.rows.all())
    undecided = [r for r in rows if not r.resolved]
    if undecided:
        raise ConnectivityError([UNRESOLVED(count=len(undecided))])
    with transaction.atomic():
        survey = SurveyImport.objects.select_for_update().get(pk=survey.pk)
        _check_review(survey)
        report = _apply_rows(survey, [r for r in rows if not r.skipped], user)
        survey.state = ImportState.COMMITTED
        survey.committed_at = timezone.now()
        survey._change_reason = f"saved survey {survey.file_name}"  # type: ignore[attr-defined]
        survey.save()
    return report


def _apply_rows(survey: SurveyImport, rows: list[SurveyRow], user: Any) -> CommitReport:
    codes = {r.chosen_code for r in rows}
    existing: dict[tuple[str, str, str], AccessPoint] = {}
    for ap in AccessPoint.objects.filter(region_id__in=codes).exclude(status=APStatus.REMOVED).order_by("pk"):
        existing.setdefault((ap.region_id, ap.facility, ap.technology), ap)
    observations: list[SignalObservation] = []
    changes: list[tuple[AccessPoint, str, date]] = []
    new_points: list[AccessPoint] = []
    updated: dict[int, AccessPoint] = {}
    for row in rows:
        values = row.values
        when = date.fromisoformat(str(values["since"])) if values.get("since") else survey.observed_on
        if values.get("signal"):
            observations.append(
                SignalObservation(
                    region_id=row.chosen_code,
                    signal=str(values["signal"]),
                    observed_on=when,
                    source=survey.source,
                    note=str(values.get("note") or "")[:500],
                    survey=survey,
                )
            )
        if not values.get("status"):
            continue
        facility = str(values.get("facility") or Facility.VILLAGE_OFFICE)
        technology = str(values["technology"])
        status = str(values["status"])
        key = (row.chosen_code, facility, technology)
        found = existing.get(key)
        if found is None:
            ap = AccessPoint(region_id=row.chosen_code, facility=facility, technology=technology)
            ap.status, ap.status_since = status, when
            existing[key] = ap
            new_points.append(ap)
            changes.append((ap, status, when))
        else:
            ap = found
            if ap.status != status:
                ap.status, ap.status_since = status, when
                changes.append((ap, status, when))
        for field, value_key in (("provider", "provider"), ("power", "power"), ("programme", "programme")):
            if values.get(value_key):
                setattr(ap, field, str(values[value_key])[:200])
        if values.get("bandwidth") is not None:
            ap.bandwidth_mbps = float(str(values["bandwidth"]))
        if ap.pk:
            updated[ap.pk] = ap
    reason = f"survey {survey.file_name}"
    bulk_create_with_history(observations, SignalObservation, default_user=user, default_change_reason=reason)
    for ap in new_points:  # one by one: the status changes need their keys
        ap._change_reason = reason  # type: ignore[attr-defined]
        ap.save()
    for ap in updated.values():
        ap._change_reason = reason  # type: ignore[attr-defined]
        ap.save()
    status_rows = [
        StatusChange(access_point=ap, region_id=ap.region_id, status=status, effective_on=when, survey=survey)
        for ap, status, when in changes
    ]
    bulk_create_with_history(status_rows, StatusChange, default_user=user, default_change_reason=reason)
    return CommitReport(len(observations), len(new_points), len(status_rows))


# --- one record at a time, from the village page -------------------------------------------------------------


def signal_record(
    *, village: Region, signal: str, observed_on: date, source: str, note: str = ""
) -> SignalObservation:
    return SignalObservation.objects.create(
        region=village, signal=signal, observed_on=observed_on, source=source, note=note
    )


@transaction.atomic
def access_point_create(*, village: Region, status: str, status_since: date, **fields: Any) -> AccessPoint:
    ap = AccessPoint.objects.create(region=village, status=status, status_since=status_since, **fields)
    StatusChange.objects.create(access_point=ap, region=village, status=status, effective_on=status_since)
    return ap


@transaction.atomic
def access_point_status_set(
    *, access_point: AccessPoint, status: str, effective_on: date, note: str = ""
) -> AccessPoint:
    StatusChange.objects.create(
        access_point=access_point,
        region_id=access_point.region_id,
        status=status,
        effective_on=effective_on,
        note=note,
    )
    latest = access_point.changes.order_by("-effective_on", "-pk").first()
    if latest is not None:
        access_point.status, access_point.status_since = latest.status, latest.effective_on
        access_point.save()
    return access_point


def outage_report(
    *, village: Region, started_on: date, ended_on: date | None, cause: str, access_point: AccessPoint | None
) -> Outage:
    return Outage.objects.create(
        region=village, started_on=started_on, ended_on=ended_on, cause=cause, access_point=access_point
    )
