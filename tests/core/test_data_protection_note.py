"""The data protection note (docs/data-protection.md) and the privacy page say what the retention
schedule actually does: the same kinds and the same periods as settings.RETENTION."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from ostrom.core.presenters import retention_period

NOTE = Path(settings.BASE_DIR) / "docs/data-protection.md"
# A row of the note's retention table: | `kind` | days | counted from | what happens |
RETENTION_ROW = re.compile(r"^\| `([a-z_]+)` \| (\d+) \|", re.MULTILINE)


def test_the_note_s_retention_table_is_the_schedule_in_settings():
    table = {kind: int(days) for kind, days in RETENTION_ROW.findall(NOTE.read_text())}

    assert table == settings.RETENTION


def test_the_note_is_linked_from_the_readme():
    assert "(docs/data-protection.md)" in (Path(settings.BASE_DIR) / "README.md").read_text()


@pytest.mark.django_db
def test_the_privacy_page_says_how_long_each_kind_of_information_is_kept(client, settings):
    settings.RETENTION = settings.RETENTION | {"sign_in_attempts": 14}

    page = client.get(reverse("core:privacy")).content.decode()

    assert "How long we keep things" in page
    assert "14 days after the attempt" in page
    assert "6 years after each entry was made" in page
    assert "Until it expires" in page
    assert "docs/data-protection.md" in page


def test_periods_read_as_plain_english():
    assert retention_period(0, "it expires") == "Until it expires"
    assert retention_period(1, "the attempt") == "1 day after the attempt"
    assert retention_period(365, "it closed") == "1 year after it closed"
    assert retention_period(400, "it closed") == "400 days after it closed"
