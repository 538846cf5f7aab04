"""What returns hold about a person, for their download and for erasure: the returns they submitted
and the stories in them. Erasure forgets who submitted a return and removes the stories they told;
the numbers stay, because the indicators' measurements are sums of them."""

from django.db import transaction

from ostrom.core import audit

from .models import Return, ReturnAnswer, ReturnQuestion

MODELS = [Return, ReturnAnswer]


def personal_data_of(user) -> dict:
    submitted = (
        Return.objects.filter(submitted_by=user)
        .select_related("organisation", "template__programme")
        .prefetch_related("answers__question")
        .order_by("submitted_at")
    )
    return {
        "returns_submitted": [
            {
                "organisation": r.organisation.name,
                "programme": r.template.programme.name,
                "return": r.template.name,
                "period_start": r.period_start.isoformat(),
                "period_end": r.period_end.isoformat(),
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "answers": {answer.question.wording: answer.value for answer in r.answers.all()},
                "story_consent_wording": r.story_consent_wording,
            }
            for r in submitted
        ]
    }


@transaction.atomic
def erase_personal_data_of(user) -> None:
    submitted = list(Return.objects.filter(submitted_by=user))
    ReturnAnswer.objects.filter(
        answered_return__in=submitted, question__kind=ReturnQuestion.Kind.STORY
    ).delete()
    Return.objects.filter(pk__in=[r.pk for r in submitted]).update(submitted_by=None)
    for the_return in submitted:
        audit.record(actor=None, action="return.submitter_erased", target=the_return)
