from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selaras.connectivity.models import AccessPoint, APStatus, Facility, Power, Signal, Technology

NOT_IN_FUTURE = _("The date cannot lie in the future.")


def _not_future(value: date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(NOT_IN_FUTURE)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type="date"> reads, in any language


class SurveyUploadForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"))
    file = forms.FileField(
        label=_("Survey file (xlsx, xls, ods or csv)"),
        help_text=_(
            "Place columns: Kabupaten/Kota (optional), Kecamatan (optional), Desa/Kelurahan. Data columns: "
            "Sinyal, Fasilitas, Teknologi, Penyedia, Bandwidth, Listrik, Status, Sejak, Program."
        ),
    )
    source = forms.CharField(label=_("Source"), max_length=200, initial="Survei Diskominfo")
    observed_on = forms.DateField(label=_("Survey date"), widget=DateInput, validators=[_not_future])

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = regions
        self.fields["observed_on"].initial = timezone.localdate()


class SignalForm(forms.Form):
    signal = forms.ChoiceField(label=_("Signal"), choices=Signal.choices)
    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput, validators=[_not_future])
    source = forms.CharField(label=_("Source"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AccessPointForm(forms.ModelForm[AccessPoint]):
    status_since = forms.DateField(label=_("Status since"), widget=DateInput, validators=[_not_future])

    class Meta:
        model = AccessPoint
        fields = ["facility", "technology", "provider", "bandwidth_mbps", "power", "programme", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].initial = Facility.VILLAGE_OFFICE
        self.fields["technology"].initial = Technology.FWA_4G
        self.fields["power"].initial = Power.GRID
        self.fields["status"].initial = APStatus.PLANNED
        self.fields["bandwidth_mbps"].widget.attrs["min"] = 0
        self.fields["bandwidth_mbps"].validators.append(MinValueValidator(0))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=APStatus.choices)
    effective_on = forms.DateField(label=_("Since"), widget=DateInput, validators=[_not_future])
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class OutageForm(forms.Form):
    access_point = forms.ModelChoiceField(
        label=_("Access point"), queryset=AccessPoint.objects.none(), required=False
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput, validators=[_not_future])
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput, required=False)
    cause = forms.CharField(label=_("Cause"), max_length=500, required=False)

    def __init__(self, *args: Any, village_code: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["access_point"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AccessPoint.objects.filter(region_id=village_code)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The outage cannot end before it started."))
        return data
