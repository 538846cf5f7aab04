"""What surveys hold about a person, for their download and for erasure.

A person appears as a member of the community panel, as someone invited to a survey, as a
respondent (with their answers) and as the coordinator who created a survey. Erasure deletes their
panel memberships, invitations, responses and answers (their answers are theirs: keeping them
unlinked would keep the pattern of what they said), and unlinks the surveys they created.
"""

from .models import Invitation, PanelMembership, Response, Survey


def export(user) -> dict:
    responses = (
        Response.objects.filter(user=user).select_related("survey").prefetch_related("answers__question")
    )
    return {
        "community_panel": [
            {"joined_at": m.joined_at.isoformat(), "left_at": m.left_at.isoformat() if m.left_at else ""}
            for m in PanelMembership.objects.filter(user=user)
        ],
        "survey_invitations": [
            {"survey": i.survey.title, "emailed": bool(i.emailed_at), "reminded": bool(i.reminded_at)}
            for i in Invitation.objects.filter(user=user).select_related("survey")
        ],
        "survey_responses": [
            {
                "survey": r.survey.title,
                "started_at": r.started_at.isoformat(),
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else "",
                "answers": {a.question.text: a.value for a in r.answers.all()},
            }
            for r in responses
        ],
        "surveys_created": [s.title for s in Survey.objects.filter(created_by=user)],
    }


def erase(user) -> None:
    """Runs inside `accounts.services.erase_person`'s transaction."""
    Response.objects.filter(user=user).delete()
    Invitation.objects.filter(user=user).delete()
    PanelMembership.objects.filter(user=user).delete()
    Survey.objects.filter(created_by=user).update(created_by=None)
