from django import forms
from django.utils.translation import gettext_lazy

from .models import Place


class PlaceFilterForm(forms.Form):
    """Lists of places filter by place, as the collective's lists do."""

    place = forms.ModelChoiceField(
        queryset=Place.objects.for_choice(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All places"),
    )

    def apply(self, places):
        if self.is_valid() and self.cleaned_data["place"]:
            return places.filter(pk__in=Place.objects.within(self.cleaned_data["place"]).values("pk"))
        return places
