"""What citizens' panels hold about a person, for their download and for erasure.

Volunteers are often not users: a person's volunteer records are those registered with their
account's email. Erasure anonymises them as the deletion date does (`anonymise_expired_volunteers`):
the answers stay as anonymous rows so the lottery's audit and its public check stay whole."""

from django.db import transaction
from django.utils import timezone

from ostrom.core import audit

from .models import Assembly, Letter, Lottery, Response, SessionAttendance, Volunteer

MODELS = [Volunteer, SessionAttendance, Letter, Assembly, Lottery, Response]


def personal_data_of(user) -> dict:
    volunteers = Volunteer.objects.of_person(user).select_related("assembly")
    records = []
    for volunteer in volunteers:
        letter = Letter.objects.filter(assembly=volunteer.assembly, code=volunteer.household).first()
        records.append(
            {
                "panel": volunteer.assembly.question,
                "full_name": volunteer.full_name,
                "email": volunteer.email,
                "phone": volunteer.phone,
                "postcode": volunteer.postcode,
                "household": volunteer.household,
                "letter_address": letter.address if letter else "",
                "answers": volunteer.features,
                "consent_wording": volunteer.consent_wording,
                "registered_at": volunteer.registered_at.isoformat(),
                "has_withdrawn": volunteer.has_withdrawn,
                "sessions": [
                    {
                        "session": attendance.session.title,
                        "date": attendance.session.starts_at.date().isoformat(),
                        "payment": str(attendance.payment),
                        "paid_on": attendance.paid_on.isoformat() if attendance.paid_on else None,
                    }
                    for attendance in volunteer.attendance.select_related("session")
                ],
            }
        )
    return {
        "citizens_panel_registrations": records,
        "citizens_panels_set_up": [
            assembly.question for assembly in Assembly.objects.filter(created_by=user)
        ],
        "citizens_panel_lotteries_drawn": [
            {"panel": lottery.assembly.question, "seed": lottery.seed}
            for lottery in Lottery.objects.filter(drawn_by=user).select_related("assembly")
        ],
        "citizens_panel_responses": [
            {"recommendation": response.recommendation.title, "outcome": response.outcome}
            for response in Response.objects.filter(responded_by=user).select_related("recommendation")
        ],
    }


@transaction.atomic
def erase_personal_data_of(user) -> None:
    """Anonymise the person's volunteer records and their letter's address. Attendance and payments stay
    with the anonymous row (the panel's accounts need them); assemblies, draws and responses they made as
    staff stay attached to their anonymised account, as every audited record does."""
    volunteers = list(Volunteer.objects.of_person(user))
    for volunteer in volunteers:
        if volunteer.household:
            Letter.objects.filter(assembly=volunteer.assembly_id, code=volunteer.household).update(address="")
    Volunteer.objects.filter(pk__in=[volunteer.pk for volunteer in volunteers]).update(
        full_name="", email="", phone="", postcode="", household="", lsoa=None, anonymised_at=timezone.now()
    )
    for assembly in Assembly.objects.filter(volunteers__in=volunteers).distinct():
        audit.record(actor=None, action="volunteer.erased", target=assembly)
