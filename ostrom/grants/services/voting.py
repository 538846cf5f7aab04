"""The public vote: ballots online, one-time access codes, paper ballots and ballots imported from
Pabulib files."""

import hashlib
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.accounts import permissions
from ostrom.accounts.permissions import NotAllowed
from ostrom.budgeting import parse_pabulib
from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems
from ostrom.places.models import Place
from ostrom.places.selectors import find_postcode

from ..models import AccessCode, Application, Ballot, BallotChoice, Round
from .rules import ONLY_COORDINATORS, PhaseClosed, check_whole_number


class AlreadyConfirmed(Exception):
    """This paper ballot has already been confirmed."""


CONFIRM_EMAIL_FIRST = gettext_lazy("Confirm your email address before you vote – we sent you a link")


def check_choices(funding_round: Round, choices: Mapping[int, int]) -> dict[int, int]:
    """The person's choices, checked against the round's ballot type and shortlist.
    `choices` maps an application id to 1 (approval), a number of points, or a rank (1 = first)."""
    if not isinstance(choices, Mapping) or not all(
        isinstance(key, int) and isinstance(value, int) and not isinstance(value, bool)
        for key, value in choices.items()
    ):
        raise ValidationError(gettext("Choices must be whole numbers"))
    if any(not 0 <= value <= 32767 for value in choices.values()):
        raise ValidationError(gettext("Points and ranks must be positive whole numbers"))
    chosen = {application_id: value for application_id, value in choices.items() if value}
    shortlisted = set(
        funding_round.applications.filter(status=Application.Status.SHORTLISTED).values_list("pk", flat=True)
    )
    if not chosen:
        raise ValidationError(gettext("Choose at least one project"))
    if set(chosen) - shortlisted:
        raise ValidationError(gettext("You can only vote for projects on the ballot"))
    if any(value < 0 for value in chosen.values()):
        raise ValidationError(gettext("Points and ranks must be positive whole numbers"))
    if funding_round.ballot_type == Round.BallotType.CUMULATIVE:
        total = sum(chosen.values())
        if total > funding_round.points_per_voter:
            given = ngettext("You have given %(n)d point", "You have given %(n)d points", total) % {
                "n": total
            }
            have = funding_round.points_per_voter
            raise ValidationError(
                given
                + ngettext(
                    ": you have %(n)d point to share out", ": you have %(n)d points to share out", have
                )
                % {"n": have}
            )
    elif funding_round.ballot_type == Round.BallotType.RANKED:
        if sorted(chosen.values()) != list(range(1, len(chosen) + 1)):
            raise ValidationError(gettext("Number your choices 1, 2, 3 and so on, using each number once"))
    else:
        chosen = dict.fromkeys(chosen, 1)
    return chosen


def check_voter(funding_round: Round, *, postcode: str, is_old_enough: bool) -> Place:
    """The voter's LSOA if they live where the fund serves and are old enough, else a plain message."""
    problems = {}
    if not is_old_enough:
        problems["is_old_enough"] = gettext("You must be %(age)s or over to vote in this round") % {
            "age": funding_round.minimum_voting_age
        }
    try:
        match = find_postcode(postcode)
    except ValidationError as unknown:
        problems.update(unknown.message_dict)
    else:
        served = funding_round.fund.places_served.all()
        if not Place.objects.within_any(served).filter(pk=match.lsoa_id).exists():
            places = ", ".join(place.name for place in served)
            problems["postcode"] = gettext("This vote is for people who live in %(places)s") % {
                "places": places
            }
    if problems:
        raise ValidationError(problems)
    return match.lsoa


def cast_ballot(
    *,
    funding_round: Round,
    voter,
    choices: Mapping[int, int],
    postcode: str,
    is_old_enough: bool,
    access_code: str = "",
) -> Ballot:
    """Cast or change a person's ballot. One per person, enforced by the database: when two submissions
    race (two tabs, a double click), one creates the ballot and the other replaces its choices, so the
    last one stands and nothing is counted twice. Only an account with a confirmed email address votes,
    so one person cannot vote many times from made-up addresses.

    The checks only read, so they run before the transaction: on SQLite a write transaction holds the
    whole database, and every other vote waits for it."""
    permissions.ensure(voter.has_confirmed_email, str(CONFIRM_EMAIL_FIRST))
    if not funding_round.is_open_for_voting:
        raise PhaseClosed(funding_round.voting_window.text)
    problems = {}
    check_text(problems, "postcode", postcode, max_length=10, required=gettext("Enter your postcode"))
    check_text(problems, "access_code", access_code, max_length=20)
    raise_problems(problems)
    chosen = check_choices(funding_round, choices)
    lsoa = check_voter(funding_round, postcode=postcode, is_old_enough=is_old_enough)
    with transaction.atomic():
        return _store_ballot(funding_round, voter, chosen, lsoa, access_code)


def _store_ballot(funding_round: Round, voter, chosen: dict[int, int], lsoa, access_code: str) -> Ballot:
    ballot = Ballot.objects.select_for_update().filter(funding_round=funding_round, voter=voter).first()
    is_new = ballot is None
    if is_new:
        code = _claim_access_code(funding_round, access_code) if funding_round.requires_access_code else None
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    funding_round=funding_round, voter=voter, lsoa=lsoa, access_code=code
                )
        except IntegrityError:
            # The unique constraint held back a second ballot from a racing submission: replace its choices.
            if code is not None:
                AccessCode.objects.filter(pk=code.pk).update(used_at=None)
            ballot = Ballot.objects.select_for_update().get(funding_round=funding_round, voter=voter)
            is_new = False
    ballot.lsoa = lsoa
    ballot.save(update_fields=["lsoa", "changed_at"])
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, application_id=application_id, value=value)
            for application_id, value in chosen.items()
        ]
    )
    # More roles can read the audit log than can read ballots: record that this person voted in the
    # round, never which ballot row is theirs (that would tie them to their choices).
    audit.record(actor=voter, action="ballot.cast" if is_new else "ballot.changed", target=funding_round)
    return ballot


def _claim_access_code(funding_round: Round, code: str) -> AccessCode:
    access = (
        AccessCode.objects.select_for_update()
        .filter(funding_round=funding_round, code_hash=hash_access_code(code))
        .first()
    )
    if access is None:
        raise ValidationError(
            {"access_code": gettext("This code is not right. Check the letter we sent you")}
        )
    if access.used_at is not None:
        raise ValidationError({"access_code": gettext("This code has already been used to vote")})
    access.used_at = timezone.now()
    access.save(update_fields=["used_at"])
    return access


MOST_CODES_AT_ONCE = 5000


def hash_access_code(code: str) -> str:
    return hashlib.sha256("".join(code.split()).upper().encode()).hexdigest()


@transaction.atomic
def issue_access_codes(*, coordinator, funding_round: Round, count: int) -> list[str]:
    """New one-time codes to print on letters. Returned once; only hashes are kept."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    problems = {}
    check_whole_number(problems, "count", count, smallest=1, largest=MOST_CODES_AT_ONCE)
    raise_problems(problems)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    codes = [
        "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)) for _ in range(count)
    ]
    AccessCode.objects.bulk_create(
        [AccessCode(funding_round=funding_round, code_hash=hash_access_code(code)) for code in codes]
    )
    audit.record(
        actor=coordinator,
        action="access_codes.created",
        target=funding_round,
        note=ngettext("%(n)d code", "%(n)d codes", count) % {"n": count},
    )
    return codes


@transaction.atomic
def enter_paper_ballot(
    *, coordinator, funding_round: Round, paper_reference: str, choices: Mapping[int, int], postcode: str
) -> Ballot:
    """A coordinator types in a paper ballot. It counts only once a second person confirms it."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    if funding_round.phase not in {Round.Phase.VOTING, Round.Phase.DECISION} or hasattr(
        funding_round, "result"
    ):
        raise PhaseClosed(
            gettext("Paper ballots are entered while voting is open, or before the result is worked out")
        )
    problems = {}
    check_text(
        problems,
        "paper_reference",
        paper_reference,
        max_length=30,
        required=gettext("Enter the number printed on the paper ballot"),
    )
    check_text(
        problems, "postcode", postcode, max_length=10, required=gettext("Enter the postcode on the ballot")
    )
    raise_problems(problems)
    chosen = check_choices(funding_round, choices)
    lsoa = check_voter(funding_round, postcode=postcode, is_old_enough=True)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                funding_round=funding_round,
                is_paper=True,
                paper_reference=paper_reference,
                entered_by=coordinator,
                lsoa=lsoa,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "paper_reference": gettext("Paper ballot %(number)s has already been entered")
                % {"number": paper_reference}
            }
        ) from None
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, application_id=application_id, value=value)
            for application_id, value in chosen.items()
        ]
    )
    # The paper's own number names the slip; the ballot row is never named in the audit log.
    audit.record(actor=coordinator, action="paper_ballot.entered", target=funding_round, note=paper_reference)
    return ballot


@transaction.atomic
def import_pabulib_ballots(*, coordinator, funding_round: Round, text: str) -> int:
    """Ballots from a Pabulib file (for example counted on paper elsewhere). Project ids must be the
    shortlisted application ids. Each becomes a paper ballot entered by the importer, counted once a
    second person confirms it. A file with any problem imports nothing."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    if funding_round.phase not in {Round.Phase.VOTING, Round.Phase.DECISION} or hasattr(
        funding_round, "result"
    ):
        raise PhaseClosed(
            gettext("Ballots are imported while voting is open, or before the result is worked out")
        )
    if "\x00" in text:
        raise ValidationError(
            gettext("The file contains an invisible control character (NUL). Save it again as text")
        )
    election = parse_pabulib(text)  # raises PabulibFormatError naming the line
    if election.vote_type is not funding_round.vote_type:
        raise ValidationError(
            gettext("The file has %(file)s votes but this round uses %(round)s ballots")
            % {"file": election.vote_type, "round": funding_round.ballot_type}
        )
    shortlisted = {
        str(pk)
        for pk in funding_round.applications.filter(status=Application.Status.SHORTLISTED).values_list(
            "pk", flat=True
        )
    }
    unknown = sorted({project.id for project in election.projects} - shortlisted)
    if unknown:
        raise ValidationError(
            gettext("These projects are not on this round's ballot: %(projects)s")
            % {"projects": ", ".join(unknown)}
        )
    count = 0
    for voter in range(election.voter_count):
        ballot = election.ballot(voter)
        if funding_round.ballot_type == Round.BallotType.RANKED:
            choices = {int(project): rank for rank, project in enumerate(ballot.projects, start=1)}
        elif ballot.points is not None:
            choices = {
                int(project): int(points)
                for project, points in zip(ballot.projects, ballot.points, strict=True)
            }
        else:
            choices = dict.fromkeys((int(project) for project in ballot.projects), 1)
        try:
            chosen = check_choices(funding_round, choices)
        except ValidationError as problem:
            raise ValidationError(
                gettext("Voter %(voter)s: %(problem)s")
                % {"voter": ballot.voter_id, "problem": problem.messages[0]}
            ) from None
        reference = f"pb-{ballot.voter_id}"
        if len(reference) > Ballot._meta.get_field("paper_reference").max_length:
            raise ValidationError(
                gettext("Voter %(voter)s…: voter ids must be 27 characters or fewer")
                % {"voter": ballot.voter_id[:30]}
            )
        try:
            with transaction.atomic():
                paper = Ballot.objects.create(
                    funding_round=funding_round,
                    is_paper=True,
                    paper_reference=reference,
                    entered_by=coordinator,
                )
        except IntegrityError:
            raise ValidationError(
                gettext("Voter %(voter)s has already been imported") % {"voter": ballot.voter_id}
            ) from None
        BallotChoice.objects.bulk_create(
            [BallotChoice(ballot=paper, application_id=a, value=v) for a, v in chosen.items()]
        )
        count += 1
    audit.record(
        actor=coordinator,
        action="paper_ballot.imported",
        target=funding_round,
        note=ngettext("%(n)d ballot", "%(n)d ballots", count) % {"n": count},
    )
    return count


@transaction.atomic
def confirm_paper_ballot(*, coordinator, ballot: Ballot) -> Ballot:
    permissions.ensure(permissions.can_run_round(coordinator, ballot.funding_round), str(ONLY_COORDINATORS))
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.entered_by_id == coordinator.pk:
        raise NotAllowed(gettext("A second person must confirm a paper ballot: you entered this one"))
    if ballot.confirmed_by_id is not None:
        raise AlreadyConfirmed(
            gettext("Paper ballot %(number)s is already confirmed") % {"number": ballot.paper_reference}
        )
    ballot.confirmed_by = coordinator
    ballot.save(update_fields=["confirmed_by", "changed_at"])
    audit.record(
        actor=coordinator,
        action="paper_ballot.confirmed",
        target=ballot.funding_round,
        note=ballot.paper_reference,
    )
    return ballot


@transaction.atomic
def confirm_waiting_paper_ballots(*, coordinator, funding_round: Round) -> int:
    """Confirm every paper ballot in the round that someone else entered and nobody has confirmed yet.
    Returns how many were confirmed."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    waiting = funding_round.ballots.filter(is_paper=True, confirmed_by__isnull=True).exclude(
        entered_by=coordinator
    )
    for paper in waiting:
        confirm_paper_ballot(coordinator=coordinator, ballot=paper)
    return len(waiting)
