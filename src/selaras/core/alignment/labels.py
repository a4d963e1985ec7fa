"""What users read for coded values (the analysis' kinds, severities and irisan types; how a village name
matched), sheets and columns, in Indonesian and English: the page,
the xlsx report and the CLI's workbook use these labels, never the raw codes."""

from __future__ import annotations

from collections.abc import Mapping

from selaras.core.alignment.model import GapKind, IrisanType, Severity
from selaras.core.i18n import Msg
from selaras.core.names.matcher import MatchStatus
from selaras.core.rollout.model import Status as SolveStatus

VALUE_LABELS: Mapping[str, Msg] = {
    GapKind.NOT_SUPPORTED: Msg(id="tidak didukung", en="not supported"),
    GapKind.NATIONAL_NOT_SUPPORTED: Msg(
        id="program nasional tidak didukung", en="national program not supported"
    ),
    GapKind.MISSING_CONTRIBUTORS: Msg(id="kontributor kurang", en="contributors missing"),
    Severity.ERROR: Msg(id="galat", en="error"),
    Severity.WARNING: Msg(id="peringatan", en="warning"),
    IrisanType.DUPLIKASI: Msg(id="duplikasi", en="duplication"),
    IrisanType.LAYANAN_BERSAMA: Msg(id="layanan bersama", en="shared service"),
    IrisanType.KOLABORASI: Msg(id="kolaborasi", en="collaboration"),
    # How a survey's village name matched the official list (connectivity imports, `selaras villages match`).
    MatchStatus.EXACT: Msg(id="cocok persis", en="exact match"),
    MatchStatus.FUZZY: Msg(id="mirip", en="close match"),
    MatchStatus.AMBIGUOUS: Msg(id="lebih dari satu kemungkinan", en="more than one possibility"),
    MatchStatus.UNMATCHED: Msg(id="tidak ditemukan", en="not found"),
    # What the rollout solver proved about its plan.
    SolveStatus.OPTIMAL: Msg(id="optimal", en="optimal"),
    SolveStatus.FEASIBLE: Msg(id="layak", en="feasible"),
    SolveStatus.INFEASIBLE: Msg(id="tidak layak", en="infeasible"),
}

SHEET_LABELS: Mapping[str, Msg] = {
    "matriks": Msg(id="Matriks", en="Matrix"),
    "coverage_gaps": Msg(id="Celah cakupan", en="Coverage gaps"),
    "target_shortfalls": Msg(id="Kekurangan target", en="Target shortfalls"),
    "code_errors": Msg(id="Masalah kode", en="Code problems"),
    "dangling_links": Msg(id="Tautan menggantung", en="Dangling links"),
    "irisan": Msg(id="Irisan", en="Irisan"),
    "irisan_groups": Msg(id="Kelompok irisan", en="Irisan groups"),
    "workbook_errors": Msg(id="Galat berkas", en="Workbook errors"),
    "workbook_warnings": Msg(id="Peringatan berkas", en="Workbook warnings"),
}

COLUMN_LABELS: Mapping[str, Msg] = {
    "id": Msg(id="Baris", en="Row"),
    "kind": Msg(id="Jenis", en="Kind"),
    "missing_regions": Msg(id="Wilayah yang belum", en="Missing regions"),
    "reason": Msg(id="Alasan", en="Reason"),
    "parent": Msg(id="Baris yang didukung", en="Supported row"),
    "child": Msg(id="Baris pendukung", en="Supporting row"),
    "year": Msg(id="Tahun", en="Year"),
    "expected": Msg(id="Diharapkan", en="Expected"),
    "planned": Msg(id="Direncanakan", en="Planned"),
    "code": Msg(id="Kode", en="Code"),
    "kode": Msg(id="Kode", en="Code"),
    "indikator": Msg(id="Indikator", en="Indicator"),
    "severity": Msg(id="Tingkat", en="Severity"),
    "mendukung": Msg(id="Mendukung", en="Supports"),
    "a": Msg(id="Baris A", en="Row A"),
    "b": Msg(id="Baris B", en="Row B"),
    "type": Msg(id="Jenis", en="Type"),
    "score": Msg(id="Skor", en="Score"),
    "similarity": Msg(id="Kemiripan", en="Similarity"),
    "ids": Msg(id="Baris", en="Rows"),
    "types": Msg(id="Jenis", en="Types"),
    "file": Msg(id="Berkas", en="File"),
    "sheet": Msg(id="Lembar", en="Sheet"),
    "row": Msg(id="Baris", en="Row"),
    "column": Msg(id="Kolom", en="Column"),
}


def value_label(value: object, lang: str = "id") -> str:
    """The label of a coded value of the analysis; anything else as it is."""
    msg = VALUE_LABELS.get(str(value)) if isinstance(value, str) else None
    return msg.render(lang) if msg is not None else str(value)
