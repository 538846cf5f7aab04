"""What insight holds about a person is in their download, and erasure removes what they said."""

import pytest

from ostrom.accounts import services as account_services
from ostrom.insight.models import Insight
from tests.factories import PlaceFactory, UserFactory
from tests.insight.factories import InsightFactory


@pytest.mark.django_db
def test_the_download_has_what_they_said_and_erasure_removes_it_and_unlinks_what_they_recorded():
    place = PlaceFactory(kind="locality")
    speaker = UserFactory()
    InsightFactory(place=place, speaker=speaker, text="My words")
    recorded = InsightFactory(
        place=place, created_by=speaker, consent_recorded_by=speaker, text="Someone else's"
    )

    download = account_services.export_personal_data(user=speaker)
    assert [item["text"] for item in download["insight_you_gave"]] == ["My words"]
    assert download["insight_you_recorded"] == 1

    account_services.erase_person(user=speaker, requested_by=speaker)

    assert list(Insight.objects.values_list("text", flat=True)) == ["Someone else's"]
    recorded.refresh_from_db()
    assert recorded.created_by is None and recorded.consent_recorded_by is None
