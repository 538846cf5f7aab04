"""Demo wellbeing: the social prescribing programme in Ladywood and its 200 SWEMWBS pairs.

A "Community panel wellbeing check – spring 2026" survey (the baseline, seven months ago, named by its
season) asked 205 of the
panel members who later answered the winter survey (the follow-up) the SWEMWBS statements. About
two-thirds score higher at follow-up; five left a statement unanswered at baseline, so the summary
shows 200 pairs and 5 left out. Baseline metric scores average about 21, follow-up about 23. The
coordinator links the two surveys through the same service a coordinator uses on the wellbeing page,
which copies the answers into the programme's scores.
"""

import random
from datetime import date, timedelta

from django.utils.text import slugify

from ostrom.demo.clock import Clock, season_of
from ostrom.impact import wellbeing_copying, wellbeing_services
from ostrom.impact.models import Programme
from ostrom.surveys import services as survey_services
from ostrom.surveys.models import Answer, Question, Response, Survey

from . import surveys as survey_demo

PROGRAMME_SLUG = "social-prescribing"
BASELINE_TITLE = "Community panel wellbeing check – {season}"
BASELINE_OPENED_DAYS_AGO = 210
PAIRS = 200
MISSING = 5
IMPROVING = 0.64


def load(geography: dict, people: dict, *, today: date | None = None) -> None:
    """Idempotent: a second run finds the baseline survey and changes nothing."""
    if Survey.objects.filter(title__startswith=BASELINE_TITLE.format(season="")).exists():
        return
    follow_up = survey_demo.panel_survey()
    if follow_up is None:
        return
    clock = Clock.of(today)
    # Its own random numbers, so the demo's other parts draw the same as without it.
    rng = random.Random(f"{PROGRAMME_SLUG}-wellbeing")
    coordinator = people["staff"]["coordinator"]
    ladywood = geography["place"].children.get(name="Ladywood")
    programme, _ = Programme.objects.get_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Social prescribing in Ladywood",
            "kind": Programme.Kind.PROGRAMME,
            "place": ladywood,
            "description": (
                "Link workers at the GP practices refer people to community groups: walking groups, "
                "cooking clubs, money advice and befriending. (Demo figures.)"
            ),
            "starts_on": clock.day(-240),
        },
    )
    baseline = _baseline_survey(
        coordinator=coordinator, place=programme.place, opened=clock.at(-BASELINE_OPENED_DAYS_AGO, hour=10)
    )
    _answer_baseline(rng, baseline=baseline, follow_up=follow_up)
    wellbeing_services.link_wellbeing_surveys(
        programme=programme, baseline_survey=baseline, follow_up_survey=follow_up, linked_by=coordinator
    )
    # What the background task does after a coordinator links the surveys, done here and now.
    wellbeing_copying.copy_scores(programme=programme, actor=coordinator)


def _baseline_survey(*, coordinator, place, opened) -> Survey:
    title = BASELINE_TITLE.format(season=season_of(opened.date()))
    survey = survey_services.create_survey(
        coordinator=coordinator,
        title=title,
        place=place,
        introduction="Seven short statements about how you have been feeling, before social prescribing began. "
        "(A demo: the answers are made up.)",
    )
    survey.slug = slugify(title)
    survey.save(update_fields=["slug"])
    section = survey.sections.get()
    survey_services.rename_section(
        coordinator=coordinator, section=section, title="How you have been feeling"
    )
    survey_services.add_question(coordinator=coordinator, section=section, kind=Question.Kind.SWEMWBS)
    Survey.objects.filter(pk=survey.pk).update(
        status=Survey.Status.CLOSED,
        opens_at=opened,
        sent_at=opened,
        closes_at=opened + timedelta(days=21),
        created_at=opened - timedelta(days=2),
    )
    survey.refresh_from_db()
    return survey


def _answer_baseline(rng: random.Random, *, baseline: Survey, follow_up: Survey) -> None:
    """Baseline answers worked back from each person's follow-up answers: about two-thirds lower, the rest
    the same or higher (a few of them a lot higher: their wellbeing fell)."""
    block = Question.objects.get(section__survey=baseline, kind=Question.Kind.SWEMWBS)
    later = (
        Answer.objects.filter(
            question__kind=Question.Kind.SWEMWBS,
            response__survey=follow_up,
            response__submitted_at__isnull=False,
        )
        .exclude(response__user=None)
        .select_related("response")
        .order_by("response__user_id")
    )
    chosen = [answer for answer in later if None not in answer.value][: PAIRS + MISSING]
    responses, items_of = [], []
    for n, answer in enumerate(chosen):
        items = list(answer.value)
        if rng.random() < IMPROVING:
            for index in rng.sample(range(7), rng.randint(2, 6)):
                items[index] = max(1, items[index] - 1)
        else:
            for index in rng.sample(range(7), rng.choice([0, 0, 1, 1, 2, 3, 4, 5])):
                items[index] = min(5, items[index] + 1)
        if n < MISSING:
            items[rng.randrange(7)] = None
        started = baseline.opens_at + timedelta(minutes=rng.randint(30, 60 * 24 * 18))
        responses.append(
            Response(
                survey=baseline,
                user_id=answer.response.user_id,
                saved_sections=[block.section_id],
                started_at=started,
                submitted_at=started + timedelta(minutes=rng.randint(2, 6)),
            )
        )
        items_of.append(items)
    Response.objects.bulk_create(responses, batch_size=500)
    created = dict(Response.objects.filter(survey=baseline).values_list("user_id", "pk"))
    Answer.objects.bulk_create(
        [
            Answer(response_id=created[response.user_id], question=block, value=items)
            for response, items in zip(responses, items_of, strict=True)
        ],
        batch_size=1000,
    )
