"""SWEMWBS's licensed wording as a person reads it: `swemwbs` holds it in English and marks it for
translation; these give it in the active language (the official translation, where a catalogue has one)."""

from django.utils.translation import gettext

from . import swemwbs


def items() -> list[str]:
    """The 7 statements in their published order."""
    return [gettext(wording) for wording in swemwbs.ITEMS]


def scale() -> list[tuple[int, str]]:
    """The answers, 1 to 5, each with its words."""
    return [(value, gettext(label)) for value, label in swemwbs.SCALE]


def instruction() -> str:
    return gettext(swemwbs.INSTRUCTION)


def copyright_notice() -> str:
    return gettext(swemwbs.COPYRIGHT)
