"""Every write to an assembly: registrations, quotas, the lottery and its checks."""

import secrets
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from ostrom.core import audit
from ostrom.core.models import Progress, Upload
from ostrom.core.slugs import unique_slug
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.places import selectors as place_selectors
from ostrom.places.models import Postcode
from ostrom.sortition import PanelRequest, QuotasCannotBeMet, check_feasibility, replace, select_panel
from ostrom.sortition import Quota as EngineQuota
from ostrom.sortition import Volunteer as EngineVolunteer

from . import features
from .models import Assembly, Lottery, Quota, Recommendation, Response, Session, SessionAttendance, Volunteer

REGISTRATION_WORDING = (
    "I agree that {body} may keep my answers to choose a panel that reflects {place}. My answers are seen only by "
    "the people running the panel, never published with my name, and deleted or anonymised by {delete_on}."
)


class NotAllowed(Exception):
    """Only the assembly's coordinators can do this."""


def _ensure_coordinator(user, assembly: Assembly | None = None) -> None:
    place = assembly.place if assembly else None
    if user is None or not user.is_authenticated or not user.can_coordinate(place=place):
        raise NotAllowed("Only the assembly's coordinators can do this")


def can_see_volunteers(user, assembly: Assembly) -> bool:
    return user.is_authenticated and user.can_coordinate(place=assembly.place)


@transaction.atomic
def create_assembly(*, coordinator, question: str, **details) -> Assembly:
    _ensure_coordinator(coordinator)
    slug = unique_slug(Assembly, question, fallback="assembly")
    assembly = Assembly.objects.create(question=question, slug=slug, created_by=coordinator, **details)
    audit.record(actor=coordinator, action="assembly.created", target=assembly)
    return assembly


def consent_wording(assembly: Assembly) -> str:
    return REGISTRATION_WORDING.format(
        body=assembly.commissioning_body,
        place=assembly.place.name,
        delete_on=assembly.delete_personal_data_on.strftime("%-d %B %Y"),
    )


@transaction.atomic
def register_interest(
    *,
    assembly: Assembly,
    full_name: str,
    email: str,
    phone: str,
    postcode: str,
    answers: dict[str, str],
    letter_code: str = "",
) -> Volunteer:
    """A resident registers interest. Their postcode gives their area and its deprivation; the consent
    wording they saw is kept with their answers."""
    if not assembly.is_open_for_registration:
        raise ValidationError("Registration for this panel has closed")
    match = Postcode.objects.select_related("lsoa").filter(postcode=Postcode.normalise(postcode)).first()
    if match is None:
        raise ValidationError({"postcode": "We do not recognise this postcode. Check it and try again"})
    household = letter_code.strip().upper()
    if household:
        if not assembly.letters.filter(code=household).exists():
            raise ValidationError({"letter_code": "This code is not right. Check the letter we sent you"})
        if assembly.one_per_household and assembly.volunteers.filter(household=household).exists():
            raise ValidationError(
                {"letter_code": "Someone in your household has already registered with this code"}
            )
    decile = place_selectors.imd_decile_by_lsoa([match.lsoa_id]).get(match.lsoa_id)
    chosen = {feature: value for feature, value in answers.items() if value}
    chosen["Deprivation of home area"] = features.quintile_label(decile) if decile else features.PREFER_NOT
    volunteer = Volunteer.objects.create(
        assembly=assembly,
        full_name=full_name,
        email=email.lower(),
        phone=phone,
        postcode=match.postcode,
        lsoa=match.lsoa,
        household=household,
        features=chosen,
        consent_wording=consent_wording(assembly),
    )
    audit.record(actor=None, action="volunteer.created", target=assembly)
    return volunteer


def propose_quotas(assembly: Assembly) -> list[dict]:
    """Quotas from the place's population for the panel size: each value's share of the population
    times the seats, rounded down and up, so the panel mirrors the place. Features without population
    figures (disability, lived experience) get wide bounds for the coordinator to set."""
    proposals = []
    for feature, values in features.FEATURES.items():
        dimension = features.POPULATION_DIMENSION.get(feature)
        shares: dict[str, Decimal] = defaultdict(Decimal)
        if dimension:
            for category, people in place_selectors.population_by(assembly.place, dimension).items():
                value = features.population_category_to_value(feature, category)
                if value:
                    shares[value] += people
        total = sum(shares.values(), Decimal(0))
        for value in values:
            share = float(shares[value] / total) if total else None
            if share is None:
                minimum, maximum = 0, assembly.panel_size
            else:
                seats = share * assembly.panel_size
                minimum, maximum = int(seats), min(assembly.panel_size, int(seats) + 1)
            proposals.append(
                {
                    "feature": feature,
                    "value": value,
                    "minimum": minimum,
                    "maximum": maximum,
                    "population_share": share,
                }
            )
        if assembly.allows_prefer_not_to_say:
            proposals.append(
                {
                    "feature": feature,
                    "value": features.PREFER_NOT,
                    "minimum": 0,
                    "maximum": assembly.panel_size,
                    "population_share": None,
                }
            )
    return proposals


@transaction.atomic
def save_quotas(*, coordinator, assembly: Assembly, quotas: list[dict]) -> list[Quota]:
    _ensure_coordinator(coordinator, assembly)
    assembly.quotas.all().delete()
    saved = Quota.objects.bulk_create([Quota(assembly=assembly, **quota) for quota in quotas])
    audit.record(actor=coordinator, action="quotas.changed", target=assembly, note=f"{len(saved)} quotas")
    return saved


def panel_request(assembly: Assembly, quotas: list[dict] | None = None) -> PanelRequest:
    """The engine's input: volunteers still in the pool (a missing answer counts as prefer not to say)
    and the quotas (the saved ones, or those given). A value someone gave that has no quota of its own
    is left open (0 to the panel size)."""
    rows = quotas if quotas is not None else assembly.quotas.values("feature", "value", "minimum", "maximum")
    quotas = [EngineQuota(q["feature"], q["value"], q["minimum"], q["maximum"]) for q in rows]
    feature_names = list(dict.fromkeys(quota.feature for quota in quotas))
    volunteers = [
        EngineVolunteer(
            id=str(volunteer.pk),
            features={name: volunteer.features.get(name) or features.PREFER_NOT for name in feature_names},
            household=(volunteer.household or None) if assembly.one_per_household else None,
        )
        for volunteer in assembly.volunteers.filter(has_withdrawn=False, anonymised_at__isnull=True)
    ]
    covered = {(quota.feature, quota.value) for quota in quotas}
    for volunteer in volunteers:
        for name, value in volunteer.features.items():
            if (name, value) not in covered:
                quotas.append(EngineQuota(name, value, 0, assembly.panel_size))
                covered.add((name, value))
    return PanelRequest(
        volunteers=tuple(volunteers),
        quotas=tuple(quotas),
        panel_size=assembly.panel_size,
        one_per_household=assembly.one_per_household,
    )


def feasibility(assembly: Assembly, quotas: list[dict] | None = None):
    """Whether any panel meets the quotas (the saved ones, or those given), with a plain explanation."""
    return check_feasibility(panel_request(assembly, quotas))


def pool_against_quotas(assembly: Assembly, quotas: list[dict]) -> list[dict]:
    """How many volunteers have each value, beside its quota and population share."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for answers in assembly.volunteers.filter(has_withdrawn=False).values_list("features", flat=True):
        for feature, value in answers.items():
            counts[(feature, value)] += 1
    total = sum(1 for _ in assembly.volunteers.filter(has_withdrawn=False).only("pk"))
    return [
        quota
        | {
            "volunteers": counts[(quota["feature"], quota["value"])],
            "pool_share": counts[(quota["feature"], quota["value"])] / total if total else 0.0,
        }
        for quota in quotas
    ]


def start_lottery(*, coordinator, assembly: Assembly, seed: str = "") -> Progress:
    """Queue the lottery. Nothing is replaced silently: a new draw is recorded beside the old one, and
    becomes the current panel only when it succeeds."""
    _ensure_coordinator(coordinator, assembly)
    from .tasks import draw_lottery_task

    with transaction.atomic():
        request = panel_request(assembly)
        lottery = Lottery.objects.create(
            assembly=assembly,
            seed=seed.strip() or secrets.token_hex(16),
            drawn_by=coordinator,
            quotas=[[q.feature, q.value, q.minimum, q.maximum] for q in request.quotas],
            pool=[[v.id, dict(v.features), v.household] for v in request.volunteers],
        )
        progress = Progress.objects.create(
            title=f"Selecting the panel for {assembly}", started_by=coordinator
        )
        audit.record(actor=coordinator, action="lottery.created", target=lottery, note=f"seed {lottery.seed}")
        transaction.on_commit(
            lambda: draw_lottery_task.enqueue(lottery_id=lottery.pk, progress_id=progress.pk)
        )
    return progress


@transaction.atomic
def replace_dropouts(*, coordinator, lottery: Lottery, dropouts: list[str], seed: str = "") -> Lottery:
    """Refill the seats of people who dropped out by a fair lottery among the rest of the pool, so the
    whole panel still meets every quota. Recorded as a new lottery beside the first; nothing is overwritten."""
    _ensure_coordinator(coordinator, lottery.assembly)
    request = request_from_lottery(lottery)
    seed = seed.strip() or secrets.token_hex(16)
    outcome = replace(
        request, panel=lottery.selected, dropouts=dropouts, seed=seed, algorithm=lottery.algorithm
    )
    Lottery.objects.filter(pk=lottery.pk).update(is_current=False)
    Volunteer.objects.filter(assembly=lottery.assembly, pk__in=[int(d) for d in dropouts]).update(
        has_withdrawn=True
    )
    chances = outcome.selection.distribution.selection_probabilities
    refill = Lottery.objects.create(
        assembly=lottery.assembly,
        algorithm=lottery.algorithm,
        seed=seed,
        quotas=lottery.quotas,
        pool=lottery.pool,
        probabilities={vid: round(float(p), 10) for vid, p in chances.items()},
        selected=list(outcome.panel),
        min_probability=min(chances.values()) if chances else None,
        is_current=True,
        drawn_at=timezone.now(),
        drawn_by=coordinator,
        replaces=lottery,
        dropouts=list(dropouts),
    )
    audit.record(
        actor=coordinator,
        action="lottery.replacement_drawn",
        target=refill,
        changes={"dropouts": (None, len(dropouts)), "replacements": (None, ", ".join(outcome.replacements))},
    )
    return refill


def request_from_lottery(lottery: Lottery) -> PanelRequest:
    """The request exactly as it was when the lottery was drawn, from what the lottery stored."""
    return PanelRequest(
        volunteers=tuple(
            EngineVolunteer(id=vid, features=feats, household=household)
            for vid, feats, household in lottery.pool
        ),
        quotas=tuple(EngineQuota(*quota) for quota in lottery.quotas),
        panel_size=lottery.assembly.panel_size,
        one_per_household=lottery.assembly.one_per_household,
    )


def draw_lottery(*, lottery: Lottery, progress: Progress | None = None) -> Lottery:
    if progress:
        progress.advance(10, "Checking that the quotas can be met")
    request = request_from_lottery(lottery)
    try:
        if progress:
            progress.advance(30, f"Finding the fairest lottery for {len(request.volunteers)} volunteers")
        selection = select_panel(request, seed=lottery.seed, algorithm=lottery.algorithm)
    except QuotasCannotBeMet as problem:
        lottery.failure = problem.explanation
        lottery.save(update_fields=["failure"])
        raise
    distribution = selection.distribution
    with transaction.atomic():
        Lottery.objects.filter(assembly=lottery.assembly, is_current=True).update(is_current=False)
        lottery.probabilities = {
            vid: round(float(p), 10) for vid, p in distribution.selection_probabilities.items()
        }
        lottery.distribution = {
            "groups": [list(group) for group in distribution.groups],
            "panels": [
                [[list(pair) for pair in panel], float(probability)]
                for panel, probability in zip(
                    distribution.panels, distribution.panel_probabilities, strict=True
                )
            ],
        }
        lottery.selected = list(selection.panel)
        lottery.min_probability = min(lottery.probabilities.values())
        lottery.is_current, lottery.drawn_at = True, timezone.now()
        lottery.save()
        Assembly.objects.filter(pk=lottery.assembly_id, status=Assembly.Status.RECRUITING).update(
            status=Assembly.Status.SELECTING
        )
        audit.record(
            actor=lottery.drawn_by,
            action="lottery.drawn",
            target=lottery,
            changes={"selected": (None, f"{len(lottery.selected)} people")},
        )
    return lottery


@dataclass(frozen=True)
class Check:
    is_same: bool
    explanation: str


def verify_lottery(lottery: Lottery) -> Check:
    """Run the lottery again from what it stored (the pool, the quotas, the seed): the same chances and
    the same panel must come out. Anyone with the published inputs can do the same."""
    again = select_panel(request_from_lottery(lottery), seed=lottery.seed, algorithm=lottery.algorithm)
    fresh = again.distribution.selection_probabilities
    same_chances = all(abs(float(fresh[vid]) - p) <= 1e-6 for vid, p in lottery.probabilities.items())
    same_panel = sorted(again.panel) == sorted(lottery.selected)
    if same_chances and same_panel:
        return Check(
            True,
            "Running the lottery again from the same volunteers, quotas and seed gives the same "
            "chances for everyone and the same panel.",
        )
    return Check(
        False,
        "Running the lottery again gives a different " + ("panel." if same_chances else "set of chances."),
    )


# Sessions, recommendations and the formal response -------------------------------------------------


def panel_members(assembly: Assembly):
    """The people on the panel: those selected by the current lottery who have not withdrawn."""
    current = assembly.lotteries.filter(is_current=True).first()
    ids = [int(vid) for vid in current.selected] if current else []
    return assembly.volunteers.filter(pk__in=ids, has_withdrawn=False)


@transaction.atomic
def schedule_session(
    *,
    coordinator,
    assembly: Assembly,
    title: str,
    starts_at,
    venue: str,
    speakers: str = "",
    materials: str = "",
) -> Session:
    _ensure_coordinator(coordinator, assembly)
    session = Session.objects.create(
        assembly=assembly,
        title=title,
        starts_at=starts_at,
        venue=venue,
        speakers=speakers,
        materials=materials,
    )
    audit.record(actor=coordinator, action="session.created", target=session)
    return session


@transaction.atomic
def record_session(*, coordinator, session: Session, attendees, payment: Decimal, paid_on=None) -> None:
    """Who came, and the payment each was given for it."""
    _ensure_coordinator(coordinator, session.assembly)
    members = {member.pk for member in panel_members(session.assembly)}
    if any(person.pk not in members for person in attendees):
        raise ValidationError("Only panel members are recorded at sessions")
    session.attendance.exclude(volunteer__in=attendees).delete()
    for person in attendees:
        SessionAttendance.objects.update_or_create(
            session=session, volunteer=person, defaults={"payment": payment, "paid_on": paid_on}
        )
    audit.record(
        actor=coordinator,
        action="session.recorded",
        target=session,
        changes={"attendance": (None, len(attendees)), "payment_each": (None, str(payment))},
    )


@transaction.atomic
def add_recommendation(
    *,
    coordinator,
    assembly: Assembly,
    title: str,
    text: str,
    support_for: int,
    support_against: int = 0,
    support_unsure: int = 0,
) -> Recommendation:
    _ensure_coordinator(coordinator, assembly)
    if support_for + support_against + support_unsure > assembly.panel_size:
        raise ValidationError(
            {"support_for": f"The panel has {assembly.panel_size} members: the votes add up to more"}
        )
    number = (assembly.recommendations.aggregate(models.Max("number"))["number__max"] or 0) + 1
    recommendation = Recommendation.objects.create(
        assembly=assembly,
        number=number,
        title=title,
        text=text,
        support_for=support_for,
        support_against=support_against,
        support_unsure=support_unsure,
    )
    audit.record(actor=coordinator, action="recommendation.created", target=recommendation)
    return recommendation


def can_respond(user, assembly: Assembly) -> bool:
    """The commissioning body answers: its partners, or coordinators on its behalf."""
    return user.is_authenticated and (
        user.has_role("partner", place=assembly.place) or user.can_coordinate(place=assembly.place)
    )


@transaction.atomic
def respond(
    *,
    responder,
    recommendation: Recommendation,
    outcome: str,
    reasons: str,
    action: str = "",
    action_owner: str = "",
    action_due_on=None,
) -> Response:
    if not can_respond(responder, recommendation.assembly):
        raise NotAllowed("Only the commissioning body responds to recommendations")
    problems = {}
    if not reasons.strip():
        problems["reasons"] = "Give the reasons for the response"
    if outcome != Response.Outcome.NOT_ACCEPTED and (not action_owner.strip() or action_due_on is None):
        problems["action_owner"] = "Say who will act on it and by when"
    if problems:
        raise ValidationError(problems)
    previous = Response.objects.filter(recommendation=recommendation).first()
    response, _ = Response.objects.update_or_create(
        recommendation=recommendation,
        defaults={
            "outcome": outcome,
            "reasons": reasons,
            "action": action,
            "action_owner": action_owner,
            "action_due_on": action_due_on,
            "responded_by": responder,
            "responded_at": timezone.now(),
        },
    )
    audit.record(
        actor=responder,
        action="response.changed" if previous else "response.created",
        target=recommendation,
        changes={"outcome": (previous.outcome if previous else None, outcome)},
    )
    return response


@transaction.atomic
def anonymise_expired_volunteers(*, today=None) -> int:
    """On each assembly's deletion date, remove everything that identifies its volunteers (name, contact,
    postcode, household, area). Their answers stay only as anonymous rows, so totals and the lottery's
    published check still work, but nobody can be picked out."""
    today = today or timezone.localdate()
    volunteers = Volunteer.objects.filter(
        assembly__delete_personal_data_on__lte=today, anonymised_at__isnull=True
    )
    count = volunteers.update(
        full_name="", email="", phone="", postcode="", household="", lsoa=None, anonymised_at=timezone.now()
    )
    for assembly in Assembly.objects.filter(delete_personal_data_on__lte=today):
        audit.record(actor=None, action="volunteers.anonymised", target=assembly)
    return count


# Importing a pool ----------------------------------------------------------------------------------

POOL_COLUMNS = {"full_name", "postcode"}


def start_pool_import(*, coordinator, assembly: Assembly, content: bytes, filename: str) -> Progress:
    _ensure_coordinator(coordinator, assembly)
    from .tasks import import_pool_task

    with transaction.atomic():
        progress = Progress.objects.create(
            title=f"Importing volunteers from {filename}",
            started_by=coordinator,
            result_url=assembly.get_absolute_url(),
        )
        upload = Upload.objects.create(progress=progress, filename=filename, content=content)
        transaction.on_commit(lambda: import_pool_task.enqueue(assembly_id=assembly.pk, upload_id=upload.pk))
    return progress


def import_pool(
    *, assembly: Assembly, content: bytes, filename: str, progress: Progress | None = None
) -> int:
    """Volunteers from a CSV or Excel file (for example from a recruitment partner): columns full_name,
    email, phone, postcode, household, and one per selection feature, named as on the form. Every row is
    checked, duplicates included (same email, or same name and postcode, in the file or already in the
    pool); any problem and nothing is imported."""
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), POOL_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, "The file has no volunteers in it"))
    if problems:
        raise ImportRejected(problems)
    columns = {name.lower(): name for name in features.FEATURES}
    allowed = {
        name: set(values) | ({features.PREFER_NOT} if assembly.allows_prefer_not_to_say else set())
        for name, values in features.FEATURES.items()
    }
    postcodes = {p.postcode: p for p in Postcode.objects.select_related("lsoa")}
    existing_emails = set(assembly.volunteers.exclude(email="").values_list("email", flat=True))
    existing_people = {(n.lower(), pc) for n, pc in assembly.volunteers.values_list("full_name", "postcode")}
    seen_emails: dict[str, int] = {}
    seen_people: dict[tuple[str, str], int] = {}
    parsed = []
    for index, (number, row) in enumerate(rows):
        if progress and index % 100 == 0:
            progress.advance(5 + int(60 * index / len(rows)), f"Checking row {number}")
        found = []
        name = row.get("full_name", "")
        if not name:
            found.append("Enter the volunteer's name")
        postcode = Postcode.normalise(row.get("postcode", "")) if row.get("postcode") else ""
        if postcode not in postcodes:
            found.append(f"We do not recognise the postcode '{row.get('postcode', '')}'")
        email = row.get("email", "").lower()
        if email and (email in existing_emails or email in seen_emails):
            where = f"row {seen_emails[email]}" if email in seen_emails else "the pool already"
            found.append(f"Duplicate: {email} is in {where}")
        person = (name.lower(), postcode)
        if name and postcode and (person in existing_people or person in seen_people):
            where = f"row {seen_people[person]}" if person in seen_people else "the pool already"
            found.append(f"Duplicate: {name} at {postcode} is in {where}")
        answers = {}
        for column, value in row.items():
            feature = columns.get(column)
            if feature is None or feature == "Deprivation of home area":
                continue
            value = value or features.PREFER_NOT
            if value not in allowed[feature]:
                found.append(f"{feature} must be one of: {', '.join(sorted(allowed[feature]))}")
            answers[feature] = value
        problems.extend(RowProblem(number, problem) for problem in found)
        seen_emails.setdefault(email, number) if email else None
        seen_people.setdefault(person, number)
        if not found:
            parsed.append((row, postcode, answers))
    if problems:
        raise ImportRejected(problems)
    if progress:
        progress.advance(70, f"All {len(parsed)} rows are fine. Saving them")
    deciles = place_selectors.imd_decile_by_lsoa([postcodes[pc].lsoa_id for _, pc, _ in parsed])
    with transaction.atomic():
        Volunteer.objects.bulk_create(
            [
                Volunteer(
                    assembly=assembly,
                    full_name=row["full_name"],
                    email=row.get("email", "").lower(),
                    phone=row.get("phone", ""),
                    postcode=postcode,
                    lsoa=postcodes[postcode].lsoa,
                    household=row.get("household", ""),
                    features=answers
                    | {
                        "Deprivation of home area": features.quintile_label(
                            deciles[postcodes[postcode].lsoa_id]
                        )
                        if postcodes[postcode].lsoa_id in deciles
                        else features.PREFER_NOT
                    },
                    consent_wording=f"Consent collected by the recruitment partner; imported from {filename}",
                )
                for row, postcode, answers in parsed
            ]
        )
        audit.record(
            actor=progress.started_by if progress else None,
            action="volunteers.imported",
            target=assembly,
            note=f"{len(parsed)} from {filename}",
        )
    return len(parsed)
