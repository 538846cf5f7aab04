"""The Open Space report printed in a chosen language: the theme as translated for it, and what people
wrote printed in the script they wrote it in."""

import pytest
from django.test import Client
from django.urls import reverse

from ostrom.events import services
from ostrom.events.translations import EVENT, items
from ostrom.translations import services as translation_services
from tests.events.factories import open_space

pytestmark = pytest.mark.django_db

URDU_THEME = "ہماری صحت، ہماری آواز"
BENGALI_HIGHLIGHT = "বাস এস্টেটে থামে না"


def test_the_report_prints_in_urdu_with_a_highlight_written_in_bengali():
    os = open_space()
    topic = services.propose_topic(
        event=os.event,
        user=os.coordinator,
        participant=None,
        title="Transport",
        proposer_name="Lee",
        leaning="together",
    )
    services.record_highlight(topic=topic, user=os.coordinator, participant=None, text=BENGALI_HIGHLIGHT)
    services.publish_report(by=os.coordinator, event=os.event)
    key = next(item.key for item in items(os.event) if item.field == "title")
    translation_services.save_translations(
        actor=os.coordinator, kind=EVENT, document=os.event, language="ur", texts={key: URDU_THEME}
    )
    client = Client()

    page = client.get(reverse("events:report", args=[os.event.slug])).content.decode()
    english = client.get(reverse("events:report-pdf", args=[os.event.slug]))
    urdu = client.get(reverse("events:report-pdf", args=[os.event.slug]), {"language": "ur"})

    assert '<option value="ur"' in page
    assert b"NotoSansBengali" in english.content and b"NotoNaskhArabic" not in english.content
    assert b"NotoSansBengali" in urdu.content and b"NotoNaskhArabic" in urdu.content
