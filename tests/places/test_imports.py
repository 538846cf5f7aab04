import pytest
from django.core.management import CommandError, call_command

from ostrom.core.tables import ImportRejected
from ostrom.places import services
from ostrom.places.models import AreaStatistic, Place

PLACES = b"""code,name,kind,parent_code
E54000055,Birmingham and Solihull,ics,
E08000025,Birmingham,place,E54000055
E01009000,Birmingham 001A,lsoa,E08000025
"""


@pytest.mark.django_db
def test_places_import_builds_the_tree():
    assert services.import_places(content=PLACES, filename="places.csv") == 3
    lsoa = Place.objects.get(code="E01009000")
    assert [p.code for p in lsoa.ancestors()] == ["E08000025", "E54000055"]
    assert set(Place.objects.within(Place.objects.get(code="E54000055")).values_list("code", flat=True)) == {
        "E54000055",
        "E08000025",
        "E01009000",
    }


@pytest.mark.django_db
def test_a_places_file_with_one_bad_row_imports_nothing_and_names_the_row():
    bad = PLACES + b"E01009001,,ward,E99999999\n"
    with pytest.raises(ImportRejected) as rejected:
        services.import_places(content=bad, filename="places.csv")

    problems = [(p.row, p.problem) for p in rejected.value.problems]
    assert (5, "Enter the place's name") in problems
    assert (5, "The parent E99999999 is not a known place or an earlier row") in problems
    assert Place.objects.count() == 0


@pytest.mark.django_db
def test_a_statistics_file_with_a_bad_value_changes_nothing():
    services.import_places(content=PLACES, filename="places.csv")
    good = b"place_code,measure,category,value,source,year\nE01009000,imd_decile,,2,IoD2019,2019\n"
    services.import_area_statistics(content=good, filename="stats.csv")
    bad = (
        b"place_code,measure,category,value,source,year\n"
        b"E01009000,imd_decile,,1,IoD2019,2019\nE01009000,population_total,,-5,Census,2021\n"
    )

    with pytest.raises(ImportRejected) as rejected:
        services.import_area_statistics(content=bad, filename="stats.csv")

    assert [(p.row, p.problem) for p in rejected.value.problems] == [
        (3, "Value must be a number of 0 or more")
    ]
    assert AreaStatistic.objects.get().value == 2


@pytest.mark.django_db
def test_the_import_command_reports_row_problems(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(b"code,name,kind\nE1,Somewhere,county\n")
    with pytest.raises(CommandError, match="Row 2: Kind must be one of"):
        call_command("import_places", str(path))
