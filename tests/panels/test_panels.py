import math
import random
from datetime import date, timedelta

import pytest
from django.urls import reverse

from ostrom.core.models import Progress
from ostrom.panels import services
from ostrom.panels.models import Assembly, Lottery, Quota, Volunteer
from tests.factories import (
    CoordinatorFactory,
)
from tests.panels.factories import AssemblyFactory, drawn_lottery, register_pool


@pytest.mark.django_db
def test_a_resident_registers_interest_and_their_area_gives_its_deprivation(client):
    assembly = AssemblyFactory()
    data = {
        "full_name": "Amina Begum",
        "email": "amina@example.org",
        "postcode": "b16 8aa",
        "consent": "on",
        "feature_age_band": "25 to 34",
        "feature_sex": "Female",
        "feature_ethnic_group": "Asian, Asian British or Asian Welsh",
        "feature_disability": "Prefer not to say",
        "feature_lived_experience_of_the_topic": "Yes",
    }

    missing = client.post(
        reverse("panels:register", args=[assembly.slug]), data | {"consent": ""}
    ).content.decode()
    assert "Tick the box to agree" in missing and 'value="Amina Begum"' in missing
    client.post(reverse("panels:register", args=[assembly.slug]), data)

    volunteer = Volunteer.objects.get()
    assert volunteer.features["Deprivation of home area"] == "Most deprived fifth"
    assert volunteer.features["Disability"] == "Prefer not to say"
    assert "BSol ICB" in volunteer.consent_wording and volunteer.postcode == "B16 8AA"


@pytest.mark.django_db
def test_quotas_are_proposed_from_the_population_for_the_panel_size():
    assembly = AssemblyFactory(panel_size=11)
    proposals = {(p["feature"], p["value"]): p for p in services.propose_quotas(assembly)}

    assert (proposals[("Sex", "Female")]["minimum"], proposals[("Sex", "Female")]["maximum"]) == (5, 6)
    assert proposals[("Deprivation of home area", "Most deprived fifth")][
        "population_share"
    ] == pytest.approx(0.5)
    assert proposals[("Disability", "Yes")]["minimum"] == 0


@pytest.mark.django_db(transaction=True)
def test_an_impossible_quota_set_gets_a_plain_explanation(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 30, random.Random(1))
    coordinator = CoordinatorFactory()
    services.save_quotas(
        coordinator=coordinator,
        assembly=assembly,
        quotas=[{"feature": "Age band", "value": "16 to 24", "minimum": 9, "maximum": 10}],
    )
    client.force_login(coordinator)

    waiting = client.get(reverse("panels:quotas", args=[assembly.slug])).content.decode()
    run_tasks()
    page = client.get(reverse("panels:quotas", args=[assembly.slug])).content.decode()

    assert "Waiting to start" in waiting and "No panel can meet these quotas" not in waiting
    assert "No panel can meet these quotas" in page and "16 to 24" in page
    assert "Draw the panel" not in page


@pytest.mark.django_db(transaction=True)
def test_the_lottery_draws_a_panel_meeting_every_quota_and_the_public_page_checks_it(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 60, random.Random(4))
    services.save_quotas(
        coordinator=CoordinatorFactory(),
        assembly=assembly,
        quotas=[
            {"feature": "Sex", "value": "Female", "minimum": 4, "maximum": 6},
            {"feature": "Sex", "value": "Male", "minimum": 4, "maximum": 6},
            {
                "feature": "Deprivation of home area",
                "value": "Most deprived fifth",
                "minimum": 4,
                "maximum": 6,
            },
            {"feature": "Deprivation of home area", "value": "Fourth fifth", "minimum": 4, "maximum": 6},
        ],
    )
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.post(
        reverse("panels:start-lottery", args=[assembly.slug]), {"seed": "04 17 22 31 38 45"}
    )
    draw_progress = Progress.objects.get(title__startswith="Selecting")
    assert response.url == draw_progress.get_absolute_url()
    run_tasks()

    lottery = Lottery.objects.get()
    draw_progress.refresh_from_db()
    assert draw_progress.status == "finished" and lottery.is_current and len(lottery.selected) == 10
    assert abs(sum(lottery.probabilities.values()) - 10) < 1e-6
    panel = Volunteer.objects.filter(pk__in=lottery.selected)
    assert 4 <= sum(1 for v in panel if v.features["Sex"] == "Female") <= 6
    # The draw queued its own check, which ran once after it.
    assert lottery.check_matches is True and lottery.checked_at is not None
    client.logout()
    page = client.get(lottery.get_absolute_url()).content.decode()
    assert "04 17 22 31 38 45" in page and "gives the same chances for everyone and the same panel" in page
    assert "Volunteer " not in page and "@example.org" not in page


@pytest.mark.django_db
def test_residents_cannot_see_the_pool_or_quotas(client):
    from tests.factories import UserFactory

    assembly = AssemblyFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("panels:quotas", args=[assembly.slug])).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_dropouts_are_replaced_by_a_fair_draw_that_keeps_every_quota(client, run_tasks):
    coordinator = CoordinatorFactory()
    first = drawn_lottery(
        size=10,
        volunteers=60,
        rng=random.Random(9),
        seed="first",
        coordinator=coordinator,
        quotas=[
            {"feature": "Sex", "value": "Female", "minimum": 5, "maximum": 5},
            {"feature": "Sex", "value": "Male", "minimum": 5, "maximum": 5},
        ],
    )
    assembly = first.assembly
    leaving = [vid for vid in first.selected if Volunteer.objects.get(pk=vid).features["Sex"] == "Female"][:2]
    client.force_login(coordinator)

    response = client.post(
        reverse("panels:replace", args=[assembly.slug, first.pk]), {"dropouts": leaving, "seed": "second"}
    )
    assert Volunteer.objects.filter(pk__in=leaving, has_withdrawn=True).count() == 0  # nothing drawn yet
    run_tasks()

    refill = Lottery.objects.get(replaces=first)
    assert response.url == Progress.objects.get(title__startswith="Refilling").get_absolute_url()
    first.refresh_from_db()
    panel = Volunteer.objects.filter(pk__in=refill.selected)
    assert refill.is_current and not first.is_current and refill.replaces == first
    assert len(refill.selected) == 10 and not set(leaving) & set(refill.selected)
    assert sum(1 for v in panel if v.features["Sex"] == "Female") == 5
    assert Volunteer.objects.filter(pk__in=leaving, has_withdrawn=True).count() == 2
    refill.refresh_from_db()
    assert refill.check_matches is True  # the refill is checked by drawing it again from the first draw


@pytest.mark.django_db
def test_volunteers_are_anonymised_on_the_assemblys_deletion_date():
    from django.core.management import call_command

    assembly = AssemblyFactory()
    register_pool(assembly, 3, random.Random(1))
    Assembly.objects.filter(pk=assembly.pk).update(
        delete_personal_data_on=date.today() - timedelta(days=1),
        first_session_on=date.today() - timedelta(days=60),
        last_session_on=date.today() - timedelta(days=30),
    )

    call_command("anonymise_volunteers", verbosity=0)

    for volunteer in Volunteer.objects.all():
        assert (volunteer.full_name, volunteer.email, volunteer.postcode, volunteer.household) == (
            "",
            "",
            "",
            "",
        )
        assert volunteer.anonymised_at is not None and volunteer.features["Ethnic group"] == "White"


POOL_CSV = (
    "full_name,email,postcode,Age band,Sex,Ethnic group,Disability,Lived experience of the topic\n"
    'Grace Campbell,grace@example.org,B16 8AA,65 to 74,Female,"Black, Black British, Black Welsh, Caribbean or African",No,Yes\n'
    'Imran Ali,imran@example.org,B17 0AA,25 to 34,Male,"Asian, Asian British or Asian Welsh",,No\n'
)


@pytest.mark.django_db(transaction=True)
def test_a_pool_imports_from_a_spreadsheet_in_the_background(client, run_tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assembly = AssemblyFactory()
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("panels:import", args=[assembly.slug]),
        {"file": SimpleUploadedFile("pool.csv", POOL_CSV.encode())},
    )
    run_tasks()

    assert Progress.objects.get().message == "2 volunteers imported"
    imran = Volunteer.objects.get(full_name="Imran Ali")
    assert imran.features["Disability"] == "Prefer not to say"
    assert imran.features["Deprivation of home area"] == "Fourth fifth"


@pytest.mark.django_db(transaction=True)
def test_duplicates_and_bad_rows_in_a_pool_import_nothing(client, run_tasks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assembly = AssemblyFactory()
    bad = (
        POOL_CSV
        + "Grace Campbell,grace@example.org,B16 8AA,65 to 74,Female,White,No,Yes\nNo Postcode,,ZZ1 1ZZ,,,,,\n"
    )
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("panels:import", args=[assembly.slug]), {"file": SimpleUploadedFile("pool.csv", bad.encode())}
    )
    run_tasks()

    progress = Progress.objects.get()
    problems = {(p["row"], p["problem"]) for p in progress.details}
    assert progress.status == "failed" and not Volunteer.objects.exists()
    assert (4, "Duplicate: grace@example.org is in row 2") in problems
    assert (5, "We do not recognise the postcode 'ZZ1 1ZZ'") in problems


@pytest.mark.django_db
def test_letters_oversample_deprived_areas_and_each_code_registers_one_household(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ostrom.panels.models import Letter

    assembly = AssemblyFactory()
    addresses = "address,postcode\n" + "".join(
        f"{n} High Street,{'B16 8AA' if n % 2 else 'B17 0AA'}\n" for n in range(400)
    )
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("panels:letters", args=[assembly.slug]),
        {
            "file": SimpleUploadedFile("addresses.csv", addresses.encode()),
            "count": "100",
            "oversampling": "3",
            "seed": "public-draw",
        },
    )

    letters = Letter.objects.filter(assembly=assembly)
    deprived = letters.filter(imd_decile=1).count()
    assert letters.count() == 100 and deprived > 60  # 3 to 1 odds between equal halves: about 75
    pdf = client.get(reverse("panels:letters-download", args=[assembly.slug, "pdf"])).content
    merge = client.get(reverse("panels:letters-download", args=[assembly.slug, "csv"])).content.decode()
    assert pdf.startswith(b"%PDF") and merge.splitlines()[0] == "code,address,postcode,register_at"

    code = letters.first().code
    client.logout()
    data = {
        "full_name": "Joy Brown",
        "email": "joy@example.org",
        "postcode": "B16 8AA",
        "letter_code": code.lower(),
        "consent": "on",
        "feature_age_band": "45 to 54",
        "feature_sex": "Female",
        "feature_ethnic_group": "White",
        "feature_disability": "No",
        "feature_lived_experience_of_the_topic": "No",
    }
    client.post(reverse("panels:register", args=[assembly.slug]), data)
    second = client.post(
        reverse("panels:register", args=[assembly.slug]),
        data | {"full_name": "Sam Brown", "email": "sam@example.org"},
    ).content.decode()
    wrong = client.post(
        reverse("panels:register", args=[assembly.slug]),
        data | {"letter_code": "NOTACODE", "email": "x@example.org"},
    ).content.decode()

    assert Volunteer.objects.get().household == code
    assert "Someone in your household has already registered" in second
    assert "This code is not right" in wrong


@pytest.mark.django_db
def test_the_api_takes_public_registrations_and_publishes_the_lottery_without_names(client):
    assembly = AssemblyFactory(panel_size=4)
    response = client.post(
        f"/api/panels/{assembly.slug}/registrations",
        {
            "full_name": "Kwame Mensah",
            "email": "kwame@example.org",
            "postcode": "B16 8AA",
            "consent": True,
            "answers": {
                "Age band": "35 to 44",
                "Sex": "Male",
                "Ethnic group": "White",
                "Disability": "No",
                "Lived experience of the topic": "No",
            },
        },
        content_type="application/json",
    )
    refused = client.post(
        f"/api/panels/{assembly.slug}/registrations",
        {
            "full_name": "No Consent",
            "email": "n@example.org",
            "postcode": "B16 8AA",
            "consent": False,
            "answers": {},
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and refused.status_code == 422
    assert Volunteer.objects.get().features["Deprivation of home area"] == "Most deprived fifth"

    register_pool(assembly, 12, random.Random(3))
    drawn_lottery(
        assembly,
        seed="api",
        quotas=[
            {"feature": "Sex", "value": "Female", "minimum": 2, "maximum": 2},
            {"feature": "Sex", "value": "Male", "minimum": 2, "maximum": 2},
        ],
    )
    body = client.get(f"/api/panels/{assembly.slug}/lottery").json()

    assert body["seed"] == "api" and body["panel_size"] == 4
    sexes = [row for row in body["quotas"] if row["feature"] == "Sex"]
    assert {row["on_panel"] for row in sexes} == {"fewer than 5"}
    assert {(row["minimum"], row["maximum"], row["is_met"]) for row in sexes} == {(None, None, None)}
    assert "Kwame" not in str(body)


@pytest.mark.django_db(transaction=True)
def test_the_live_check_says_whether_the_quotas_typed_so_far_can_be_met(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 30, random.Random(1))
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("panels:quotas", args=[assembly.slug])).content.decode()
    rows = services.propose_quotas(assembly)
    data = {f"q-{i}-minimum": row["minimum"] for i, row in enumerate(rows)} | {
        f"q-{i}-maximum": row["maximum"] for i, row in enumerate(rows)
    }
    young = next(i for i, row in enumerate(rows) if row["value"] == "16 to 24")

    client.post(
        reverse("panels:feasibility", args=[assembly.slug]) + "?propose=1",
        data | {f"q-{young}-minimum": 0, f"q-{young}-maximum": 10},
    ).content.decode()
    impossible = client.post(
        reverse("panels:feasibility", args=[assembly.slug]) + "?propose=1",
        data | {f"q-{young}-minimum": 10, f"q-{young}-maximum": 10},
    ).content.decode()

    # The search is an integer program: it runs in the background, and the fragment polls its progress.
    assert "<html" not in impossible and "Waiting to start" in impossible and "hx-get" in impossible
    assert Progress.objects.count() == 2
    run_tasks()
    fine_check, impossible_check = Progress.objects.order_by("pk")
    polled = client.get(reverse("core:progress", args=[impossible_check.pk])).content.decode()

    assert 'hx-trigger="change delay:300ms"' in page and "Volunteers" in page
    assert "No panel can meet these quotas" in polled
    assert fine_check.message.startswith("A panel can meet these quotas")
    assert not Quota.objects.exists()


SEXES_AND_DEPRIVATION = [
    {"feature": "Sex", "value": "Female", "minimum": 4, "maximum": 6},
    {"feature": "Sex", "value": "Male", "minimum": 4, "maximum": 6},
    {"feature": "Deprivation of home area", "value": "Most deprived fifth", "minimum": 4, "maximum": 6},
]


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_chooses_the_nash_lottery_and_the_public_page_says_what_it_does(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 60, random.Random(4))
    coordinator = CoordinatorFactory()
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=SEXES_AND_DEPRIVATION)
    run_tasks()
    client.force_login(coordinator)
    form = client.get(reverse("panels:quotas", args=[assembly.slug])).content.decode()
    assert 'value="leximin" checked' in form and 'value="nash"' in form
    assert "exchange for higher chances for many people" in form

    client.post(reverse("panels:start-lottery", args=[assembly.slug]), {"seed": "7 11", "algorithm": "nash"})
    run_tasks()

    lottery = Lottery.objects.get()
    assert lottery.algorithm == "nash" and lottery.is_current and lottery.check_matches is True
    assert abs(sum(lottery.probabilities.values()) - 10) < 1e-6
    assert client.get(f"/api/panels/{assembly.slug}/lottery").json()["algorithm"] == "nash"
    # The same pool drawn with LEXIMIN: its lowest chance is the highest possible, and Nash welfare's
    # product of chances is the largest possible.
    client.post(
        reverse("panels:start-lottery", args=[assembly.slug]), {"seed": "7 11", "algorithm": "leximin"}
    )
    run_tasks()
    leximin = Lottery.objects.get(algorithm="leximin")
    assert leximin.min_probability >= lottery.min_probability - 1e-9
    assert (
        sum(map(math.log, lottery.probabilities.values()))
        >= sum(map(math.log, leximin.probabilities.values())) - 1e-6
    )
    client.logout()
    page = client.get(lottery.get_absolute_url()).content.decode()
    assert "Higher chances for most (Nash welfare)" in page and "product of everyone" in page


@pytest.mark.django_db(transaction=True)
def test_the_api_draws_a_panel_with_the_chosen_lottery_and_refuses_an_unknown_one(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 60, random.Random(4))
    coordinator = CoordinatorFactory()
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=SEXES_AND_DEPRIVATION)
    client.force_login(coordinator)
    url = f"/api/panels/{assembly.slug}/lotteries"

    refused = client.post(url, {"algorithm": "random"}, content_type="application/json")
    assert refused.status_code == 422 and not Lottery.objects.exists()
    response = client.post(url, {"seed": "public", "algorithm": "nash"}, content_type="application/json")
    assert response.status_code == 202
    assert response.json()["url"] == Progress.objects.get(title__startswith="Selecting").get_absolute_url()
    run_tasks()
    lottery = Lottery.objects.get()
    assert (lottery.algorithm, lottery.seed, len(lottery.selected)) == ("nash", "public", 10)
