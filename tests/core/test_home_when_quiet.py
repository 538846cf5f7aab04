"""The home page with nothing open (no world built in this module, so nothing is)."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_home_page_says_when_nothing_is_open(client):
    response = client.get(reverse("core:home"))
    text = response.content.decode()

    assert "Nothing is open to take part in at the moment" in text
