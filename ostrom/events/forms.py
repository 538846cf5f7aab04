"""The forms of Open Space pages: plain-English messages; the services check every rule again."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts.models import User
from ostrom.core.forms import IdChoiceField
from ostrom.places.models import Place

from .models import Action, ActionKind, Topic

KIND_CHOICES = ActionKind.choices
CHOOSE_KIND = gettext_lazy("Choose which of the three kinds of action this is")


def _too_long(label, max_length):
    """The max_length message, worked out in the language of the page that shows it."""
    return gettext("%(label)s must be %(count)s characters or fewer") % {
        "label": label,
        "count": f"{max_length:,}",
    }


THIS = gettext_lazy("This")


def _text(max_length, required=None, label=THIS):
    messages = {"max_length": lazy(_too_long, str)(label, max_length)}
    if required:
        messages["required"] = required
    return forms.CharField(max_length=max_length, required=bool(required), error_messages=messages)


class PersonForm(forms.Form):
    """Checking in, signing up, or a coordinator adding a walk-in."""

    name = _text(80, gettext_lazy("Enter your first name or initials"), gettext_lazy("Your name"))
    access_needs = _text(1000, label=gettext_lazy("What you need"))
    interpreting = _text(80, label=gettext_lazy("The language"))

    def __init__(self, *args, name_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = name_required


class TopicForm(forms.Form):
    title = _text(120, gettext_lazy("Enter your topic"), gettext_lazy("Your topic"))
    proposer_name = _text(80, gettext_lazy("Enter your first name or initials"), gettext_lazy("Your name"))
    leaning = forms.ChoiceField(
        choices=KIND_CHOICES,
        error_messages={
            "required": gettext_lazy("Choose which of the three kinds your topic leans to"),
            "invalid_choice": gettext_lazy("Choose which of the three kinds your topic leans to"),
        },
    )


class PlaceTopicForm(forms.Form):
    """ "Place this topic in space X at slot Y", or take it off the wall."""

    topic = IdChoiceField(
        queryset=Topic.objects.none(),
        error_messages={
            "required": gettext_lazy("Choose a topic"),
            "invalid_choice": gettext_lazy("Choose a topic of this event"),
        },
    )
    space = IdChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a space of this event")},
    )
    slot = IdChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose a time slot of this event")},
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = event.topics.all()
        self.fields["space"].queryset = event.spaces.all()
        self.fields["slot"].queryset = event.slots.all()
        self.fields["slot"].label_from_instance = lambda slot: slot.label

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("space") is None) != (data.get("slot") is None):
            missing = "space" if data.get("space") is None else "slot"
            self.add_error(missing, gettext("Choose both a space and a time slot"))
        return data


class HighlightForm(forms.Form):
    text = _text(500, gettext_lazy("Write the highlight"), gettext_lazy("A highlight"))


class ActionForm(forms.Form):
    text = _text(300, gettext_lazy("Write the action"), gettext_lazy("An action"))
    kind = forms.ChoiceField(
        choices=KIND_CHOICES, error_messages={"required": CHOOSE_KIND, "invalid_choice": CHOOSE_KIND}
    )
    owner = _text(120, label=gettext_lazy("Who takes it forward"))


class ImpressionForm(forms.Form):
    text = _text(500, gettext_lazy("Write what you want to say"), gettext_lazy("What you say"))
    name = _text(80, label=gettext_lazy("Your name"))


class ActionUpdateForm(forms.Form):
    text = _text(500, gettext_lazy("Say what has happened"), gettext_lazy("The update"))
    status = forms.ChoiceField(
        choices=Action.Status.choices,
        error_messages={
            "required": gettext_lazy("Choose where the action is now"),
            "invalid_choice": gettext_lazy("Choose where the action is now"),
        },
    )
    on = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": gettext_lazy("Enter the date, like 2026-12-31")},
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(gettext("The date of the update must be today or in the past"))
        return on


TIME_FORMATS = ["%H:%M", "%H.%M"]


def _time(text: str):
    for pattern in TIME_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).time()
        except ValueError:
            continue
    return None


class EventForm(forms.Form):
    title = _text(200, gettext_lazy("Enter the theme of the event"), gettext_lazy("The theme"))
    description = _text(4000, label=gettext_lazy("The description"))
    place = IdChoiceField(
        queryset=Place.objects.none(),
        error_messages={
            "required": gettext_lazy("Choose the place the event is for"),
            "invalid_choice": gettext_lazy("Choose a place"),
        },
    )
    venue_name = _text(200, gettext_lazy("Enter where it is held"), gettext_lazy("The venue"))
    venue_address = _text(300, label=gettext_lazy("The address"))
    access_notes = _text(4000, label=gettext_lazy("The access notes"))
    day = forms.DateField(
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": gettext_lazy("Enter the date of the event"),
            "invalid": gettext_lazy("Enter the date, like 2027-03-14"),
        },
    )
    starts = _text(5, gettext_lazy("Enter when it starts, like 10:00"), gettext_lazy("The start time"))
    ends = _text(5, gettext_lazy("Enter when it ends, like 15:30"), gettext_lazy("The end time"))
    host_name = _text(120, label=gettext_lazy("The host's name"))
    facilitator_email = forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": gettext_lazy("Enter the facilitator's email address, like name@example.org")
        },
    )
    capacity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": gettext_lazy("Enter how many people the venue holds, like 80"),
            "min_value": gettext_lazy("Enter how many people the venue holds, like 80"),
            "max_value": gettext_lazy("Enter how many people the venue holds, like 80"),
        },
    )
    spaces = _text(3000, gettext_lazy("Name the spaces, one per line"), gettext_lazy("The spaces"))
    slots = _text(
        3000,
        gettext_lazy("Give the time slots, one per line, like 11:00-11:45"),
        gettext_lazy("The time slots"),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places

    def _at(self, day, text, field):
        moment = _time(text)
        if moment is None:
            self.add_error(field, gettext("Enter a time like 10:00"))
            return None
        return timezone.make_aware(datetime.combine(day, moment))

    def clean(self):
        data = super().clean()
        day = data.get("day")
        if day is None:
            return data
        data["starts_at"] = self._at(day, data.get("starts", ""), "starts") if "starts" in data else None
        data["ends_at"] = self._at(day, data.get("ends", ""), "ends") if "ends" in data else None
        if "spaces" in data:
            data["spaces"] = [line.strip() for line in data["spaces"].splitlines() if line.strip()]
        if "slots" in data:
            slots = []
            for line in data["slots"].splitlines():
                if not line.strip():
                    continue
                parts = line.replace("–", "-").replace(" to ", "-").split("-")
                times = [_time(part) for part in parts]
                if len(times) != 2 or None in times:
                    self.add_error(
                        "slots",
                        gettext("Write each time slot like 11:00-11:45: “%(line)s” is not")
                        % {"line": line.strip()[:20]},
                    )
                    return data
                slots.append(tuple(timezone.make_aware(datetime.combine(day, t)) for t in times))
            data["slots"] = slots
        email = data.get("facilitator_email")
        data["facilitator"] = None
        if email:
            data["facilitator"] = User.objects.filter(email__iexact=email, is_active=True).first()
            if data["facilitator"] is None:
                self.add_error("facilitator_email", gettext("No one has an account with that email address"))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = [
            "title", "description", "place", "venue_name", "venue_address", "access_notes", "host_name",
            "facilitator", "capacity", "spaces", "slots", "starts_at", "ends_at",
        ]  # fmt: skip
        return {name: data[name] for name in names}
