from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.agreements.documents import DocumentError, read_upload
from selaras.agreements.models import ObligationStatus
from selaras.regions.models import Region
from selaras.web.fields import RupiahField
from selaras.web.i18n import request_language

NOT_IN_FUTURE = _("The date cannot lie in the future.")


class DateInput(forms.DateInput):
    input_type = "date"


def _not_future(value: Any) -> Any:
    if value > timezone.localdate():
        raise forms.ValidationError(NOT_IN_FUTURE)
    return value


class PdfField(forms.FileField):
    """A file accepted only when its content is a PDF within settings.MAX_UPLOAD_BYTES; cleans to bytes."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            return (read_upload(upload), upload.name or "dokumen.pdf")
        except DocumentError as error:
            raise forms.ValidationError(error.render(request_language())) from None


class VillageInternetForm(forms.Form):
    regency = forms.ChoiceField(label=_("Regency/city"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    years = forms.IntegerField(label=_("Years"), min_value=1, max_value=10, initial=5)

    def __init__(self, *args: Any, regencies: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["regency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(r.code, f"{r.name} ({r.code})") for r in regencies]
        self.fields["starts_on"].initial = timezone.localdate().replace(month=1, day=1)


class SignForm(forms.Form):
    document_number = forms.CharField(label=_("This party's document number"), max_length=120)
    signatory = forms.CharField(label=_("Signed by (name and office)"), max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput, validators=[_not_future])
    document = PdfField(label=_("Signed document (PDF)"))


class AmendmentForm(forms.Form):
    number = forms.CharField(label=_("Addendum number"), max_length=120)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput, validators=[_not_future])
    summary = forms.CharField(label=_("What it changes"), widget=forms.Textarea(attrs={"rows": 3}))
    new_ends_on = forms.DateField(label=_("New end date (optional)"), widget=DateInput, required=False)
    document = PdfField(label=_("Addendum (PDF, optional)"), required=False)


class ObligationForm(forms.Form):
    # Late is never typed: it follows from the due date.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in ObligationStatus.choices if c[0] != ObligationStatus.LATE],
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence = PdfField(label=_("Evidence (PDF, optional)"), required=False)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)  # services.obligation_version

    def __init__(self, *args: Any, computed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if computed:
            del self.fields["status"]


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    parties = forms.MultipleChoiceField(
        label=_("Parties (two or more governments)"), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parties"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(r.code, f"{r.name} ({r.code})") for r in regions]


class ObligationAddForm(forms.Form):
    party = forms.ChoiceField(label=_("Owed by"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Obligation"), max_length=300)
    plan_indicator = forms.ChoiceField(label=_("Indicator from the plans"), required=False)
    indicator = forms.CharField(
        label=_("Or an indicator typed in (leave both empty for a deliverable)"),
        max_length=300,
        required=False,
    )
    indicator_target = forms.DecimalField(label=_("Target"), max_digits=18, decimal_places=4, required=False)
    cost_share_idr = RupiahField(label=_("Cost share (Rp)"), required=False)
    cost_share_pct = forms.DecimalField(
        label=_("Cost share (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(
        self, *args: Any, parties: list[tuple[str, str]], indicators: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = parties
        plan_field = self.fields["plan_indicator"]
        assert isinstance(plan_field, forms.ChoiceField)
        plan_field.choices = [("", "-"), *indicators]
