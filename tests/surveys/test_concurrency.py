"""Two requests from one person at the same moment (a double tap on Continue, two tabs) still leave one
response: the unique constraint decides, and the loser finds the row the winner made."""

import threading

import pytest
from django.db import connection

from ostrom.surveys import services
from ostrom.surveys.models import Answer, Response
from tests.factories import UserFactory
from tests.surveys.factories import option, sent_survey


@pytest.mark.django_db(transaction=True)
def test_answers_sent_twice_at_once_make_one_response():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time, so nothing happens at once")
    resident = UserFactory()
    survey, parts = sent_survey(members=[resident])
    raw = {parts["used"].field_name: str(option(parts["used"], "Yes"))}
    start, problems = threading.Barrier(4), []

    def answer():
        try:
            start.wait()
            response = services.response_for(survey=survey, user=resident)
            services.save_section(response=response, section=parts["sections"][0], raw=raw)
        except Exception as problem:  # noqa: BLE001 - reported below
            problems.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert Response.objects.filter(survey=survey, user=resident).count() == 1
    assert Answer.objects.filter(question=parts["used"]).count() == 1
