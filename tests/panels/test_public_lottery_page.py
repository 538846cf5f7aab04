"""What the public lottery page and its API show beside a hidden count of people."""

import re

import pytest
from django.utils import timezone

from ostrom.panels.models import Lottery
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory


def _lottery_with_one_disabled_member() -> Lottery:
    """A drawn panel of 10: exactly one member with a disability (quota 1 to 1) and exactly one with
    lived experience (quota 0 to 1); five women and five men (quota 4 to 6)."""
    assembly = AssemblyFactory(panel_size=10)
    pool = []
    for n in range(14):
        pool.append(
            [
                str(n),
                {
                    "Sex": "Female" if n % 2 else "Male",
                    "Disability": "Yes" if n in (0, 11) else "No",
                    "Lived experience of the topic": "Yes" if n in (1, 12) else "No",
                },
                None,
            ]
        )
    return Lottery.objects.create(
        assembly=assembly,
        seed="s",
        quotas=[
            ["Sex", "Female", 4, 6],
            ["Sex", "Male", 4, 6],
            ["Disability", "Yes", 1, 1],
            ["Disability", "No", 9, 9],
            ["Lived experience of the topic", "Yes", 0, 1],
            ["Lived experience of the topic", "No", 0, 10],
        ],
        pool=pool,
        selected=[str(n) for n in range(10)],
        probabilities={str(n): 10 / 14 for n in range(14)},
        is_current=True,
        drawn_at=timezone.now(),
    )


def _row(page: str, group: str) -> str:
    rows = re.findall(r"<tr class=\"nhsuk-table__row\"[^>]*>(.*?)</tr>", page, flags=re.S)
    cells = next(row for row in rows if group in row)
    return " ".join(re.sub(r"<[^>]+>", " ", cells).split())


@pytest.mark.django_db
def test_a_quota_beside_a_hidden_count_is_hidden_too(client):
    lottery = _lottery_with_one_disabled_member()

    page = client.get(lottery.get_absolute_url()).content.decode()

    disabled = _row(page, "Disability: Yes")
    lived = _row(page, "Lived experience of the topic: Yes")
    # "quota 1 to 1, met" or "quota 0 to 1, met" beside "fewer than 5" would mean exactly 1 person.
    assert "fewer than 5" in disabled and "1 to 1" not in disabled and "Met Yes" not in disabled
    assert "fewer than 5" in lived and "0 to 1" not in lived and "Met Yes" not in lived
    assert "Not shown" in disabled and "Not shown" in lived
    # The next smallest count is hidden with it, and so is its quota (9 to 9 would give 9, so 1).
    assert "fewer than 5" in _row(page, "Disability: No") and "9 to 9" not in _row(page, "Disability: No")
    # A count that is shown keeps its quota; an open quota (0 to the whole panel) says nothing.
    assert "4 to 6" in _row(page, "Sex: Female") and "Met Yes" in _row(page, "Sex: Female")
    assert "0 to 10" in _row(page, "Lived experience of the topic: No")


@pytest.mark.django_db
def test_the_lottery_api_hides_the_same_quotas(client):
    lottery = _lottery_with_one_disabled_member()

    rows = client.get(f"/api/panels/{lottery.assembly.slug}/lottery").json()["quotas"]

    by_group = {(row["feature"], row["value"]): row for row in rows}
    for group in [("Disability", "Yes"), ("Disability", "No"), ("Lived experience of the topic", "Yes")]:
        row = by_group[group]
        assert row["on_panel"] == "fewer than 5"
        assert (row["minimum"], row["maximum"], row["is_met"], row["quota"]) == (
            None,
            None,
            None,
            "Not shown",
        )
    assert (by_group[("Sex", "Female")]["minimum"], by_group[("Sex", "Female")]["is_met"]) == (4, True)


@pytest.mark.django_db
def test_coordinators_see_exact_counts_and_every_quota(client):
    lottery = _lottery_with_one_disabled_member()
    client.force_login(CoordinatorFactory())

    page = client.get(lottery.get_absolute_url()).content.decode()

    assert "1 to 1" in _row(page, "Disability: Yes") and "Met Yes" in _row(page, "Disability: Yes")
