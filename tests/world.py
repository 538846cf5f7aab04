"""One small world for the permission matrix and the input sweep: two places under one ICS, a person
for every role, and one of everything in Ladywood.

Everything the matrix asks about lies wholly inside Ladywood, so a coordinator scoped to Ladywood runs
it and one scoped to Perry Barr does not. Built once per test module (`world` fixture below) inside a
transaction that each test's own transaction nests in, so a test's writes vanish when it ends.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from ostrom.accounts.models import ApiToken, Role, User
from ostrom.assets.models import Location as AssetLocation
from ostrom.assets.models import OrukImport, ServiceAtLocation, TaxonomyTerm
from ostrom.assets.models import Service as AssetService
from ostrom.assets.taxonomy import install_wellbeing_taxonomy
from ostrom.conversations.models import Conversation, Statement
from ostrom.core.models import Progress
from ostrom.decisions.models import Assurance, Body, Commitment, Decision, Document, InputLink
from ostrom.grants.models import Grant, Panel, PanelSeat, Result
from ostrom.impact import returns as impact_returns
from ostrom.impact.models import Programme, ReturnQuestion
from ostrom.network.models import Membership, Organisation, SubgroupMembership
from ostrom.panels.models import Assembly, Letter, Lottery, Recommendation, Session, Volunteer
from ostrom.places.models import Place
from ostrom.surveys.models import Option, PanelMembership, Question, Section, Survey
from tests.factories import (
    AdminFactory,
    AreaStatisticFactory,
    LsoaFactory,
    MeetingFactory,
    OrganisationFactory,
    PlaceFactory,
    PostcodeFactory,
    SubgroupFactory,
    UserFactory,
)
from tests.grants.factories import ApplicationFactory, FundFactory, PriorityFactory, RoundFactory

# Everyone the matrix signs in as, from least to most trusted.
ROLES = [
    "anonymous",
    "resident",
    "organisation_contact",
    "panel_member",
    "partner",
    "coordinator_ladywood",
    "coordinator_perry_barr",
    "coordinator",
    "subgroup_coordinator",
    "link_worker",
    "link_worker_perry_barr",
    "admin",
]

POSTCODE = "B16 8QG"
TOKEN = "matrix-token-of-the-resident"


@dataclass
class World:
    people: dict[str, User] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def build_world() -> World:
    world = World()
    objects = world.objects

    ics = PlaceFactory(code="E54000055", name="Birmingham and Solihull", kind=Place.Kind.ICS)
    ladywood = PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind=Place.Kind.LOCALITY, parent=ics)
    perry_barr = PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind=Place.Kind.LOCALITY, parent=ics)
    lsoa = LsoaFactory(code="E01009001", name="Birmingham 001A", parent=ladywood)
    AreaStatisticFactory(place=lsoa, measure="population_total", value=1600)
    AreaStatisticFactory(place=lsoa, measure="imd_decile", value=2, year=2019)
    PostcodeFactory(postcode=POSTCODE, lsoa=lsoa)
    objects.update(ics=ics, ladywood=ladywood, perry_barr=perry_barr, lsoa=lsoa)

    subgroup = SubgroupFactory(name="Mental health", slug="mental-health")
    objects["subgroup"] = subgroup

    people = world.people
    people["resident"] = UserFactory(full_name="Rae Resident")
    people["organisation_contact"] = UserFactory(full_name="Olu Contact")
    people["panel_member"] = UserFactory(full_name="Pat Panel")
    people["partner"] = UserFactory(full_name="Pam Partner")
    people["coordinator_ladywood"] = UserFactory(full_name="Lee Ladywood")
    people["coordinator_perry_barr"] = UserFactory(full_name="Perry Coordinator")
    people["coordinator"] = UserFactory(full_name="Cam Coordinator")
    people["subgroup_coordinator"] = UserFactory(full_name="Sid Subgroup")
    people["link_worker"] = UserFactory(full_name="Lin Link-Worker")
    people["link_worker_perry_barr"] = UserFactory(full_name="Pat Perry-Barr Link-Worker")
    people["admin"] = AdminFactory(full_name="Ada Admin")
    User.objects.filter(pk__in=[p.pk for p in people.values()]).update(email_confirmed_at=timezone.now())
    for person in people.values():
        person.refresh_from_db()
    for name, kind, scope in [
        ("organisation_contact", Role.Kind.ORGANISATION_CONTACT, {}),
        ("panel_member", Role.Kind.PANEL_MEMBER, {}),
        ("partner", Role.Kind.PARTNER, {}),
        ("coordinator_ladywood", Role.Kind.COORDINATOR, {"place": ladywood}),
        ("coordinator_perry_barr", Role.Kind.COORDINATOR, {"place": perry_barr}),
        ("coordinator", Role.Kind.COORDINATOR, {}),
        ("subgroup_coordinator", Role.Kind.COORDINATOR, {"subgroup": subgroup}),
        ("link_worker", Role.Kind.LINK_WORKER, {"place": ladywood}),
        ("link_worker_perry_barr", Role.Kind.LINK_WORKER, {"place": perry_barr}),
    ]:
        Role.objects.create(user=people[name], kind=kind, **scope)
    SubgroupMembership.objects.create(user=people["resident"], subgroup=subgroup)

    # The collective: a member organisation in Ladywood whose contact applies for grants, and one
    # waiting for a coordinator's decision.
    organisation = OrganisationFactory(name="Ladywood Health Champions", places_served=[ladywood])
    organisation.subgroups.add(subgroup)
    Membership.objects.create(user=people["organisation_contact"], organisation=organisation, is_contact=True)
    applied = OrganisationFactory(
        name="Ladywood Walking Group",
        status=Organisation.Status.APPLIED,
        joined_on=None,
        places_served=[ladywood],
    )
    meeting = MeetingFactory(subgroup=subgroup, place=ladywood, title="Mental health in Ladywood")
    objects.update(organisation=organisation, applied_organisation=applied, meeting=meeting)

    # Grants: one fund for Ladywood with a round open for applications, one in its public vote (with a
    # panel, a shortlist and a counted but unpublished result) and one decided and published.
    fund = FundFactory(name="Ladywood Fund", slug="ladywood-fund", amount=Decimal("1000000"))
    fund.places_served.set([ladywood])
    applying = RoundFactory(fund=fund, in_phase="applications", slug="ladywood-applying")
    voting = RoundFactory(fund=fund, in_phase="voting", slug="ladywood-voting")
    decided = RoundFactory(
        fund=fund, in_phase="decision", slug="ladywood-decided", published_at=timezone.now()
    )
    priority = PriorityFactory(funding_round=applying, title="Loneliness", is_accepted=True)
    application = ApplicationFactory(
        funding_round=applying,
        organisation=organisation,
        applicant=people["organisation_contact"],
        priority=priority,
    )
    application.places.set([ladywood])
    shortlisted = ApplicationFactory(
        funding_round=voting,
        organisation=organisation,
        applicant=people["organisation_contact"],
        status="shortlisted",
    )
    shortlisted.places.set([ladywood])
    panel = Panel.objects.create(funding_round=voting)
    seat = PanelSeat.objects.create(
        panel=panel, member=people["panel_member"], has_lived_experience=True, place=ladywood
    )
    Result.objects.create(
        funding_round=voting, rule="mes", ballot_count=0, selected=[], cost=Decimal(0), explanations={}
    )
    funded = ApplicationFactory(
        funding_round=decided,
        organisation=organisation,
        applicant=people["organisation_contact"],
        status="funded",
    )
    funded.places.set([ladywood])
    Result.objects.create(
        funding_round=decided,
        rule="mes",
        ballot_count=0,
        selected=[funded.pk],
        cost=funded.amount_requested,
        explanations={},
    )
    grant = Grant.objects.create(
        application=funded,
        identifier="360G-ostrom-matrix-1",
        amount_awarded=funded.amount_requested,
        award_date=date.today(),
    )
    due = impact_returns.issue_grant_returns(grant=grant, awarded_on=date.today() - timedelta(days=152))[0]
    objects.update(
        fund=fund,
        round=voting,
        applying_round=applying,
        decided_round=decided,
        application=application,
        shortlisted=shortlisted,
        seat=seat,
        grant=grant,
        monitoring_return=due,
    )

    # A conversation about Ladywood, with one statement shown and one waiting for a moderator.
    conversation = Conversation.objects.create(
        question="What would make it easier to see a GP in Ladywood?",
        slug="gp-in-ladywood",
        place=ladywood,
        created_by=people["coordinator_ladywood"],
    )
    shown = Statement.objects.create(
        conversation=conversation, text="Appointments by phone after 8am", is_seed=True, status="accepted"
    )
    waiting = Statement.objects.create(
        conversation=conversation, text="Interpreters on site", status="waiting"
    )
    objects.update(conversation=conversation, statement=shown, waiting_statement=waiting)

    # A citizens' panel for Ladywood: volunteers, a current lottery, a session and a recommendation.
    today = date.today()
    assembly = Assembly.objects.create(
        question="How should we cut waiting lists?",
        slug="ladywood-waiting-lists",
        commissioning_body="BSol ICB",
        place=ladywood,
        panel_size=2,
        registration_closes_on=today + timedelta(days=10),
        first_session_on=today + timedelta(days=30),
        last_session_on=today + timedelta(days=60),
        payment_offered="£300",
        support_offered="Childcare and travel",
        delete_personal_data_on=today + timedelta(days=120),
        created_by=people["coordinator_ladywood"],
    )
    volunteers = [
        Volunteer.objects.create(
            assembly=assembly,
            full_name=f"Volunteer {n}",
            email=f"volunteer{n}@example.org",
            postcode=POSTCODE,
            lsoa=lsoa,
            household=f"household-{n}",
            features={"Sex": "Female" if n % 2 else "Male"},
            consent_wording="You agree that we keep your answers until the panel ends.",
        )
        for n in range(4)
    ]
    lottery = Lottery.objects.create(
        assembly=assembly,
        seed="04 17 22",
        quotas=[],
        pool=[],
        selected=[str(v.pk) for v in volunteers[:2]],
        probabilities={str(v.pk): 0.5 for v in volunteers},
        is_current=True,
        drawn_at=timezone.now(),
        drawn_by=people["coordinator_ladywood"],
    )
    session = Session.objects.create(
        assembly=assembly, title="First session", starts_at=timezone.now(), venue="Ladywood Community Centre"
    )
    recommendation = Recommendation.objects.create(
        assembly=assembly, number=1, title="Text reminders", text="Send reminders by text.", support_for=2
    )
    Letter.objects.create(assembly=assembly, code="MATRIX01", address="1 Ladywood Road", postcode=POSTCODE)
    objects.update(
        assembly=assembly,
        volunteers=volunteers,
        lottery=lottery,
        session=session,
        recommendation=recommendation,
    )

    # Decisions: the Ladywood locality partnership's published decision, citing the panel's
    # recommendation, with its Board checklist, a commitment and a document.
    body = Body.objects.create(
        name="Ladywood Locality Partnership", slug="ladywood-lp", kind="locality_partnership"
    )
    body.places.set([ladywood])
    decision = Decision.objects.create(
        body=body,
        question="Text reminders for appointments",
        slug="text-reminders",
        published_at=timezone.now(),
    )
    Assurance.objects.create(decision=decision)
    link = InputLink.objects.create(
        decision=decision,
        kind="panels.recommendation",
        object_id=recommendation.pk,
        title="Recommendation 1: Text reminders",
        quote="Send reminders by text.",
        shaped="adopted",
        how="Every practice sends them.",
    )
    commitment = Commitment.objects.create(
        decision=decision, text="We will send text reminders", owner="Primary care", due_on=date.today()
    )
    document = Document.objects.create(
        decision=decision,
        title="Board paper",
        filename="paper.pdf",
        content_type="application/pdf",
        content=b"%PDF-1.7",
        size=8,
    )
    objects.update(body=body, decision=decision, input_link=link, commitment=commitment, document=document)

    # Open Space: a Ladywood event with a published report, the resident checked in, a topic on the wall,
    # one waiting for a place, a highlight and an action.
    from ostrom.events.models import Action as EventAction
    from ostrom.events.models import Event, Slot, Space, Topic
    from ostrom.events.models import Participant as EventParticipant

    day = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        title="What matters to me for my wellbeing living in Ladywood",
        slug="open-space-ladywood",
        venue_name="Ladywood Community Centre",
        place=ladywood,
        starts_at=day,
        ends_at=day + timedelta(hours=5),
        check_in_token="matrix-check-in-token",
        report_published_at=timezone.now(),
        created_by=people["coordinator_ladywood"],
    )
    space = Space.objects.create(event=event, name="Main hall")
    slot = Slot.objects.create(
        event=event, starts_at=day + timedelta(hours=1), ends_at=day + timedelta(hours=2)
    )
    event_participant = EventParticipant.objects.create(
        event=event, user=people["resident"], name="Rae", checked_in_at=timezone.now()
    )
    topic = Topic.objects.create(
        event=event,
        title="Transport",
        proposer=event_participant,
        proposer_name="Rae",
        leaning="together",
        space=space,
        slot=slot,
    )
    unplaced = Topic.objects.create(event=event, title="Loneliness", proposer_name="Rae", leaning="ourselves")
    event_action = EventAction.objects.create(
        event=event, topic=topic, text="Ask for a community bus", kind="for_us"
    )
    objects.update(
        event=event,
        event_space=space,
        event_slot=slot,
        event_participant=event_participant,
        topic=topic,
        unplaced_topic=unplaced,
        event_action=event_action,
    )
    # Surveys: an open-link survey about Ladywood, sent and open, with a skip-logic question; the
    # resident is on the community panel.
    survey = Survey.objects.create(
        title="Ladywood wellbeing survey",
        slug="ladywood-wellbeing",
        place=ladywood,
        audience="open_link",
        status="sent",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=14),
        sent_at=timezone.now() - timedelta(days=1),
        created_by=people["coordinator_ladywood"],
    )
    survey_section = Section.objects.create(survey=survey, title="About you", order=1)
    wellbeing_section = Section.objects.create(survey=survey, title="Wellbeing", order=2)
    survey_question = Question.objects.create(
        section=survey_section, order=1, kind="single", text="Used a GP?"
    )
    Option.objects.create(question=survey_question, order=1, label="Yes")
    Option.objects.create(question=survey_question, order=2, label="No", skip_to=wellbeing_section)
    Question.objects.create(
        section=wellbeing_section, order=1, kind="swemwbs", text="Wellbeing", min_value=1, max_value=5
    )
    PanelMembership.objects.create(user=people["resident"])
    objects.update(survey=survey, survey_section=survey_section, survey_question=survey_question)

    # Insight: a published story and a published case for action in Ladywood, with its cost lines.
    from ostrom.insight.models import CaseForAction, CostLine, Insight

    insight_story = Insight.objects.create(
        kind="story",
        title="Getting to the GP",
        text="I had to take two buses to get to my appointment.",
        source="interview",
        place=ladywood,
        said_on=date.today() - timedelta(days=10),
        consent_to_use=True,
        publication="anonymised",
        consent_wording="I agree that my words may be used and published without my name.",
        consent_recorded_at=timezone.now(),
        consent_recorded_by=people["coordinator_ladywood"],
        created_by=people["coordinator_ladywood"],
    )
    insight_case = Insight.objects.create(
        kind="case_for_action",
        title="Respite for carers",
        text="A weekly day of respite keeps carers going.",
        source="other",
        place=ladywood,
        said_on=date.today() - timedelta(days=10),
        consent_to_use=True,
        publication="anonymised",
        consent_wording="We agree that this case may be published.",
        created_by=people["coordinator_ladywood"],
    )
    case = CaseForAction.objects.create(
        insight=insight_case,
        problem="Carers are exhausted",
        who_is_affected="Carers",
        proposed_action="Respite",
    )
    CostLine.objects.create(
        case=case,
        effect="cost",
        description="Respite days",
        unit_cost=Decimal("60"),
        unit_cost_source="Memory Matters",
        quantity=Decimal("10"),
    )
    objects.update(insight_story=insight_story, insight_case=insight_case)

    # Things that belong to one person: the Ladywood coordinator's background work and the
    # resident's API token.
    objects["progress"] = Progress.objects.create(title="Counting", started_by=people["coordinator_ladywood"])
    objects["token"] = ApiToken.objects.create(
        user=people["resident"], name="My spreadsheet", token_hash=ApiToken.hash(TOKEN)
    )
    # Themes: a finished run over Ladywood's insights (started by the Ladywood coordinator) that found
    # two themes, each holding a published and an unpublished comment.
    from ostrom.insight.models import Insight, Theme, ThemeAssignment, ThemeRun

    theme_run = ThemeRun.objects.create(
        place=ladywood,
        status=ThemeRun.Status.FINISHED,
        progress=Progress.objects.create(
            title="Finding themes in Ladywood", started_by=people["coordinator_ladywood"]
        ),
    )
    themes = [
        Theme.objects.create(place=ladywood, label=label, keywords=keywords, size=2, created_by_run=theme_run)
        for label, keywords in [
            ("gp, appointment", ["gp", "appointment"]),
            ("bus, hospital", ["bus", "hospital"]),
        ]
    ]
    for theme, words in zip(themes, ["GP appointments", "Buses to the hospital"], strict=True):
        for publication in (Insight.Publication.ANONYMISED, Insight.Publication.NOT_PUBLISHED):
            insight = Insight.objects.create(
                kind=Insight.Kind.COMMENT,
                source=Insight.Source.CONVERSATION,
                place=ladywood,
                said_on=date(2026, 10, 1),
                text=f"{words} are a problem ({publication})",
                consent_to_use=True,
                publication=publication,
            )
            ThemeAssignment.objects.create(place=ladywood, insight=insight, theme=theme)
        theme.representative = list(theme.assignments.values_list("insight_id", flat=True))
        theme.save(update_fields=["representative"])
    objects.update(theme_run=theme_run, theme=themes[0], other_theme=themes[1])

    # Money: the locality partnership's budget line; a Ladywood PCN devolves money to the collective,
    # which agrees some of it with the member organisation (part paid); a programme's cost-benefit.
    from ostrom.money.models import (
        Agreement,
        AgreementPayment,
        BudgetLine,
        CostBenefit,
        CostItem,
        DevolvedBudget,
    )

    budget_line = BudgetLine.objects.create(
        body=body, year=2025, category="acute", amount=Decimal("900000"), source_note="Annual accounts"
    )
    pcn = Body.objects.create(name="Ladywood PCN", slug="ladywood-pcn", kind="pcn")
    collective = Body.objects.create(
        name="Ladywood Collective", slug="ladywood-collective", kind="collective"
    )
    pcn.places.set([ladywood])
    collective.places.set([ladywood])
    devolved = DevolvedBudget.objects.create(
        from_body=pcn,
        anchor=collective,
        amount=Decimal("250000"),
        committed=Decimal("10000"),
        paid=Decimal("2500"),
        devolved_on=date(2026, 4, 1),
        purpose="Community-led prevention",
    )
    agreement = Agreement.objects.create(
        budget=devolved,
        organisation=organisation,
        amount=Decimal("10000"),
        paid=Decimal("2500"),
        purpose="Health champions",
        agreed_on=date(2026, 4, 2),
        starts_on=date(2026, 4, 2),
        ends_on=date(2027, 3, 31),
    )
    AgreementPayment.objects.create(agreement=agreement, amount=Decimal("2500"), paid_on=date(2026, 4, 3))
    money_programme = Programme.objects.create(
        name="Link workers in Ladywood",
        slug="ladywood-link-workers",
        kind="programme",
        place=ladywood,
    )
    cost_benefit = CostBenefit.objects.create(programme=money_programme, assumptions="One year")
    CostItem.objects.create(
        cost_benefit=cost_benefit, item="Link worker", amount=Decimal("30000"), source="Payroll"
    )
    objects.update(
        budget_line=budget_line,
        pcn=pcn,
        collective=collective,
        devolved=devolved,
        agreement=agreement,
        money_programme=money_programme,
    )

    # Impact (theory of change): a Ladywood programme with an activity leading to an output that has an
    # indicator measured once.
    from ostrom.impact.models import Indicator as ImpactIndicator
    from ostrom.impact.models import Measurement as ImpactMeasurement
    from ostrom.impact.models import Programme as ImpactProgramme
    from ostrom.impact.models import Step as ImpactStep

    impact_programme = ImpactProgramme.objects.create(
        name="Ladywood social prescribing",
        slug="ladywood-social-prescribing",
        kind="programme",
        place=ladywood,
    )
    impact_activity = ImpactStep.objects.create(
        programme=impact_programme, stage="activity", text="Link workers"
    )
    impact_output = ImpactStep.objects.create(
        programme=impact_programme, stage="output", text="People referred"
    )
    impact_activity.leads_to.add(impact_output)
    impact_indicator = ImpactIndicator.objects.create(
        step=impact_output, name="People referred", unit="people", maximum=Decimal(1000)
    )
    ImpactMeasurement.objects.create(
        indicator=impact_indicator, measured_on=date(2026, 3, 31), value=Decimal(40), source="typed"
    )
    objects.update(
        impact_programme=impact_programme,
        impact_activity=impact_activity,
        impact_output=impact_output,
        impact_indicator=impact_indicator,
        # Wellbeing and open data use the same programme.
        wellbeing_programme=impact_programme,
    )
    # Impact returns: a Ladywood programme with a template of two questions, and a return asked of
    # the organisation (the grant's progress return above is one too).
    programme = Programme.objects.create(
        name="Ladywood wellbeing", slug="ladywood-wellbeing", kind="programme", place=ladywood
    )
    template = impact_returns.create_template(
        coordinator=people["coordinator_ladywood"],
        programme=programme,
        name="Quarterly return",
        questions=[
            {"kind": ReturnQuestion.Kind.COUNT, "wording": "How many sessions did you run?"},
            {"kind": ReturnQuestion.Kind.STORY, "wording": "Tell us one story"},
        ],
    )
    quarterly = impact_returns.issue_returns(
        coordinator=people["coordinator_ladywood"],
        template=template,
        organisations=[organisation],
        period_start=date.today() - timedelta(days=90),
        period_end=date.today(),
        due_on=date.today() + timedelta(days=14),
    )[0]
    objects.update(programme=programme, return_template=template, impact_return=quarterly)
    # Community assets exchange (Open Referral UK): a public Ladywood asset at a venue, in a category,
    # and a finished import of a feed.
    install_wellbeing_taxonomy()
    oruk_service = AssetService.objects.create(organisation=organisation, name="Ladywood walking group")
    oruk_service.categories.set(TaxonomyTerm.objects.wellbeing()[:1])
    oruk_service.places.set([ladywood])
    oruk_location = AssetLocation.objects.create(
        name="Ladywood park gates", postal_code=POSTCODE, latitude=52.48, longitude=-1.92
    )
    oruk_at_location = ServiceAtLocation.objects.create(service=oruk_service, location=oruk_location)
    oruk_import = OrukImport.objects.create(
        source_name="ladywood-feed.json",
        started_by=people["coordinator"],
        report={
            "imported": True,
            "version": "v3",
            "entries": 1,
            "added": [],
            "updated": [],
            "rejected": [],
            "notes": [],
        },
    )
    objects.update(
        oruk_service=oruk_service,
        oruk_at_location=oruk_at_location,
        oruk_term=oruk_service.categories.get(),
        oruk_import=oruk_import,
    )

    # Social prescribing (helper C): a running service of the organisation in Ladywood and a
    # reference-only referral in Ladywood sent to it, waiting for the service's answer.
    from ostrom.referrals.models import Referral, ReferralNeed, ReferralTo

    referral_service = AssetService.objects.create(organisation=organisation, name="Ladywood health walks")
    referral_service.places.add(ladywood)
    referral = Referral.objects.create(
        place=ladywood,
        made_by=people["link_worker"],
        follow_up_on=date.today() + timedelta(days=42),
    )
    ReferralNeed.objects.create(referral=referral, need="loneliness")
    referral_sent = ReferralTo.objects.create(referral=referral, service=referral_service)
    objects.update(referral_service=referral_service, referral=referral, referral_sent=referral_sent)

    # Community assets, the directory (helper A): the member organisation's entry at a Ladywood venue,
    # and a change to it waiting for a coordinator.
    from ostrom.assets.models import Schedule, ServiceChange
    from ostrom.assets.validation import checked_entry

    asset = AssetService.objects.create(
        organisation=organisation, name="Ladywood walking club", assured_date=today
    )
    venue = AssetLocation.objects.create(
        organisation=organisation,
        name="Ladywood Community Centre",
        address_1="1 Ladywood Road",
        postal_code=POSTCODE,
        place=lsoa,
        latitude=Decimal("52.4791"),
        longitude=Decimal("-1.9174"),
    )
    ServiceAtLocation.objects.create(service=asset, location=venue)
    Schedule.objects.create(service=asset, byday="TU", opens_at="10:00", closes_at="12:00")
    asset_change = ServiceChange.objects.create(
        organisation=organisation,
        service=asset,
        proposed=checked_entry(
            {
                "name": "Ladywood walking club",
                "schedules": [{"byday": "TH", "opens_at": "18:00", "closes_at": "19:00"}],
            }
        ),
        proposed_by=people["organisation_contact"],
    )
    objects.update(asset=asset, asset_change=asset_change)
    # A volunteer translator for Ladywood (not one of the matrix's roles: only its coordinators may stop them).
    translator = UserFactory(full_name="Tam Translator")
    objects["translator_role"] = Role.objects.create(
        user=translator, kind=Role.Kind.TRANSLATOR, place=ladywood, granted_by=people["coordinator_ladywood"]
    )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module; each test's transaction nests inside this one."""
    # The people's passwords are never typed here: the fastest hasher will do.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        yield build_world()
        transaction.set_rollback(True)


_handler = None


def problem_of(response) -> str:
    """What went wrong on the server, for a failure message."""
    if getattr(response, "exc_info", None):
        kind, error, _ = response.exc_info
        return f"{kind.__name__}: {str(error)[:200]}"
    return response.content[:200].decode(errors="replace")


def client_as(world: World, role: str) -> Client:
    """A browser signed in as the role that shows server errors as the 500 a person would see.

    Every client shares one request handler: building the middleware again for each request would
    have WhiteNoise list every static file each time."""
    global _handler
    client = Client(raise_request_exception=False)
    _handler = _handler or client.handler
    client.handler = _handler
    if role != "anonymous":
        client.force_login(world.people[role])
    return client
