"""Forms of the planner's input layers (fiber nodes, schools and health posts) and of adopting a plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class _UploadForm(forms.Form):
    """The file itself is checked by the upload module (size from settings.MAX_UPLOAD_BYTES) in the view."""

    file = forms.FileField(label=_("File"))


class FiberUploadForm(_UploadForm):
    """A fiber-node layer (csv, xlsx or GeoJSON) for one province; it replaces the province's layer."""

    province = forms.ChoiceField(label=_("Province"))

    def __init__(self, *args: Any, provinces: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = provinces
        self.order_fields(["province", "file"])


class FacilitiesUploadForm(_UploadForm):
    """Per-village values (schools and health posts, grid electricity) from csv or xlsx for villages inside one
    region."""

    region = forms.ChoiceField(label=_("Region"))

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = regions
        self.order_fields(["region", "file"])


class AdoptForm(forms.Form):
    """Adopting a plan; a signed agreement gains its obligations only by a numbered, dated addendum."""

    addendum_number = forms.CharField(label=_("Addendum number"), max_length=120, required=False)
    addendum_signed_on = forms.DateField(
        label=_("Addendum signed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
