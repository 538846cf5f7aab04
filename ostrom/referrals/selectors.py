"""Reads for the referral pages that reach into other apps: the places a link worker works in, and
the team's and the inbox's lists with what they show loaded at once."""

from django.db.models import Prefetch

from ostrom.accounts.models import Role
from ostrom.places.models import Place

from .models import Referral, ReferralNeed, ReferralTo


def link_worker_places(user) -> list[Place]:
    """The places the person's link worker roles cover, largest first (an unscoped role: every place
    above small-area level)."""
    places = user.role_places(Role.Kind.LINK_WORKER)
    return list(Place.objects.for_choice()) if places is None else places


def _with_parts(referrals):
    return referrals.select_related("place").prefetch_related(
        Prefetch("needs", queryset=ReferralNeed.objects.order_by("need")),
        Prefetch("sent_to", queryset=ReferralTo.objects.select_related("service__organisation")),
    )


def team_referrals(user, *, show: str = "", reference: str = "", today=None):
    referrals = Referral.objects.for_link_worker(user)
    if show == "waiting":
        referrals = referrals.waiting_for_a_service()
    elif show == "follow_up_due":
        referrals = referrals.follow_up_due(today)
    elif show == "closed":
        referrals = referrals.closed()
    else:
        referrals = referrals.still_open()
    if reference:
        referrals = referrals.filter(reference__iexact=reference.strip())
    return _with_parts(referrals)


def team_referral(user, reference: str) -> Referral | None:
    return _with_parts(Referral.objects.for_link_worker(user)).filter(reference=reference).first()


def inbox(user, *, status: str = ""):
    sent_to = ReferralTo.objects.handled_by(user).select_related("service__organisation", "referral")
    if status:
        sent_to = sent_to.filter(status=status)
    return sent_to.prefetch_related(
        Prefetch("referral__needs", queryset=ReferralNeed.objects.order_by("need"))
    ).order_by("-referral__referred_on", "-pk")
