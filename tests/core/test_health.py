"""Health checks a load balancer or container runtime calls: plain answers, over plain HTTP too."""

import pytest
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_a_web_process_says_it_is_alive_and_can_reach_its_database(client):
    alive = client.get(reverse("core:alive"))
    ready = client.get(reverse("core:ready"))

    assert (alive.status_code, alive.content) == (200, b"ok")
    assert (ready.status_code, ready.content) == (200, b"ok")


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_checks_are_answered_over_plain_http_while_pages_move_to_https(client):
    assert client.get(reverse("core:ready")).status_code == 200
    assert client.get(reverse("core:about")).status_code == 301
