"""What every page may show in demo mode: whether it is on, the demo's logins and its password. Nothing is
read unless a page asks (the sign-in page, the home page), and nothing at all with DEBUG off."""

from django.conf import settings
from django.utils.functional import cached_property

from . import tour


class DemoMode:
    password = tour.PASSWORD

    @cached_property
    def is_on(self) -> bool:
        return tour.is_on()

    @cached_property
    def login_rows(self) -> list[list[dict]]:
        return tour.login_rows(tour.logins()) if self.is_on else []


def demo(request) -> dict:
    if not (settings.DEBUG and settings.DEMO_MODE):
        return {}
    return {"demo": DemoMode()}
