"""A form sent back with a problem keeps what the person typed and chose."""

import pytest
from django.urls import reverse

from ostrom.core.models import Progress
from ostrom.panels import services
from tests.factories import CoordinatorFactory
from tests.panels.factories import SEXES_HALF_AND_HALF, AssemblyFactory, register_pool


@pytest.mark.django_db
def test_the_register_form_keeps_every_answer_when_consent_is_missing(client):
    assembly = AssemblyFactory()

    page = client.post(
        reverse("panels:register", args=[assembly.slug]),
        {
            "full_name": "Amina Begum",
            "email": "amina@example.org",
            "phone": "0121 496 0000",
            "postcode": "B16 8AA",
            "letter_code": "ABCD2345",
            "feature_age_band": "35 to 44",
            "feature_sex": "Female",
        },
    ).content.decode()

    assert "Tick the box to agree" in page
    for typed in ("Amina Begum", "amina@example.org", "0121 496 0000", "B16 8AA", "ABCD2345"):
        assert f'value="{typed}"' in page
    assert 'value="35 to 44" checked' in page and 'value="Female" checked' in page


@pytest.mark.django_db
def test_a_seed_that_is_too_long_is_said_on_the_quotas_page_with_what_was_typed(client):
    assembly = AssemblyFactory(panel_size=4)
    register_pool(assembly, 12)
    coordinator = CoordinatorFactory()
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=SEXES_HALF_AND_HALF)
    Progress.objects.filter(pk=assembly.quota_check_id).update(status=Progress.Status.FINISHED)
    client.force_login(coordinator)
    seed = "7" * 201

    response = client.post(reverse("panels:start-lottery", args=[assembly.slug]), {"seed": seed})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_seed"' in page and "200 characters or fewer" in page
    assert f'value="{seed}"' in page
    assert not Progress.objects.filter(title__startswith="Selecting").exists()
