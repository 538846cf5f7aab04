from datetime import UTC, datetime

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from . import audit
from .validation import LARGEST_ID

WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class WhenField(forms.DateTimeField):
    """A date and time on the UK clock, as a person types it.

    On the night the clocks go back, 1:30am happens twice: it means the first
    time, still summer time. On the night they go forward, 1:30am never
    happens: it is refused in plain words instead of Django's message about
    time zones.
    """

    def __init__(self, *, input_formats=WHEN_FORMATS, **kwargs):
        super().__init__(input_formats=input_formats, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            typed: datetime = error.params["datetime"]
        zone = timezone.get_current_timezone()
        first = typed.replace(tzinfo=zone, fold=0).astimezone(UTC)
        if first.astimezone(zone).replace(tzinfo=None) != typed:
            raise ValidationError(
                gettext(
                    "The clocks go forward an hour that night, so %(time)s does not happen. Enter a later time."
                )
                % {"time": typed.strftime("%H:%M")},
                code="skipped_hour",
            )
        return first


class AuditFilterForm(forms.Form):
    record_type = forms.ModelChoiceField(
        queryset=ContentType.objects.none(), required=False, empty_label=gettext_lazy("All kinds of record")
    )
    action = forms.CharField(
        required=False, max_length=100, help_text=gettext_lazy('For example "organisation.approved"')
    )
    person = forms.CharField(
        required=False, max_length=200, help_text=gettext_lazy("Email address of who made the change")
    )
    from_date = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Enter a date, like 2026-11-23")}
    )
    to_date = forms.DateField(
        required=False, error_messages={"invalid": gettext_lazy("Enter a date, like 2026-11-23")}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].queryset = audit.audited_content_types()
        self.fields["record_type"].label_from_instance = lambda ct: ct.name.capitalize()

    def filter(self, entries):
        data = self.cleaned_data
        if data["record_type"]:
            entries = entries.filter(content_type=data["record_type"])
        if data["action"]:
            entries = entries.filter(additional_data__action__icontains=data["action"])
        if data["person"]:
            entries = entries.filter(actor__email__icontains=data["person"])
        if data["from_date"]:
            entries = entries.filter(timestamp__date__gte=data["from_date"])
        if data["to_date"]:
            entries = entries.filter(timestamp__date__lte=data["to_date"])
        return entries


def attach_errors(form: forms.Form, problem) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else at the top."""
    if hasattr(problem, "error_dict"):
        for field, errors in problem.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, problem)


class SpreadsheetForm(forms.Form):
    """An uploaded CSV or Excel file for an import."""

    file = forms.FileField(error_messages={"required": gettext_lazy("Select a CSV or Excel file")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(gettext("The file must be a CSV or an Excel (.xlsx) file"))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(gettext("The file must be smaller than 5MB"))
        return upload


CHOOSE_FROM_THE_LIST = gettext_lazy("Select from the list")


def _is_id(value) -> bool:
    text = str(value)
    return text.isdecimal() and 0 < int(text) <= LARGEST_ID


class IdChoiceField(forms.ModelChoiceField):
    """A record chosen by id. An id no database column could hold ("abc", 10**20) is a plain choice
    error, not a server error from the database."""

    def to_python(self, value):
        if value not in self.empty_values and not _is_id(value):
            raise forms.ValidationError(CHOOSE_FROM_THE_LIST, code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        if not all(_is_id(pk) for pk in value):
            raise forms.ValidationError(CHOOSE_FROM_THE_LIST, code="invalid_choice")
        return super()._check_values(value)
