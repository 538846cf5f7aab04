from django import forms
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts.languages import labelled_languages
from ostrom.core.forms import WhenField
from ostrom.places.models import Place

from .models import Conversation, Statement, Vote


class ConversationForm(forms.Form):
    question = forms.CharField(
        max_length=200,
        error_messages={
            "required": gettext_lazy("Enter the question people will discuss"),
            "max_length": gettext_lazy("The question must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        max_length=2000,
        required=False,
        error_messages={"max_length": gettext_lazy("The description must be 2,000 characters or fewer")},
    )
    place = forms.ModelChoiceField(queryset=Place.objects.for_choice(), required=False)
    closes_at = WhenField(
        required=False,
        error_messages={"invalid": gettext_lazy("Enter a date and time, like 2026-12-31 17:00")},
    )
    allows_anonymous = forms.BooleanField(required=False, initial=True)
    moderation = forms.ChoiceField(
        choices=Conversation.Moderation.choices, initial=Conversation.Moderation.REVIEW_FIRST
    )
    seed_statements = forms.CharField(
        max_length=10000,
        error_messages={
            "required": gettext_lazy("Write at least one statement to start the conversation, one per line"),
            "max_length": gettext_lazy(
                "The statements to start with must be 10,000 characters or fewer in all"
            ),
        },
    )

    def clean_seed_statements(self):
        lines = [line.strip() for line in self.cleaned_data["seed_statements"].splitlines() if line.strip()]
        too_long = [line for line in lines if len(line) > 280]
        if too_long:
            raise forms.ValidationError(
                gettext("Statements must be 280 characters or fewer: “%(start)s…” is too long")
                % {"start": too_long[0][:40]}
            )
        return lines


class StatementForm(forms.Form):
    text = forms.CharField(
        max_length=280,
        error_messages={
            "required": gettext_lazy("Write your statement"),
            "max_length": gettext_lazy("Statements must be 280 characters or fewer"),
        },
    )
    language = forms.ChoiceField(
        required=False,
        choices=(),
        error_messages={"invalid_choice": gettext_lazy("Choose a language from the list")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = labelled_languages()


class VoteForm(forms.Form):
    """One answer from the statement card. Ids that are not numbers, or statements not shown, are refused
    here with a message rather than reaching the database."""

    statement = forms.ModelChoiceField(
        queryset=Statement.objects.none(),
        error_messages={
            "required": gettext_lazy("This statement is not open for votes"),
            "invalid_choice": gettext_lazy("This statement is not open for votes"),
        },
    )
    value = forms.TypedChoiceField(
        choices=[(str(value), label) for value, label in Vote.CHOICES],
        coerce=int,
        error_messages={
            "required": gettext_lazy("Choose agree, disagree or pass"),
            "invalid_choice": gettext_lazy("Choose agree, disagree or pass"),
        },
    )

    def __init__(self, *args, conversation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = conversation.statements.shown()


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Show it")),
            ("reject", gettext_lazy("Do not show it")),
            ("merge", gettext_lazy("It repeats another statement")),
        ],
        error_messages={"required": gettext_lazy("Select what to do with the statement")},
    )
    reason = forms.CharField(
        max_length=200,
        required=False,
        error_messages={"max_length": gettext_lazy("The reason must be 200 characters or fewer")},
    )
    merge_into = forms.ModelChoiceField(queryset=Statement.objects.none(), required=False)

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = statement.conversation.statements.shown().exclude(
            pk=statement.pk
        )


class PolisImportForm(forms.Form):
    comments = forms.FileField(
        error_messages={"required": gettext_lazy("Select the comments.csv file of the Polis export")}
    )
    votes = forms.FileField(
        error_messages={"required": gettext_lazy("Select the votes.csv file of the Polis export")}
    )
