"""Grants' helpers every app can use now live in core: choosing a record by id, and raising a
service's problems at once."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from ostrom.core.forms import IdChoiceField, IdMultipleChoiceField
from ostrom.core.validation import raise_problems
from ostrom.grants import forms as grant_forms
from ostrom.places.models import Place


class PlaceForm(forms.Form):
    place = IdChoiceField(queryset=Place.objects.all())
    places = IdMultipleChoiceField(queryset=Place.objects.all())


@pytest.mark.django_db
def test_an_id_no_column_could_hold_is_a_plain_choice_error_in_any_app():
    form = PlaceForm({"place": "abc", "places": [str(10**20)]})

    assert not form.is_valid()
    assert form.errors["place"] == ["Select from the list"]
    assert form.errors["places"] == ["Select from the list"]


def test_grants_forms_use_the_shared_id_fields():
    assert isinstance(grant_forms.ApplicationForm.base_fields["organisation"], IdChoiceField)
    assert isinstance(grant_forms.ApplicationForm.base_fields["places"], IdMultipleChoiceField)


def test_problems_are_raised_together_on_their_fields_and_nothing_is_raised_without_any():
    raise_problems({})
    with pytest.raises(ValidationError) as raised:
        raise_problems({"title": "Enter a name", "amount": "Amount must be more than £0"})
    assert raised.value.message_dict == {"title": ["Enter a name"], "amount": ["Amount must be more than £0"]}


def test_grants_services_have_no_raise_problems_of_their_own():
    from ostrom.grants.services import rules

    assert not hasattr(rules, "raise_problems")
