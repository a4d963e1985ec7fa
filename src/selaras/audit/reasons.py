"""Why a change was made, as the audit trail shows it: the services record short English reasons ("solved",
"saved survey X.xlsx", "approve: ..."); the trail shows them in the reader's language. A reason is either one
of REASONS, or one of PREFIXES followed by data (a file name, a number, a typed reason), or free text a person
typed (shown as typed). tests/audit/test_reasons.py fails when a service records a reason not covered here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASONS = {
    "signed by every party": _("signed by every party"),
    "terminated": _("terminated"),
    "demo account": _("demo account"),
    "sample": _("sample data"),
    "sample scenario": _("sample scenario"),
    "replaced by import": _("replaced by import"),
    "imported": _("imported"),
    "solved": _("solved"),
    "budgets": _("budgets changed"),
    "solve started": _("solve started"),
    "adopted": _("adopted"),
    "synchronization run": _("synchronization run"),
    "vanished": _("no longer proposed by the analysis"),
    "sign-in lock lifted": _("sign-in lock lifted"),
    "sample data": _("sample data"),
    "import": _("imported"),
    "regions load shipped list": _("official region list loaded (shipped with Selaras)"),
    "submit": _("submitted"),
    "approve": _("approved"),
    "reject": _("rejected"),
    "unlock": _("unlocked"),
    "edited": _("edited"),
    "linked": _("linked"),
    "unlinked": _("unlinked"),
    "published": _("published"),
    "sample scenario published for the demo": _("sample scenario published for the demo"),
    "signed berita acara uploaded": _("signed berita acara uploaded"),
    "switched off by the adopted plan": _("switched off by the adopted plan"),
}
PREFIXES = {
    "adopted (addendum": _("adopted (addendum"),
    "addendum": _("addendum"),
    "carried over from run": _("carried over from run"),
    "regions load": _("official region list loaded:"),
    "import provinsi": _("province workbook import"),
    "import": _("import"),
    "upload": _("upload"),
    "saved survey": _("saved survey"),
    "survey preview": _("survey preview"),
    "survey": _("survey"),
    "submit:": _("submitted:"),
    "approve:": _("approved:"),
    "reject:": _("rejected:"),
    "unlock:": _("unlocked:"),
    "sent back:": _("sent back:"),
}


def reason_label(reason: str) -> str:
    """The reason in the reader's language; data after a known prefix is kept as recorded."""
    if reason in REASONS:
        return str(REASONS[reason])
    for prefix in sorted(PREFIXES, key=len, reverse=True):
        if reason.startswith(prefix + " ") or (prefix.endswith(":") and reason.startswith(prefix)):
            return f"{PREFIXES[prefix]}{reason[len(prefix) :]}"
    return reason
