"""What the page layout needs to know about the person viewing it, from the permission rules."""

from . import permissions
from .redirects import coming_back_to, with_next


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    here = coming_back_to(request)
    return {
        "can_see_people": permissions.can_see_people(user),
        "is_admin": permissions.is_admin(user),
        "is_any_translator": permissions.is_any_translator(user),
        # Social prescribing: the team's list for link workers, the inbox for a service's contacts.
        "referrals_url": (
            "referrals:list"
            if permissions.is_any_link_worker(user)
            else "referrals:inbox"
            if permissions.has_referrals_in_inbox(user)
            else None
        ),
        # "Sign in" and "Create an account" come back to the page they were followed from.
        "sign_in_url": with_next("accounts:login", here),
        "sign_up_url": with_next("accounts:sign-up", here),
    }
