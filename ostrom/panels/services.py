"""Every write to an assembly: registrations, quotas, starting the lottery and its checks, sessions,
recommendations and responses. The engine steps themselves are in `drawing` and run in tasks."""

import secrets
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress, Upload
from ostrom.core.slugs import unique_slug
from ostrom.places import selectors as place_selectors

from . import features, selectors, tasks
from .models import Assembly, Lottery, Quota, Recommendation, Response, Session, SessionAttendance, Volunteer

REGISTRATION_WORDING = gettext_lazy(
    "I agree that {body} may keep my answers to choose a panel that reflects {place}. My answers are seen only by "
    "the people running the panel, never published with my name, and deleted or anonymised by {delete_on}."
)
RUN_ONLY = gettext_lazy("Only the assembly's coordinators can do this")


@transaction.atomic
def create_assembly(*, coordinator, question: str, place, **details) -> Assembly:
    permissions.ensure(
        permissions.can_coordinate(coordinator, places=[place]),
        gettext("Only a coordinator for this place can set up a citizens' panel in it"),
    )
    slug = unique_slug(Assembly, question, fallback="assembly")
    assembly = Assembly.objects.create(
        question=question, slug=slug, place=place, created_by=coordinator, **details
    )
    audit.record(actor=coordinator, action="assembly.created", target=assembly)
    return assembly


def consent_wording(assembly: Assembly) -> str:
    return REGISTRATION_WORDING.format(
        body=assembly.commissioning_body,
        place=assembly.place.name,
        delete_on=assembly.delete_personal_data_on.strftime("%-d %B %Y"),
    )


# Field -> (longest text allowed, how a message names it). The model's limits, for the form and API alike.
REGISTRATION_LIMITS = {
    "full_name": (150, gettext_lazy("Your name")),
    "email": (254, gettext_lazy("Your email address")),
    "phone": (30, gettext_lazy("Your phone number")),
    "postcode": (10, gettext_lazy("Your postcode")),
    "letter_code": (20, gettext_lazy("The code from your letter")),
}


def _registration_problems(assembly: Assembly, texts: dict, answers, has_consented: bool) -> dict[str, str]:
    """Every problem with a registration, by field, whoever sent it (the form or the API)."""
    problems = {}
    for field, (limit, label) in REGISTRATION_LIMITS.items():
        value = texts[field]
        if not isinstance(value, str):
            problems[field] = gettext("%(label)s must be text") % {"label": label}
        elif "\x00" in value:
            problems[field] = gettext(
                "%(label)s contains a character we cannot store (NUL). Remove it and try again"
            ) % {"label": label}
        elif len(value) > limit:
            problems[field] = gettext("%(label)s must be %(limit)s characters or fewer") % {
                "label": label,
                "limit": limit,
            }
    if problems:
        return problems
    if not texts["full_name"].strip():
        problems["full_name"] = gettext("Enter your name")
    if texts["email"]:
        try:
            validate_email(texts["email"])
        except ValidationError:
            problems["email"] = gettext("Enter an email address in the correct format, like name@example.com")
    elif not texts["phone"].strip():
        problems["email"] = gettext(
            "Give an email address or a phone number, so we can tell you if you are selected"
        )
    if not texts["postcode"].strip():
        problems["postcode"] = gettext("Enter your postcode")
    if has_consented is not True:
        problems["consent"] = gettext("Tick the box to agree to us keeping your answers")
    answer_problem = _answer_problem(assembly, answers)
    if answer_problem:
        problems["answers"] = answer_problem
    return problems


def _answer_problem(assembly: Assembly, answers) -> str:
    """Only the questions on the form, each answered with one of its own answers."""
    if not isinstance(answers, dict):
        return gettext("Answer the questions on the form")
    allowed = features.allowed_values(assembly)
    unknown = [key for key in answers if key not in features.ASKED]
    if unknown:
        return gettext("Answer only the questions on the form: %(question)s is not one of them") % {
            "question": repr(str(unknown[0])[:60])
        }
    for feature in features.ASKED:
        value = answers.get(feature)
        if not value:
            return gettext("Select your %(question)s") % {"question": features.shown(feature).lower()}
        if value not in allowed[feature]:
            return gettext("Select your %(question)s from the answers on the form") % {
                "question": features.shown(feature).lower()
            }
    return ""


def _earlier_registration(
    assembly: Assembly, *, email: str, full_name: str, postcode: str
) -> Volunteer | None:
    """The first registration this one repeats: the same email, or the same name at the same postcode."""
    same = models.Q(full_name__iexact=full_name, postcode=postcode)
    if email:
        same |= models.Q(email=email)
    return assembly.volunteers.filter(same, duplicate_of__isnull=True).order_by("pk").first()


@transaction.atomic
def register_interest(
    *,
    assembly: Assembly,
    full_name: str,
    email: str,
    phone: str,
    postcode: str,
    answers: dict[str, str],
    has_consented: bool,
    letter_code: str = "",
) -> Volunteer:
    """A resident registers interest. Their postcode gives their area and its deprivation; the consent
    wording they saw is kept with their answers.

    A repeat registration (the same email, or the same name at the same postcode) is kept but marked as
    a repeat of the first, which alone enters the lottery, and coordinators see how many there were. It
    is not refused: "you have already registered" would tell anyone who typed a neighbour's email that
    the neighbour had volunteered."""
    window = assembly.registration_window
    if not window.is_open:
        raise ValidationError(window.text)
    texts = {
        "full_name": full_name,
        "email": email,
        "phone": phone,
        "postcode": postcode,
        "letter_code": letter_code,
    }
    problems = _registration_problems(assembly, texts, answers, has_consented)
    if problems:
        raise ValidationError(problems)
    match = place_selectors.find_postcode(postcode)
    full_name, email, phone = full_name.strip(), email.strip().lower(), phone.strip()
    household = letter_code.strip().upper()
    if household:
        if not assembly.letters.filter(code=household).exists():
            raise ValidationError(
                {"letter_code": gettext("This code is not right. Check the letter we sent you")}
            )
        if assembly.one_per_household and assembly.volunteers.filter(household=household).exists():
            raise ValidationError(
                {"letter_code": gettext("Someone in your household has already registered with this code")}
            )
    decile = place_selectors.imd_decile_by_lsoa([match.lsoa_id]).get(match.lsoa_id)
    volunteer = Volunteer(
        assembly=assembly,
        full_name=full_name,
        email=email,
        phone=phone,
        postcode=match.postcode,
        lsoa=match.lsoa,
        household=household,
        features={feature: answers[feature] for feature in features.ASKED}
        | {features.DERIVED: features.deprivation_label(decile)},
        consent_wording=consent_wording(assembly),
        duplicate_of=_earlier_registration(
            assembly, email=email, full_name=full_name, postcode=match.postcode
        ),
    )
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        # The same email registered at the same moment in another request: that one came first.
        volunteer.duplicate_of = assembly.volunteers.get(email=email, duplicate_of__isnull=True)
        volunteer.save()
    action = "volunteer.repeat_registered" if volunteer.duplicate_of_id else "volunteer.created"
    audit.record(actor=None, action=action, target=assembly)
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


def _quota_problems(assembly: Assembly, quotas: list[dict]) -> list[str]:
    known = {
        (feature, value) for feature, values in features.allowed_values(assembly).items() for value in values
    }
    problems = []
    for quota in quotas:
        where = f"{quota.get('feature')}: {quota.get('value')}"
        minimum, maximum = quota.get("minimum"), quota.get("maximum")
        if (quota.get("feature"), quota.get("value")) not in known:
            problems.append(
                gettext("%(group)s is not a group the panel's questions ask about") % {"group": where[:120]}
            )
        elif not all(
            isinstance(bound, int) and 0 <= bound <= assembly.panel_size for bound in (minimum, maximum)
        ):
            problems.append(
                gettext("%(group)s: enter numbers from 0 to %(size)s, the panel's size")
                % {"group": where, "size": assembly.panel_size}
            )
        elif maximum < minimum:
            problems.append(gettext("%(group)s: the maximum must be at least the minimum") % {"group": where})
    return problems


@transaction.atomic
def save_quotas(*, coordinator, assembly: Assembly, quotas: list[dict]) -> list[Quota]:
    """Save the quotas and check, in the background, that a panel can meet them."""
    permissions.ensure(permissions.can_run_assembly(coordinator, assembly), str(RUN_ONLY))
    problems = _quota_problems(assembly, quotas)
    if problems:
        raise ValidationError(problems)
    assembly.quotas.all().delete()
    saved = Quota.objects.bulk_create([Quota(assembly=assembly, **quota) for quota in quotas])
    assembly.quota_check = start_task(
        tasks.check_quotas_task,
        title=gettext("Checking that a panel can meet the saved quotas"),
        started_by=coordinator,
        assembly_id=assembly.pk,
    )
    assembly.save(update_fields=["quota_check"])
    audit.record(actor=coordinator, action="quotas.changed", target=assembly, note=f"{len(saved)} quotas")
    return saved


@transaction.atomic
def start_quota_check(*, coordinator, assembly: Assembly, quotas: list[dict]) -> Progress:
    """The live check while quotas are typed: whether any panel can meet them, in the background (the
    search is an integer program, which on a large pool with households can take minutes). Nothing is saved."""
    permissions.ensure(permissions.can_run_assembly(coordinator, assembly), str(RUN_ONLY))
    problems = _quota_problems(assembly, quotas)
    if problems:
        raise ValidationError(problems)
    return start_task(
        tasks.check_quotas_task,
        title=gettext("Checking the quotas as typed"),
        started_by=coordinator,
        assembly_id=assembly.pk,
        quotas=[{key: quota[key] for key in ("feature", "value", "minimum", "maximum")} for quota in quotas],
    )


def pool_against_quotas(assembly: Assembly, quotas: list[dict]) -> list[dict]:
    """How many volunteers in the pool have each value, beside its quota and population share."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    pool = assembly.volunteers.in_pool()
    for answers in pool.values_list("features", flat=True):
        for feature, value in answers.items():
            counts[(feature, value)] += 1
    total = pool.count()
    return [
        quota
        | {
            "volunteers": counts[(quota["feature"], quota["value"])],
            "pool_share": counts[(quota["feature"], quota["value"])] / total if total else 0.0,
        }
        for quota in quotas
    ]


def _seed(seed) -> str:
    if not isinstance(seed, str) or "\x00" in seed or len(seed) > 200:
        raise ValidationError({"seed": gettext("The seed must be text of 200 characters or fewer")})
    return seed.strip() or secrets.token_hex(16)


@transaction.atomic
def start_lottery(
    *, coordinator, assembly: Assembly, seed: str = "", algorithm: str = Lottery.Algorithm.LEXIMIN
) -> Progress:
    """Queue the lottery (LEXIMIN or Nash welfare). Nothing is replaced silently: a new draw is
    recorded beside the old one, and becomes the current panel only when it succeeds."""
    permissions.ensure(permissions.can_run_assembly(coordinator, assembly), str(RUN_ONLY))
    if algorithm not in Lottery.Algorithm.values:
        raise ValidationError({"algorithm": gettext("Choose how chances are shared")})
    request = selectors.panel_request(assembly)
    lottery = Lottery.objects.create(
        assembly=assembly,
        algorithm=algorithm,
        seed=_seed(seed),
        drawn_by=coordinator,
        quotas=[[q.feature, q.value, q.minimum, q.maximum] for q in request.quotas],
        pool=[[v.id, dict(v.features), v.household] for v in request.volunteers],
    )
    audit.record(
        actor=coordinator,
        action="lottery.created",
        target=lottery,
        note=f"{lottery.algorithm}, seed {lottery.seed}",
    )
    return start_task(
        tasks.draw_lottery_task,
        title=gettext("Selecting the panel for %(assembly)s") % {"assembly": assembly},
        started_by=coordinator,
        retry_url=reverse("panels:quotas", args=[assembly.slug]),
        lottery_id=lottery.pk,
    )


@transaction.atomic
def start_replacement(*, coordinator, lottery: Lottery, dropouts: list[str], seed: str = "") -> Progress:
    """Queue a fair draw that refills the seats of people who dropped out (see `drawing.replace_dropouts`)."""
    permissions.ensure(permissions.can_run_assembly(coordinator, lottery.assembly), str(RUN_ONLY))
    chosen = [vid for vid in dict.fromkeys(dropouts) if vid in lottery.selected]
    if not chosen:
        raise ValidationError({"dropouts": gettext("Select the people who dropped out")})
    seed = _seed(seed)
    audit.record(actor=coordinator, action="lottery.replacement_started", target=lottery, note=f"seed {seed}")
    return start_task(
        tasks.replace_dropouts_task,
        title=ngettext(
            "Refilling %(num)d seat on the panel for %(panel)s",
            "Refilling %(num)d seats on the panel for %(panel)s",
            len(chosen),
        )
        % {"num": len(chosen), "panel": lottery.assembly},
        started_by=coordinator,
        lottery_id=lottery.pk,
        dropouts=chosen,
        seed=seed,
    )


def check_lottery_again(*, lottery: Lottery, requested_by=None) -> Progress:
    """Anyone may ask for a draw to be run again from what it stored. The check runs in the background,
    once however many ask at the same time; the rate limit is the view's or the API's."""
    if not lottery.selected:
        raise ValidationError(gettext("This draw has no panel to check yet"))
    return tasks.queue_check(lottery=lottery, requested_by=requested_by)


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
    permissions.ensure(permissions.can_run_assembly(coordinator, assembly), str(RUN_ONLY))
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
    permissions.ensure(permissions.can_run_assembly(coordinator, session.assembly), str(RUN_ONLY))
    members = {member.pk for member in panel_members(session.assembly)}
    if any(person.pk not in members for person in attendees):
        raise ValidationError(gettext("Only panel members are recorded at sessions"))
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
    permissions.ensure(permissions.can_run_assembly(coordinator, assembly), str(RUN_ONLY))
    if support_for + support_against + support_unsure > assembly.panel_size:
        raise ValidationError(
            {
                "support_for": gettext("The panel has %(size)s members: the votes add up to more")
                % {"size": assembly.panel_size}
            }
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
    permissions.ensure(
        permissions.can_respond_to_recommendations(responder, recommendation.assembly),
        gettext("Only the commissioning body responds to recommendations"),
    )
    problems = {}
    if not reasons.strip():
        problems["reasons"] = gettext("Give the reasons for the response")
    if outcome != Response.Outcome.NOT_ACCEPTED and (not action_owner.strip() or action_due_on is None):
        problems["action_owner"] = gettext("Say who will act on it and by when")
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


@transaction.atomic
@transaction.atomic
def start_pool_import(*, coordinator, assembly: Assembly, content: bytes, filename: str) -> Progress:
    """Queue the import of a pool (see `importing.import_pool`); the file waits in the database. One
    transaction, as for every import: if the file cannot be stored (a full disk), no progress record or
    task is left waiting for a file that is not there."""
    permissions.ensure(permissions.can_run_assembly(coordinator, assembly), str(RUN_ONLY))
    filename = filename.replace("\x00", "")[-200:]
    progress = start_task(
        tasks.import_pool_task,
        title=(gettext("Importing volunteers from %(file)s") % {"file": filename})[:200],
        retry_url=reverse("panels:import", args=[assembly.slug]),
        started_by=coordinator,
        assembly_id=assembly.pk,
    )
    Upload.objects.create(progress=progress, filename=filename, content=content)
    return progress
