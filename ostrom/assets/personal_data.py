"""What the community assets directory holds about a person, for their download and for erasure.

People appear as who proposed or reviewed a change to an entry and who started an import (links to
their account), and by their email address as an entry's contact, an entry's own email address or the
one who last checked it, and inside a waiting or past change's proposed contact. A venue's address is
not about a person. Erasure removes the person and keeps the entries and the record of changes."""

from django.db.models import Q

from .models import Contact, OrukImport, Service, ServiceChange


def _email_of(user) -> str:
    return (user.email or "").strip()


def _changes_naming(email: str):
    return (
        ServiceChange.objects.filter(proposed__contact__email__iexact=email)
        if email
        else ServiceChange.objects.none()
    )


def export(user) -> dict:
    email = _email_of(user)
    return {
        "directory_changes_proposed": [
            {
                "entry": change.proposed.get("name", ""),
                "status": change.get_status_display(),
                "proposed_at": change.proposed_at.isoformat(),
                "review_note": change.review_note,
            }
            for change in ServiceChange.objects.filter(proposed_by=user)
        ],
        "directory_changes_reviewed": [
            {
                "entry": change.proposed.get("name", ""),
                "status": change.get_status_display(),
                "reviewed_at": change.reviewed_at.isoformat() if change.reviewed_at else None,
            }
            for change in ServiceChange.objects.filter(reviewed_by=user)
        ],
        "directory_imports_started": [
            {"source": item.source_name, "started_at": item.started_at.isoformat()}
            for item in OrukImport.objects.filter(started_by=user)
        ],
        "directory_contact_details": [
            {
                "entry": contact.service.name,
                "name": contact.name,
                "title": contact.title,
                "email": contact.email,
                "phones": [phone.number for phone in contact.phones.all()],
            }
            for contact in (
                Contact.objects.filter(email__iexact=email)
                .select_related("service")
                .prefetch_related("phones")
                if email
                else []
            )
        ],
        "directory_entries_with_your_email": [
            {"entry": service.name, "email": service.email, "checked_by_email": service.assurer_email}
            for service in (
                Service.objects.filter(Q(email__iexact=email) | Q(assurer_email__iexact=email))
                if email
                else []
            )
        ],
        "directory_changes_naming_you_as_contact": [
            {"entry": change.proposed.get("name", ""), "contact": change.proposed.get("contact")}
            for change in _changes_naming(email)
        ],
    }


def erase(user) -> None:
    """Runs inside `accounts.services.erase_person`'s transaction, before the account's email goes."""
    ServiceChange.objects.filter(proposed_by=user).update(proposed_by=None)
    ServiceChange.objects.filter(reviewed_by=user).update(reviewed_by=None)
    OrukImport.objects.filter(started_by=user).update(started_by=None)
    email = _email_of(user)
    if not email:
        return
    Contact.objects.filter(email__iexact=email).delete()
    Service.objects.filter(email__iexact=email).update(email="")
    Service.objects.filter(assurer_email__iexact=email).update(assurer_email="")
    for change in _changes_naming(email):
        change.proposed = {**change.proposed, "contact": {"name": "", "email": "", "phone": ""}}
        change.save(update_fields=["proposed"])
