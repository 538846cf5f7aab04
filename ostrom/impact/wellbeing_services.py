"""Wellbeing pairs from surveys: linking a programme to its baseline and follow-up panel surveys, and
copying the SWEMWBS answers of their submitted responses into the programme's wellbeing scores."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.surveys.models import Answer, Survey

from . import wellbeing_selectors
from .models import Programme, WellbeingScore, WellbeingSurveys

NOT_ALLOWED_TO_SEE = (
    "Only the coordinators and partners of the programme's place can see its wellbeing summary"
)
NOT_ALLOWED = "Only the coordinators of the programme's place can choose its wellbeing surveys"


def participant_code(*, programme: Programme, user_id: int) -> str:
    """A code for a panel member that is the same in both surveys of one programme and tells nobody who
    they are: a keyed hash (the site's secret key) of the programme and the account, never the name.
    The same person gets unrelated codes in different programmes."""
    digest = salted_hmac(
        "ostrom.impact.wellbeing.participant", f"{programme.pk}:{user_id}", algorithm="sha256"
    )
    return "panel-" + digest.hexdigest()[:24]


@transaction.atomic
def link_wellbeing_surveys(
    *, programme: Programme, baseline_survey: Survey, follow_up_survey: Survey, linked_by
) -> WellbeingSurveys:
    """Take the programme's survey pairs from these two surveys, and copy their scores now."""
    permissions.ensure(permissions.can_run_programme(linked_by, programme), NOT_ALLOWED)
    allowed = set(wellbeing_selectors.wellbeing_surveys_for(programme).values_list("pk", flat=True))
    problems = {}
    for field, survey in (("baseline_survey", baseline_survey), ("follow_up_survey", follow_up_survey)):
        if survey.pk not in allowed:
            problems[field] = (
                "Select a community panel survey about the programme's place with the wellbeing (SWEMWBS) "
                "statements"
            )
    if not problems and baseline_survey.pk == follow_up_survey.pk:
        problems["follow_up_survey"] = "Select a follow-up survey that is not the baseline survey"
    if problems:
        raise ValidationError(problems)
    before = WellbeingSurveys.objects.filter(programme=programme).first()
    link, _ = WellbeingSurveys.objects.update_or_create(
        programme=programme,
        defaults={
            "baseline_survey": baseline_survey,
            "follow_up_survey": follow_up_survey,
            "linked_at": timezone.now(),
        },
    )
    audit.record(
        actor=linked_by,
        action="wellbeing_surveys.linked",
        target=link,
        changes={
            "baseline_survey": (before.baseline_survey.title if before else None, baseline_survey.title),
            "follow_up_survey": (before.follow_up_survey.title if before else None, follow_up_survey.title),
        },
    )
    copy_survey_wellbeing(programme=programme, copied_by=linked_by)
    return link


@transaction.atomic
def copy_survey_wellbeing(*, programme: Programme, copied_by) -> int:
    """Copy the SWEMWBS answers of the linked surveys' submitted responses into the programme's scores,
    one per person and stage; copying again updates them (a changed answer, a new response) and drops
    the scores of responses that are gone. Scores from returns are left alone. Returns how many scores
    the programme now has from surveys."""
    permissions.ensure(permissions.can_run_programme(copied_by, programme), NOT_ALLOWED)
    link = WellbeingSurveys.objects.select_for_update().filter(programme=programme).first()
    if link is None:
        raise ValidationError({"baseline_survey": "Choose the baseline and follow-up surveys first"})
    kept = []
    for stage, survey in (
        (WellbeingScore.Stage.BASELINE, link.baseline_survey),
        (WellbeingScore.Stage.FOLLOW_UP, link.follow_up_survey),
    ):
        question = wellbeing_selectors.swemwbs_question_of(survey)
        if question is None:
            continue
        answers = (
            Answer.objects.filter(question=question, response__survey=survey)
            .exclude(response__submitted_at=None)
            .exclude(response__user=None)
            .select_related("response")
        )
        for answer in answers:
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
    audit.record(actor=copied_by, action="wellbeing_scores.copied", target=link, note=f"{len(kept)} scores")
    return len(kept)
