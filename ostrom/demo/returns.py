"""Demo slim returns: Flourish's quarterly return (four questions) and 30 returns from ten member
organisations over the past year, through the same services people use. The two earlier quarters
are all in bar one overdue; of the quarter just ended, six are in and four are due. Stories told
with consent become insight, marked as demo. Dates are relative to today. Safe to run again: once
the template exists nothing is added."""

import random
from datetime import date, timedelta

from ostrom.demo.clock import Clock
from ostrom.impact import returns
from ostrom.impact.models import Indicator, Programme, Return, ReturnQuestion
from ostrom.insight.models import Insight
from ostrom.network.models import Organisation

TEMPLATE_NAME = "Flourish quarterly return"
ORGANISATIONS = 10
QUARTER = 91
STORIES = [
    "A man who had not left his flat since his wife died came to the walking group with his neighbour. "
    "Three months on he leads the Tuesday walk.",
    "Two mums met at the cooking session and now run a WhatsApp group for twenty families on the estate.",
    "A young carer told us the drop-in was the only hour in her week that was hers. She now volunteers.",
    "Our link worker referred a woman with long COVID to the allotment. She says the soil did more than "
    "the tablets.",
    "The men's shed fixed a wheelchair ramp for the community centre, and three new members joined.",
]


def _indicator_for(programme: Programme, *words: str) -> Indicator | None:
    """One of the programme's indicators whose name says what the question counts, if it has one."""
    for indicator in Indicator.objects.filter(step__programme=programme):
        if all(word in indicator.name.lower() for word in words):
            return indicator
    return None


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> int:
    coordinator = people["staff"]["coordinator"]
    programme, _ = Programme.objects.get_or_create(
        slug="flourish",
        defaults={
            "name": "Flourish",
            "kind": Programme.Kind.PROGRAMME,
            "place": geography["place"],
            "description": "Community-led wellbeing: social prescribing into local groups.",
        },
    )
    if programme.return_templates.filter(name=TEMPLATE_NAME).exists():
        return 0
    template = returns.create_template(
        coordinator=coordinator,
        programme=programme,
        name=TEMPLATE_NAME,
        due_after_months=[3, 6, 9, 12],
        questions=[
            {
                "kind": ReturnQuestion.Kind.COUNT,
                "wording": "How many people took part in your activities?",
                "indicator": _indicator_for(programme, "people"),
            },
            {"kind": ReturnQuestion.Kind.PEOPLE_BY_GROUP, "wording": "How many of them were in each group?"},
            {
                "kind": ReturnQuestion.Kind.REFERRALS,
                "wording": "How many social prescriptions did you receive?",
                "indicator": _indicator_for(programme, "prescri"),
            },
            {"kind": ReturnQuestion.Kind.STORY, "wording": "Tell us one thing that changed for someone"},
        ],
    )
    questions = {q.kind: q.pk for q in template.questions.all()}
    organisations = list(
        Organisation.objects.filter(status=Organisation.Status.MEMBER, memberships__is_contact=True)
        .distinct()
        .order_by("pk")[:ORGANISATIONS]
    )
    clock = Clock.of(today)
    today = clock.today
    made = 0
    for quarter in (2, 1, 0):  # oldest first; quarter 0 ended three days ago
        end = today - timedelta(days=3 + quarter * QUARTER)
        issued = returns.issue_returns(
            coordinator=coordinator,
            template=template,
            organisations=organisations,
            period_start=end - timedelta(days=QUARTER - 1),
            period_end=end,
            due_on=end + timedelta(days=14),
        )
        for number, the_return in enumerate(issued):
            made += 1
            if (quarter == 1 and number == 0) or (quarter == 0 and number >= 6):
                continue  # one overdue from last quarter; four due for this one
            contact = the_return.organisation.memberships.filter(is_contact=True).first().user
            reached = rng.randint(15, 120)
            white, asian, black = reached * 2 // 5, reached // 4, reached // 8
            referrals = rng.randint(2, 25)
            story = STORIES[(number + quarter) % len(STORIES)]
            returns.submit_return(
                person=contact,
                the_return=the_return,
                answers={
                    questions["count"]: reached,
                    questions["people_by_group"]: {
                        "white": white,
                        "asian": asian,
                        "black": black,
                        "mixed": reached // 20,
                        "not_known": reached - white - asian - black - reached // 20,
                    },
                    questions["referrals"]: referrals,
                    questions["story"]: story,
                },
                story_consent=number % 3 == 0,
            )
            sent_on = end + timedelta(days=rng.randint(1, min(12, (today - end).days - 1)))
            Return.objects.filter(pk=the_return.pk).update(submitted_at=clock.at(sent_on, hour=15))
    Insight.objects.filter(origin_kind="impact.return").update(is_demo=True)
    return made
