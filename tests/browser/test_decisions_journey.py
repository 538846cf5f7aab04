"""Decisions in Chromium: a partner records a decision, links input of three kinds and answers the Board's
checklist; a reviewer is not satisfied and approval is refused; once satisfied it proceeds; the public
"You said, we did" page and its feed show it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ostrom.accounts.models import Role, User
from ostrom.accounts.selectors import breakdown_people
from ostrom.conversations.models import Conversation, Participant, Statement, Vote
from ostrom.decisions.models import Assurance, Body, Decision
from ostrom.network.models import Attendance
from ostrom.panels.models import Assembly, Recommendation
from ostrom.places.models import AreaStatistic, Place
from tests.factories import (
    PASSWORD,
    AreaStatisticFactory,
    EqualityAnswerFactory,
    LsoaFactory,
    MeetingFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


@pytest.fixture
def story(transactional_db):
    ladywood = PlaceFactory(name="Ladywood", kind="locality")
    partner = UserFactory(email="partner@example.org", full_name="Helen Price")
    reviewer = UserFactory(email="reviewer@example.org", full_name="Nasreen Akhtar")
    for person in (partner, reviewer):
        Role.objects.create(user=person, kind=Role.Kind.PARTNER)
    body = Body.objects.create(name="Ladywood Locality Partnership", slug="llp", kind="locality_partnership")
    body.places.set([ladywood])
    today = timezone.localdate()
    assembly = Assembly.objects.create(
        question="How can we shorten waiting lists?",
        slug="waiting-lists",
        commissioning_body="Birmingham and Solihull ICB",
        place=ladywood,
        panel_size=20,
        registration_closes_on=today - timedelta(days=90),
        first_session_on=today - timedelta(days=60),
        last_session_on=today - timedelta(days=30),
        payment_offered="£300",
        support_offered="Childcare",
        delete_personal_data_on=today + timedelta(days=300),
    )
    Recommendation.objects.create(
        assembly=assembly,
        number=1,
        title="Call-backs instead of the 8am queue",
        text="Every practice should offer a call-back slot.",
        support_for=27,
    )
    conversation = Conversation.objects.create(
        question="What would help you see a GP?", slug="gp", place=ladywood
    )
    statement = Statement.objects.create(
        conversation=conversation,
        text="Surgeries should call back rather than keep people on hold",
        status="accepted",
    )
    # 24 people voted on the statement, with equality answers shared with consent; 2 of them also came to
    # the meeting, and one more person came only to the meeting.
    lsoa = LsoaFactory(parent=ladywood)
    for band, people in [("16-24", 300), ("25-34", 300), ("35-44", 200), ("45-54", 100), ("55-64", 100)]:
        AreaStatisticFactory(
            place=lsoa, measure=AreaStatistic.Measure.POPULATION_AGE_BAND, category=band, value=people
        )
    voters = [
        EqualityAnswerFactory(
            user__password=None, age_band=("16-24", "25-34", "35-44")[n % 3], lsoa=lsoa
        ).user
        for n in range(24)
    ]
    for person in voters:
        Vote.objects.create(
            participant=Participant.objects.create(conversation=conversation, user=person),
            statement=statement,
            value=Vote.AGREE,
        )
    meeting = MeetingFactory(
        subgroup=SubgroupFactory(name="Primary care access"),
        place=ladywood,
        title="Trust survey results",
        starts_at=timezone.now() - timedelta(days=14),
        minutes="People give up when the phone queue is full.",
    )
    for person in [*voters[:2], EqualityAnswerFactory(user__password=None, age_band="55-64").user]:
        Attendance.objects.create(meeting=meeting, user=person)
    return body


def test_a_decision_from_input_to_the_public_record(visitor, story):
    partner = visitor()
    partner.sign_in("partner@example.org", PASSWORD)
    page = partner.visit("/decisions/record/")
    page.get_by_label("Who takes the decision?").select_option(label="Ladywood Locality Partnership")
    page.get_by_label("What is being decided?").fill("Should every practice offer call-backs?")
    page.get_by_label("What was decided").fill("Every practice offers a call-back slot.")
    partner.click_and_check("Record the decision")
    assert page.get_by_text("The decision has been recorded").is_visible()
    decision = Decision.objects.get()

    for kind, choice, shaped, how in [
        (
            "Citizens' panel recommendation",
            "Recommendation 1: Call-backs instead of the 8am queue",
            "Adopted",
            "Adopted in full.",
        ),
        (
            "Statement from a conversation",
            "“Surgeries should call back rather than keep people on hold”",
            "Adopted",
            "Every group agreed.",
        ),
        (
            "Minutes of a subgroup meeting",
            "Primary care access: Trust survey results",
            "Changed the decision",
            "Call-backs come from a free number.",
        ),
    ]:
        page.get_by_role("link", name="Link community input").click()
        partner.check_accessibility()
        page.get_by_role("link", name=kind).click()
        partner.check_accessibility()
        page.get_by_role("group", name="Which one?").get_by_label(choice, exact=False).first.check()
        page.get_by_role("group", name="How did it shape the decision?").get_by_label(
            shaped, exact=True
        ).check()
        page.get_by_label("Say how, in plain words").fill(how)
        partner.click_and_check("Link this input")
    assert decision.inputs.count() == 3
    assert page.get_by_text("Call-backs come from a free number.").is_visible()

    page.get_by_role("link", name="Answer or review the checklist").click()
    partner.check_accessibility()
    for number, (_, question) in enumerate(Assurance.QUESTIONS, start=1):
        page.get_by_role("group", name=f"{number}. {question}").get_by_label("Answer").fill(
            f"Answer {number}"
        )
    partner.click_and_check("Save the answers")

    reviewer = visitor()
    reviewer.sign_in("reviewer@example.org", PASSWORD)
    rpage = reviewer.visit(f"/decisions/{decision.slug}/assurance/")
    rpage.get_by_label("Not satisfied", exact=True).check()
    rpage.get_by_label("Why? (needed if you are not satisfied)").fill("Nobody under 25 was involved.")
    reviewer.click_and_check("Save the review")
    assert rpage.get_by_text("Do not proceed – be prepared to start again").first.is_visible()

    page = partner.visit(decision.get_absolute_url())
    page.get_by_label("New status").select_option(label="Approved to proceed")
    partner.click_and_check("Change status")
    assert page.get_by_text("Do not proceed – be prepared to start again").first.is_visible()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED

    rpage = reviewer.visit(f"/decisions/{decision.slug}/assurance/")
    rpage.get_by_label("Satisfied", exact=True).check()
    reviewer.click_and_check("Save the review")
    page = partner.visit(decision.get_absolute_url())
    page.get_by_label("New status").select_option(label="Approved to proceed")
    partner.click_and_check("Change status")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    partner.click_and_check("Publish this decision")

    # Reach: the people behind the three inputs, counted from the records themselves, each once.
    voters = set(Vote.objects.exclude(participant__user=None).values_list("participant__user", flat=True))
    came = set(Attendance.objects.values_list("user", flat=True))
    behind = User.objects.filter(pk__in=voters | came)
    assert behind.count() == 25
    page.get_by_role("link", name="Who took part in the input behind this decision").click()
    partner.check_accessibility()
    expected = breakdown_people(behind, by="age_band", places=[Place.objects.get(name="Ladywood")])
    assert page.get_by_text(f"about {expected.total_text} people with an account").is_visible()
    table = page.locator("table", has_text="Age band")
    for row in expected.rows:
        cells = table.locator("tr", has=page.get_by_role("rowheader", name=row.label, exact=True)).locator(
            "td"
        )
        assert row.cell.text in cells.nth(0).inner_text(), row.label

    public = visitor()
    ppage = public.visit("/you-said-we-did/")
    assert ppage.get_by_role("link", name="Should every practice offer call-backs?", exact=True).is_visible()
    assert ppage.get_by_text("Every practice should offer a call-back slot.").is_visible()
    feed = public.page.request.get("/you-said-we-did/feed/")
    assert "Should every practice offer call-backs?" in feed.text()
