"""Form to make a bulletin of repeat offenders now: for the city or one zone."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stations.models import Zone

from ..choices import BulletinScope


class BulletinGenerateForm(forms.Form):
    """Which bulletin to make now: the city's or one zone's."""

    audience = forms.ChoiceField(label=_("Bulletin for"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.for_user(user).filter(stations__isnull=False).distinct().order_by("name")
        self.fields["audience"].choices = [("city", _("Gurugram city"))] + [
            (f"zone-{zone.pk}", _("Zone: %(zone)s") % {"zone": zone.name}) for zone in zones
        ]
        self.fields["audience"].widget.attrs["class"] = "form-select"
        self._zones = {f"zone-{zone.pk}": zone for zone in zones}

    def scope_and_zone(self) -> tuple[str, Zone | None]:
        value = self.cleaned_data["audience"]
        if value == "city":
            return BulletinScope.CITY, None
        return BulletinScope.ZONE, self._zones[value]

