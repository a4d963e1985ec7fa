from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.planning.models import PlanKind


class PlanForm(forms.Form):
    region = forms.CharField(label=_("Region code"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices, initial=PlanKind.RPJMD)
    start_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100, initial=2025)
    end_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100, initial=2029)
    unit_name = forms.CharField(label=_("Responsible agency"), max_length=200, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled plans workbook (.xlsx)"))
    remove_missing = forms.BooleanField(
        label=_("The file replaces the plan: remove saved rows whose id is not in the file"), required=False
    )


class ProvinceUploadForm(forms.Form):
    file = forms.FileField(label=_("The province's plans workbook (.xlsx), rows of every region"))
    kind = forms.ChoiceField(
        label=_("Plans of the province and the regencies/cities (national rows go to the RPJMN)"),
        choices=[(PlanKind.RPJMD, PlanKind.RPJMD.label), (PlanKind.RENSTRA, PlanKind.RENSTRA.label)],
        initial=PlanKind.RPJMD,
    )
    remove_missing = forms.BooleanField(
        label=_("The file replaces each region's plan: remove saved rows whose id is not in the file"),
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RealizationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    value = forms.CharField(label=_("Realization"), max_length=40, required=False)


class NomenclatureForm(forms.Form):
    decree = forms.CharField(label=_("Decree (e.g. Kepmendagri 900.1-2850/2025)"), max_length=200)
    file = forms.FileField(label=_("Official list (CSV or .xlsx)"))
