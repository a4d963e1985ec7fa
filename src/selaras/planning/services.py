"""Writes of plans: periods, the Excel import (check, preview, apply), workflow, realization, nomenclature.

Every function checks access through `selaras.accounts.access` itself, so web pages, the API and background
jobs share one rule. Messages users see are module constants (bilingual `Msg`), rendered by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from selaras.accounts.access import Action, can, require, visible_region_q
from selaras.core.i18n import Msg
from selaras.core.numbers import number_or_none
from selaras.core.plans.nomenclature import NomenclatureEntry, level_of
from selaras.core.plans.reading import read_plans
from selaras.core.plans.rows import Aggregation, PlanRow, Polarity
from selaras.core.plans.workbook import (
    DEFAULT_MAX_ROWS,
    SHEET,
    CellError,
    ImportContext,
    PlanWorkbook,
    workbook_problems,
)
from selaras.core.tables import Problem
from selaras.planning.models import (
    Indicator,
    Nomenclature,
    NomenclatureVersion,
    Plan,
    PlanElement,
    PlanImport,
    PlanKind,
    PlanStatus,
)
from selaras.regions.models import NATIONAL_CODE, Level, Region
from selaras.uploads.services import table_limits
from selaras.web.errors import ServiceError

Progress = Callable[[int, int, str], None]
BATCH = 500

LOCKED = Msg(
    id="Rencana ini sudah {status}; tidak dapat diubah sebelum dibuka kembali oleh admin provinsi.",
    en="This plan is {status}; it cannot be changed until a provincial administrator unlocks it.",
)
KEY_OF_HIGHER_PLAN = Msg(
    id="id '{value}' sudah dipakai oleh rencana wilayah {region}; pilih id lain.",
    en="id '{value}' is already used by the plan of region {region}; choose another id.",
)
BAD_TRANSITION = Msg(
    id="Rencana berstatus {status} tidak dapat {action}.",
    en="A plan with status {status} cannot be {action}.",
)
REASON_REQUIRED = Msg(id="Alasan wajib diisi.", en="A reason is required.")
EMPTY_PLAN = Msg(
    id="Rencana masih kosong; impor baris program terlebih dahulu.",
    en="The plan is empty; import its program rows first.",
)
BAD_YEARS = Msg(
    id="Periode harus 1 sampai 10 tahun antara 2000 dan 2100.",
    en="A period must be 1 to 10 years between 2000 and 2100.",
)
PERIOD_EXISTS = Msg(
    id="Wilayah ini sudah punya rencana {kind} yang dimulai tahun {year}.",
    en="This region already has a {kind} plan starting in {year}.",
)
BAD_REGION_FOR_KIND = Msg(
    id="RPJMN hanya untuk wilayah 00 (nasional), RPJMD dan Renstra untuk provinsi atau kabupaten/kota.",
    en="RPJMN is only for region 00 (national); RPJMD and Renstra for a province or regency/city.",
)
YEAR_NOT_IN_PLAN = Msg(
    id="Tahun {year} di luar periode rencana.", en="Year {year} is outside the plan period."
)

ACTION_WORDS = {
    "submit": Msg(id="diajukan", en="submitted"),
    "approve": Msg(id="disetujui", en="approved"),
    "reject": Msg(id="ditolak", en="rejected"),
    "unlock": Msg(id="dibuka kembali", en="unlocked"),
}
STATUS_WORDS = {
    PlanStatus.DRAFT: Msg(id="draf", en="draft"),
    PlanStatus.SUBMITTED: Msg(id="diajukan", en="submitted"),
    PlanStatus.APPROVED: Msg(id="disetujui", en="approved"),
    PlanStatus.REJECTED: Msg(id="ditolak", en="rejected"),
}


class _System:
    """The caller for trusted internal loads (sample data, benchmarks): acts as an installation superuser."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True
    region_code = ""
    role = ""


SYSTEM = _System()


class PlanError(ServiceError):
    """A refused change; `text` says why in both languages."""


# --- periods -----------------------------------------------------------------------------------------------


def plan_create(
    *,
    user: Any,
    region_code: str,
    kind: str,
    start_year: int,
    end_year: int,
    unit_name: str = "",
    is_sample: bool = False,
) -> Plan:
    """A new draft plan for `region_code` and the years `start_year`..`end_year`."""
    require(user, Action.EDIT, region_code)
    if not (2000 <= start_year <= end_year <= 2100 and end_year - start_year < 10):
        raise PlanError(BAD_YEARS())
    if (kind == PlanKind.RPJMN) != (region_code == NATIONAL_CODE):
        raise PlanError(BAD_REGION_FOR_KIND())
    if Plan.objects.filter(region_id=region_code, kind=kind, start_year=start_year).exists():
        raise PlanError(PERIOD_EXISTS(kind=PlanKind(kind).label, year=start_year))
    plan = Plan(
        region_id=region_code,
        kind=kind,
        start_year=start_year,
        end_year=end_year,
        unit_name=unit_name,
        is_sample=is_sample,
    )
    plan._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    plan.save()
    return plan


# --- rows ----------------------------------------------------------------------------------------------------


def decimal_or_none(value: str | None) -> Decimal | None:
    """A number stored as text (written by `_text`: plain decimals) back as a Decimal; None when empty."""
    return number_or_none(value, decimal_point=True)


def _text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def _yearly_text(values: dict[int, Decimal]) -> dict[str, str]:
    return {str(year): _text(value) for year, value in sorted(values.items())}


def indicator_row(indicator: Indicator, element: PlanElement) -> PlanRow:
    """The stored indicator as the sheet row it came from (pagu is its element's)."""
    return PlanRow(
        id=indicator.key,
        kode_wilayah=indicator.region_id,
        kode=element.kode,
        uraian=indicator.uraian,
        indikator=indicator.indikator,
        satuan=indicator.satuan,
        polaritas=Polarity(indicator.polaritas),
        agregasi=Aggregation(indicator.agregasi),
        baseline=decimal_or_none(indicator.baseline),
        targets_by_year={int(y): Decimal(v) for y, v in indicator.targets_by_year.items()},
        pagu_idr_by_year={int(y): Decimal(v) for y, v in element.pagu_by_year.items()},
        lokasi=tuple(indicator.lokasi),
        mendukung=indicator.supports_key or None,
        tipe=indicator.tipe,
        penanggung_jawab=indicator.penanggung_jawab,
    )


def plan_rows(*, plan: Plan) -> list[PlanRow]:
    """Every indicator of the plan as sheet rows, in the order they were imported."""
    indicators = Indicator.objects.filter(plan=plan).select_related("element").order_by("position", "pk")
    return [indicator_row(i, i.element) for i in indicators]


def higher_plans(plan: Plan, user: Any) -> list[Plan]:
    """Plans a row of `plan` may support: the province's and the national ones overlapping its years, as far
    as `user` may read them."""
    codes = [NATIONAL_CODE]
    if "." in plan.region_id:
        codes.append(plan.region_id.split(".")[0])
    if plan.region_id == NATIONAL_CODE:
        return []
    candidates = Plan.objects.filter(
        region_id__in=codes, start_year__lte=plan.end_year, end_year__gte=plan.start_year
    ).exclude(pk=plan.pk)
    return [p for p in candidates if p.is_public or can(user, Action.VIEW_PRIVATE, p.region_id)]


def import_context(*, plan: Plan, user: Any) -> tuple[ImportContext, dict[str, str]]:
    """What the reader checks against the database; also the higher plans' keys (key -> their region)."""
    higher = higher_plans(plan, user)
    higher_keys = dict(
        Indicator.objects.filter(plan__in=higher).values_list("key", "region_id").order_by("plan__start_year")
    )
    known_rows: dict[str, str | None] = {
        key: supports or None
        for key, supports in Indicator.objects.filter(plan__in=higher).values_list("key", "supports_key")
    }
    known_rows.update(
        {
            key: supports or None
            for key, supports in Indicator.objects.filter(plan=plan).values_list("key", "supports_key")
        }
    )
    villages = frozenset(
        Region.objects.filter(level=Level.VILLAGE).within(plan.region_id).values_list("code", flat=True)
        if plan.region_id != NATIONAL_CODE
        else ()
    )
    context = ImportContext(
        allowed_region_codes=frozenset({plan.region_id}),
        known_region_codes=frozenset(
            Region.objects.filter(level__in=[Level.NATIONAL, Level.PROVINCE, Level.REGENCY]).values_list(
                "code", flat=True
            )
        )
        | {NATIONAL_CODE},
        known_village_codes=villages,
        period_years=plan.years,
        known_rows=known_rows,
    )
    return context, higher_keys


@dataclass(frozen=True)
class RowChange:
    key: str
    kode: str
    indikator: str
    kind: str  # new, changed, unchanged
    fields: tuple[str, ...] = ()


class _Checked:
    """What every import check says: its errors (nothing may be saved) and the file's warnings."""

    workbook: PlanWorkbook
    errors: tuple[CellError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def warnings(self) -> tuple[CellError, ...]:
        return self.workbook.warnings


@dataclass(frozen=True)
class ImportCheck(_Checked):
    """The result of checking an upload against a plan: errors (nothing may be saved) or what would change."""

    workbook: PlanWorkbook
    errors: tuple[CellError, ...]
    changes: tuple[RowChange, ...] = ()
    element_changes: tuple[str, ...] = ()  # codes of elements whose name or pagu would change or be created
    removed: tuple[str, ...] = ()  # keys of saved rows the file leaves out, removed when asked to
    retired_codes: tuple[str, ...] = ()  # codes of the file retired from the nomenclature master (a warning)

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def changes_anything(self) -> bool:
        return (
            bool(self.element_changes)
            or bool(self.removed)
            or any(c.kind != "unchanged" for c in self.changes)
        )


_COMPARED = (
    "uraian",
    "indikator",
    "satuan",
    "polaritas",
    "agregasi",
    "baseline",
    "targets_by_year",
    "lokasi",
    "mendukung",
    "tipe",
    "penanggung_jawab",
)


def _element_pagu(rows: Sequence[PlanRow]) -> dict[str, dict[int, Decimal]]:
    """Pagu per code and year; when rows disagree the first row's is used (the reader warned about it)."""
    pagu: dict[str, dict[int, Decimal]] = {}
    for row in rows:
        years = pagu.setdefault(row.kode, {})
        for year, amount in row.pagu_idr_by_year.items():
            years.setdefault(year, amount)
    return pagu


def _plan_limits() -> dict[str, Any]:
    """The upload module's limits (size, settings.IMPORT_MAX_ROWS) for a plan workbook, rows capped by the
    template's own DEFAULT_MAX_ROWS."""
    limits = table_limits()
    return {"limits": limits, "max_rows": min(limits.max_rows, DEFAULT_MAX_ROWS)}


def plan_import_check(
    *, plan: Plan, user: Any, data: bytes, remove_missing: bool = False, file_name: str = ""
) -> ImportCheck:
    """Read and check `data` against `plan`; never raises on bad input, never writes. With `remove_missing`
    the preview also lists the saved rows the file leaves out (the file then replaces the plan)."""
    require(user, Action.EDIT, plan.region_id)
    if plan.is_locked:
        error = CellError(
            sheet="", row=None, column=None, text=LOCKED(status=STATUS_WORDS[PlanStatus(plan.status)]())
        )
        return ImportCheck(workbook=PlanWorkbook(rows=(), years=(), errors=()), errors=(error,))
    context, higher_keys = import_context(plan=plan, user=user)
    workbook = read_plans(data, filename=file_name, context=context, **_plan_limits())
    errors = list(workbook.errors)
    for row in workbook.rows:
        if row.id in higher_keys and higher_keys[row.id] != plan.region_id:
            errors.append(
                CellError(
                    SHEET, row.sheet_row, None, KEY_OF_HIGHER_PLAN(value=row.id, region=higher_keys[row.id])
                )
            )
    errors.sort(key=lambda e: (e.sheet != "", e.row or 0))
    if errors:
        return ImportCheck(workbook=workbook, errors=tuple(errors))
    return _compare(plan, workbook, workbook.rows, remove_missing)


def _compare(
    plan: Plan | None, workbook: PlanWorkbook, rows: Sequence[PlanRow], remove_missing: bool
) -> ImportCheck:
    """What saving `rows` into `plan` (None: a plan still to be created) would change."""
    existing = (
        {
            i.key: indicator_row(i, i.element)
            for i in Indicator.objects.filter(plan=plan).select_related("element")
        }
        if plan is not None
        else {}
    )
    changes = []
    for row in rows:
        old = existing.get(row.id)
        if old is None:
            changes.append(RowChange(row.id, row.kode, row.indikator, "new"))
            continue
        differing = [name for name in _COMPARED if getattr(old, name) != getattr(row, name)]
        if old.kode != row.kode:
            differing.insert(0, "kode")
        changes.append(
            RowChange(
                row.id, row.kode, row.indikator, "changed" if differing else "unchanged", tuple(differing)
            )
        )
    elements = {e.kode: e for e in PlanElement.objects.filter(plan=plan)} if plan is not None else {}
    element_changes = []
    first_uraian: dict[str, str] = {}
    for row in rows:
        first_uraian.setdefault(row.kode, row.uraian)
    for kode, pagu in _element_pagu(rows).items():
        element = elements.get(kode)
        if (
            element is None
            or element.uraian != first_uraian[kode]
            or element.pagu_by_year != _yearly_text(pagu)
        ):
            element_changes.append(kode)
    retired = Nomenclature.objects.filter(
        code__in={row.kode for row in rows}, retired_at__isnull=False
    ).values_list("code", flat=True)
    file_keys = {row.id for row in rows}
    removed = tuple(sorted(k for k in existing if k not in file_keys)) if remove_missing else ()
    return ImportCheck(
        workbook=workbook,
        errors=(),
        changes=tuple(changes),
        element_changes=tuple(element_changes),
        removed=removed,
        retired_codes=tuple(sorted(retired)),
    )


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    elements_created: int = 0
    elements_updated: int = 0
    removed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "elements_created": self.elements_created,
            "elements_updated": self.elements_updated,
            "removed": self.removed,
        }


def _noop(done: int, total: int, stage: str) -> None:
    return None


def plan_import_rows(
    *,
    plan: Plan,
    user: Any,
    rows: Sequence[PlanRow],
    progress: Progress = _noop,
    reason: str = "import",
    remove_missing: bool = False,
    file_name: str = "",
    from_province: bool = False,
    warnings: int = 0,
) -> ImportReport:
    """Save checked rows into `plan` in one transaction: new ids are created, known ids updated.

    The rows must come from a check without errors (`plan_import_check`). Rows of the plan that the file
    does not name are kept, unless `remove_missing`: then they are deleted (the trail records each), with
    the programs/kegiatan left without indicators. The import is recorded (`PlanImport`) for the plan's page.
    """
    require(user, Action.EDIT, plan.region_id)
    history_user = user if getattr(user, "pk", None) else None
    report = ImportReport()
    total = len(rows)
    step = max(1, min(500, total // 50))  # about fifty progress reports while the rows are compared
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.is_locked:
            raise PlanError(LOCKED(status=STATUS_WORDS[PlanStatus(plan.status)]()))
        progress(0, total, "elements")
        elements = {e.kode: e for e in PlanElement.objects.filter(plan=plan)}
        first_uraian: dict[str, str] = {}
        for row in rows:
            first_uraian.setdefault(row.kode, row.uraian)
        new_elements, changed_elements = [], []
        for kode, pagu in _element_pagu(rows).items():
            pagu_text = _yearly_text(pagu)
            element = elements.get(kode)
            if element is None:
                element = PlanElement(
                    plan=plan,
                    region_id=plan.region_id,
                    kode=kode,
                    level=level_of(kode) or "urusan",
                    uraian=first_uraian[kode],
                    pagu_by_year=pagu_text,
                )
                new_elements.append(element)
            elif element.uraian != first_uraian[kode] or element.pagu_by_year != pagu_text:
                element.uraian, element.pagu_by_year = first_uraian[kode], pagu_text
                changed_elements.append(element)
        if new_elements:
            bulk_create_with_history(
                new_elements,
                PlanElement,
                batch_size=BATCH,
                default_user=history_user,
                default_change_reason=reason,
            )
        if changed_elements:
            bulk_update_with_history(
                changed_elements,
                PlanElement,
                ["uraian", "pagu_by_year"],
                batch_size=BATCH,
                default_user=history_user,
                default_change_reason=reason,
            )
        report.elements_created, report.elements_updated = len(new_elements), len(changed_elements)
        elements = {e.kode: e for e in PlanElement.objects.filter(plan=plan)}
        existing = {i.key: i for i in Indicator.objects.filter(plan=plan)}
        position = max((i.position for i in existing.values()), default=0)
        new_rows, changed_rows = [], []
        for done, row in enumerate(rows, start=1):
            values = {
                "element_id": elements[row.kode].pk,
                "uraian": row.uraian,
                "indikator": row.indikator,
                "satuan": row.satuan,
                "polaritas": str(row.polaritas),
                "agregasi": str(row.agregasi),
                "tipe": row.tipe,
                "baseline": _text(row.baseline),
                "targets_by_year": _yearly_text(row.targets_by_year),
                "lokasi": list(row.lokasi),
                "penanggung_jawab": row.penanggung_jawab,
                "supports_key": row.mendukung or "",
            }
            indicator = existing.get(row.id)
            if indicator is None:
                position += 1
                new_rows.append(
                    Indicator(plan=plan, region_id=plan.region_id, key=row.id, position=position, **values)
                )
            elif any(getattr(indicator, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(indicator, name, value)
                changed_rows.append(indicator)
            else:
                report.unchanged += 1
            if done % step == 0:
                progress(done, total, "rows")
        progress(total, total, "rows")
        # Saved in batches, each reported: the job page moves while the slow part runs, and a cancel stops it.
        to_save, saved = len(new_rows) + len(changed_rows), 0
        for start in range(0, len(new_rows), BATCH):
            batch = new_rows[start : start + BATCH]
            bulk_create_with_history(
                batch, Indicator, batch_size=BATCH, default_user=history_user, default_change_reason=reason
            )
            saved += len(batch)
            progress(saved, to_save, "save")
        for start in range(0, len(changed_rows), BATCH):
            batch = changed_rows[start : start + BATCH]
            bulk_update_with_history(
                batch,
                Indicator,
                ["element", *_INDICATOR_FIELDS],
                batch_size=BATCH,
                default_user=history_user,
                default_change_reason=reason,
            )
            saved += len(batch)
            progress(saved, to_save, "save")
        report.created, report.updated = len(new_rows), len(changed_rows)
        if remove_missing:
            report.removed = _remove_rows_not_in(plan, {row.id for row in rows}, history_user, reason)
        PlanImport.objects.create(
            plan=plan,
            region_id=plan.region_id,
            imported_by=history_user,
            file_name=file_name[:200],
            from_province=from_province,
            rows=total,
            created=report.created,
            updated=report.updated,
            removed=report.removed,
            warnings=warnings,
        )
        progress(total, total, "done")
    return report


def _remove_rows_not_in(plan: Plan, keys: set[str], history_user: Any, reason: str) -> int:
    removed = 0
    for indicator in Indicator.objects.filter(plan=plan).exclude(key__in=keys):
        indicator._history_user = history_user  # type: ignore[attr-defined]
        indicator._change_reason = reason  # type: ignore[attr-defined]
        indicator.delete()
        removed += 1
    for element in PlanElement.objects.filter(plan=plan, indicators__isnull=True):
        element._history_user = history_user  # type: ignore[attr-defined]
        element._change_reason = reason  # type: ignore[attr-defined]
        element.delete()
    return removed


_INDICATOR_FIELDS = (
    "uraian",
    "indikator",
    "satuan",
    "polaritas",
    "agregasi",
    "tipe",
    "baseline",
    "targets_by_year",
    "lokasi",
    "penanggung_jawab",
    "supports_key",
)


def import_problems(check: _Checked) -> list[Problem]:
    """A check's errors and the file's warnings, for the grouped listing and the marked-up download."""
    return workbook_problems(check.errors, check.warnings)


# --- province-wide workbooks ----------------------------------------------------------------------------------

BAD_PERIOD_YEARS = Msg(
    id="Tahun di judul kolom ({years}) harus berurutan, paling banyak 10 tahun.",
    en="The years in the column headers ({years}) must be consecutive, at most 10 years.",
)
REGION_PLAN_LOCKED = Msg(
    id=(
        "Rencana {plan} wilayah {region} sudah {status}; baris wilayah ini mengubahnya, jadi tidak dapat diimpor "
        "sebelum dibuka."
    ),
    en=(
        "Plan {plan} of region {region} is {status}; this region's rows change it, so they cannot be imported "
        "until it is unlocked."
    ),
)
REGION_PLAN_OTHER_PERIOD = Msg(
    id="Wilayah {region} sudah punya rencana {plan}; tahun berkas ({period}) tidak sama.",
    en="Region {region} already has plan {plan}; the file's years ({period}) differ.",
)


@dataclass(frozen=True)
class RegionImport:
    """What a province-wide workbook would do to one region's plan (`plan` None: a draft is created)."""

    region_code: str
    region_name: str
    kind: str
    plan: Plan | None
    check: ImportCheck  # the rows of this region only, compared with its plan
    warnings: tuple[CellError, ...]

    @property
    def rows(self) -> tuple[PlanRow, ...]:
        return tuple(self.check.workbook.rows)


@dataclass(frozen=True)
class ProvinceImportCheck(_Checked):
    """A province-wide workbook checked: errors (nothing may be saved, in any region) or the work per region."""

    workbook: PlanWorkbook
    errors: tuple[CellError, ...]
    regions: tuple[RegionImport, ...] = ()

    @property
    def row_count(self) -> int:
        return len(self.workbook.rows)


def province_of(user: Any) -> str:
    """The province a provincial administrator (or a superuser, the installation's) imports for."""
    code = str(getattr(user, "region_code", "") or settings.DEFAULT_PROVINCE)
    return code.split(".")[0]


def require_province_import(user: Any) -> str:
    """Only the province's administrators (and superusers) import a province-wide workbook: deciding for the
    province is theirs (403 for others who see the province, 404 outside it). Returns the province code."""
    province = province_of(user)
    require(user, Action.DECIDE, province)
    return province


def _plan_kind(region_code: str, kind: str) -> str:
    return PlanKind.RPJMN if region_code == NATIONAL_CODE else kind


def province_import_check(
    *, user: Any, data: bytes, kind: str, remove_missing: bool = False, file_name: str = ""
) -> ProvinceImportCheck:
    """Read and check a workbook holding rows of many regions of `user`'s province (and national rows) for one
    period, the period being the file's years. Every row goes to its region's plan of `kind` (national rows
    to the RPJMN) starting in the file's first year. Links resolve inside the file and to saved rows of those
    plans. Never raises on bad input, never writes."""
    province = require_province_import(user)
    regions = dict(
        Region.objects.filter(
            Q(code=province) | Q(code__startswith=province + ".", level=Level.REGENCY) | Q(code=NATIONAL_CODE)
        ).values_list("code", "name")
    )
    writable = frozenset(code for code in regions if can(user, Action.EDIT, code))
    plans: dict[str, Plan] = {}
    owner: dict[str, str] = {}

    def saved_rows(years: tuple[int, ...]) -> dict[str, str | None]:
        """The plans of the file's period (national: the RPJMN), and their saved rows; read once the reader
        knows the years."""
        found = Plan.objects.filter(region_id__in=list(regions), start_year=years[0] if years else 0).filter(
            Q(kind=kind) | Q(kind=PlanKind.RPJMN, region_id=NATIONAL_CODE)
        )
        plans.update({p.region_id: p for p in found if p.kind == _plan_kind(p.region_id, kind)})
        saved = Indicator.objects.filter(plan__in=list(plans.values()))
        owner.update(saved.values_list("key", "region_id"))
        return {key: supports or None for key, supports in saved.values_list("key", "supports_key")}

    context = ImportContext(
        allowed_region_codes=writable,
        known_region_codes=frozenset(
            Region.objects.filter(level__in=[Level.NATIONAL, Level.PROVINCE, Level.REGENCY]).values_list(
                "code", flat=True
            )
        )
        | {NATIONAL_CODE},
        known_village_codes=frozenset(
            Region.objects.filter(level=Level.VILLAGE).within(province).values_list("code", flat=True)
        ),
        known_rows_of_years=saved_rows,
    )
    workbook = read_plans(data, filename=file_name, context=context, **_plan_limits())
    years = workbook.years
    errors: list[CellError] = []
    if years and (years != tuple(range(years[0], years[-1] + 1)) or len(years) > 10):
        errors.append(CellError(SHEET, 1, None, BAD_PERIOD_YEARS(years=", ".join(map(str, years)))))
    errors.extend(workbook.errors)
    by_region: dict[str, list[PlanRow]] = {}
    for row in workbook.rows:
        by_region.setdefault(row.kode_wilayah, []).append(row)
        if row.id in owner and owner[row.id] != row.kode_wilayah:
            errors.append(
                CellError(SHEET, row.sheet_row, None, KEY_OF_HIGHER_PLAN(value=row.id, region=owner[row.id]))
            )
    for code, rows in by_region.items():
        plan = plans.get(code)
        if plan is None:
            continue
        # A submitted or approved plan may stay in the workbook as long as its rows change nothing.
        if plan.is_locked and _compare(plan, workbook, rows, remove_missing).changes_anything:
            status = STATUS_WORDS[PlanStatus(plan.status)]()
            text = REGION_PLAN_LOCKED(plan=plan.label, region=code, status=status)
        elif plan.years != years:
            text = REGION_PLAN_OTHER_PERIOD(region=code, plan=plan.label, period=f"{years[0]}-{years[-1]}")
        else:
            continue
        errors.append(CellError(SHEET, rows[0].sheet_row, None, text))
    errors.sort(key=lambda e: (e.sheet != "", e.row or 0))
    if errors:
        return ProvinceImportCheck(workbook=workbook, errors=tuple(errors))
    warnings_of: dict[int, list[CellError]] = {}
    for warning in workbook.warnings:
        warnings_of.setdefault(warning.row or 0, []).append(warning)
    work = []
    for code in sorted(by_region, key=lambda c: (c != NATIONAL_CODE, c)):
        rows = by_region[code]
        plan = plans.get(code)
        part = PlanWorkbook(rows=tuple(rows), years=years, errors=())
        work.append(
            RegionImport(
                region_code=code,
                region_name=regions.get(code, code),
                kind=_plan_kind(code, kind),
                plan=plan,
                check=_compare(plan, part, rows, remove_missing),
                warnings=tuple(w for row in rows for w in warnings_of.get(row.sheet_row, ())),
            )
        )
    return ProvinceImportCheck(workbook=workbook, errors=(), regions=tuple(work))


def _within_part(progress: Progress, before: int, rows: int, total: int, label: str) -> Progress:
    """A region's import reported as rows of the whole workbook: comparing moves through the first half of the
    region's rows, saving through the second."""

    def report(done: int, of: int, stage: str) -> None:
        share = done / of if of else 1.0
        half = rows // 2
        if stage == "save":
            within = half + int(share * (rows - half))
        elif stage == "done":
            within = rows
        else:
            within = int(share * half)
        progress(before + min(within, rows), total, f"{label} {stage}")

    return report


def province_import_commit(
    *,
    user: Any,
    data: bytes,
    kind: str,
    remove_missing: bool = False,
    file_name: str = "",
    progress: Progress = _noop,
) -> ProvinceImportCheck:
    """Check again and save every region's rows into its plan (a draft created where none exists), all regions
    in one transaction: an error anywhere saves nothing. Each plan records the import (`from_province`)."""
    with transaction.atomic():
        check = province_import_check(
            user=user, data=data, kind=kind, remove_missing=remove_missing, file_name=file_name
        )
        if check.errors:
            return check
        total, done = check.row_count, 0
        for part in check.regions:
            if part.plan is not None and part.plan.is_locked:
                continue  # unchanged (the check refused changes to it)
            plan = part.plan or plan_create(
                user=user,
                region_code=part.region_code,
                kind=part.kind,
                start_year=check.workbook.years[0],
                end_year=check.workbook.years[-1],
            )
            plan_import_rows(
                plan=plan,
                user=user,
                rows=part.rows,
                progress=_within_part(progress, done, len(part.rows), total, part.region_code),
                reason=f"import provinsi {file_name}"[:100],
                remove_missing=remove_missing,
                file_name=file_name,
                from_province=True,
                warnings=len(part.warnings),
            )
            done += len(part.rows)
            progress(done, total, part.region_code)
    return check


# --- workflow ------------------------------------------------------------------------------------------------


def _require_province_admin(user: Any, plan: Plan) -> None:
    """Deciding on a plan is its province's administrators' (national targets: any province's administrators,
    who enter them). Outside the plan's reach 404, else 403."""
    require(user, Action.VIEW if plan.is_public else Action.VIEW_PRIVATE, plan.region_id)
    require(user, Action.DECIDE, plan.region_id)


def _move(
    plan: Plan, user: Any, *, to: PlanStatus, allowed_from: Iterable[str], action: str, reason: str
) -> Plan:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in allowed_from:
            raise PlanError(
                BAD_TRANSITION(status=STATUS_WORDS[PlanStatus(plan.status)](), action=ACTION_WORDS[action]())
            )
        plan.status = to
        plan.status_reason = reason
        plan.status_changed_at = timezone.now()
        plan.status_changed_by = user if getattr(user, "pk", None) else None
        plan._history_user = plan.status_changed_by  # type: ignore[attr-defined]
        plan._change_reason = f"{action}: {reason}"[:100] if reason else action  # type: ignore[attr-defined]
        plan.save()
    return plan


def plan_submit(*, plan: Plan, user: Any) -> Plan:
    """The region hands its draft (or rejected) plan to the province; from now on the province reads it."""
    require(user, Action.EDIT, plan.region_id)
    if not Indicator.objects.filter(plan=plan).exists():
        raise PlanError(EMPTY_PLAN())
    return _move(
        plan,
        user,
        to=PlanStatus.SUBMITTED,
        allowed_from=(PlanStatus.DRAFT, PlanStatus.REJECTED),
        action="submit",
        reason="",
    )


def plan_approve(*, plan: Plan, user: Any) -> Plan:
    _require_province_admin(user, plan)
    return _move(
        plan, user, to=PlanStatus.APPROVED, allowed_from=(PlanStatus.SUBMITTED,), action="approve", reason=""
    )


def plan_reject(*, plan: Plan, user: Any, reason: str) -> Plan:
    _require_province_admin(user, plan)
    if not reason.strip():
        raise PlanError(REASON_REQUIRED())
    return _move(
        plan,
        user,
        to=PlanStatus.REJECTED,
        allowed_from=(PlanStatus.SUBMITTED,),
        action="reject",
        reason=reason.strip(),
    )


def plan_unlock(*, plan: Plan, user: Any, reason: str) -> Plan:
    """An approved plan goes back to draft so its region can change it; only the province does this."""
    _require_province_admin(user, plan)
    if not reason.strip():
        raise PlanError(REASON_REQUIRED())
    return _move(
        plan,
        user,
        to=PlanStatus.DRAFT,
        allowed_from=(PlanStatus.APPROVED,),
        action="unlock",
        reason=reason.strip(),
    )


# --- realization ---------------------------------------------------------------------------------------------


def indicator_set_realization(
    *, indicator: Indicator, user: Any, year: int, value: Decimal | None
) -> Indicator:
    """Record (or clear, with None) the realization of one year; allowed in any status, it is not the plan. The
    indicator is read again under a row lock, so two years recorded at the same moment both stay."""
    require(user, Action.EDIT, indicator.region_id)
    if year not in indicator.plan.years:
        raise PlanError(YEAR_NOT_IN_PLAN(year=year))
    with transaction.atomic():
        return _realization_set(indicator=indicator, user=user, year=year, value=value)


def _realization_set(*, indicator: Indicator, user: Any, year: int, value: Decimal | None) -> Indicator:
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    realization = dict(indicator.realization_by_year)
    if value is None:
        realization.pop(str(year), None)
    else:
        realization[str(year)] = _text(value)
    indicator.realization_by_year = dict(sorted(realization.items()))
    indicator._history_user = user if getattr(user, "pk", None) else None  # type: ignore[attr-defined]
    indicator.save(update_fields=["realization_by_year"])
    return indicator


# --- nomenclature --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NomenclatureReport:
    added: int
    renamed: int
    retired: int
    restored: int


def nomenclature_load(
    *, entries: Sequence[NomenclatureEntry], decree: str, user: Any, is_partial: bool = False
) -> NomenclatureReport:
    """Bring the master in line with an official list (already checked): new codes added, names updated,
    codes of the list's urusan missing from it retired (kept, so plans that use them keep working)."""
    if user is not None and not getattr(user, "is_superuser", False):
        require(user, Action.ADMINISTER, NATIONAL_CODE)
    now = timezone.now()
    with transaction.atomic():
        version = NomenclatureVersion.objects.create(
            decree=decree[:200], is_partial=is_partial, loaded_by=user if getattr(user, "pk", None) else None
        )
        current = {n.code: n for n in Nomenclature.objects.all()}
        listed = {e.code for e in entries}
        urusan = {e.urusan for e in entries}
        added = renamed = restored = 0
        new, changed = [], []
        for entry in entries:
            row = current.get(entry.code)
            if row is None:
                new.append(
                    Nomenclature(
                        code=entry.code,
                        urusan=entry.urusan,
                        level=entry.level,
                        tier=entry.tier,
                        name=entry.name,
                        version=version,
                    )
                )
                added += 1
                continue
            renamed += row.name != entry.name
            restored += row.retired_at is not None
            row.name, row.version, row.retired_at, row.retired_by = entry.name, version, None, None
            changed.append(row)
        Nomenclature.objects.bulk_create(new, batch_size=BATCH)
        Nomenclature.objects.bulk_update(
            changed, ["name", "version", "retired_at", "retired_by"], batch_size=BATCH
        )
        # A partial list says nothing about the codes it leaves out.
        gone = (
            []
            if is_partial
            else [
                n
                for code, n in current.items()
                if code not in listed and n.urusan in urusan and n.retired_at is None
            ]
        )
        for row in gone:
            row.retired_at, row.retired_by = now, version
        Nomenclature.objects.bulk_update(gone, ["retired_at", "retired_by"], batch_size=BATCH)
        version.entries, version.retired = len(entries), len(gone)
        version.save(update_fields=["entries", "retired"])
    return NomenclatureReport(added=added, renamed=renamed, retired=len(gone), restored=restored)


def visible_plans_q(user: Any) -> Q:
    """Plans `user` may read: their region's (and, for a provincial admin, the province's) in any status,
    the province's submitted and approved ones, and national targets."""
    private = visible_region_q(user, "region__code", Action.VIEW_PRIVATE)
    shared = visible_region_q(user, "region__code", Action.VIEW) & Q(
        status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED]
    )
    national = visible_region_q(user, "region__code", Action.VIEW) & Q(region_id=NATIONAL_CODE)
    return private | shared | national
