"""The retention schedule: each kind of personal data goes once it is older than settings.RETENTION says,
what is more recent stays, each run is one audit entry with the counts per kind, and a second run
removes nothing more."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ostrom.accounts.models import Role, User
from ostrom.conversations.models import Participant
from ostrom.core import audit, ratelimits, retention
from ostrom.core.models import Progress, RateLimitCounter, RetentionRun, Upload
from ostrom.referrals.models import Referral
from ostrom.surveys.models import Invitation, Response, Survey
from tests.conversations.factories import ConversationFactory, ParticipantFactory, VoteFactory
from tests.factories import PlaceFactory, UserFactory
from tests.referrals.factories import ReferralFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _days(kind: str) -> timedelta:
    return timedelta(days=settings.RETENTION[kind])


def _apply_twice(kind: str, removed: int) -> None:
    """Run the schedule: `removed` records of the kind go, in one audit entry that says so; run it
    again and nothing more goes."""
    first = retention.apply_retention(now=timezone.now())
    assert first.removed[kind] == removed
    entries = audit.entries_for(first)
    assert entries.count() == 1
    assert f"{kind} {removed}" in entries.get().additional_data["note"]

    second = retention.apply_retention(now=timezone.now())
    assert second.removed[kind] == 0


def test_every_kind_has_a_period_and_a_way_of_being_removed():
    assert retention.registered_kinds() == set(settings.RETENTION)


def test_a_kind_with_no_period_in_the_schedule_stops_the_run(settings):
    settings.RETENTION = {kind: days for kind, days in settings.RETENTION.items() if kind != "audit_log"}
    with pytest.raises(ImproperlyConfigured, match="audit_log"):
        retention.apply_retention(now=timezone.now())
    assert not RetentionRun.objects.exists()


def test_expired_sessions_go_and_live_ones_stay():
    for expiry in (timezone.now() - _days("expired_sessions") - DAY, timezone.now() + DAY):
        session = SessionStore()
        session["seen"] = True
        session.set_expiry(expiry)
        session.save()

    _apply_twice("expired_sessions", 1)
    assert Session.objects.get().expire_date > timezone.now()


def test_old_sign_in_attempts_go_and_recent_ones_stay():
    old = AccessAttempt.objects.create(
        username="a@example.org", ip_address="192.0.2.1", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - _days("sign_in_attempts") - DAY
    )
    AccessLog.objects.create(username="b@example.org", ip_address="192.0.2.2")

    _apply_twice("sign_in_attempts", 1)
    assert not AccessAttempt.objects.exists()
    assert AccessLog.objects.count() == 1


def test_rate_limit_counters_of_ended_windows_go_and_the_current_ones_stay(settings):
    settings.RATE_LIMITS = settings.RATE_LIMITS | {"ballot": "3/h", "sign-up": "3/d"}
    now = timezone.now()
    for address, group, at in [
        ("192.0.2.1", "ballot", now - 2 * timedelta(hours=1)),
        ("192.0.2.2", "sign-up", now - 2 * DAY),
        ("192.0.2.1", "ballot", now),
        ("192.0.2.2", "sign-up", now),
    ]:
        ratelimits.count_attempt(group=group, address=address, at=at)

    _apply_twice("rate_limit_entries", 2)
    assert RateLimitCounter.objects.filter(window_starts_at__lte=now, expires_at__gt=now).count() == 2


def test_unconfirmed_accounts_are_erased_once_old_and_confirmed_ones_stay():
    old = timezone.now() - _days("unconfirmed_accounts") - DAY
    never_confirmed = UserFactory(email_confirmed_at=None, date_joined=old)
    confirmed = UserFactory(date_joined=old)
    recent = UserFactory(email_confirmed_at=None)
    given_a_role = UserFactory(email_confirmed_at=None, date_joined=old)
    Role.objects.create(user=given_a_role, kind=Role.Kind.COORDINATOR)
    administrator = UserFactory(email_confirmed_at=None, date_joined=old, is_superuser=True)

    _apply_twice("unconfirmed_accounts", 1)
    never_confirmed.refresh_from_db()
    assert never_confirmed.erased_at is not None and never_confirmed.full_name == "Erased person"
    assert not never_confirmed.is_active
    assert User.objects.filter(erased_at__isnull=True).count() == 4
    for person in (confirmed, recent, given_a_role, administrator):
        person.refresh_from_db()
        assert person.erased_at is None


def test_finished_background_work_goes_and_running_or_recent_work_stays():
    long_ago = timezone.now() - _days("finished_background_work") - DAY
    finished = Progress.objects.create(title="Old import", status=Progress.Status.FINISHED)
    failed = Progress.objects.create(title="Old failure", status=Progress.Status.FAILED)
    still_running = Progress.objects.create(title="Long count", status=Progress.Status.RUNNING)
    Progress.objects.filter(pk__in=[finished.pk, failed.pk, still_running.pk]).update(updated_at=long_ago)
    recent = Progress.objects.create(title="Yesterday's import", status=Progress.Status.FINISHED)
    old_result = DBTaskResult.objects.create(
        task_path="ostrom.core.tasks.example", status="SUCCESSFUL", args_kwargs={}, finished_at=long_ago
    )

    _apply_twice("finished_background_work", 3)
    assert set(Progress.objects.values_list("pk", flat=True)) == {still_running.pk, recent.pk}
    assert not DBTaskResult.objects.filter(pk=old_result.pk).exists()


def test_a_stored_upload_whose_import_never_ran_goes_and_its_import_says_so():
    old = Progress.objects.create(title="Import the pool")
    Upload.objects.create(progress=old, filename="pool.csv", content=b"name,email\nAsha,asha@example.org\n")
    Upload.objects.filter(progress=old).update(created_at=timezone.now() - _days("stored_uploads") - DAY)
    recent = Progress.objects.create(title="Import the pool again")
    Upload.objects.create(progress=recent, filename="pool.csv", content=b"name\n")

    _apply_twice("stored_uploads", 1)
    assert list(Upload.objects.values_list("progress", flat=True)) == [recent.pk]
    old.refresh_from_db()
    assert old.status == Progress.Status.FAILED and old.message == retention.UPLOAD_EXPIRED


def test_a_referral_closed_long_ago_loses_the_person_s_details_and_keeps_its_counts():
    long_ago = timezone.localdate() - _days("referral_identities") - DAY
    details = {
        "identity": Referral.Identity.NAMED,
        "person_name": "Asha Patel",
        "person_contact": "07700 900123",
        "consent_recorded_at": timezone.now(),
        "consent_wording": "I agree",
    }
    old = ReferralFactory(closed_on=long_ago, **details)
    open_referral = ReferralFactory(**details)
    recently_closed = ReferralFactory(closed_on=timezone.localdate(), **details)

    _apply_twice("referral_identities", 1)
    old.refresh_from_db()
    assert (old.person_name, old.person_contact, old.erased_on) == ("", "", timezone.localdate())
    assert list(old.needs.values_list("need", flat=True)) == ["loneliness"]  # still counted
    for referral in (open_referral, recently_closed):
        referral.refresh_from_db()
        assert referral.person_name == "Asha Patel"


def test_anonymous_participants_of_a_conversation_closed_long_ago_are_no_longer_tied_to_a_browser():
    now = timezone.now()
    closed = ConversationFactory(
        opens_at=now - 400 * DAY, closes_at=now - _days("participant_browser_keys") - DAY
    )
    still_open = ConversationFactory()
    old = ParticipantFactory(conversation=closed)
    vote = VoteFactory(participant=old)
    current = ParticipantFactory(conversation=still_open)

    _apply_twice("participant_browser_keys", 1)
    old.refresh_from_db()
    assert old.anonymous_key is None
    assert old.votes.get() == vote  # the answers still count
    assert Participant.objects.get(pk=current.pk).anonymous_key == current.anonymous_key


def test_a_survey_closed_long_ago_forgets_who_it_was_sent_to_and_which_browser_answered():
    now = timezone.now()
    place = PlaceFactory()

    def survey(slug, closes_at):
        return Survey.objects.create(
            title=slug,
            slug=slug,
            place=place,
            status=Survey.Status.CLOSED,
            opens_at=now - 400 * DAY,
            closes_at=closes_at,
        )

    closed = survey("closed", now - _days("survey_respondents") - DAY)
    recent = survey("recent", now - DAY)
    for each in (closed, recent):
        Invitation.objects.create(survey=each, user=UserFactory())
        Response.objects.create(survey=each, key_hash="a" * 64, submitted_at=now - 300 * DAY)

    _apply_twice("survey_respondents", 2)
    assert list(Invitation.objects.values_list("survey", flat=True)) == [recent.pk]
    forgotten = Response.objects.get(survey=closed)
    assert forgotten.key_hash != "a" * 64 and forgotten.submitted_at  # the answers stay
    assert Response.objects.get(survey=recent).key_hash == "a" * 64


def test_audit_entries_older_than_the_schedule_go():
    person = UserFactory()
    old = audit.record(actor=None, action="person.viewed", target=person)
    type(old).objects.filter(pk=old.pk).update(timestamp=timezone.now() - _days("audit_log") - DAY)
    recent = audit.record(actor=None, action="person.viewed", target=person)

    _apply_twice("audit_log", 1)
    assert list(audit.entries_for(person).values_list("pk", flat=True)) == [recent.pk]


def test_the_command_applies_the_schedule_and_says_what_it_removed(capsys):
    call_command("apply_retention")

    assert "audit_log: 0 removed" in capsys.readouterr().out
    assert RetentionRun.objects.count() == 1
