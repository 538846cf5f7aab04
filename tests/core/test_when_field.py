"""Dates and times typed on the UK clock, including the two nights a year the clocks change."""

from datetime import UTC, datetime

import pytest
from django import forms

from ostrom.core.forms import WhenField


class MeetingForm(forms.Form):
    starts_at = WhenField()


def _starts_at(typed):
    form = MeetingForm({"starts_at": typed})
    return form.cleaned_data["starts_at"] if form.is_valid() else form.errors["starts_at"]


def test_a_time_is_read_on_the_uk_clock_in_winter_and_in_summer():
    assert _starts_at("2026-12-03 09:00") == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert _starts_at("2026-07-01T09:00") == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)


def test_the_hour_that_happens_twice_when_the_clocks_go_back_means_the_first_one():
    assert _starts_at("2026-10-25 01:30") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_hour_skipped_when_the_clocks_go_forward_is_refused_in_plain_words():
    assert _starts_at("2027-03-28 01:30") == [
        "The clocks go forward an hour that night, so 01:30 does not happen. Enter a later time."
    ]


@pytest.mark.parametrize("typed", ["2026-13-01 09:00", "tomorrow", "2026-12-03 25:00"])
def test_a_date_that_is_not_one_keeps_its_own_message(typed):
    assert _starts_at(typed) == ["Enter a valid date/time."]


def test_every_form_takes_a_date_and_time_as_a_when_field():
    import importlib
    import pkgutil

    import ostrom

    plain = []
    for module_info in pkgutil.walk_packages(ostrom.__path__, "ostrom."):
        if module_info.name.rsplit(".", 1)[-1].endswith("forms"):
            module = importlib.import_module(module_info.name)
            for form in vars(module).values():
                if isinstance(form, type) and issubclass(form, forms.BaseForm):
                    plain += [
                        f"{form.__module__}.{form.__name__}.{name}"
                        for name, field in form.base_fields.items()
                        if isinstance(field, forms.DateTimeField) and not isinstance(field, WhenField)
                    ]
    assert plain == []
