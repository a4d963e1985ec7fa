from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.agreements.forms import DateInput, PdfField
from selaras.core.numbers import NumberTextError, parse_number_text
from selaras.meetings.models import Attendance
from selaras.regions.models import Region
from selaras.web.i18n import request_language


def _government_choices(regions: list[Region]) -> list[tuple[str, str]]:
    return [(r.code, f"{r.name} ({r.code})") for r in regions]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=300)
    theme = forms.CharField(label=_("Theme"), max_length=500, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    host = forms.ChoiceField(label=_("Host region"))

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = _government_choices(regions)  # type: ignore[attr-defined]


class ParticipantForm(forms.Form):
    region = forms.ChoiceField(label=_("Government"))
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    represented_by = forms.CharField(label=_("Represented by"), max_length=200, required=False)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _government_choices(regions)  # type: ignore[attr-defined]


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AttachRunForm(forms.Form):
    run = forms.TypedChoiceField(label=_("Synchronization run"), coerce=int)

    def __init__(self, *args: Any, runs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].choices = runs  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    bound = forms.MultipleChoiceField(
        label=_("Governments bound"), widget=forms.CheckboxSelectMultiple, required=False
    )
    proposal = forms.TypedChoiceField(label=_("Irisan decided"), coerce=int, required=False, empty_value=None)
    agreement = forms.TypedChoiceField(
        label=_("Agreement drafted or signed"), coerce=int, required=False, empty_value=None
    )
    target_region = forms.ChoiceField(label=_("Plan to change: region"), required=False)
    indicator_key = forms.CharField(label=_("Plan indicator row id"), max_length=64, required=False)
    target_year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    # Typed as people write numbers here ("3,6", "1.250"): read by the one number parser.
    target_minimum = forms.CharField(label=_("Minimum target"), max_length=40, required=False)
    due_on = forms.DateField(label=_("Follow-up due on"), widget=DateInput, required=False)

    def __init__(
        self,
        *args: Any,
        regions: list[Region],
        proposals: list[tuple[int, str]],
        agreements: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        governments = _government_choices(regions)
        self.fields["bound"].choices = governments  # type: ignore[attr-defined]
        self.fields["target_region"].choices = [("", "-"), *governments]  # type: ignore[attr-defined]
        self.fields["proposal"].choices = [("", "-"), *proposals]  # type: ignore[attr-defined]
        self.fields["agreement"].choices = [("", "-"), *agreements]  # type: ignore[attr-defined]

    def clean_target_minimum(self) -> Decimal | None:
        raw = self.cleaned_data["target_minimum"].strip()
        try:
            return parse_number_text(raw) if raw else None
        except NumberTextError as error:
            raise forms.ValidationError(error.text.render(request_language())) from None


class FollowUpForm(forms.Form):
    region = forms.ChoiceField(label=_("Responsible government"))
    text = forms.CharField(label=_("Follow-up"), max_length=500)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _government_choices(regions)  # type: ignore[attr-defined]


class MarkDoneForm(forms.Form):
    note = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence = PdfField(label=_("Evidence document (PDF)"), required=False)


class ConfirmForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Confirm"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Confirm: done")), ("no", _("Send back: not done"))],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class SignedForm(forms.Form):
    document = PdfField(label=_("Signed berita acara (PDF)"))
