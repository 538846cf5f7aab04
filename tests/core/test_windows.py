from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from ostrom.core.windows import State, Window

NOW = timezone.make_aware(datetime(2026, 3, 10, 12, 0))


@pytest.mark.parametrize(
    ("opens", "closes", "state"),
    [
        (date(2026, 3, 11), date(2026, 3, 31), State.NOT_YET_OPEN),
        (date(2026, 3, 10), date(2026, 3, 31), State.OPEN),
        # A closing date means the end of that day.
        (date(2026, 3, 1), date(2026, 3, 10), State.OPEN),
        (date(2026, 3, 1), date(2026, 3, 9), State.CLOSED),
        (None, None, State.OPEN),
        (NOW + timedelta(minutes=1), None, State.NOT_YET_OPEN),
        (NOW - timedelta(days=1), NOW, State.CLOSED),
    ],
)
def test_state_follows_the_dates(opens, closes, state):
    assert Window("Applications", opens, closes).state_at(NOW) == state


def test_each_state_says_the_date_that_matters(settings):
    settings.TIME_ZONE = "Europe/London"
    future = Window("Applications", date(2099, 3, 1), date(2099, 3, 31))
    assert future.text == "Applications open on 1 March 2099."
    assert future.label == "Not open yet"
    current = Window("Applications", date(2000, 3, 1), date(2099, 3, 31))
    assert current.text == "Applications are open until 31 March 2099."
    past = Window("Registration", date(2000, 3, 1), date(2000, 3, 31))
    assert past.text == "Registration closed on 31 March 2000."
    assert past.as_dict()["state"] == "closed"
    timed = Window("Voting", None, timezone.make_aware(datetime(2099, 5, 1, 17, 0)), plural=False)
    assert timed.text == "Voting is open until 5:00pm on 1 May 2099."
    starts = Window("The conversation", timezone.make_aware(datetime(2099, 5, 1, 17, 30)), None, plural=False)
    assert starts.text == "The conversation opens at 5:30pm on 1 May 2099."
    assert (
        Window("Registration", date(2099, 1, 1), None, plural=False).text
        == "Registration opens on 1 January 2099."
    )
