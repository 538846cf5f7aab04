"""What the page layout needs to know about the person viewing it, from the permission rules."""

from . import permissions


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {"can_see_people": permissions.can_see_people(user), "is_admin": permissions.is_admin(user)}
