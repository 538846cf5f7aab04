"""The place and period chooser of the social prescribing report (a GET form)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from ostrom.core.forms import attach_errors

from . import reports

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
DATE_ERRORS = {"invalid": gettext_lazy("Enter a date, like 2026-04-01")}


class ReportForm(forms.Form):
    place = forms.ChoiceField(error_messages={"invalid_choice": gettext_lazy("Choose a place from the list")})
    start = forms.DateField(required=False, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)
    end = forms.DateField(required=False, input_formats=DATE_FORMATS, error_messages=DATE_ERRORS)

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(place.code, place.name) for place in places]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                cleaned["period"] = reports.period_of(cleaned.get("start"), cleaned.get("end"))
            except ValidationError as problem:
                attach_errors(self, problem)
        return cleaned
