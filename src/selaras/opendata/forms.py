from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from selaras.opendata.models import PortalSettings


class PortalSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    # Never filled in from the stored value: the key is written, never shown back.
    ckan_api_key = forms.CharField(
        label=_("CKAN API key"),
        required=False,
        strip=True,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the stored key."),
    )
    ckan_api_key_clear = forms.BooleanField(label=_("Remove the stored key"), required=False)
    licence_url = forms.URLField(
        label=_("Licence"),
        required=False,
        assume_scheme="https",
        help_text=_("Empty: Creative Commons Attribution 4.0 (CC BY 4.0)."),
    )
    ckan_url = forms.URLField(label=_("CKAN portal address"), required=False, assume_scheme="https")

    class Meta:
        model = PortalSettings
        fields = [
            "publisher_name",
            "contact_email",
            "licence_url",
            "sample_rows",
            "ckan_url",
            "ckan_organization",
        ]
        help_texts: dict[str, Any] = {
            "publisher_name": _("Empty: Dinas Komunikasi dan Informatika of the province."),
        }
