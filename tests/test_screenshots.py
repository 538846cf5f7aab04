"""The README's pictures and the script that takes them (docs/screenshots.py, `make screenshots`) agree:
every shot has its image, every image has its shot, every capability is shown, and the README uses them."""

import re
from pathlib import Path

from tests import screenshots_script

ROOT = Path(__file__).resolve().parent.parent

screenshots = screenshots_script.load()


def test_every_shot_has_its_image():
    missing = [shot.name for shot in screenshots.SHOTS if not shot.file.is_file()]
    assert not missing, f"Run `make screenshots` (or SHOTS='{' '.join(missing)}'): no image for {missing}"


def test_every_image_is_taken_by_a_shot():
    names = {shot.name for shot in screenshots.SHOTS}
    orphans = sorted(path.name for path in screenshots.OUTPUT.glob("*.png") if path.stem not in names)
    assert not orphans, f"Images no shot takes, so `make screenshots` would never renew them: {orphans}"


def test_shot_names_are_unique_and_make_plain_file_names():
    names = [shot.name for shot in screenshots.SHOTS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names), names


def test_every_capability_has_a_shot_and_every_shot_a_capability():
    known = {*screenshots.CAPABILITIES, screenshots.OVERVIEW}
    assert len(screenshots.CAPABILITIES) == 8
    assert [shot.name for shot in screenshots.SHOTS if shot.capability not in known] == []
    shown = {shot.capability for shot in screenshots.SHOTS}
    assert [capability for capability in screenshots.CAPABILITIES if capability not in shown] == []


def test_every_shot_has_alt_text():
    assert [shot.name for shot in screenshots.SHOTS if len(shot.alt.strip()) < 10] == []


# The README is rewritten by hand after the shots change: this test says which shots it does not show yet.
def test_the_readme_shows_every_shot():
    readme = (ROOT / "README.md").read_text()
    unused = [shot.name for shot in screenshots.SHOTS if f"docs/screenshots/{shot.name}.png" not in readme]
    assert not unused, f"The README does not show these shots yet: {unused}"
