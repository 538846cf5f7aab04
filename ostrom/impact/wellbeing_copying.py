"""Copying the SWEMWBS answers of a programme's linked panel surveys into its wellbeing scores: the step
the background task runs (`tasks.copy_wellbeing_scores`), started by `wellbeing_services.start_copying`."""

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.surveys.models import Answer

from . import wellbeing_selectors
from .models import Programme, WellbeingScore, WellbeingSurveys


def participant_code(*, programme: Programme, user_id: int) -> str:
    """A code for a panel member that is the same in both surveys of one programme and tells nobody who
    they are: a keyed hash (the site's secret key) of the programme and the account, never the name.
    The same person gets unrelated codes in different programmes."""
    digest = salted_hmac(
        "ostrom.impact.wellbeing.participant", f"{programme.pk}:{user_id}", algorithm="sha256"
    )
    return "panel-" + digest.hexdigest()[:24]


def copy_scores(*, programme: Programme, actor, progress: Progress | None = None) -> int:
    """Copy the SWEMWBS answers of the linked surveys' submitted responses into the programme's scores,
    one per person and stage; copying again updates them (a changed answer, a new response) and drops
    the scores of responses that are gone. Scores from returns are left alone. All or nothing. Returns
    how many scores the programme now has from surveys (0 when no surveys are linked)."""
    if progress is not None:
        progress.advance(10, gettext("Copying the surveys' wellbeing answers"))
    with transaction.atomic():
        return _copy(programme, actor)


def _copy(programme: Programme, actor) -> int:
    link = WellbeingSurveys.objects.select_for_update().filter(programme=programme).first()
    if link is None:
        return 0
    kept = []
    stages = (
        (WellbeingScore.Stage.BASELINE, link.baseline_survey),
        (WellbeingScore.Stage.FOLLOW_UP, link.follow_up_survey),
    )
    for stage, survey in stages:
        question = wellbeing_selectors.swemwbs_question_of(survey)
        if question is None:
            continue
        answers = (
            Answer.objects.filter(question=question, response__survey=survey)
            .exclude(response__submitted_at=None)
            .exclude(response__user=None)
            .select_related("response")
            # In the order they were given, so the scores are numbered the same on every database.
            .order_by("pk")
        )
        for answer in answers.iterator():
            response = answer.response
            items = list(answer.value) if isinstance(answer.value, list) else []
            score, _ = WellbeingScore.objects.update_or_create(
                programme=programme,
                participant=participant_code(programme=programme, user_id=response.user_id),
                stage=stage,
                defaults={
                    "user_id": response.user_id,
                    "items": items,
                    "taken_on": timezone.localdate(response.submitted_at),
                    "survey_response": response,
                    "from_return": None,
                },
            )
            kept.append(score.pk)
    WellbeingScore.objects.filter(programme=programme, from_return=None).exclude(pk__in=kept).delete()
    link.copied_at = timezone.now()
    link.save(update_fields=["copied_at"])
    # The audit entry says that scores were copied and how many, never whose or what they were.
    audit.record(actor=actor, action="wellbeing_scores.copied", target=link, note=f"{len(kept)} scores")
    return len(kept)
