"""The agreement summary as a workbook: the agreement, its parties, its obligations with fulfilment, and for
coverage obligations one row per village."""

from __future__ import annotations

import io
import re
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from selaras.agreements.models import Agreement, ObligationStatus, Status
from selaras.agreements.selectors import ObligationView, village_names

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _label(choices: type, value: str) -> str:
    return str(dict(choices.choices).get(value, value))  # type: ignore[attr-defined]


def agreement_xlsx(*, agreement: Agreement, views: list[ObligationView], today: date) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "PKS"
    bold = Font(bold=True)
    if agreement.is_sample:
        sheet.append([_("SAMPLE"), _("This agreement is sample data.")])
    for label, value in (
        (_("Title"), agreement.title),
        (_("Status"), _label(Status, agreement.status_on(today))),
        (_("Period"), f"{agreement.starts_on.isoformat()} - {agreement.ends_on.isoformat()}"),
        (_("Signed on"), agreement.signed_on.isoformat() if agreement.signed_on else ""),
        (_("Scope"), agreement.scope),
        (_("As of"), today.isoformat()),
    ):
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = bold
    sheet.append([])
    sheet.append([_("Party"), _("Region code"), _("Document number"), _("Signed by"), _("Signed on")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for party in agreement.parties.select_related("region"):
        sheet.append(
            [party.region.name, party.region_id, party.document_number, party.signatory, party.signed_on]
        )
    sheet.append([])
    sheet.append(
        [
            _("Year"),
            _("Party"),
            _("Obligation"),
            _("Measured by"),
            _("Due on"),
            _("Status"),
            _("Villages"),
            _("Live at the year's end (or today)"),
            _("Fulfilled"),
            _("Cost share (Rp)"),
            _("Cost share (%)"),
            _("Note"),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for view in views:
        o = view.obligation
        c = view.coverage
        sheet.append(
            [
                o.year,
                o.party.region.name,
                o.title,
                o.get_measure_display(),
                o.due_on,
                _label(ObligationStatus, view.status),
                c.total if c else None,
                c.live_today if c else None,
                c.fulfilled if c else None,
                o.cost_share_idr,
                float(o.cost_share_pct) if o.cost_share_pct is not None else None,
                o.note,
            ]
        )
    villages = book.create_sheet(re.sub(r"[\\/*?:\[\]]", "-", _("Villages"))[:31])
    villages.append(
        [
            _("Year"),
            _("Village code"),
            _("Village"),
            _("State"),
            _("Live at the year's end (or today)"),
            _("Uptime (%)"),
            _("Live since"),
        ]
    )
    for cell in villages[1]:
        cell.font = bold
    codes = {code for v in views if v.coverage for code in v.obligation.village_codes}
    names = village_names(codes)
    for view in views:
        if not view.coverage:
            continue
        for v in view.coverage.villages:
            villages.append(
                [
                    v.year,
                    v.village,
                    names.get(v.village, ""),
                    v.state,
                    v.live_today,
                    v.uptime_pct,
                    v.first_live_on,
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
