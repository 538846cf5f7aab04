"""The open data package: a valid Frictionless Data Package, with nobody in it."""

import csv
import io
import json
import zipfile

import frictionless
import pytest
from django.urls import reverse

from ostrom.impact import opendata
from tests.impact.opendata_factories import (
    MEASUREMENT_NOTE,
    PRIVATE_STORY,
    PUBLISHED_STORY,
    programme_with_returns,
)
from tests.impact.wellbeing_factories import programme_in

pytestmark = pytest.mark.django_db


def _download(client, programme) -> zipfile.ZipFile:
    response = client.get(reverse("impact:open-data-download", args=[programme.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="{programme.slug}-open-data.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def _rows(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(f"data/{name}.csv").decode())))


def test_anyone_downloads_a_package_that_frictionless_finds_valid(client, tmp_path):
    programme, _ = programme_with_returns()

    archive = _download(client, programme)
    archive.extractall(tmp_path)
    report = frictionless.validate(tmp_path / "datapackage.json")

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads(archive.read("datapackage.json"))
    names = {resource["name"] for resource in descriptor["resources"]}
    assert names == {
        "indicators",
        "measurements",
        "returns",
        "return_answers",
        "indicators-json",
        "measurements-json",
        "returns-json",
        "return_answers-json",
    }
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"][0]["path"].endswith(reverse("impact:open-data", args=[programme.slug]))
    # The data dictionary: every field described, in the schema and in its own CSV.
    for resource in descriptor["resources"]:
        assert all(field["description"] for field in resource["schema"]["fields"])
    dictionary = list(csv.DictReader(io.StringIO(archive.read("data-dictionary.csv").decode())))
    assert {"table": "measurements", "field": "value", "type": "number"}.items() <= dictionary[
        [row["field"] for row in dictionary].index("value")
    ].items()


def test_an_empty_programme_still_gives_a_valid_package(client, tmp_path):
    programme = programme_in()

    _download(client, programme).extractall(tmp_path)

    assert frictionless.validate(tmp_path / "datapackage.json").valid


def test_the_package_holds_the_indicators_and_measurements_as_csv_and_json(client):
    programme, _ = programme_with_returns()

    archive = _download(client, programme)

    indicators = _rows(archive, "indicators")
    assert [(row["name"], row["unit"], row["is_computed"]) for row in indicators] == [
        ("People on a walk each month", "people", "false"),
        ("Member organisations", "organisations", "true"),
    ]
    assert indicators[0]["stage"] == "Outputs" and indicators[0]["target"] == "120.00"
    measurements = json.loads(archive.read("data/measurements.json"))
    assert [(m["measured_on"], m["value"], m["source"]) for m in measurements] == [
        ("2025-06-30", 55.0, "typed"),
        ("2025-09-30", 71.5, "returns"),
        ("2025-09-30", 23.0, "computed"),
    ]


def test_small_counts_of_people_are_withheld_and_cannot_be_worked_out(client):
    programme, parts = programme_with_returns()
    first, second = parts["returns"]

    answers = _rows(_download(client, programme), "return_answers")

    def of(sent, kind):
        return [
            (r["group"], r["value"], r["is_withheld"])
            for r in answers
            if r["return_id"] == str(sent.pk) and r["question_kind"] == kind
        ]

    # 3 aged 16-24 is withheld, and so is the next smallest (12), so 3 cannot be worked out.
    assert of(first, "people_by_group") == [
        ("16-24", "", "true"),
        ("25-64", "20", "false"),
        ("65+", "", "true"),
    ]
    assert of(first, "referrals") == [("", "", "true")]
    assert of(first, "count") == [("", "12", "false")]  # walks run, not people: never withheld
    assert of(second, "people_by_group") == [
        ("16-24", "6", "false"),
        ("25-64", "25", "false"),
        ("65+", "14", "false"),
    ]
    assert of(second, "referrals") == [("", "9", "false")]


def test_no_person_and_no_unpublished_story_is_in_any_file(client):
    programme, parts = programme_with_returns()

    archive = _download(client, programme)

    everything = "\n".join(archive.read(name).decode() for name in archive.namelist())
    for private in (
        "olu@walkers.example",
        "Olu Contact",
        "Sam Secret",
        "sam@walkers.example",
        MEASUREMENT_NOTE,
        PRIVATE_STORY,
        "HW-0",
        "participant",
        "submitted_by",
    ):
        assert private not in everything
    stories = [row for row in _rows(archive, "return_answers") if row["question_kind"] == "story"]
    assert [(row["return_id"], row["story"]) for row in stories] == [
        (str(parts["returns"][1].pk), PUBLISHED_STORY)
    ]
    assert not [row for row in _rows(archive, "return_answers") if row["question_kind"] == "swemwbs"]
    returns = _rows(archive, "returns")
    assert len(returns) == 2  # the unsent one is not there
    assert set(returns[0]) == {f.name for f in opendata.RETURN_FIELDS}


def test_the_download_page_is_public_and_describes_the_files(client):
    programme, _ = programme_with_returns()

    page = client.get(reverse("impact:open-data", args=[programme.slug])).content.decode()

    assert reverse("impact:open-data-download", args=[programme.slug]) in page
    assert "Measurements" in page and "The value, in the indicator" in page
    assert "Creative Commons Attribution 4.0" in page
