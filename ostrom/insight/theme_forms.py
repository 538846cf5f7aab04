"""Forms for themes: starting a run and the coordinators' edits. Forms validate; services write."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.forms import IdChoiceField

from .models import Insight, Theme, ThemeRun
from .theming import LABEL_LENGTH, LARGEST_SEED, MOST_THEMES


def _themes_between() -> str:
    return gettext("Number of themes must be between 2 and %(most)s, or left blank") % {"most": MOST_THEMES}


def _seed_range() -> str:
    return gettext("Seed must be a whole number from 0 to %(largest)s") % {"largest": f"{LARGEST_SEED:,}"}


# Translated when shown, in the reader's language; the limits are filled in then too.
THEMES_BETWEEN = lazy(_themes_between, str)()
SEED_RANGE = lazy(_seed_range, str)()


class ThemeRunForm(forms.Form):
    engine = forms.ChoiceField(
        choices=ThemeRun.Engine.choices,
        initial=ThemeRun.Engine.DEFAULT,
        error_messages={
            "required": gettext_lazy("Select how to find themes"),
            "invalid_choice": gettext_lazy("Select how to find themes"),
        },
    )
    requested_themes = forms.IntegerField(
        required=False,
        min_value=2,
        max_value=MOST_THEMES,
        error_messages={
            "invalid": gettext_lazy("Number of themes must be a whole number, like 8"),
            "min_value": THEMES_BETWEEN,
            "max_value": THEMES_BETWEEN,
        },
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=LARGEST_SEED,
        error_messages={
            "invalid": gettext_lazy("Seed must be a whole number, like 0"),
            "min_value": SEED_RANGE,
            "max_value": SEED_RANGE,
        },
    )

    def clean_seed(self):
        return self.cleaned_data["seed"] or 0


class RenameThemeForm(forms.Form):
    label = forms.CharField(
        max_length=LABEL_LENGTH,
        error_messages={
            "required": gettext_lazy("Enter a name for the theme"),
            "max_length": gettext_lazy("Name must be %(limit_value)d characters or fewer"),
        },
    )


class MergeThemeForm(forms.Form):
    into = IdChoiceField(
        queryset=Theme.objects.none(),
        error_messages={
            "required": gettext_lazy("Select the theme to merge with"),
            "invalid_choice": gettext_lazy("Select the theme to merge with"),
        },
    )

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.for_place(theme.place).current().exclude(pk=theme.pk)


class PinForm(forms.Form):
    insight = IdChoiceField(
        queryset=Insight.objects.none(),
        error_messages={
            "required": gettext_lazy("Select a comment"),
            "invalid_choice": gettext_lazy("Select a comment from the list"),
        },
    )
    theme = IdChoiceField(
        queryset=Theme.objects.none(),
        error_messages={
            "required": gettext_lazy("Select a theme"),
            "invalid_choice": gettext_lazy("Select a theme from the list"),
        },
    )

    def __init__(self, *args, theme: Theme, insights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insight"].queryset = insights
        self.fields["insight"].label_from_instance = lambda insight: f"{insight.pk}: {insight.text[:80]}"
        self.fields["theme"].queryset = Theme.objects.for_place(theme.place).current()
        self.fields["theme"].initial = theme.pk
