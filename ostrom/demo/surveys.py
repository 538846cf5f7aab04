"""Demo survey: "Community panel survey – winter 2026" (named by the season and year of the day the demo is
loaded), the quarterly survey of the community panel, sent 24 days ago and open for 18 more days.

About 300 residents are on the panel; 250 have sent their answers (with SWEMWBS scores spread like
England's adult population: a mean metric score of about 23.5, standard deviation about 4), a dozen
stopped half-way, and the rest have not started, so a visitor signed in as one of them can answer it.

Its open-link round, "Your health where you live – winter 2026", sent 40 days ago, went to anyone with the link (no
account: each response is known only by its browser's key) and asked one free-text question; about
2,700 people answered (`survey_answers.py` writes their answers). The insight app brings them in and
the demo themes them, so the themes have the thousands of comments they are for.
"""

import random
from datetime import date, timedelta

from django.utils.text import slugify

from ostrom.demo import survey_answers
from ostrom.demo.clock import Clock, season_of
from ostrom.surveys import services, swemwbs
from ostrom.surveys.models import Answer, Invitation, PanelMembership, Question, Response, Survey

TITLE = "Community panel survey – {season}"
SUBMITTED = 250
HALF_FINISHED = 12
OPEN_TITLE = "Your health where you live – {season}"
OPEN_QUESTION = "What one thing would most improve your health and wellbeing where you live?"
OPEN_ANSWERS = 2700
OPEN_SEED = 16  # its own random numbers, so the rest of the demo is the same with or without it

HOW_CONTACTED = [
    "By phone",
    "Online form or the NHS App",
    "In person at the practice",
    "Someone did it for me",
]
EASE = ("Very difficult", "Very easy")
WHAT_WOULD_HELP = [
    "More green spaces and safe places to walk",
    "Free or low-cost activities nearby",
    "Somewhere to meet people",
    "Help with money and bills",
    "Better buses",
    "Feeling safer on the streets",
]
EASIER = [
    "Being able to book a call back instead of waiting on hold",
    "An interpreter on the phone without having to ask twice",
    "Appointments after work",
    "Seeing the same doctor each time",
    "Shorter queue at 8am",
    "A paper form at reception for people who are not online",
    "The online form kept timing out",
    "Being told how long the wait would be",
]
ANYTHING_ELSE = [
    "The community centre coffee morning has helped me a lot since my husband died.",
    "Please keep the warm space open in January.",
    "My street lights have been out for weeks and I do not go out after dark.",
    "The walking group on Saturdays is brilliant.",
    "It is hard to find anything for teenagers to do.",
    "Thank you for asking us.",
    "More benches in the park for older people please.",
    "The food bank volunteers are wonderful.",
]


def panel_survey() -> Survey | None:
    """The demo's community panel survey, whatever season it was loaded in."""
    return _survey(TITLE, Survey.Audience.PANEL)


def open_link_round() -> Survey | None:
    return _survey(OPEN_TITLE, Survey.Audience.OPEN_LINK)


def _survey(title: str, audience: str) -> Survey | None:
    start = title.format(season="")
    return Survey.objects.filter(title__startswith=start, audience=audience).order_by("pk").first()


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> None:
    clock = Clock.of(today)
    _panel_survey(rng, geography, people, clock)
    _open_link_round(geography, people, clock)


def _panel_survey(rng: random.Random, geography: dict, people: dict, clock: Clock) -> None:
    if panel_survey() is not None:
        return
    coordinator = people["staff"]["coordinator"]
    residents = people["residents"]
    ladywood = geography["place"].children.get(name="Ladywood")
    sent_at = clock.at(-24, hour=10)
    title = TITLE.format(season=season_of(clock.today))
    PanelMembership.objects.bulk_create(
        [
            PanelMembership(user=person, joined_at=sent_at - timedelta(days=rng.randint(30, 400)))
            for person in residents
            if not PanelMembership.objects.current().filter(user=person).exists()
        ]
    )

    survey = services.create_survey(
        coordinator=coordinator,
        title=title,
        place=ladywood,
        introduction=(
            "Our quarterly survey of the community panel: how easy it is to get help from your GP practice, "
            "how you have been feeling, and what would help where you live. It takes about 10 minutes. "
            "(A demo: the answers are made up.)"
        ),
    )
    survey.slug = slugify(title)
    survey.save(update_fields=["slug"])
    services_section = survey.sections.get()
    services.rename_section(coordinator=coordinator, section=services_section, title="Your GP practice")
    contacted = services.add_question(
        coordinator=coordinator,
        section=services_section,
        kind=Question.Kind.SINGLE,
        text="Have you contacted your GP practice in the last 3 months?",
        options=["Yes", "No"],
    )
    help_section = services.add_section(coordinator=coordinator, survey=survey, title="Getting help")
    how = services.add_question(
        coordinator=coordinator,
        section=help_section,
        kind=Question.Kind.MULTIPLE,
        text="How did you contact them?",
        options=HOW_CONTACTED,
    )
    ease = services.add_question(
        coordinator=coordinator,
        section=help_section,
        kind=Question.Kind.SCALE,
        text="How easy was it to get the help you needed?",
        min_value=1,
        max_value=5,
        min_label=EASE[0],
        max_label=EASE[1],
    )
    easier = services.add_question(
        coordinator=coordinator,
        section=help_section,
        kind=Question.Kind.TEXT,
        text="What would have made it easier?",
        required=False,
    )
    wellbeing_section = services.add_section(
        coordinator=coordinator, survey=survey, title="How you have been feeling"
    )
    block = services.add_question(
        coordinator=coordinator, section=wellbeing_section, kind=Question.Kind.SWEMWBS
    )
    area_section = services.add_section(coordinator=coordinator, survey=survey, title="Where you live")
    helps = services.add_question(
        coordinator=coordinator,
        section=area_section,
        kind=Question.Kind.MULTIPLE,
        text="Which of these would most help your wellbeing where you live?",
        options=WHAT_WOULD_HELP,
    )
    active = services.add_question(
        coordinator=coordinator,
        section=area_section,
        kind=Question.Kind.NUMBER,
        text="On how many days last week were you active for 30 minutes or more?",
        min_value=0,
        max_value=7,
        required=False,
    )
    anything = services.add_question(
        coordinator=coordinator,
        section=area_section,
        kind=Question.Kind.TEXT,
        text="Is there anything else you want to tell us?",
        required=False,
    )
    services.change_question(
        coordinator=coordinator,
        question=contacted,
        text=contacted.text,
        options=["Yes", "No"],
        skips={"No": wellbeing_section.pk},
    )
    Survey.objects.filter(pk=survey.pk).update(
        status=Survey.Status.SENT,
        opens_at=sent_at,
        sent_at=sent_at,
        closes_at=clock.at(18, hour=23, minute=59),
        created_at=sent_at - timedelta(days=3),
    )
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, user=person, emailed_at=sent_at) for person in residents], batch_size=500
    )

    yes, no = (o.pk for o in contacted.options.all())
    how_ids = [o.pk for o in how.options.all()]
    help_ids = [o.pk for o in helps.options.all()]
    # resident001, the demo's resident, has not answered yet, so a visitor signed in as them can try it.
    waiting = [person for person in residents if person.email.startswith("resident001@")]
    others = [person for person in residents if person not in waiting]
    order = rng.sample(others, len(others))
    responses, answers_of = [], []
    for n, person in enumerate(order[: SUBMITTED + HALF_FINISHED]):
        started = sent_at + timedelta(minutes=rng.randint(10, 60 * 24 * 20))
        finished = n < SUBMITTED
        used = rng.random() < 0.62
        answers = {contacted.pk: yes if used else no}
        saved = [services_section.pk]
        if used:
            answers[how.pk] = sorted(rng.sample(how_ids, rng.choices([1, 2], weights=[4, 1])[0]))
            answers[ease.pk] = rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 4, 5, 3])[0]
            if rng.random() < 0.3:
                answers[easier.pk] = rng.choice(EASIER)
            saved.append(help_section.pk)
        if finished:
            level = rng.gauss(3.7, 0.6)
            answers[block.pk] = [min(5, max(1, round(level + rng.gauss(0, 0.6)))) for _ in swemwbs.ITEMS]
            answers[helps.pk] = sorted(rng.sample(help_ids, rng.randint(1, 3)))
            if rng.random() < 0.8:
                answers[active.pk] = rng.choices(range(8), weights=[8, 6, 8, 10, 8, 7, 4, 5])[0]
            if rng.random() < 0.15:
                answers[anything.pk] = rng.choice(ANYTHING_ELSE)
            saved += [wellbeing_section.pk, area_section.pk]
        responses.append(
            Response(
                survey=survey,
                user=person,
                saved_sections=saved,
                started_at=started,
                submitted_at=started + timedelta(minutes=rng.randint(4, 25)) if finished else None,
            )
        )
        answers_of.append(answers)
    Response.objects.bulk_create(responses, batch_size=500)
    created = dict(Response.objects.filter(survey=survey).values_list("user_id", "pk"))
    Answer.objects.bulk_create(
        [
            Answer(response_id=created[response.user_id], question_id=question_id, value=value)
            for response, answers in zip(responses, answers_of, strict=True)
            for question_id, value in answers.items()
        ],
        batch_size=2000,
    )


def _open_link_round(geography: dict, people: dict, clock: Clock) -> None:
    """The open-link round: one free-text question, about 2,700 answers without an account."""
    if open_link_round() is not None:
        return
    rng = random.Random(OPEN_SEED)
    coordinator = people["staff"]["coordinator"]
    ladywood = geography["place"].children.get(name="Ladywood")
    sent_at = clock.at(-40, hour=10)
    title = OPEN_TITLE.format(season=season_of(clock.today))
    survey = services.create_survey(
        coordinator=coordinator,
        title=title,
        place=ladywood,
        audience=Survey.Audience.OPEN_LINK,
        introduction=(
            "The open round of our community panel survey, for anyone who lives or works in Ladywood: one "
            "question, a minute of your time. You do not need an account and we do not ask your name. "
            "(A demo: the answers are made up.)"
        ),
    )
    survey.slug = slugify(title)
    survey.save(update_fields=["slug"])
    section = survey.sections.get()
    services.rename_section(coordinator=coordinator, section=section, title="Where you live")
    question = services.add_question(
        coordinator=coordinator, section=section, kind=Question.Kind.TEXT, text=OPEN_QUESTION
    )
    Survey.objects.filter(pk=survey.pk).update(
        status=Survey.Status.SENT,
        opens_at=sent_at,
        sent_at=sent_at,
        closes_at=clock.at(10, hour=23, minute=59),
        created_at=sent_at - timedelta(days=2),
    )
    texts = survey_answers.answers(rng, OPEN_ANSWERS)
    responses = []
    for number in range(OPEN_ANSWERS):
        started = sent_at + timedelta(minutes=rng.randint(5, 60 * 24 * 39))
        responses.append(
            Response(
                survey=survey,
                key_hash=services.key_hash(f"demo-open-link-{number}"),
                saved_sections=[section.pk],
                started_at=started,
                submitted_at=started + timedelta(minutes=rng.randint(1, 6)),
            )
        )
    Response.objects.bulk_create(responses, batch_size=1000)
    created = dict(Response.objects.filter(survey=survey).values_list("key_hash", "pk"))
    Answer.objects.bulk_create(
        [
            Answer(response_id=created[response.key_hash], question_id=question.pk, value=text)
            for response, text in zip(responses, texts, strict=True)
        ],
        batch_size=2000,
    )
