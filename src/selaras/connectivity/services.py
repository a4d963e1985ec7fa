"""Writes: survey upload, matching, resolution and saving; records entered one at a time on the village page.

Access is decided by the callers (views, API) through `selaras.accounts.access` before any of these run; the
services only check what the data must satisfy (a chosen village lies inside the import's region, ...).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from selaras.accounts.access import Action, require
from selaras.connectivity.models import (
    AccessPoint,
    APStatus,
    Facility,
    ImportState,
    Outage,
    ProgressTarget,
    SignalObservation,
    StatusChange,
    SurveyColumnMapping,
    SurveyImport,
    SurveyRow,
    SurveyValueMapping,
)
from selaras.connectivity.selectors import survey_mapping_for, village_index
from selaras.connectivity.survey import (
    FIELDS,
    VALUE_FIELDS,
    SurveyPreview,
    outcome_decode,
    parse_values,
    survey_preview,
)
from selaras.core.i18n import Msg, Text
from selaras.core.names import MatchStatus, SurveyError, SurveyTable, VillageQuery, match_village, read_survey
from selaras.core.regions_data import is_within
from selaras.regions.models import Level, Region
from selaras.uploads.services import (
    import_in_background,
    stored_exists,
    stored_read,
    stored_save,
    table_limits,
)
from selaras.web.errors import ServiceError

OUTSIDE_REGION = Msg(
    id="Desa/kelurahan ini di luar wilayah impor ({region}); pilih desa di wilayah ini atau lewati baris.",
    en="This village lies outside the import's region ({region}); choose a village in the region or skip the row.",
)
DUPLICATE_ROWS = Msg(
    id="{count} baris lain sama persis dengan baris ini (baris {rows}); semuanya disimpan sekali sebagai baris ini.",
    en="{count} other rows repeat this row exactly (rows {rows}); they are all kept once, as this row.",
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
NOT_A_VILLAGE = Msg(id="Pilih desa/kelurahan.", en="Choose a village.")
NOT_MAPPING = Msg(
    id="Kolom dan nilai impor ini tidak dapat diubah lagi (status: {state}).",
    en="The columns and values of this import can no longer be changed (state: {state}).",
)
OPEN_COLUMNS = Msg(
    id="Pilih isi kolom {columns} (atau abaikan kolom itu). Belum ada yang disimpan.",
    en="Choose what column {columns} holds (or ignore it). Nothing has been saved.",
)
OPEN_VALUES = Msg(
    id="Pilih arti {count} nilai yang belum dikenali: {values}. Belum ada yang disimpan.",
    en="Choose the meaning of {count} values not recognized: {values}. Nothing has been saved.",
)
BAD_MAPPING = Msg(
    id="Pilihan '{choice}' untuk '{name}' tidak dikenal.",
    en="The choice '{choice}' for '{name}' is not known.",
)
UNKNOWN_INDICATOR = Msg(
    id="Indikator '{key}' tidak ada di rencana {region} yang sudah disetujui.",
    en="Indicator '{key}' is not in an approved plan of {region}.",
)
FILE_GONE = Msg(
    id="Berkas impor '{name}' tidak lagi tersimpan; unggah ulang berkasnya.",
    en="The import's file '{name}' is no longer stored; upload it again.",
)


class ConnectivityError(ServiceError):
    """A request the data does not allow; `messages` say why, in both languages."""

    def __init__(self, messages: list[Text]) -> None:
        super().__init__(list(messages))
        self.messages = messages


# Survey files stay while their import is open (re-read by the preview, the matching job and value changes),
# in the default storage through the upload module; older imports stored a bare name in this folder.
FOLDER = "connectivity-surveys"


def _read(data: bytes, file_name: str) -> SurveyTable:
    try:
        return read_survey(io.BytesIO(data), filename=file_name, limits=table_limits())
    except SurveyError as error:
        raise ConnectivityError([error.message]) from error


def survey_table(*, survey: SurveyImport) -> SurveyTable:
    """The stored file of an import, read again."""
    name = survey.stored_name if "/" in survey.stored_name else f"{FOLDER}/{survey.stored_name}"
    if not stored_exists(name):
        raise ConnectivityError([FILE_GONE(name=survey.file_name)])
    return _read(stored_read(name), survey.file_name)


def survey_preview_get(*, survey: SurveyImport) -> SurveyPreview:
    """Every data column and distinct value of an import's file, with what it means for the import's region."""
    return survey_preview(survey_table(survey=survey), survey_mapping_for(region_code=survey.region_id))


@dataclass(frozen=True)
class UploadResult:
    survey: SurveyImport
    in_background: bool
    still_open: tuple[Text, ...] = ()  # what the preview still needs decided (the import waits in it)


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

    When a column or a value is not recognized (by the defaults or the region's earlier choices), the import
    waits in the preview state for `survey_mapping_save` instead. Raises ConnectivityError, having saved
    nothing, when the file or any of its cells cannot be used.
    """
    require(user, Action.EDIT, region.code)
    table = _read(data, file_name)
    mapping = survey_mapping_for(region_code=region.code)
    needs_decision = survey_preview(table, mapping).needs_decision
    if not needs_decision:
        parsed = parse_values(table, timezone.localdate(), mapping)
        if parsed.errors:
            raise ConnectivityError(parsed.errors)
    suffix = Path(file_name).suffix.casefold()[:6]
    with transaction.atomic():
        survey = SurveyImport.objects.create(
            region=region,
            file_name=file_name[:255],
            stored_name=stored_save(data, folder=FOLDER, suffix=suffix if suffix[1:].isalnum() else ""),
            source=source[:200],
            observed_on=observed_on,
            state=ImportState.PREVIEW if needs_decision else ImportState.MATCHING,
            row_count=len(table.rows),
            created_by=user if getattr(user, "pk", None) else None,
        )
    if needs_decision:
        return UploadResult(survey, False)
    return _start_matching(survey, start_job)


def _start_matching(survey: SurveyImport, start_job: Callable[[SurveyImport], Any] | None) -> UploadResult:
    large = import_in_background(survey.row_count) and start_job is not None
    if large and start_job is not None:
        with transaction.atomic():
            survey.job = start_job(survey)
            survey.save(update_fields=["job"])
    else:
        survey_match(survey=survey)
    return UploadResult(survey, large)


def _remember(model: Any, key: dict[str, str], fields: dict[str, str], reason: str) -> None:
    """Create or change one remembered choice, as one audited save."""
    choice = model.objects.filter(**key).first() or model(**key)
    for name, value in fields.items():
        setattr(choice, name, value)
    choice._change_reason = reason
    choice.save()


def survey_mapping_save(
    *,
    user: Any,
    survey: SurveyImport,
    columns: dict[str, str],
    values: dict[tuple[str, str], str],
    start_job: Callable[[SurveyImport], Any] | None = None,
) -> UploadResult:
    """The operator's answers in the preview, remembered for the region's next survey, then applied.

    `columns` maps a column's compact header to a field ("" = ignore); `values` maps (field, compact value) to
    an outcome as `outcome_encode` writes it ("" = ignore). An import in the preview then has its names
    matched; one under review gets its rows' values read again, keeping every village decision. While a
    column or value is still open the choices made are remembered and the import waits in the preview
    (`still_open` says what is left). All or nothing: when a cell cannot be read, nothing is saved or remembered.
    """
    require(user, Action.EDIT, survey.region_id)
    if survey.state not in (ImportState.PREVIEW, ImportState.REVIEW):
        raise ConnectivityError([NOT_MAPPING(state=survey.get_state_display())])
    table = survey_table(survey=survey)
    before = survey_preview(table, survey_mapping_for(region_code=survey.region_id))
    reason = f"survey preview {survey.file_name}"
    with transaction.atomic():
        for plan in before.columns:
            choice = columns.get(plan.key)
            if choice is None or choice == plan.field:
                continue
            if (choice and choice not in FIELDS) or not plan.key:
                raise ConnectivityError([BAD_MAPPING(choice=choice[:30], name=plan.title[:60])])
            _remember(
                SurveyColumnMapping,
                {"region_id": survey.region_id, "header": plan.key},
                {"title": plan.title[:200], "field": choice},
                reason,
            )
        after_columns = survey_preview(table, survey_mapping_for(region_code=survey.region_id))
        for value in after_columns.values:
            choice = values.get((value.field, value.key))
            if choice is None:
                continue
            outcome = outcome_decode(choice)
            if value.field not in VALUE_FIELDS or outcome is None:
                raise ConnectivityError([BAD_MAPPING(choice=choice[:30], name=value.text[:60])])
            if outcome == value.outcome:
                continue
            _remember(
                SurveyValueMapping,
                {"region_id": survey.region_id, "field": value.field, "value": value.key[:100]},
                {"text": value.text[:200], "outcome": choice},
                reason,
            )
        mapping = survey_mapping_for(region_code=survey.region_id)
        after = survey_preview(table, mapping)
        still_open: list[Text] = []
        if after.open_columns:
            still_open.append(OPEN_COLUMNS(columns=", ".join(f"'{c.title}'" for c in after.open_columns)))
        if after.open_values:
            shown = ", ".join(f"'{v.text}'" for v in after.open_values[:10])
            still_open.append(OPEN_VALUES(count=len(after.open_values), values=shown))
        survey = SurveyImport.objects.select_for_update().get(pk=survey.pk)
        if still_open:
            # The rows' values no longer follow the mapping: back to the preview, where saving is not offered.
            if survey.state != ImportState.PREVIEW:
                survey.state = ImportState.PREVIEW
                survey._change_reason = reason  # type: ignore[attr-defined]
                survey.save()
            return UploadResult(survey, False, tuple(still_open))
        parsed = parse_values(table, timezone.localdate(), mapping)
        if parsed.errors:
            raise ConnectivityError(parsed.errors)  # rolls back the choices made above too
        matched = survey.rows.exists()
        survey.state = ImportState.REVIEW if matched else ImportState.MATCHING
        survey._change_reason = reason  # type: ignore[attr-defined]
        survey.save()
        if matched:
            by_number = dict(zip(table.row_numbers, parsed.values, strict=True))
            rows = list(survey.rows.all())
            for row in rows:
                row.values = by_number.get(row.row_number, {})
            SurveyRow.objects.bulk_update(rows, ["values"], batch_size=1000)
            return UploadResult(survey, False)
    return _start_matching(survey, start_job)


def _candidates_json(candidates: Any, region_code: str) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": c.name,
            "district": c.district_name,
            "regency": c.regency_name,
            "score": c.score,
        }
        for c in candidates
        if is_within(c.code, region_code)
    ]


def _notes_json(notes: Any) -> list[dict[str, str]]:
    return [{"id": n.render("id"), "en": n.render("en")} for n in notes]


def survey_match(*, survey: SurveyImport, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Match every row of a stored survey within its region and keep the rows for review; returns the count."""
    table = survey_table(survey=survey)
    parsed = parse_values(table, timezone.localdate(), survey_mapping_for(region_code=survey.region_id))
    region = survey.region
    province = region.code.split(".")[0]
    index = village_index(province=province)
    columns = table.columns
    default_regency = region.name if region.level == Level.REGENCY else ""
    rows: list[SurveyRow] = []
    total = len(table.rows)
    first_of: dict[str, SurveyRow] = {}  # identical rows are matched and stored once (issue 12)
    repeats: dict[str, list[int]] = {}
    for position, (row, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        same = json.dumps(
            [
                table.cell(row, columns.regency),
                table.cell(row, columns.district),
                table.cell(row, columns.village),
                parsed.values[position],
            ],
            sort_keys=True,
            default=str,
        )
        if same in first_of:
            repeats.setdefault(same, []).append(number)
            continue
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
        first_of[same] = rows[-1]
        if progress and position % 500 == 0:
            progress(position, total, "matching")
    for same, numbers in repeats.items():
        shown = ", ".join(str(n) for n in numbers[:10]) + (", …" if len(numbers) > 10 else "")
        first_of[same].notes.append(_notes_json([DUPLICATE_ROWS(count=len(numbers), rows=shown)])[0])
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


# --- where the progress page takes its targets from --------------------------------------------------------------


def target_indicator_choices(*, region: Region) -> list[tuple[str, str]]:
    """(row id, label) of the indicators of `region`'s approved plans a progress target can be linked to."""
    from selaras.planning.models import Indicator, PlanStatus

    rows = (
        Indicator.objects.filter(region=region, plan__status=PlanStatus.APPROVED)
        .order_by("key", "-plan_id")
        .values_list("key", "indikator", "satuan")
    )
    seen: dict[str, str] = {}
    for key, indikator, satuan in rows:
        seen.setdefault(key, f"{key} {indikator}" + (f" ({satuan})" if satuan else ""))
    return list(seen.items())


@transaction.atomic
def progress_target_set(*, region: Region, indicator_key: str, actor: Any, is_sample: bool = False) -> None:
    """Link `region`'s progress to one indicator of its approved plans (its yearly targets become the page's
    target line), or unlink it with an empty key (the straight line again). Audited; the caller checked EDIT."""
    key = indicator_key.strip()
    current = ProgressTarget.objects.filter(region=region).first()
    if not key:
        if current is not None:
            current._change_reason = "unlinked"  # type: ignore[attr-defined]
            current._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
            current.delete()
        return
    if key not in dict(target_indicator_choices(region=region)):
        raise ConnectivityError([UNKNOWN_INDICATOR(key=key, region=f"{region.code} {region.name}")])
    record = current or ProgressTarget(region=region)
    record.indicator_key, record.is_sample = key, is_sample
    record._change_reason = "linked"  # type: ignore[attr-defined]
    record._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    record.save()
