"""Every write about a person: signing up, roles, consent, equality answers, export and erasure."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostrom.core import audit
from ostrom.places.models import Postcode

from .consent import WORDINGS, Wording
from .models import ApiToken, Consent, EqualityAnswer, Role, User


class ConsentNeeded(Exception):
    """Equality answers are kept only with the person's consent."""


@transaction.atomic
def sign_up(*, email: str, full_name: str, password: str) -> User:
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=password, full_name=full_name)
    except IntegrityError:
        raise ValidationError({"email": "An account with this email address already exists"}) from None
    Role.objects.create(user=user, kind=Role.Kind.RESIDENT)
    audit.record(actor=user, action="person.created", target=user)
    return user


@transaction.atomic
def grant_role(*, user: User, kind: str, granted_by: User | None, place=None, subgroup=None) -> Role:
    role, created = Role.objects.get_or_create(
        user=user, kind=kind, place=place, subgroup=subgroup, defaults={"granted_by": granted_by}
    )
    if created:
        audit.record(
            actor=granted_by, action="role.created", target=user, changes={"role": (None, str(role))}
        )
    return role


@transaction.atomic
def give_consent(*, user: User, wording: Wording) -> Consent:
    current = Consent.objects.active().filter(user=user, purpose=wording.purpose).first()
    if current and current.wording_version == wording.version:
        return current
    if current:
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
    consent = Consent.objects.create(
        user=user, purpose=wording.purpose, wording_version=wording.version, wording=wording.text
    )
    EqualityAnswer.objects.filter(user=user).update(consent=consent)
    audit.record(actor=user, action="consent.given", target=consent)
    return consent


@transaction.atomic
def withdraw_consent(*, user: User, purpose: str) -> None:
    """Withdrawing consent deletes what rested on it: for equality monitoring, the answers."""
    consent = Consent.objects.active().filter(user=user, purpose=purpose).first()
    if consent is None:
        return
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if purpose == "equality_monitoring":
        EqualityAnswer.objects.filter(user=user).delete()
    audit.record(actor=user, action="consent.withdrawn", target=consent)


@transaction.atomic
def save_equality_answers(
    *,
    user: User,
    ethnic_group: str = "",
    age_band: str = "",
    sex: str = "",
    disability: str = "",
    postcode: str = "",
) -> EqualityAnswer:
    consent = Consent.objects.active().filter(user=user, purpose="equality_monitoring").first()
    if consent is None:
        raise ConsentNeeded("Agree to us keeping your answers before you save them")
    postcode = Postcode.normalise(postcode) if postcode else ""
    lsoa = None
    if postcode:
        match = Postcode.objects.select_related("lsoa").filter(postcode=postcode).first()
        if match is None:
            raise ValidationError({"postcode": "We do not know this postcode. Check it, or leave it blank"})
        lsoa = match.lsoa
    answer, _ = EqualityAnswer.objects.update_or_create(
        user=user,
        defaults={
            "consent": consent,
            "ethnic_group": ethnic_group,
            "age_band": age_band,
            "sex": sex,
            "disability": disability,
            "postcode": postcode,
            "lsoa": lsoa,
        },
    )
    # The audit log says that answers changed, never what they are.
    audit.record(actor=user, action="equality_answers.saved", target=user)
    return answer


def export_personal_data(*, user: User) -> dict:
    """Everything Ostrom holds about a person, for a subject access request."""
    answer = EqualityAnswer.objects.filter(user=user).select_related("lsoa").first()
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
        },
        "roles": [
            {
                "role": role.get_kind_display(),
                "scope": str(role.place or role.subgroup or "everywhere"),
                "granted_at": role.granted_at.isoformat(),
            }
            for role in user.roles.all()
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "wording_version": c.wording_version,
                "wording": c.wording,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents.all()
        ],
        "equality_answers": None
        if answer is None
        else {
            "ethnic_group": answer.get_ethnic_group_display(),
            "age_band": answer.get_age_band_display(),
            "sex": answer.get_sex_display(),
            "disability": answer.get_disability_display(),
            "postcode": answer.postcode,
            "lsoa": answer.lsoa.code if answer.lsoa else None,
        },
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat()} for t in user.api_tokens.all()
        ],
    }
    for section in _export_sections:
        data.update(section(user))
    audit.record(actor=user, action="personal_data.exported", target=user)
    return data


_export_sections: list = []
_erasers: list = []
_covered_models: set = set()


def register_personal_data(*, models, export, erase) -> None:
    """Each app adds what it holds about a person to the download and to erasure, from its AppConfig.ready().

    `models` names every model of the app that holds data about a person (a link to their account, or
    their name, email, phone, postcode or words); `export(user)` returns a dict of sections for the
    download; `erase(user)` deletes or anonymises those rows (keeping what counts and audits need, with
    nothing left that points at the person)."""
    _export_sections.append(export)
    _erasers.append(erase)
    _covered_models.update(models)


def models_with_personal_data() -> frozenset:
    """The models registered above; a test fails for any model holding a person that is not among them."""
    return frozenset(_covered_models)


@transaction.atomic
def erase_person(*, user: User, requested_by: User) -> None:
    """Remove personal data but keep the account row, so anonymous counts and the audit trail stay whole."""
    if requested_by.pk != user.pk and not requested_by.is_admin:
        raise PermissionError("Only the person or an administrator can ask for erasure")
    for erase in _erasers:
        erase(user)
    EqualityAnswer.objects.filter(user=user).delete()
    Consent.objects.active().filter(user=user).update(withdrawn_at=timezone.now())
    user.api_tokens.all().delete()
    user.roles.all().delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = "Erased person"
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    audit.entries().filter(actor=user).update(actor_email=None)
    audit.entries().filter(content_type__model="user", object_pk=str(user.pk)).update(
        object_repr="Erased person"
    )
    audit.record(
        actor=requested_by if requested_by.pk != user.pk else None, action="person.erased", target=user
    )


@transaction.atomic
def create_api_token(*, user: User, name: str) -> str:
    """Returns the token once; only its hash is stored."""
    token = f"ost_{secrets.token_urlsafe(32)}"
    api_token = ApiToken.objects.create(user=user, name=name, token_hash=ApiToken.hash(token))
    audit.record(actor=user, action="api_token.created", target=api_token)
    return token


@transaction.atomic
def revoke_api_token(*, user: User, token_id: int) -> None:
    api_token = ApiToken.objects.get(pk=token_id, user=user)
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    audit.record(actor=user, action="api_token.revoked", target=api_token)


def wording_for(purpose: str) -> Wording:
    return WORDINGS[purpose]
