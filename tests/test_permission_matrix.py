"""The permission matrix: every page and every API operation, for every role.

The URL conf and the OpenAPI schema say what exists; `TABLE` below says who may use it, in the words of
`ostrom/accounts/permissions.py`. A page or operation missing from the table fails
`test_every_page_and_operation_has_a_rule`, so a new URL cannot arrive without a rule.

For each case the test signs in as the role, fills the URL's arguments from the small world in
`tests/world.py` (every object in it lies wholly inside Ladywood), and makes one request: a GET, or for
a page that only takes POST (and for API writes) a POST/PUT/DELETE with a small valid body, so the
request gets as far as the permission check. Allowed people may be turned away for other reasons (a
form's errors, a closed phase: 200, 302 or a 4xx other than 401/403) but never refused; refused people
get 403 (401 from the API, or the sign-in page, when signed out); nobody ever gets a 500.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ostrom.api.api import api
from tests.world import POSTCODE, ROLES, client_as, problem_of, world  # noqa: F401 (the fixture)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
COORDINATORS_OF_LADYWOOD = frozenset({"coordinator_ladywood", "coordinator", "admin"})

# Who each rule lets in, given that every object in the world lies wholly inside Ladywood.
RULES = {
    "public": EVERYONE,
    "signed_in": SIGNED_IN,
    # The person themselves: every signed-in person gets their own data, never anyone else's.
    "self": SIGNED_IN,
    # permissions.is_any_coordinator: pages where a coordinator then picks what they run.
    "any_coordinator": frozenset(
        {"coordinator_ladywood", "coordinator_perry_barr", "coordinator", "subgroup_coordinator", "admin"}
    ),
    # permissions.can_coordinate(places=[the object's places]): scoped coordinators honoured.
    "coordinator_of_object": COORDINATORS_OF_LADYWOOD,
    # permissions.can_coordinate() with no place: what serves no place in particular.
    "unscoped_coordinator": frozenset({"coordinator", "admin"}),
    # permissions.can_run_subgroup.
    "subgroup_coordinator": frozenset({"subgroup_coordinator", "coordinator", "admin"}),
    # permissions.can_see_reach: the coordinators of the object's places, partners and admins.
    "reach_viewer": COORDINATORS_OF_LADYWOOD | {"partner"},
    # permissions.can_see_volunteers: only the assembly's coordinators.
    "volunteers": COORDINATORS_OF_LADYWOOD,
    # permissions.can_moderate: the coordinators of the conversation's place.
    "moderator": COORDINATORS_OF_LADYWOOD,
    # permissions.can_respond_to_recommendations: the assembly's coordinators and partners.
    "responder": COORDINATORS_OF_LADYWOOD | {"partner"},
    # permissions.can_record_decisions: partners and coordinators of the body's places.
    "decision_recorder": COORDINATORS_OF_LADYWOOD | {"partner"},
    # Holds a seat on the round's panel (the world's panel member); nobody else scores.
    "panel_member": frozenset({"panel_member"}),
    # The applicant (the organisation's contact) and the round's coordinators.
    "applicant_or_round_coordinator": COORDINATORS_OF_LADYWOOD | {"organisation_contact"},
    # Only the applicant changes or withdraws their application.
    "applicant": frozenset({"organisation_contact"}),
    # Only the person who started the work (the Ladywood coordinator) and admins follow its progress.
    "starter": frozenset({"coordinator_ladywood", "admin"}),
    # Only the owner of the token (the resident) revokes it.
    "token_owner": frozenset({"resident"}),
    # Only people who belong to the organisation apply for it.
    "organisation_member": frozenset({"organisation_contact"}),
    "admin": frozenset({"admin"}),
    # permissions.can_take_part_in_event: checked in on the day (the world's resident), the facilitator
    # and the event's coordinators. Others are told to check in first (403).
    "event_participant": COORDINATORS_OF_LADYWOOD | {"resident"},
    # permissions.can_place_topics: the facilitator (none in the world) and the event's coordinators.
    "topic_placer": COORDINATORS_OF_LADYWOOD,
    # Someone checked in (the world's resident): going to a session needs a participant of one's own.
    "event_participant_only": frozenset({"resident"}),
    # permissions.can_manage_budgets: the coordinators of every place the body serves (and admins);
    # permissions.can_build_cost_benefit: the coordinators of the programme's place.
    "budget_manager": COORDINATORS_OF_LADYWOOD,
    # permissions.can_submit_return: the organisation's contacts and the coordinators of the places it
    # serves; nobody else fills in or reads an organisation's returns.
    "return_submitter": COORDINATORS_OF_LADYWOOD | {"organisation_contact"},
    # permissions.can_run_programme: the coordinators of the programme's place.
    "programme_runner": COORDINATORS_OF_LADYWOOD,
    # permissions.can_see_referral_reports: the place's link workers, and can_see_reach for it.
    "referral_report_viewer": COORDINATORS_OF_LADYWOOD | {"partner", "link_worker"},
    # permissions.can_see_referral_reports for some place: the reports' index goes to the first of them.
    "referral_report_somewhere": COORDINATORS_OF_LADYWOOD
    | {"partner", "link_worker", "coordinator_perry_barr", "link_worker_perry_barr"},
    # Social prescribing (helper C). permissions.is_any_link_worker: the team's list and a new referral.
    "any_link_worker": frozenset({"link_worker", "link_worker_perry_barr"}),
    # permissions.can_refer(user, referral.place): the link workers whose role covers Ladywood.
    "link_worker": frozenset({"link_worker"}),
    # permissions.can_use_referral_inbox: the contacts of an organisation.
    "referral_inbox": frozenset({"organisation_contact"}),
    # permissions.can_handle_referral: the contacts of the organisation running the service.
    "receiving_service": frozenset({"organisation_contact"}),
    # The demo's tour exists only in demo mode (DEBUG on and the demo loaded); the matrix runs with DEBUG off,
    # where it is not found by anyone. tests/demo/test_tour.py opens it, and every step, on the loaded demo.
    "demo_mode_only": frozenset(),
}

# Rules about one person's own records may also answer "not found" to anyone else (it does not say
# whether the record exists); a person outside an organisation is told to choose one they belong to.
ALSO_REFUSED_AS = {
    "applicant": {404},
    "token_owner": {404},
    "starter": {404},
    "organisation_member": {422},
    # A link worker of another place is told a referral is not found: it never says where one exists.
    "link_worker": {404},
    "demo_mode_only": {404},
}


@dataclass(frozen=True)
class Case:
    rule: str
    args: object = None  # world -> URL kwargs (pages) or path parameters (API)
    post: object = None  # world -> form data: the page only takes POST
    body: object = None  # world -> JSON body of an API write
    may_be_missing: bool = False  # allowed people may get 404: "you have none" (my ballot, the map)


def _round(slug_of):
    return lambda w: {"slug": getattr(w, slug_of).slug}


ROUND = _round("round")
DECISION = _round("decision")  # the Ladywood round in its public vote, counted but not published
ASSEMBLY = _round("assembly")
CONVERSATION = _round("conversation")
EVENT = _round("event")
SESSION = lambda w: {"slug": w.event.slug, "topic_id": w.topic.pk}  # noqa: E731
SURVEY = _round("survey")
THEME = lambda w: {"theme_id": w.theme.pk}  # noqa: E731
THEME_RUN = lambda w: {"run_id": w.theme_run.pk}  # noqa: E731
STORY = lambda w: {"insight_id": w.insight_story.pk}  # noqa: E731
CASE_FOR_ACTION = lambda w: {"insight_id": w.insight_case.pk}  # noqa: E731
IMPACT = lambda w: {"slug": w.impact_programme.slug}  # noqa: E731
IMPACT_STEP = lambda w: {"slug": w.impact_programme.slug, "step_id": w.impact_output.pk}  # noqa: E731
IMPACT_INDICATOR = lambda w: {"slug": w.impact_programme.slug, "indicator_id": w.impact_indicator.pk}  # noqa: E731

TABLE = {
    # core
    "core:home": Case("public"),
    "core:privacy": Case("public"),
    "core:about": Case("public"),
    "demo:tour": Case("demo_mode_only"),
    "core:progress-page": Case("starter", lambda w: {"progress_id": w.progress.pk}),
    "core:progress": Case("starter", lambda w: {"progress_id": w.progress.pk}),
    "core:audit-log": Case("admin"),
    "core:alive": Case("public"),
    "core:ready": Case("public"),
    # accounts
    "accounts:sign-up": Case("public"),
    "accounts:login": Case("public"),
    "accounts:sign-out": Case("public"),
    "accounts:password-reset": Case("public"),
    "accounts:password-reset-done": Case("public"),
    "accounts:password-reset-confirm": Case("public", lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password-reset-complete": Case("public"),
    # A link that is not valid says so (400) to whoever follows it.
    "accounts:confirm-email": Case("public", lambda w: {"uidb64": "MQ", "token": "not-a-token"}),
    "accounts:send-confirmation": Case("self", post=lambda w: {}),
    "accounts:my-account": Case("self"),
    "accounts:language": Case("public"),
    "overview:what-needs-doing": Case("self"),
    "accounts:equality-answers": Case("self"),
    "accounts:withdraw-equality-consent": Case("self", post=lambda w: {}),
    "accounts:download-my-data": Case("self"),
    "accounts:erase-my-data": Case("self"),
    "accounts:api-tokens": Case("self"),
    "accounts:revoke-api-token": Case("token_owner", lambda w: {"token_id": w.token.pk}, post=lambda w: {}),
    # places
    "places:place-list": Case("public"),
    "places:place-detail": Case("public", lambda w: {"code": w.ladywood.code}),
    # the collective
    "network:organisation-list": Case("public"),
    "network:join": Case("signed_in"),
    # A list of organisations waiting, each decided by the coordinators of its places.
    "network:approvals": Case("any_coordinator"),
    # Unclear: an import may name any place. Safer: only unscoped coordinators import.
    "network:import": Case("unscoped_coordinator"),
    "network:organisation-detail": Case("public", lambda w: {"organisation_id": w.organisation.pk}),
    "network:decide": Case(
        "coordinator_of_object",
        lambda w: {"organisation_id": w.applied_organisation.pk},
        post=lambda w: {"decision": "approve", "note": ""},
    ),
    "network:people": Case("any_coordinator"),
    "network:subgroup-list": Case("public"),
    "network:subgroup-detail": Case("public", lambda w: {"slug": w.subgroup.slug}),
    "network:subgroup-join": Case("signed_in", lambda w: {"slug": w.subgroup.slug}, post=lambda w: {}),
    "network:subgroup-leave": Case("signed_in", lambda w: {"slug": w.subgroup.slug}, post=lambda w: {}),
    "network:meeting-list": Case("public"),
    # Unclear: place-scoped coordinators run no subgroup, so the form is of no use to them. Safer: only
    # those who can run a subgroup open it (the issue: a subgroup coordinator must be able to).
    "network:meeting-create": Case("subgroup_coordinator"),
    "network:meeting-detail": Case("public", lambda w: {"meeting_id": w.meeting.pk}),
    "network:meeting-record": Case("subgroup_coordinator", lambda w: {"meeting_id": w.meeting.pk}),
    # permissions.can_attend_meeting (the world's meeting has happened: allowed people are told so).
    "network:meeting-attend": Case("signed_in", lambda w: {"meeting_id": w.meeting.pk}, post=lambda w: {}),
    "network:meeting-cancel": Case("signed_in", lambda w: {"meeting_id": w.meeting.pk}, post=lambda w: {}),
    "network:meeting-calendar": Case("public", lambda w: {"meeting_id": w.meeting.pk}),
    # grants
    "grants:fund-list": Case("public"),
    "grants:fund-create": Case("any_coordinator"),
    "grants:fund-detail": Case("public", lambda w: {"slug": w.fund.slug}),
    "grants:round-create": Case("coordinator_of_object", lambda w: {"slug": w.fund.slug}),
    "grants:round-edit": Case(
        "coordinator_of_object", lambda w: {"slug": w.fund.slug, "round_slug": w.round.slug}
    ),
    "grants:round-detail": Case("public", ROUND),
    "grants:priorities": Case("public", _round("applying_round")),
    "grants:application-create": Case("signed_in", _round("applying_round")),
    "grants:panel": Case("coordinator_of_object", ROUND),
    "grants:assessments": Case("panel_member", ROUND),
    "grants:shortlist": Case("coordinator_of_object", ROUND),
    "grants:ballot": Case("public", ROUND),
    "grants:paper-ballots": Case("coordinator_of_object", ROUND),
    "grants:access-codes": Case("coordinator_of_object", ROUND),
    "grants:suspicious-voting": Case("coordinator_of_object", ROUND),
    # Public; before publication it says the result is not ready yet, to everyone but the coordinators.
    "grants:result": Case("public", ROUND),
    "grants:reach": Case("reach_viewer", ROUND),
    "grants:count-votes": Case("coordinator_of_object", ROUND, post=lambda w: {}),
    "grants:publish-result": Case("coordinator_of_object", ROUND, post=lambda w: {}),
    # The round is counted but not published: only its coordinators may download the ballots yet.
    "grants:ballots-pb": Case("coordinator_of_object", ROUND),
    "grants:grant-list": Case("public"),
    "grants:grants-360giving-json": Case("public"),
    "grants:grants-360giving-xlsx": Case("public"),
    "grants:grant-detail": Case("public", lambda w: {"grant_id": w.grant.pk}),
    "grants:panel-seat": Case("coordinator_of_object", lambda w: {"seat_id": w.seat.pk}),
    "grants:assess": Case("panel_member", lambda w: {"application_id": w.shortlisted.pk}),
    "grants:my-applications": Case("self"),
    # A submitted application, not yet shortlisted: not public.
    "grants:application-detail": Case(
        "applicant_or_round_coordinator", lambda w: {"application_id": w.application.pk}
    ),
    "grants:application-edit": Case("applicant", lambda w: {"application_id": w.application.pk}),
    "grants:application-withdraw": Case(
        "applicant", lambda w: {"application_id": w.application.pk}, post=lambda w: {}
    ),
    # conversations
    "conversations:conversation-list": Case("public"),
    "conversations:conversation-create": Case("any_coordinator"),
    "conversations:conversation-detail": Case("public", CONVERSATION),
    "conversations:vote": Case(
        "public", CONVERSATION, post=lambda w: {"statement": w.statement.pk, "value": "1"}
    ),
    "conversations:add-statement": Case(
        "public", CONVERSATION, post=lambda w: {"text": "Evening appointments for people who work"}
    ),
    "conversations:results": Case("public", CONVERSATION),
    "conversations:my-answers": Case("public", CONVERSATION),
    "conversations:reach": Case("reach_viewer", CONVERSATION),
    "conversations:moderation": Case("moderator", CONVERSATION),
    "conversations:polis-import": Case("moderator", CONVERSATION),
    # The public export holds only shown statements (the full one is the moderators').
    "conversations:polis-export": Case("public", lambda w: {"slug": w.conversation.slug, "part": "comments"}),
    "conversations:polis-full-export": Case(
        "moderator", lambda w: {"slug": w.conversation.slug, "part": "comments"}
    ),
    "conversations:moderate": Case(
        "moderator",
        lambda w: {"statement_id": w.waiting_statement.pk},
        post=lambda w: {f"s{w.waiting_statement.pk}-decision": "accept"},
    ),
    # citizens' panels
    "panels:assembly-list": Case("public"),
    "panels:assembly-create": Case("any_coordinator"),
    "panels:assembly-detail": Case("public", ASSEMBLY),
    "panels:register": Case("public", ASSEMBLY),
    "panels:quotas": Case("volunteers", ASSEMBLY),
    "panels:feasibility": Case("volunteers", ASSEMBLY, post=lambda w: {}),
    "panels:quota-check": Case("starter", lambda w: {"slug": w.assembly.slug, "progress_id": w.progress.pk}),
    "panels:import": Case("volunteers", ASSEMBLY),
    "panels:letters": Case("volunteers", ASSEMBLY),
    "panels:letters-download": Case("volunteers", lambda w: {"slug": w.assembly.slug, "file_format": "csv"}),
    "panels:start-lottery": Case("volunteers", ASSEMBLY, post=lambda w: {"seed": "04 17 22"}),
    # Public and shareable: the method, the seed and the panel's make-up, never names.
    "panels:lottery": Case("public", lambda w: {"slug": w.assembly.slug, "lottery_id": w.lottery.pk}),
    "panels:lottery-check": Case("public", lambda w: {"slug": w.assembly.slug, "lottery_id": w.lottery.pk}),
    "panels:replace": Case(
        "volunteers", lambda w: {"slug": w.assembly.slug, "lottery_id": w.lottery.pk}, post=lambda w: {}
    ),
    "panels:sessions": Case("volunteers", ASSEMBLY),
    "panels:recommendations": Case("public", ASSEMBLY),
    "panels:session-record": Case("volunteers", lambda w: {"session_id": w.session.pk}),
    "panels:respond": Case("responder", lambda w: {"recommendation_id": w.recommendation.pk}),
    # decisions: the world's decision is published, so its pages are public; recording is for partners
    # and the coordinators of the body's places.
    "decisions:decision-list": Case("public"),
    "decisions:record-decision": Case("decision_recorder"),
    "decisions:dashboard": Case("decision_recorder"),
    "decisions:reach": Case("reach_viewer"),
    "decisions:decision-reach": Case("reach_viewer", DECISION),
    "decisions:decision-detail": Case("public", DECISION),
    "decisions:change-decision": Case("decision_recorder", DECISION),
    "decisions:move-decision": Case("decision_recorder", DECISION, post=lambda w: {"status": "at_board"}),
    "decisions:publish-decision": Case("decision_recorder", DECISION, post=lambda w: {}),
    "decisions:link-input": Case("decision_recorder", DECISION),
    "decisions:change-input": Case(
        "decision_recorder", lambda w: {"slug": w.decision.slug, "link_id": w.input_link.pk}
    ),
    "decisions:assurance": Case("decision_recorder", DECISION),
    "decisions:review-assurance": Case("decision_recorder", DECISION, post=lambda w: {"verdict": "x"}),
    "decisions:add-commitment": Case("decision_recorder", DECISION),
    "decisions:update-commitment": Case(
        "decision_recorder", lambda w: {"slug": w.decision.slug, "commitment_id": w.commitment.pk}
    ),
    "decisions:add-document": Case("decision_recorder", DECISION),
    "decisions:document": Case("public", lambda w: {"slug": w.decision.slug, "document_id": w.document.pk}),
    "decisions:you-said-we-did": Case("public"),
    "decisions:feed": Case("public"),
    "decisions:you-said-we-did-place": Case("public", lambda w: {"code": w.ladywood.code}),
    "decisions:you-said-we-did-body": Case("public", lambda w: {"slug": w.body.slug}),
    "decisions:entry": Case("public", DECISION),
    # money
    "money:index": Case("public"),
    "money:body-budget": Case("budget_manager", lambda w: {"slug": w.body.slug}),
    "money:add-budget-line": Case("budget_manager", lambda w: {"slug": w.body.slug}),
    "money:remove-budget-line": Case(
        "budget_manager", lambda w: {"slug": w.body.slug, "line_id": w.budget_line.pk}, post=lambda w: {}
    ),
    "money:import-budget-lines": Case("budget_manager", lambda w: {"slug": w.body.slug}),
    "money:set-commitment": Case("budget_manager", lambda w: {"slug": w.body.slug}),
    "money:devolve": Case("budget_manager"),
    "money:devolved-detail": Case("public", lambda w: {"budget_id": w.devolved.pk}),
    "money:allocate": Case("budget_manager", lambda w: {"budget_id": w.devolved.pk}),
    "money:agree": Case("budget_manager", lambda w: {"budget_id": w.devolved.pk}),
    "money:agreement-detail": Case("public", lambda w: {"agreement_id": w.agreement.pk}),
    "money:record-payment": Case("budget_manager", lambda w: {"agreement_id": w.agreement.pk}),
    "money:cost-benefit": Case("public", lambda w: {"slug": w.money_programme.slug}),
    "money:edit-cost-benefit": Case("budget_manager", lambda w: {"slug": w.money_programme.slug}),
    # Open Space events: public pages; the check-in page needs the event's secret; taking part needs
    # checking in; running the day is for the coordinators of the event's place.
    "events:event-list": Case("public"),
    "events:event-create": Case("any_coordinator"),
    "events:event-detail": Case("public", EVENT),
    "events:sign-up": Case("public", EVENT, post=lambda w: {"name": "Rae"}),
    "events:check-in": Case("public", lambda w: {"slug": w.event.slug, "token": w.event.check_in_token}),
    "events:run": Case("coordinator_of_object", EVENT),
    "events:check-in-qr": Case("coordinator_of_object", EVENT),
    "events:renew-check-in-link": Case("coordinator_of_object", EVENT, post=lambda w: {}),
    "events:tick-in": Case(
        "coordinator_of_object",
        lambda w: {"slug": w.event.slug, "participant_id": w.event_participant.pk},
        post=lambda w: {},
    ),
    "events:walk-in": Case("coordinator_of_object", EVENT, post=lambda w: {"name": "Pat"}),
    "events:propose-topic": Case("event_participant", EVENT),
    "events:wall": Case("public", EVENT),
    "events:place-topic": Case(
        "topic_placer", EVENT, post=lambda w: {"topic": w.unplaced_topic.pk, "space": "", "slot": ""}
    ),
    "events:projector": Case("public", EVENT),
    "events:session": Case("public", SESSION),
    # Going to a session is for people checked in, with or without an account.
    "events:going": Case("event_participant_only", SESSION, post=lambda w: {"going": "yes"}),
    "events:add-highlight": Case(
        "event_participant", SESSION, post=lambda w: {"highlight-text": "Buses are late"}
    ),
    "events:add-action": Case(
        "event_participant", SESSION, post=lambda w: {"action-text": "Ask for a bus", "action-kind": "for_us"}
    ),
    "events:closing-circle": Case("public", EVENT),
    # The world's report is published: public and shareable.
    "events:report": Case("public", EVENT),
    "events:report-pdf": Case("public", EVENT),
    "events:publish-report": Case("coordinator_of_object", EVENT, post=lambda w: {}),
    "events:action": Case("public", lambda w: {"slug": w.event.slug, "action_id": w.event_action.pk}),
    "events:update-action": Case(
        "coordinator_of_object",
        lambda w: {"slug": w.event.slug, "action_id": w.event_action.pk},
        post=lambda w: {"text": "Asked", "status": "under_way"},
    ),
    # surveys: the world's survey is an open link about Ladywood, sent and open.
    "surveys:survey-list": Case("public"),
    "surveys:panel": Case("public"),
    "surveys:survey-create": Case("any_coordinator"),
    # permissions.can_run_survey: the coordinators of the survey's place build, send, remind and close.
    "surveys:survey-edit": Case("coordinator_of_object", SURVEY),
    "surveys:manage": Case("coordinator_of_object", SURVEY),
    "surveys:arrange": Case(
        "coordinator_of_object",
        SURVEY,
        post=lambda w: {"what": "section", "item": w.survey_section.pk, "action": "up"},
    ),
    "surveys:section-add": Case("coordinator_of_object", SURVEY),
    "surveys:section-edit": Case("coordinator_of_object", lambda w: {"section_id": w.survey_section.pk}),
    "surveys:question-add": Case("coordinator_of_object", lambda w: {"section_id": w.survey_section.pk}),
    "surveys:question-edit": Case("coordinator_of_object", lambda w: {"question_id": w.survey_question.pk}),
    "surveys:preview": Case("coordinator_of_object", SURVEY),
    "surveys:send": Case("coordinator_of_object", SURVEY),
    "surveys:remind": Case("coordinator_of_object", SURVEY, post=lambda w: {}),
    "surveys:close": Case("coordinator_of_object", SURVEY, post=lambda w: {}),
    # permissions.can_answer_survey: an open link takes anyone's answers.
    "surveys:survey-detail": Case("public", SURVEY),
    "surveys:resume": Case("public", SURVEY),
    "surveys:answer-section": Case(
        "public",
        lambda w: {"slug": w.survey.slug, "section_id": w.survey_section.pk},
        post=lambda w: {f"q{w.survey_question.pk}": str(w.survey_question.options.first().pk)},
    ),
    "surveys:check-answers": Case("public", SURVEY),
    # permissions.can_see_survey_results: like reach, the place's coordinators and partners.
    "surveys:results": Case("reach_viewer", SURVEY),
    "surveys:results-by-group": Case(
        "reach_viewer",
        lambda w: {"slug": w.survey.slug, "question_id": w.survey_question.pk, "dimension": "age_band"},
    ),
    "surveys:export": Case("reach_viewer", lambda w: {"slug": w.survey.slug, "filename": "responses.csv"}),
    "GET /api/surveys": Case("public"),
    "GET /api/surveys/{slug}": Case("public", SURVEY),
    "GET /api/surveys/{slug}/response": Case("self", SURVEY, may_be_missing=True),
    "PUT /api/surveys/{slug}/response": Case(
        "signed_in",
        SURVEY,
        body=lambda w: {"answers": {str(w.survey_question.pk): w.survey_question.options.first().pk}},
    ),
    "GET /api/surveys/{slug}/results": Case("reach_viewer", SURVEY),
    # the API's own pages
    "api-1.0.0:openapi-json": Case("public"),
    "api-1.0.0:openapi-view": Case("public"),
    # API operations
    "GET /api/places/": Case("public"),
    "GET /api/places/{code}": Case("public", lambda w: {"code": w.ladywood.code}),
    # Unclear: the list of places decides what every scoped role covers, so a Ladywood coordinator who
    # could move Perry Barr inside Ladywood would widen their own scope. Safer: unscoped only.
    "PUT /api/places/{code}": Case(
        "unscoped_coordinator",
        lambda w: {"code": w.ladywood.code},
        body=lambda w: {"name": "Ladywood", "kind": "locality", "parent_code": w.ics.code},
    ),
    "GET /api/places/{code}/population": Case("public", lambda w: {"code": w.ladywood.code}),
    "GET /api/organisations": Case("public"),
    "POST /api/organisations": Case(
        "coordinator_of_object",
        body=lambda w: {
            "name": "Ladywood Allotments",
            "kind": "vcse",
            "contact_name": "Sam Contact",
            "contact_email": "sam@example.org",
            "places_served": [w.ladywood.code],
        },
    ),
    "GET /api/organisations/{organisation_id}": Case(
        "public", lambda w: {"organisation_id": w.organisation.pk}
    ),
    "GET /api/subgroups": Case("public"),
    # A subgroup serves no place in particular.
    "POST /api/subgroups": Case(
        "unscoped_coordinator", body=lambda w: {"name": "Carers", "description": "Unpaid carers"}
    ),
    "GET /api/subgroups/{slug}": Case("public", lambda w: {"slug": w.subgroup.slug}),
    "POST /api/subgroups/{slug}/membership": Case("signed_in", lambda w: {"slug": w.subgroup.slug}),
    "DELETE /api/subgroups/{slug}/membership": Case("signed_in", lambda w: {"slug": w.subgroup.slug}),
    "GET /api/meetings": Case("public"),
    "POST /api/meetings": Case(
        "subgroup_coordinator",
        body=lambda w: {
            "subgroup": w.subgroup.slug,
            "title": "Next steps",
            "starts_at": (timezone.now() + timedelta(days=7)).isoformat(),
        },
    ),
    "GET /api/meetings/{meeting_id}": Case("public", lambda w: {"meeting_id": w.meeting.pk}),
    "POST /api/meetings/{meeting_id}/attendance": Case("signed_in", lambda w: {"meeting_id": w.meeting.pk}),
    "DELETE /api/meetings/{meeting_id}/attendance": Case("signed_in", lambda w: {"meeting_id": w.meeting.pk}),
    "PUT /api/meetings/{meeting_id}/record": Case(
        "subgroup_coordinator",
        lambda w: {"meeting_id": w.meeting.pk},
        body=lambda w: {"minutes": "We agreed a plan.", "attendee_emails": []},
    ),
    "GET /api/me/": Case("self"),
    "GET /api/funds": Case("public"),
    "GET /api/rounds/{slug}": Case("public", ROUND),
    "GET /api/rounds/{slug}/shortlist": Case("public", ROUND),
    "GET /api/applications": Case("self"),
    "POST /api/rounds/{slug}/applications": Case(
        "organisation_member",
        _round("applying_round"),
        body=lambda w: {
            "organisation_id": w.organisation.pk,
            "title": "Chair yoga",
            "summary": "Weekly sessions",
            "who_benefits": "Older people",
            "places": [w.ladywood.code],
            "amount_requested": "1500",
        },
    ),
    "GET /api/rounds/{slug}/ballot": Case("self", ROUND, may_be_missing=True),
    "PUT /api/rounds/{slug}/ballot": Case(
        "signed_in",
        ROUND,
        body=lambda w: {"choices": {str(w.shortlisted.pk): 1}, "postcode": POSTCODE, "is_old_enough": True},
    ),
    # Counted but not published: only the round's coordinators see it yet.
    "GET /api/rounds/{slug}/result": Case("coordinator_of_object", ROUND),
    "GET /api/grants": Case("public"),
    "GET /api/conversations": Case("public"),
    "GET /api/conversations/{slug}": Case("public", CONVERSATION),
    "GET /api/conversations/{slug}/statements": Case("public", CONVERSATION),
    "GET /api/conversations/{slug}/votes": Case("self", CONVERSATION),
    "PUT /api/conversations/{slug}/votes": Case(
        "signed_in", CONVERSATION, body=lambda w: {"statement_id": w.statement.pk, "value": 1}
    ),
    # No map has been drawn in the world: "not found" for everyone.
    "GET /api/conversations/{slug}/map": Case("public", CONVERSATION, may_be_missing=True),
    "GET /api/panels": Case("public"),
    "GET /api/panels/{slug}": Case("public", ASSEMBLY),
    "POST /api/panels/{slug}/lotteries": Case("volunteers", ASSEMBLY, body=lambda w: {"algorithm": "nash"}),
    "POST /api/panels/{slug}/registrations": Case(
        "public",
        ASSEMBLY,
        body=lambda w: {
            "full_name": "Val Volunteer",
            "email": "val@example.org",
            "postcode": POSTCODE,
            "answers": {
                "Age band": "25 to 34",
                "Sex": "Female",
                "Ethnic group": "White",
                "Disability": "No",
                "Lived experience of the topic": "Yes",
            },
            "consent": True,
        },
    ),
    "GET /api/panels/{slug}/lottery": Case("public", ASSEMBLY),
    # Anyone may ask for the lottery to be checked again: queued, one at a time, rate-limited.
    "POST /api/panels/{slug}/lottery/checks": Case("public", ASSEMBLY),
    "GET /api/panels/{slug}/recommendations": Case("public", ASSEMBLY),
    # Open Space events: reads public; writes by account, with the same rules as the pages.
    "GET /api/events": Case("public"),
    "GET /api/events/{slug}": Case("public", EVENT),
    "GET /api/events/{slug}/topics": Case("public", EVENT),
    "POST /api/events/{slug}/topics": Case(
        "event_participant",
        EVENT,
        body=lambda w: {"title": "Benches", "proposer_name": "Rae", "leaning": "ourselves"},
    ),
    "GET /api/events/{slug}/agenda": Case("public", EVENT),
    "PUT /api/events/{slug}/topics/{topic_id}/place": Case(
        "topic_placer",
        lambda w: {"slug": w.event.slug, "topic_id": w.unplaced_topic.pk},
        body=lambda w: {"space_id": None, "slot_id": None},
    ),
    "GET /api/events/{slug}/sessions/{topic_id}": Case("public", SESSION),
    "POST /api/events/{slug}/sessions/{topic_id}/highlights": Case(
        "event_participant", SESSION, body=lambda w: {"text": "Buses are late"}
    ),
    "POST /api/events/{slug}/sessions/{topic_id}/actions": Case(
        "event_participant", SESSION, body=lambda w: {"text": "Ask for a bus", "kind": "for_us"}
    ),
    "GET /api/events/{slug}/actions": Case("public", EVENT),
    "POST /api/events/{slug}/actions/{action_id}/updates": Case(
        "coordinator_of_object",
        lambda w: {"slug": w.event.slug, "action_id": w.event_action.pk},
        body=lambda w: {"text": "Asked", "status": "under_way"},
    ),
    # decisions
    "GET /api/decisions": Case("public"),
    "GET /api/decisions/{slug}": Case("public", DECISION),
    "POST /api/decisions": Case(
        "decision_recorder", body=lambda w: {"body": w.body.slug, "question": "Weekend pharmacy opening"}
    ),
    "POST /api/decisions/{slug}/status": Case(
        "decision_recorder", DECISION, body=lambda w: {"status": "at_board"}
    ),
    "POST /api/decisions/{slug}/publish": Case("decision_recorder", DECISION),
    # money
    "GET /api/money/budget-lines": Case("public"),
    "POST /api/money/bodies/{slug}/budget-lines": Case(
        "budget_manager",
        lambda w: {"slug": w.body.slug},
        body=lambda w: {"year": 2026, "category": "acute", "amount": "100", "source_note": "Accounts"},
    ),
    "GET /api/money/bodies/{slug}/prevention-share": Case("public", lambda w: {"slug": w.body.slug}),
    "GET /api/money/devolved": Case("public"),
    "GET /api/money/devolved/{budget_id}": Case("public", lambda w: {"budget_id": w.devolved.pk}),
    "GET /api/money/cost-benefits": Case("public"),
    "GET /api/money/cost-benefits/{slug}": Case("public", lambda w: {"slug": w.money_programme.slug}),
    "PUT /api/money/cost-benefits/{slug}": Case(
        "budget_manager",
        lambda w: {"slug": w.money_programme.slug},
        body=lambda w: {
            "assumptions": "One year",
            "costs": [{"item": "Link worker", "amount": "30000", "source": "Payroll"}],
            "outcomes": [],
        },
    ),
    "POST /api/decisions/{slug}/inputs": Case(
        "decision_recorder",
        DECISION,
        body=lambda w: {
            "kind": "network.meeting",
            "object_id": w.meeting.pk,
            "shaped": "adopted",
            "how": "Yes",
        },
    ),
    "GET /api/decisions/{slug}/assurance": Case("decision_recorder", DECISION),
    "POST /api/decisions/{slug}/assurance/answers": Case(
        "decision_recorder", DECISION, body=lambda w: {"question": "who", "text": "Residents"}
    ),
    "POST /api/decisions/{slug}/assurance/review": Case(
        "decision_recorder", DECISION, body=lambda w: {"verdict": "not_satisfied", "reason": "Too few"}
    ),
    "POST /api/decisions/{slug}/commitments": Case(
        "decision_recorder",
        DECISION,
        body=lambda w: {"text": "We will report back", "owner": "Engagement", "due_on": "2027-01-31"},
    ),
    "GET /api/you-said-we-did": Case("public"),
    "GET /api/decision-themes": Case("public"),
    "GET /api/decisions/{slug}/reach": Case("reach_viewer", DECISION),
    # Themes: the world's finished run over Ladywood found two themes (ostrom/insight/theme_views.py).
    "insight:theme-list": Case("public", lambda w: {"code": w.ladywood.code}),
    "insight:theme-detail": Case("public", THEME),
    # permissions.can_run_themes: the coordinators of the place.
    "insight:theme-run-start": Case("coordinator_of_object", lambda w: {"code": w.ladywood.code}),
    "insight:theme-run": Case("coordinator_of_object", THEME_RUN),
    "insight:theme-run-progress": Case("coordinator_of_object", THEME_RUN),
    "insight:theme-rename": Case("coordinator_of_object", THEME),
    "insight:theme-merge": Case("coordinator_of_object", THEME),
    "insight:theme-split": Case("coordinator_of_object", THEME),
    "insight:theme-pin": Case("coordinator_of_object", THEME),
    "GET /api/themes": Case("public"),
    "GET /api/themes/{theme_id}": Case("public", THEME),
    "PUT /api/themes/{theme_id}/label": Case(
        "coordinator_of_object", THEME, body=lambda w: {"label": "Getting a GP appointment"}
    ),
    "POST /api/themes/{theme_id}/merge": Case(
        "coordinator_of_object", THEME, body=lambda w: {"into": w.other_theme.pk}
    ),
    "POST /api/theme-runs": Case("coordinator_of_object", body=lambda w: {"place": w.ladywood.code}),
    "GET /api/theme-runs/{run_id}": Case("coordinator_of_object", THEME_RUN),
    # insight: published insight is public; coordinators of its place change it
    # (permissions.can_record_insight); the pages where a coordinator picks a place are any coordinator's.
    "insight:insight-list": Case("public"),
    "insight:insight-export": Case("public"),
    "insight:insight-detail": Case("public", STORY),
    "insight:insight-create": Case("any_coordinator"),
    "insight:insight-edit": Case("coordinator_of_object", STORY),
    "insight:insight-withdraw": Case("coordinator_of_object", STORY),
    "insight:insight-erase": Case("coordinator_of_object", STORY),
    "insight:case-create": Case("any_coordinator"),
    "insight:case-edit": Case("coordinator_of_object", CASE_FOR_ACTION),
    "insight:case-paper": Case("public", CASE_FOR_ACTION),
    "insight:case-paper-pdf": Case("public", CASE_FOR_ACTION),
    "insight:import": Case("any_coordinator"),
    "insight:import-template": Case("any_coordinator"),
    "insight:bring-in": Case("any_coordinator"),
    "GET /api/insights": Case("public"),
    "GET /api/insights/{insight_id}": Case("public", STORY),
    "POST /api/insights": Case(
        "coordinator_of_object",
        body=lambda w: {
            "place": w.ladywood.code,
            "kind": "quote",
            "text": "Buses are late",
            "source": "event",
            "said_on": "2026-10-01",
            "consent_to_use": True,
            "publication": "anonymised",
            "consent_wording": "I agree",
        },
    ),
    "POST /api/insights/{insight_id}/withdrawal": Case("coordinator_of_object", STORY),
    "POST /api/cases-for-action": Case(
        "coordinator_of_object",
        body=lambda w: {
            "place": w.ladywood.code,
            "title": "Diabetes prevention",
            "text": "A weekly group",
            "source": "other",
            "said_on": "2026-10-01",
            "problem": "Diabetes is rising",
            "who_is_affected": "People at risk",
            "proposed_action": "A group",
            "consent_wording": "We agree",
            "lines": [
                {
                    "effect": "cost",
                    "description": "Places",
                    "unit_cost": "150",
                    "unit_cost_source": "NHS",
                    "quantity": "10",
                }
            ],
        },
    ),
    # impact: theory of change, indicators and measurements are public; the coordinators of the programme's
    # place build and measure it (permissions.can_run_programme); any coordinator may start setting one up.
    "impact:programme-list": Case("public"),
    "impact:programme-create": Case("any_coordinator"),
    "impact:programme-detail": Case("public", IMPACT),
    "impact:programme-edit": Case("programme_runner", IMPACT),
    "impact:builder": Case("programme_runner", IMPACT),
    "impact:step-edit": Case("programme_runner", IMPACT_STEP),
    "impact:step-remove": Case("programme_runner", IMPACT_STEP, post=lambda w: {}),
    "impact:step-move": Case("programme_runner", IMPACT_STEP, post=lambda w: {"direction": "down"}),
    "impact:indicator-create": Case("programme_runner", IMPACT_STEP),
    "impact:indicator-edit": Case("programme_runner", IMPACT_INDICATOR),
    "impact:measurement-create": Case("programme_runner", IMPACT),
    "impact:measurement-import": Case("programme_runner", IMPACT),
    "impact:import-template": Case("programme_runner", IMPACT),
    "impact:refresh": Case("programme_runner", IMPACT, post=lambda w: {}),
    "GET /api/impact/programmes": Case("public"),
    "GET /api/impact/programmes/{slug}": Case("public", IMPACT),
    "GET /api/impact/programmes/{slug}/indicators": Case("public", IMPACT),
    "GET /api/impact/indicators/{indicator_id}/measurements": Case(
        "public", lambda w: {"indicator_id": w.impact_indicator.pk}
    ),
    "POST /api/impact/indicators/{indicator_id}/measurements": Case(
        "programme_runner",
        lambda w: {"indicator_id": w.impact_indicator.pk},
        body=lambda w: {"measured_on": "2026-06-30", "value": "41", "unit": "people"},
    ),
    "POST /api/impact/programmes/{slug}/refresh": Case("programme_runner", IMPACT, body=lambda w: {}),
    # impact: wellbeing and open data (helper D). The world's wellbeing programme is in Ladywood.
    # permissions.can_see_wellbeing: the programme's runners and can_see_reach for its place.
    "impact:wellbeing": Case("reach_viewer", lambda w: {"slug": w.wellbeing_programme.slug}),
    # permissions.can_run_programme: the coordinators of the programme's place.
    "impact:wellbeing-surveys": Case(
        "coordinator_of_object", lambda w: {"slug": w.wellbeing_programme.slug}, post=lambda w: {}
    ),
    "impact:wellbeing-copy": Case(
        "coordinator_of_object", lambda w: {"slug": w.wellbeing_programme.slug}, post=lambda w: {}
    ),
    # Open data: public (only aggregate and anonymised content, impact/opendata.py).
    "impact:open-data": Case("public", lambda w: {"slug": w.wellbeing_programme.slug}),
    "impact:open-data-download": Case("public", lambda w: {"slug": w.wellbeing_programme.slug}),
    "GET /api/impact/programmes/{slug}/wellbeing": Case(
        "reach_viewer", lambda w: {"slug": w.wellbeing_programme.slug}
    ),
    "GET /api/impact/programmes/{slug}/open-data": Case(
        "public", lambda w: {"slug": w.wellbeing_programme.slug}
    ),
    "GET /api/impact/programmes/{slug}/open-data/package.zip": Case(
        "public", lambda w: {"slug": w.wellbeing_programme.slug}
    ),
}

# Social prescribing referrals (helper C).
REFERRAL = lambda w: {"reference": w.referral.reference}  # noqa: E731
REFERRAL_SENT = lambda w: {"referral_to_id": w.referral_sent.pk}  # noqa: E731
TABLE |= {
    "referrals:list": Case("any_link_worker"),
    "referrals:new": Case("any_link_worker"),
    "referrals:detail": Case("link_worker", REFERRAL),
    "referrals:follow-up": Case("link_worker", REFERRAL),
    "referrals:add-service": Case("link_worker", REFERRAL, post=lambda w: {}),
    "referrals:close": Case("link_worker", REFERRAL, post=lambda w: {}),
    "referrals:download": Case("link_worker", REFERRAL),
    "referrals:erase": Case("link_worker", REFERRAL),
    "referrals:inbox": Case("referral_inbox"),
    "referrals:inbox-item": Case("receiving_service", REFERRAL_SENT),
    "referrals:decide": Case("receiving_service", REFERRAL_SENT, post=lambda w: {"decision": "accept"}),
    "referrals:attendance": Case("receiving_service", REFERRAL_SENT, post=lambda w: {"attended": "no"}),
    "GET /api/referrals": Case("any_link_worker"),
    # The body names Ladywood, so only a link worker whose role covers it may make the referral.
    "POST /api/referrals": Case(
        "link_worker",
        body=lambda w: {
            "place": w.ladywood.code,
            "identity": "reference_only",
            "needs": ["loneliness"],
            "services": [w.referral_service.pk],
            "follow_up_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    ),
    "GET /api/referrals/{reference}": Case("link_worker", REFERRAL),
    "POST /api/referrals/{reference}/follow-up": Case(
        "link_worker",
        REFERRAL,
        body=lambda w: {"wellbeing_items": [3] * 7, "taken_on": timezone.localdate().isoformat()},
    ),
    "GET /api/referral-inbox": Case("referral_inbox"),
    "GET /api/referral-inbox/{referral_to_id}": Case("receiving_service", REFERRAL_SENT),
    "POST /api/referral-inbox/{referral_to_id}/decision": Case(
        "receiving_service", REFERRAL_SENT, body=lambda w: {"accept": True}
    ),
    "POST /api/referral-inbox/{referral_to_id}/attendance": Case(
        "receiving_service", REFERRAL_SENT, body=lambda w: {"attended": False}
    ),
}

# Impact: slim returns.
IMPACT_RETURN = lambda w: {"return_id": w.impact_return.pk}  # noqa: E731
PROGRAMME = lambda w: {"slug": w.programme.slug}  # noqa: E731
TABLE |= {
    "impact:my-returns": Case("self"),
    "impact:return-fill-in": Case("return_submitter", IMPACT_RETURN),
    "impact:organisation-returns": Case("return_submitter", lambda w: {"organisation_id": w.organisation.pk}),
    "impact:programme-returns": Case("programme_runner", PROGRAMME),
    "impact:returns-issue": Case("programme_runner", PROGRAMME),
    "impact:return-template-create": Case("programme_runner", PROGRAMME),
    # The API: your own organisations' returns (everyone gets their own list, maybe empty); one return
    # for its organisation's contacts and coordinators (permissions.can_submit_return).
    "GET /api/returns": Case("self"),
    "GET /api/returns/{return_id}": Case("return_submitter", IMPACT_RETURN),
    "PUT /api/returns/{return_id}/draft": Case(
        "return_submitter", IMPACT_RETURN, body=lambda w: {"answers": {}, "story_consent": False}
    ),
    "POST /api/returns/{return_id}/submission": Case(
        "return_submitter", IMPACT_RETURN, body=lambda w: {"answers": {}, "story_consent": False}
    ),
}

# Community assets: exchange as Open Referral UK (helper B). The export and the ORUK API are public
# reads of the public directory; importing may bring entries for anywhere, so
# permissions.can_exchange_directory: coordinators without a place scope, and admins.
ORUK = "/api/oruk"
TABLE |= {
    "assets:exchange": Case("unscoped_coordinator"),
    "assets:exchange-export": Case("public"),
    "assets:exchange-import": Case("unscoped_coordinator", lambda w: {"import_id": w.oruk_import.pk}),
    f"GET {ORUK}/": Case("public"),
    f"GET {ORUK}/services": Case("public"),
    f"GET {ORUK}/services/{{id}}": Case("public", lambda w: {"id": w.oruk_service.oruk_id}),
    f"GET {ORUK}/service_package": Case("public"),
    f"GET {ORUK}/service_at_locations": Case("public"),
    f"GET {ORUK}/service_at_locations/{{id}}": Case("public", lambda w: {"id": w.oruk_at_location.oruk_id}),
    f"GET {ORUK}/organizations": Case("public"),
    f"GET {ORUK}/organizations/{{id}}": Case("public", lambda w: {"id": w.oruk_service.organisation.oruk_id}),
    f"GET {ORUK}/taxonomies": Case("public"),
    f"GET {ORUK}/taxonomies/{{id}}": Case("public", lambda w: {"id": w.oruk_term.taxonomy.oruk_id}),
    f"GET {ORUK}/taxonomy_terms": Case("public"),
    f"GET {ORUK}/taxonomy_terms/{{id}}": Case("public", lambda w: {"id": w.oruk_term.oruk_id}),
}


# Social prescribing reports for a place (counts only, suppressed).
LADYWOOD_REPORT = lambda w: {"place_code": w.ladywood.code}  # noqa: E731
TABLE |= {
    "referrals:reports": Case("referral_report_somewhere"),
    "referrals:report": Case("referral_report_viewer", LADYWOOD_REPORT),
    "referrals:report-csv": Case("referral_report_viewer", LADYWOOD_REPORT),
    "GET /api/referrals/reports/{place_code}": Case("referral_report_viewer", LADYWOOD_REPORT),
}

# Community assets, the directory (helper A). The world's entry belongs to the Ladywood member
# organisation; a change to it waits for a coordinator.
RULES |= {
    # permissions.can_edit_entries_of: the organisation's contacts and the coordinators of its places.
    "entry_editor": COORDINATORS_OF_LADYWOOD | {"organisation_contact"},
    # permissions.can_mark_checked: the organisation's contacts and the coordinators who review its entries.
    "entry_checker": COORDINATORS_OF_LADYWOOD | {"organisation_contact"},
}
ASSET = lambda w: {"service_id": w.asset.pk}  # noqa: E731
ASSET_ORGANISATION = lambda w: {"organisation_id": w.organisation.pk}  # noqa: E731
ASSET_CHANGE = lambda w: {"change_id": w.asset_change.pk}  # noqa: E731
TABLE |= {
    "assets:directory": Case("public"),
    "assets:detail": Case("public", ASSET),
    "assets:entry-edit": Case("entry_editor", ASSET),
    "assets:mark-checked": Case("entry_checker", ASSET, post=lambda w: {}),
    "assets:organisation-entries": Case("entry_editor", ASSET_ORGANISATION),
    "assets:entry-create": Case("entry_editor", ASSET_ORGANISATION),
    # permissions.is_any_coordinator: they then see the changes of the places they cover.
    "assets:review": Case("any_coordinator"),
    # permissions.can_review_entries_of: the coordinators of the places the organisation serves.
    "assets:change-review": Case("coordinator_of_object", ASSET_CHANGE),
    "GET /api/assets": Case("public"),
    "GET /api/assets/categories": Case("public"),
    "GET /api/assets/{service_id}": Case("public", ASSET),
    "POST /api/assets/organisations/{organisation_id}/changes": Case(
        "entry_editor", ASSET_ORGANISATION, body=lambda w: {"name": "Ladywood Tuesday walks"}
    ),
    "POST /api/assets/changes/{change_id}/approve": Case("coordinator_of_object", ASSET_CHANGE),
    "POST /api/assets/changes/{change_id}/reject": Case(
        "coordinator_of_object", ASSET_CHANGE, body=lambda w: {"note": "Which room?"}
    ),
    "POST /api/assets/{service_id}/checked": Case("entry_checker", ASSET),
}

# Staff sign-in (helper E): two-step verification. Everyone signed in may set it up (or turn it off, with
# STAFF_TWO_FACTOR off as here); the code page sends someone with nothing to enter on; an admin resets it.
TABLE |= {
    "accounts:two-factor-code": Case("self"),
    "accounts:two-factor-setup": Case("self"),
    "accounts:two-factor-turn-off": Case("self", post=lambda w: {}),
    "accounts:two-factor-reset": Case("admin"),
}

# Translations: the world's survey (in Ladywood) is the document; Ladywood's volunteer translator is not a
# matrix role, so the coordinators of Ladywood are who may translate it.
SURVEY_DOCUMENT = lambda w: {"kind": "surveys.survey", "pk": w.survey.pk}  # noqa: E731
SURVEY_IN_URDU = lambda w: {"kind": "surveys.survey", "pk": w.survey.pk, "language": "ur"}  # noqa: E731
API_SURVEY_IN_URDU = lambda w: {"kind": "surveys.survey", "document_id": w.survey.pk, "language": "ur"}  # noqa: E731
TABLE |= {
    # permissions.is_any_translator: coordinators (and volunteer translators) see what they may translate.
    "translations:work": Case("any_coordinator"),
    # permissions.can_translate(places=[the document's place]).
    "translations:document": Case("coordinator_of_object", SURVEY_DOCUMENT),
    "translations:translate": Case("coordinator_of_object", SURVEY_IN_URDU),
    # permissions.is_any_coordinator, then can_name_translators for each place they name one for.
    "translations:translators": Case("any_coordinator"),
    "translations:stop-translator": Case(
        "coordinator_of_object", lambda w: {"role_id": w.translator_role.pk}, post=lambda w: {}
    ),
    "GET /api/translations/{kind}/{document_id}/{language}": Case(
        "coordinator_of_object", API_SURVEY_IN_URDU
    ),
    "PUT /api/translations/{kind}/{document_id}/{language}": Case(
        "coordinator_of_object", API_SURVEY_IN_URDU, body=lambda w: {"texts": {}}
    ),
}

API_NAMESPACE = api.urls_namespace
API_PAGES = {"openapi-json", "openapi-view"}


def url_names(resolver=None, namespace=""):
    """Every named page in the URL conf, as "namespace:name"; not the admin, static files or the
    API's operations (those come from the OpenAPI schema)."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            if str(pattern.pattern).startswith(("admin/", "static/", "media/")):
                continue
            names += url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            if namespace == API_NAMESPACE and pattern.name not in API_PAGES:
                continue
            names.append(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
    return names


def api_operations():
    schema = api.get_openapi_schema()
    return [
        f"{method.upper()} {path}" for path, operations in schema["paths"].items() for method in operations
    ]


EVERYTHING = url_names() + api_operations()


def test_every_page_and_operation_has_a_rule():
    missing = [f"add a rule for {key}" for key in EVERYTHING if key not in TABLE]
    stale = [f"remove the rule for {key}: it no longer exists" for key in TABLE if key not in EVERYTHING]
    assert not missing + stale, "\n".join(missing + stale)


def test_every_rule_is_known():
    unknown = {key: case.rule for key, case in TABLE.items() if case.rule not in RULES}
    assert not unknown


def request_as(client, key, case, the_world):
    """Make the case's request; returns the response."""
    args = case.args(the_world) if case.args else {}
    if key.startswith(("GET ", "POST ", "PUT ", "DELETE ", "PATCH ")):
        method, path = key.split(" ", 1)
        url = path.format(**args)
        body = case.body(the_world) if case.body else None
        if body is None:
            return getattr(client, method.lower())(url)
        return getattr(client, method.lower())(url, body, content_type="application/json")
    url = reverse(key, kwargs=args)
    if case.post is not None:
        return client.post(url, case.post(the_world))
    return client.get(url)


def _goes_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def describe(response) -> str:
    text = f"{response.status_code}"
    if response.status_code in (301, 302):
        text += f" to {response['Location']}"
    return text


def check(key, role, response):
    """The assertion of one case, with a message naming the page, the role, what was due and what came."""
    case = TABLE[key]
    allowed = role in RULES[case.rule]
    status = response.status_code
    got = describe(response)
    where = f"{key} as {role} (rule {case.rule!r})"
    assert status < 500, f"{where}: server error {got}: {problem_of(response)}"
    if allowed:
        assert status not in (401, 403), f"{where}: should be allowed, got {got}"
        assert not _goes_to_sign_in(response), f"{where}: should be allowed, sent to sign in"
        assert status != 405, f"{where}: answers {got}; give it the method it takes in TABLE"
        if not case.may_be_missing:
            assert status != 404, f"{where}: should be allowed, got {got} (is the world missing it?)"
    elif role == "anonymous":
        assert (
            status in (401, 403) or _goes_to_sign_in(response) or status in ALSO_REFUSED_AS.get(case.rule, ())
        ), f"{where}: should ask to sign in (401/403 or the sign-in page), got {got}"
    else:
        refused = {403} | ALSO_REFUSED_AS.get(case.rule, set())
        assert status in refused, f"{where}: should be refused with {sorted(refused)}, got {got}"


CASES = [(key, role) for key in EVERYTHING if key in TABLE for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{key} | {role}" for key, role in CASES])
def test_permission(world, key, role):  # noqa: F811 (the fixture)
    response = request_as(client_as(world, role), key, TABLE[key], world)
    check(key, role, response)
