from django import forms
from django.utils.translation import gettext_lazy

from ostrom.core.forms import IdChoiceField

from . import wellbeing_selectors


class WellbeingSurveysForm(forms.Form):
    """Which two community panel surveys make the programme's wellbeing pairs."""

    baseline_survey = IdChoiceField(
        queryset=None,
        error_messages={"required": gettext_lazy("Select the baseline survey (before the programme)")},
    )
    follow_up_survey = IdChoiceField(
        queryset=None,
        error_messages={"required": gettext_lazy("Select the follow-up survey (after the programme)")},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        surveys = wellbeing_selectors.wellbeing_surveys_for(programme)
        for name in ("baseline_survey", "follow_up_survey"):
            self.fields[name].queryset = surveys
            self.fields[name].error_messages["invalid_choice"] = gettext_lazy("Select a survey from the list")
