"""`make screenshots` takes its pictures the way docs/screenshots.py says: signed in through the sign-in page,
the element it names cut out at the size it asks for, and a page that is not there stops it by name."""

import pytest
from PIL import Image

from tests import screenshots_script
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(scope="module")
def screenshots():
    return screenshots_script.load()


def test_a_shot_signs_in_and_cuts_out_its_element(screenshots, browser, live_server, tmp_path):
    UserFactory(email="screenshots@demo.ostrom.invalid", full_name="Sam Shot")
    shot = screenshots.Shot(
        "what-needs-doing",
        screenshots.OVERVIEW,
        "/what-needs-doing/",
        "screenshots",
        "What needs doing",
        element="main",
        max_height=300,
        viewport=(800, 600),
    )
    paths = screenshots.resolve_paths([shot])

    screenshots.take(
        [shot], paths, base_url=live_server.url, password=PASSWORD, output=tmp_path, browser=browser
    )

    width, height = Image.open(tmp_path / "what-needs-doing.png").size
    assert height == 300  # the page is longer: cut at max_height
    assert 600 < width < 800  # <main> and a little space either side, not the whole window


def test_a_missing_page_stops_the_script_naming_the_shot(screenshots, browser, live_server, tmp_path):
    shot = screenshots.Shot("gone", screenshots.OVERVIEW, "/no-such-page/", None, "A page that is not there")

    with pytest.raises(screenshots.ShotFailed, match="gone: /no-such-page/ answered 404"):
        screenshots.take(
            [shot],
            {"gone": "/no-such-page/"},
            base_url=live_server.url,
            password="",
            output=tmp_path,
            browser=browser,
        )

    assert not (tmp_path / "gone.png").exists()
