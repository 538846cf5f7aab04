"""Demo mode needs the demo loaded: with DEBUG on but no demo, the sign-in page lists no logins and there
is no tour. (tests/demo/test_tour.py has the demo loaded.)"""

import pytest
from django.test import Client
from django.urls import reverse

from ostrom.demo import tour
from ostrom.demo.collective import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_without_the_demo_there_are_no_demo_logins_and_no_tour(settings):
    settings.DEBUG = True
    settings.DEMO_MODE = True

    assert not tour.is_on()
    sign_in = Client().get(reverse("accounts:login")).content.decode()
    home = Client().get(reverse("core:home")).content.decode()
    for page in (sign_in, home):
        assert DEMO_PASSWORD not in page
        assert "/tour/" not in page
    assert Client().get("/tour/").status_code == 404
