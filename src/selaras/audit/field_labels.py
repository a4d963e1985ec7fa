"""Names of audited fields that their models leave unnamed (Django then uses the field's English name): the audit
trail shows these instead. tests/audit/test_audit_trail.py fails when an audited field has neither."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "access_point": _("access point"),
    "adopted_at": _("adopted at"),
    "adopted_by": _("adopted by"),
    "agreement": _("agreement"),
    "amendment": _("addendum"),
    "answer_a": _("answer of the first party"),
    "answer_a_by": _("answered for the first party by"),
    "answer_a_reason": _("reason of the first party"),
    "answer_b": _("answer of the second party"),
    "answer_b_by": _("answered for the second party by"),
    "answer_b_reason": _("reason of the second party"),
    "committed_at": _("saved at"),
    "created_at": _("created at"),
    "created_by": _("created by"),
    "element": _("plan element"),
    "error": _("error"),
    "id": _("number"),
    "imported_by": _("imported by"),
    "job": _("task"),
    "obligation": _("obligation"),
    "party": _("party"),
    "party_a": _("first party"),
    "party_b": _("second party"),
    "plan": _("plan"),
    "position": _("position"),
    "region": _("region"),
    "result": _("result"),
    "run": _("analysis run"),
    "sha256": _("file fingerprint (SHA-256)"),
    "signed_by": _("signed by"),
    "solved_at": _("solved at"),
    "status_changed_by": _("status changed by"),
    "stored_name": _("stored file"),
    "survey": _("survey"),
    "todays_rule": _("today's rule"),
    "updated_at": _("updated at"),
    "uploaded_at": _("uploaded at"),
    "uploaded_by": _("uploaded by"),
    "villages": _("villages"),
}
