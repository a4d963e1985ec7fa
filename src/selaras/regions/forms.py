from django import forms
from django.utils.translation import gettext_lazy as _


class RegionListForm(forms.Form):
    file = forms.FileField(
        label=_("Official region list (csv, xlsx, xls or ods)"),
        help_text=_("Columns code, level, name, lat, lng, as in the list shipped with Selaras."),
    )
