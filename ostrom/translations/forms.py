from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Translation
from .registry import Item
from .services import longest


class TranslationsForm(forms.Form):
    """One optional field per text of a document: its translation into one language. Leaving a field
    empty removes that translation."""

    def __init__(self, *args, items: list[Item], existing: dict[str, Translation], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            found = existing.get(item.key)
            self.fields[item.key] = forms.CharField(
                label=item.label,
                required=False,
                strip=True,
                max_length=longest(item),
                initial=found.text if found else "",
                widget=forms.Textarea if item.long else forms.TextInput,
                error_messages={
                    "max_length": _("Keep the translation to %(limit_value)s characters or fewer"),
                },
            )

    def texts(self) -> dict[str, str]:
        """The fields the translator changed (the rest are left alone, so two people can work on one
        document without undoing each other)."""
        return {key: self.cleaned_data[key] for key in self.changed_data}


class TranslatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the email address of their account"),
            "invalid": _("Enter an email address like name@example.com"),
        },
    )
    place = forms.ModelChoiceField(
        queryset=None,
        label=_("Where they translate"),
        empty_label=None,
        error_messages={
            "required": _("Choose a place"),
            "invalid_choice": _("Choose one of the places listed"),
        },
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
