"""A programme with a theory of change, indicators, measurements and returns, for the open data tests."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ostrom.impact.models import (
    Indicator,
    Measurement,
    Return,
    ReturnAnswer,
    ReturnQuestion,
    ReturnTemplate,
    Step,
    WellbeingScore,
)
from ostrom.insight.models import Insight
from tests.factories import OrganisationFactory, UserFactory
from tests.impact.wellbeing_factories import answers, programme_in

PRIVATE_STORY = "Mrs Kaur from Soho Road told us the walks got her out of the house"
PUBLISHED_STORY = "A member told us the walks got her out of the house again"
MEASUREMENT_NOTE = "Counted by Jo Bloggs at the Tuesday group"


def programme_with_returns(place=None):
    programme = programme_in(place)
    output = Step.objects.create(
        programme=programme, stage=Step.Stage.OUTPUT, text="People join walking groups"
    )
    outcome = Step.objects.create(
        programme=programme, stage=Step.Stage.SHORT_TERM, text="People feel less lonely", position=1
    )
    output.leads_to.add(outcome)
    walkers = Indicator.objects.create(
        step=output,
        name="People on a walk each month",
        unit="people",
        baseline=Decimal("40"),
        baseline_on=date(2025, 4, 1),
        target=Decimal("120"),
        target_on=date(2027, 3, 31),
        source="Returns from walking groups",
        frequency=Indicator.Frequency.MONTHLY,
    )
    members = Indicator.objects.create(
        step=outcome,
        name="Member organisations",
        unit="organisations",
        source="Ostrom's membership records",
        computed_from="member_organisations",
    )
    Measurement.objects.create(
        indicator=walkers,
        measured_on=date(2025, 6, 30),
        value=Decimal("55"),
        source="typed",
        note=MEASUREMENT_NOTE,
    )
    Measurement.objects.create(
        indicator=walkers, measured_on=date(2025, 9, 30), value=Decimal("71.5"), source="returns"
    )
    Measurement.objects.create(
        indicator=members, measured_on=date(2025, 9, 30), value=Decimal("23"), source="computed"
    )

    contact = UserFactory(full_name="Olu Contact", email="olu@walkers.example")
    organisation = OrganisationFactory(
        name="Handsworth Walkers", contact_name="Sam Secret", contact_email="sam@walkers.example"
    )
    template = ReturnTemplate.objects.create(
        programme=programme, name="Quarterly return", due_after_months=[3]
    )
    questions = {
        kind: ReturnQuestion.objects.create(template=template, kind=kind, wording=wording, position=position)
        for position, (kind, wording) in enumerate(
            [
                ("count", "How many walks did you run?"),
                ("people_by_group", "How many people came, by age?"),
                ("referrals", "How many social prescriptions did you receive?"),
                ("story", "Tell us one person's story"),
                ("swemwbs", "Participants' wellbeing"),
            ]
        )
    }
    returns = []
    for number, values in enumerate(
        [
            {
                "count": 12,
                "people_by_group": {"16-24": 3, "25-64": 20, "65+": 12},
                "referrals": 2,
                "story": PRIVATE_STORY,
            },
            {
                "count": 15,
                "people_by_group": {"16-24": 6, "25-64": 25, "65+": 14},
                "referrals": 9,
                "story": PRIVATE_STORY,
            },
        ]
    ):
        start = date(2025, 4, 1) + timedelta(days=91 * number)
        sent = Return.objects.create(
            template=template,
            organisation=organisation,
            period_start=start,
            period_end=start + timedelta(days=90),
            due_on=start + timedelta(days=120),
            submitted_at=timezone.now() - timedelta(days=30 - number),
            submitted_by=contact,
        )
        for kind, value in values.items():
            ReturnAnswer.objects.create(answered_return=sent, question=questions[kind], value=value)
        ReturnAnswer.objects.create(
            answered_return=sent, question=questions["swemwbs"], value={"P1": answers(20)}
        )
        WellbeingScore.objects.create(
            programme=programme,
            participant=f"HW-{number}",
            stage="baseline",
            items=answers(20),
            taken_on=start,
            from_return=sent,
        )
        returns.append(sent)
    # Not yet sent: never in the package.
    Return.objects.create(
        template=template,
        organisation=organisation,
        period_start=date(2025, 10, 1),
        period_end=date(2025, 12, 31),
        due_on=date(2026, 1, 31),
    )
    # The second return's story was published as insight, in its published wording.
    Insight.objects.create(
        kind="story",
        text=PUBLISHED_STORY,
        source="other",
        place=programme.place,
        said_on=date(2025, 9, 30),
        consent_to_use=True,
        publication="anonymised",
        consent_wording="I agree",
        origin_kind="impact.return",
        origin_id=returns[1].pk,
    )
    return programme, {"contact": contact, "organisation": organisation, "returns": returns}
