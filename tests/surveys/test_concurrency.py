"""Answers sent at the same moment still leave one response each: the unique constraint decides, and
the loser finds the row the winner made. PostgreSQL only (tests/concurrency.py)."""

import pytest

from ostrom.surveys import services
from ostrom.surveys.models import Answer, Response
from tests.concurrency import at_once, fast_passwords, needs_postgresql, raised
from tests.factories import UserFactory
from tests.surveys.factories import option, sent_survey


def _answer(survey, person, question, choice):
    def answer():
        response = services.response_for(survey=survey, user=person)
        return services.save_section(
            response=response, section=question.section, raw={question.field_name: str(choice)}
        )

    return answer


@pytest.mark.django_db(transaction=True)
def test_answers_sent_twice_at_once_make_one_response():
    """A double tap on Continue, or two tabs."""
    needs_postgresql()
    resident = UserFactory()
    survey, parts = sent_survey(members=[resident])
    yes = option(parts["used"], "Yes")
    assert raised(at_once([_answer(survey, resident, parts["used"], yes) for _ in range(4)])) == []
    assert Response.objects.filter(survey=survey, user=resident).count() == 1
    assert Answer.objects.filter(question=parts["used"]).count() == 1


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_many_people_answering_at_once_are_each_stored_once():
    needs_postgresql()
    residents = [UserFactory() for _ in range(20)]
    survey, parts = sent_survey(members=residents)
    yes, no = option(parts["used"], "Yes"), option(parts["used"], "No")
    # Everyone answers at once; five of them send a second, different answer at the same moment.
    calls = [_answer(survey, person, parts["used"], yes) for person in residents]
    calls += [_answer(survey, person, parts["used"], no) for person in residents[:5]]
    assert raised(at_once(calls)) == []
    assert Response.objects.filter(survey=survey).count() == 20
    assert Answer.objects.filter(question=parts["used"]).count() == 20
    settled = Answer.objects.filter(question=parts["used"], response__user__in=residents[5:])
    assert [answer.value for answer in settled] == [yes] * 15
