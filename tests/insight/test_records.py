"""Recording insight with consent, and who sees what: the rules of the issue's "Bad input and rules"."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.insight import services
from ostrom.insight.models import NOT_RECORDED, Insight
from tests.factories import AdminFactory, EqualityAnswerFactory, PlaceFactory, UserFactory
from tests.insight.factories import InsightFactory, coordinator_of, partner_of, story_details


@pytest.fixture
def ladywood():
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")


@pytest.fixture
def perry_barr():
    return PlaceFactory(code="E-PERRYBARR", name="Perry Barr", kind="locality")


@pytest.mark.django_db
def test_a_coordinator_records_a_story_with_the_consent_wording_who_recorded_it_and_when(ladywood):
    coordinator = coordinator_of(ladywood)

    insight = services.record_insight(coordinator=coordinator, **story_details(ladywood))

    insight.refresh_from_db()
    assert insight.consent_to_use is True
    assert insight.consent_wording.startswith("I agree that my words")
    assert insight.consent_recorded_by == coordinator
    assert insight.consent_recorded_at is not None
    assert insight.is_published
    assert [audit.action_of(entry) for entry in audit.entries_for(insight)] == ["insight.created"]


@pytest.mark.django_db
def test_insight_without_consent_to_use_is_not_kept(ladywood):
    with pytest.raises(ValidationError) as refused:
        services.record_insight(
            coordinator=coordinator_of(ladywood), **story_details(ladywood, consent_to_use=False)
        )

    assert "consent_to_use" in refused.value.message_dict
    assert not Insight.objects.exists()


@pytest.mark.django_db
def test_publishing_with_a_name_needs_the_name(ladywood):
    with pytest.raises(ValidationError) as refused:
        services.record_insight(
            coordinator=coordinator_of(ladywood), **story_details(ladywood, publication="named")
        )

    assert refused.value.message_dict["speaker_name"] == [
        "Enter the name they agreed to be published with, or publish it without their name"
    ]


@pytest.mark.django_db
def test_the_wording_agreed_to_is_required(ladywood):
    with pytest.raises(ValidationError) as refused:
        services.record_insight(
            coordinator=coordinator_of(ladywood), **story_details(ladywood, consent_wording=" ")
        )

    assert refused.value.message_dict["consent_wording"] == ["Enter the words the person agreed to"]


@pytest.mark.django_db
def test_an_account_holders_group_comes_only_from_their_own_answers(ladywood):
    with pytest.raises(ValidationError) as refused:
        services.record_insight(
            coordinator=coordinator_of(ladywood),
            **story_details(ladywood, speaker=UserFactory(), speaker_group="white_british"),
        )

    assert "speaker_group" in refused.value.message_dict


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused(ladywood):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.record_insight(
            coordinator=coordinator_of(ladywood), **story_details(ladywood, said_on=tomorrow)
        )

    assert "said_on" in refused.value.message_dict


@pytest.mark.django_db
def test_only_the_coordinators_of_the_place_record_insight_there(ladywood, perry_barr):
    for outsider in (coordinator_of(perry_barr), partner_of(ladywood), UserFactory()):
        with pytest.raises(NotAllowed):
            services.record_insight(coordinator=outsider, **story_details(ladywood))
    services.record_insight(coordinator=AdminFactory(), **story_details(ladywood))
    assert Insight.objects.count() == 1


@pytest.mark.django_db
def test_withdrawing_consent_unpublishes_at_once_and_is_audited(ladywood):
    coordinator = coordinator_of(ladywood)
    insight = services.record_insight(coordinator=coordinator, **story_details(ladywood))

    services.withdraw_consent(coordinator=coordinator, insight=insight)

    assert not Insight.objects.published().exists()
    insight.refresh_from_db()
    assert not insight.is_published
    assert "insight.consent_withdrawn" in [audit.action_of(entry) for entry in audit.entries_for(insight)]


@pytest.mark.django_db
def test_withdrawn_insight_cannot_be_published_again_by_editing_it(ladywood):
    coordinator = coordinator_of(ladywood)
    insight = services.record_insight(coordinator=coordinator, **story_details(ladywood))
    services.withdraw_consent(coordinator=coordinator, insight=insight)

    with pytest.raises(ValidationError):
        services.update_insight(coordinator=coordinator, insight=insight, **story_details(ladywood))


@pytest.mark.django_db
def test_changing_how_it_may_be_published_records_consent_again_by_whoever_changed_it(ladywood):
    first, second = coordinator_of(ladywood), coordinator_of(ladywood)
    insight = services.record_insight(
        coordinator=first, **story_details(ladywood, publication=Insight.Publication.NOT_PUBLISHED)
    )
    assert not insight.is_published

    services.update_insight(
        coordinator=second,
        insight=insight,
        **story_details(
            ladywood, publication="named", speaker_name="Aisha", consent_wording="Named is fine."
        ),
    )

    insight.refresh_from_db()
    assert insight.is_published and insight.consent_recorded_by == second
    changed = [e for e in audit.entries_for(insight) if audit.action_of(e) == "insight.changed"]
    assert changed and "publication" in changed[0].changes


@pytest.mark.django_db
def test_erasing_deletes_it_and_keeps_the_audit_entry(ladywood):
    coordinator = coordinator_of(ladywood)
    insight = services.record_insight(coordinator=coordinator, **story_details(ladywood))
    pk = insight.pk

    services.erase_insight(coordinator=coordinator, insight=insight)

    assert not Insight.objects.filter(pk=pk).exists()
    assert audit.entries().filter(object_pk=str(pk), additional_data__action="insight.erased").exists()


@pytest.mark.django_db
def test_unpublished_insight_is_seen_only_by_the_coordinators_of_its_place_and_admins(ladywood, perry_barr):
    published = InsightFactory(place=ladywood)
    private = InsightFactory(place=ladywood, publication=Insight.Publication.NOT_PUBLISHED)
    withdrawn = InsightFactory(place=ladywood, consent_withdrawn_at=timezone.now())
    elsewhere = InsightFactory(place=perry_barr, publication=Insight.Publication.NOT_PUBLISHED)

    def seen(user):
        return set(Insight.objects.visible_to(user))

    assert seen(None) == {published}
    assert seen(UserFactory()) == {published}
    assert seen(partner_of(ladywood)) == {published}
    assert seen(coordinator_of(ladywood)) == {published, private, withdrawn}
    assert seen(coordinator_of(perry_barr)) == {published, elsewhere}
    assert seen(AdminFactory()) == {published, private, withdrawn, elsewhere}


@pytest.mark.django_db
def test_the_speakers_group_is_what_they_told_us_never_their_own_equality_answers(ladywood):
    told = InsightFactory(place=ladywood, speaker_group="asian_pakistani")
    answered = EqualityAnswerFactory(ethnic_group="asian_pakistani").user
    from_account = InsightFactory(place=ladywood, speaker=answered)
    withdrawn_answer = EqualityAnswerFactory(ethnic_group="asian_pakistani")
    withdrawn_answer.consent.withdrawn_at = timezone.now()
    withdrawn_answer.consent.save()
    no_longer = InsightFactory(place=ladywood, speaker=withdrawn_answer.user)
    nothing = InsightFactory(place=ladywood)

    assert set(Insight.objects.by_speaker_group("asian_pakistani")) == {told}
    assert set(Insight.objects.by_speaker_group(NOT_RECORDED)) == {from_account, no_longer, nothing}
