"""A person's directory data is in their download and goes when they are erased; the entries stay."""

import pytest

from ostrom.accounts.services import erase_person, export_personal_data
from ostrom.assets import services
from ostrom.assets.models import Contact, Service, ServiceChange
from tests.assets.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_download_and_erasure_of_a_contact_who_proposed_an_entry(contact, coordinator, organisation, entry):
    contact.email = "sam@example.org"  # the entry names them as its contact too
    contact.save()
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)
    service = services.approve_change(actor=coordinator, change=change)
    listed = ServiceFactory(organisation=organisation, email="SAM@example.org")

    data = export_personal_data(user=contact)
    assert data["directory_changes_proposed"][0]["entry"] == "Tuesday walking group"
    assert data["directory_contact_details"][0]["email"] == "sam@example.org"
    assert data["directory_entries_with_your_email"][0]["entry"] == listed.name
    assert export_personal_data(user=coordinator)["directory_changes_reviewed"][0]["status"] == "Approved"

    erase_person(user=contact, requested_by=contact)

    change.refresh_from_db()
    assert change.proposed_by is None
    assert change.proposed["contact"] == {"name": "", "email": "", "phone": ""}
    assert not Contact.objects.filter(service=service).exists()
    assert Service.objects.get(pk=listed.pk).email == ""
    assert Service.objects.filter(pk=service.pk).exists()
    assert ServiceChange.objects.filter(pk=change.pk).exists()
