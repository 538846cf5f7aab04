"""What a programme's wellbeing holds about a person, for their download and for erasure.

A panel member's SWEMWBS answers are copied from their survey responses into a programme's wellbeing
scores (with their account, so that erasure can find them). Erasure deletes those scores: health data
is theirs, and the programme's summary is worked out again from the scores that remain."""

from ostrom.surveys import swemwbs

from .models import WellbeingScore


def export(user) -> dict:
    return {
        "wellbeing_scores": [
            {
                "programme": score.programme.name,
                "stage": score.get_stage_display(),
                "taken_on": score.taken_on.isoformat(),
                "answers": score.items,
                "metric_score": swemwbs.metric_score(score.items or []),
            }
            for score in WellbeingScore.objects.filter(user=user).select_related("programme")
        ]
    }


def erase(user) -> None:
    """Runs inside `accounts.services.erase_person`'s transaction."""
    WellbeingScore.objects.filter(user=user).delete()
