"""Coordinators read why no panel can meet their quotas, and the smallest change that helps, in their
language: the app words the engine's conflicts and relaxation, and in English says what the engine says."""

import pytest
from django.utils import translation

from ostrom.panels import explaining
from ostrom.sortition import PanelRequest, Quota, Volunteer, check_feasibility

AGES = ["16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over"]


def _requests() -> list[PanelRequest]:
    young = tuple(Volunteer(f"v{i}", {"age band": "16–24" if i < 6 else "25+"}) for i in range(60))
    homes = tuple(
        Volunteer(f"h{i}", {"tenure": "renting"}, household="flat 1" if i < 3 else f"home {i}")
        for i in range(5)
    )
    ages = tuple(
        Volunteer(f"a{i}", {"Age band": AGES[i % 7], "Sex": "Female" if i % 2 else "Male"})
        for i in range(105)
    )
    return [
        PanelRequest(
            young, (Quota("age band", "16–24", 8, 12), Quota("age band", "25+", 18, 30)), panel_size=30
        ),
        PanelRequest(
            young, (Quota("age band", "16–24", 40, 45), Quota("age band", "25+", 0, 2)), panel_size=30
        ),
        PanelRequest(homes, (Quota("tenure", "renting", 4, 5),), panel_size=4, one_per_household=True),
        PanelRequest(
            ages,
            tuple(
                Quota("Age band", age, 10, 12) if age == AGES[-1] else Quota("Age band", age, 4, 5)
                for age in AGES
            )
            + (Quota("Sex", "Female", 14, 16), Quota("Sex", "Male", 14, 16)),
            panel_size=30,
        ),
    ]


def test_in_english_the_explanation_reads_as_the_engine_gives_it():
    conflicts = set()
    with translation.override("en"):
        for request in _requests():
            feasibility = check_feasibility(request)
            conflicts |= {problem.conflict for problem in feasibility.problems}
            assert not feasibility.is_feasible
            assert explaining.feasibility_text(feasibility) == feasibility.explanation
    assert len(conflicts) >= 4


@pytest.mark.django_db
def test_in_another_language_every_sentence_is_translated(pseudo_locales):
    with translation.override("en-xa"):
        texts = [explaining.feasibility_text(check_feasibility(request)) for request in _requests()]
    for text in texts:
        assert text.startswith("[") and "No panel" not in text and "lower the minimum" not in text
