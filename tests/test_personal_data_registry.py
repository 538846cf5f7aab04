"""Every model that holds data about a person is in "Download my data" and in erasure.

A model holds a person when it links to an account (a foreign key or one-to-one to the user model) or
has a field named like a person's details: email, full or contact name, phone, address or postcode.
Each such model in Ostrom's apps must be registered with `accounts.services.register_personal_data`
from its app's `AppConfig.ready()`, so a new model with a person in it cannot be forgotten."""

import re

from django.apps import apps
from django.conf import settings

from ostrom.accounts.services import models_with_personal_data

PERSONAL_FIELD = re.compile(
    r"(^|_)(email|phone|address|postcode|full_name|first_name|last_name|surname|contact_name)($|_)"
)

# Models that match the rule above but are not about a person, each with the reason.
NOT_ABOUT_A_PERSON = {
    "places.Postcode": "the reference list of every postcode and its small area, the same for everyone",
    "assets.Location": "a venue's address, where a community asset happens, not where a person lives",
}


def _holds_a_person(model) -> list[str]:
    reasons = []
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False):
            continue
        if (
            field.is_relation
            and field.related_model is not None
            and (field.related_model._meta.label == settings.AUTH_USER_MODEL)
        ):
            if field.many_to_one or field.one_to_one:
                reasons.append(f"{field.name} (link to a person)")
            elif field.many_to_many and field.remote_field.through._meta.auto_created:
                reasons.append(f"{field.name} (list of people)")
        elif PERSONAL_FIELD.search(field.name):
            reasons.append(field.name)
    return reasons


def test_every_model_holding_a_person_is_in_the_download_and_erasure():
    registered = {model._meta.label for model in models_with_personal_data()}
    missing = {}
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("ostrom.") or label in NOT_ABOUT_A_PERSON:
            continue
        reasons = _holds_a_person(model)
        if reasons and label not in registered:
            missing[label] = reasons

    assert not missing, "Register these with accounts.services.register_personal_data: " + "; ".join(
        f"{label} ({', '.join(reasons)})" for label, reasons in sorted(missing.items())
    )


def test_the_rule_sees_a_person_in_an_organisations_contact_fields_and_in_links_to_an_account():
    organisation = apps.get_model("network", "Organisation")
    meeting = apps.get_model("network", "Meeting")

    assert {"contact_name", "contact_email", "contact_phone"} <= set(_holds_a_person(organisation))
    assert "created_by (link to a person)" in _holds_a_person(meeting)
    assert _holds_a_person(apps.get_model("places", "Place")) == []
