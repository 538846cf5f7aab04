"""The quotas page: the live check marks the numbers at fault, and a check that finds no panel possible
is a warning saying what is wrong and what to do, not a progress message."""

import random
import re

import pytest
from django.urls import reverse

from ostrom.core.models import Progress
from ostrom.panels import services
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory, register_pool


def _typed(rows, **changes):
    data = {f"q-{i}-minimum": row["minimum"] for i, row in enumerate(rows)} | {
        f"q-{i}-maximum": row["maximum"] for i, row in enumerate(rows)
    }
    return data | changes


@pytest.mark.django_db
def test_a_minimum_above_its_maximum_is_marked_on_the_field_and_linked_from_the_summary(client):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 12)
    client.force_login(CoordinatorFactory())
    rows = services.propose_quotas(assembly)
    young = next(i for i, row in enumerate(rows) if row["value"] == "16 to 24")

    fragment = client.post(
        reverse("panels:feasibility", args=[assembly.slug]) + "?propose=1",
        _typed(rows, **{f"q-{young}-minimum": 6, f"q-{young}-maximum": 3}),
    ).content.decode()

    assert "Fix the numbers marked below" in fragment and "nhsuk-error-summary" in fragment
    # The summary links to the field, and the field itself is marked: its cell is swapped in, with the
    # message beside the input and the input in its error style.
    assert f'href="#id_q-{young}-maximum"' in fragment
    cell = re.search(rf'<div id="q-{young}-maximum-cell"[^>]*hx-swap-oob="true".*?</div>', fragment, re.S)
    assert cell and "nhsuk-form-group--error" in cell.group(0)
    assert "the maximum must be at least the minimum" in cell.group(0)
    assert re.search(
        rf'<input[^>]*class="[^"]*nhsuk-input--error[^"]*"[^>]*id="id_q-{young}-maximum"', cell.group(0)
    )
    assert 'value="3"' in cell.group(0)
    # Every other field is swapped in unmarked, so a mark goes once the number is fixed.
    other = re.search(r'<div id="q-0-minimum-cell"[^>]*hx-swap-oob="true".*?</div>', fragment, re.S)
    assert other and "error" not in other.group(0)


@pytest.mark.django_db
def test_the_quotas_page_marks_the_fields_after_saving_a_minimum_above_its_maximum(client):
    assembly = AssemblyFactory(panel_size=10)
    client.force_login(CoordinatorFactory())
    rows = services.propose_quotas(assembly)

    page = client.post(
        reverse("panels:quotas", args=[assembly.slug]) + "?propose=1",
        _typed(rows, **{"q-0-minimum": 6, "q-0-maximum": 3}),
    ).content.decode()

    assert 'href="#id_q-0-maximum"' in page
    assert 'id="q-0-maximum-cell" class="nhsuk-form-group nhsuk-form-group--error' in page
    assert 'id="q-0-minimum-cell" class="nhsuk-form-group nhsuk-u-margin-bottom-0"' in page
    assert 'value="6"' in page and 'value="3"' in page  # what was typed is kept


@pytest.mark.django_db(transaction=True)
def test_a_failed_check_is_a_warning_saying_what_is_wrong_and_what_to_do(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 30, random.Random(1))
    coordinator = CoordinatorFactory()
    services.save_quotas(
        coordinator=coordinator,
        assembly=assembly,
        quotas=[{"feature": "Age band", "value": "16 to 24", "minimum": 9, "maximum": 10}],
    )
    client.force_login(coordinator)
    run_tasks()

    page = client.get(reverse("panels:quotas", args=[assembly.slug])).content.decode()

    callout = re.search(r'<div class="nhsuk-card nhsuk-card--warning.*?</div>\s*</div>', page, re.S)
    assert callout, "no warning callout"
    assert "No panel can meet these quotas" in callout.group(0)
    assert "16 to 24" in callout.group(0) and "lower the minimum" in callout.group(0)
    assert "Change the quotas below" in callout.group(0)
    assert "% done" not in page.split("Draw the panel")[0].split("nhsuk-card--warning")[1][:2000]


@pytest.mark.django_db(transaction=True)
def test_the_live_check_polls_its_own_fragment_until_it_can_show_the_warning(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 30, random.Random(1))
    client.force_login(CoordinatorFactory())
    rows = services.propose_quotas(assembly)
    young = next(i for i, row in enumerate(rows) if row["value"] == "16 to 24")

    waiting = client.post(
        reverse("panels:feasibility", args=[assembly.slug]) + "?propose=1",
        _typed(rows, **{f"q-{young}-minimum": 10, f"q-{young}-maximum": 10}),
    ).content.decode()
    progress = Progress.objects.get()
    poll = reverse("panels:quota-check", args=[assembly.slug, progress.pk])
    assert f'hx-get="{poll}"' in waiting and "Waiting to start" in waiting
    run_tasks()
    done = client.get(poll).content.decode()

    assert "hx-get" not in done and "nhsuk-card--warning" in done
    assert "No panel can meet these quotas" in done
    client.force_login(CoordinatorFactory())
    assert client.get(poll).status_code == 403  # someone else's check
