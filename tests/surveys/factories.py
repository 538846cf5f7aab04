"""Surveys' test helpers: a sent survey built through the services, as a coordinator would."""

from datetime import timedelta

from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.surveys import services
from ostrom.surveys.models import Question
from tests.factories import PlaceFactory, UserFactory


def coordinator_of(place):
    person = UserFactory()
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=place)
    return person


def built_survey(*, audience="panel", place=None, coordinator=None, subgroup=None, event=None):
    """A draft with three sections: "About you" (a yes/no question whose "No" skips to "Wellbeing", and a
    number), "Services" (multiple choice, free text) and "Wellbeing" (the SWEMWBS block and a date)."""
    place = place or PlaceFactory(name="Ladywood")
    coordinator = coordinator or coordinator_of(place)
    survey = services.create_survey(
        coordinator=coordinator,
        title="Community panel survey",
        place=place,
        audience=audience,
        subgroup=subgroup,
        event=event,
    )
    about = survey.sections.get()
    services.rename_section(coordinator=coordinator, section=about, title="About you")
    used = services.add_question(
        coordinator=coordinator,
        section=about,
        kind="single",
        text="Have you used a GP this year?",
        options=["Yes", "No"],
    )
    visits = services.add_question(
        coordinator=coordinator,
        section=about,
        kind="number",
        text="How many visits?",
        min_value=0,
        max_value=50,
        required=False,
    )
    used_services = services.add_section(coordinator=coordinator, survey=survey, title="Services")
    which = services.add_question(
        coordinator=coordinator,
        section=used_services,
        kind="multiple",
        text="Which services did you use?",
        options=["GP", "Pharmacy", "Dentist"],
    )
    comments = services.add_question(
        coordinator=coordinator, section=used_services, kind="text", text="Anything else?", required=False
    )
    wellbeing = services.add_section(coordinator=coordinator, survey=survey, title="Wellbeing")
    block = services.add_question(coordinator=coordinator, section=wellbeing, kind=Question.Kind.SWEMWBS)
    services.change_question(
        coordinator=coordinator,
        question=used,
        text=used.text,
        options=["Yes", "No"],
        skips={"No": wellbeing.pk},
    )
    survey.refresh_from_db()
    return survey, {
        "coordinator": coordinator,
        "used": used,
        "visits": visits,
        "which": which,
        "comments": comments,
        "block": block,
        "sections": [about, used_services, wellbeing],
    }


def sent_survey(*, members=(), **kwargs):
    """The built survey, sent (to the community panel, which `members` join first, by default)."""
    survey, parts = built_survey(**kwargs)
    for person in members:
        services.join_panel(person=person)
    parts["progress"] = services.send_survey(
        coordinator=parts["coordinator"],
        survey=survey,
        closes_at=timezone.now() + timedelta(days=14),
        site_url="http://testserver",
    )
    survey.refresh_from_db()
    return survey, parts


def option(question, label):
    return question.options.get(label=label).pk
