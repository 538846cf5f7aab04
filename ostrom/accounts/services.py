"""Every write about a person: signing up, roles, consent, equality answers, export and erasure."""

import base64
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext, gettext_lazy, gettext_noop, ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ostrom.core import audit
from ostrom.core.models import Progress, Upload
from ostrom.places.selectors import find_postcode

from .confirmation import confirmation_path, email_confirmation_token
from .consent import WORDINGS, Wording
from .languages import in_language_of, reading_languages
from .models import ApiToken, Consent, EqualityAnswer, Role, User
from .permissions import can_create_api_token, can_reset_two_factor, can_turn_off_two_factor, ensure
from .two_factor import BACKUP_CODE_COUNT


class ConsentNeeded(Exception):
    """Equality answers are kept only with the person's consent."""


class LinkNotValid(Exception):
    """The confirmation link is wrong, was already used, or has expired."""


def network_address_hash(address: str) -> str:
    """A keyed hash of a network address (the key comes from SECRET_KEY), so many accounts made from one
    address can be noticed without Ostrom keeping anyone's address."""
    return salted_hmac("ostrom.signup-address", address, algorithm="sha256").hexdigest() if address else ""


@transaction.atomic
def sign_up(
    *, email: str, full_name: str, password: str, network_address: str = "", site_url: str = ""
) -> User:
    """Create a resident's account and email them a link to confirm their address (needed to vote)."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                signup_address_hash=network_address_hash(network_address),
            )
    except IntegrityError:
        raise ValidationError(
            {"email": gettext("An account with this email address already exists")}
        ) from None
    Role.objects.create(user=user, kind=Role.Kind.RESIDENT)
    audit.record(actor=user, action="person.created", target=user)
    send_email_confirmation(user=user, site_url=site_url)
    return user


def send_email_confirmation(*, user: User, site_url: str) -> None:
    """Email the person a link that confirms their address; sent once the transaction commits.
    `site_url` is where the site is served, like "https://ostrom.example.org"."""
    if user.has_confirmed_email:
        return
    link = site_url.rstrip("/") + confirmation_path(user)
    # Someone who has not chosen a language yet (they have just signed up) gets it in the language of the page
    # they are reading.
    with in_language_of(user, otherwise=translation.get_language()):
        subject = render_to_string("accounts/confirm_email_subject.txt").strip()
        body = render_to_string("accounts/confirm_email_email.txt", {"user": user, "link": link})
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


@transaction.atomic
def confirm_email(*, uidb64: str, token: str) -> User:
    """Following the emailed link confirms the address. Raises `LinkNotValid` for a wrong, used or old link."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        raise LinkNotValid from None
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or not email_confirmation_token.check_token(user, token):
        raise LinkNotValid
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    audit.record(actor=user, action="email.confirmed", target=user)
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
        user=user, purpose=wording.purpose, wording_version=wording.version, wording=str(wording.text)
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
        raise ConsentNeeded(gettext("Agree to us keeping your answers before you save them"))
    lsoa = None
    if postcode:
        match = find_postcode(postcode)
        postcode, lsoa = match.postcode, match.lsoa
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
            "language": user.language,
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


_account_sections: list = []


def register_account_section(*, template: str, context) -> None:
    """An app adds a section to the person's account page, from its AppConfig.ready(): `template` is
    included with `section` set to what `context(user)` returns, or left out when that is None."""
    _account_sections.append((template, context))


def account_sections(user: User) -> list[tuple[str, dict]]:
    return [(template, section) for template, context in _account_sections if (section := context(user))]


def models_with_personal_data() -> frozenset:
    """The models registered above; a test fails for any model holding a person that is not among them."""
    return frozenset(_covered_models)


def work_started_by(user: User) -> dict:
    return {
        "work_started": [
            {"title": progress.title, "started_at": progress.created_at.isoformat()}
            for progress in Progress.objects.filter(started_by=user)
        ],
        # Spreadsheets they uploaded that are still stored (each is deleted once its import has run).
        "files_uploaded": [
            _uploaded_file(upload)
            for upload in Upload.objects.filter(progress__started_by=user).select_related("progress")
        ],
    }


def _uploaded_file(upload: Upload) -> dict:
    content = bytes(upload.content)
    try:
        text, encoding = content.decode("utf-8-sig"), "text"
    except UnicodeDecodeError:  # an Excel file
        text, encoding = base64.b64encode(content).decode("ascii"), "base64"
    return {
        "filename": upload.filename,
        "uploaded_at": upload.created_at.isoformat(),
        "for": upload.progress.title,
        "content_encoding": encoding,
        "content": text,
    }


ERASED_UPLOAD = gettext_noop(
    "Nothing was imported. The file was deleted because the person who uploaded it asked for their "
    "personal data to be erased."
)


def erase_links_to(user: User) -> None:
    """Records that name the person as the one who acted (a role they granted, work they started) stay
    for everyone else, but no longer point at them. Files they uploaded that still wait to be imported
    are deleted (they may hold other people's contact details, and nobody is left to follow the
    import): the import then says so instead of running."""
    for upload in Upload.objects.filter(progress__started_by=user).select_related("progress"):
        with translation.override(upload.progress.written_in):  # the import's own language, as its task
            upload.progress.fail(gettext(ERASED_UPLOAD))
        upload.delete()
    Role.objects.filter(granted_by=user).update(granted_by=None)
    Progress.objects.filter(started_by=user).update(started_by=None)


@transaction.atomic
def erase_person(*, user: User, requested_by: User) -> None:
    """Remove personal data but keep the account row, so anonymous counts and the audit trail stay whole."""
    ensure(
        requested_by.pk == user.pk or requested_by.is_admin,
        gettext("Only the person or an administrator can ask for erasure"),
    )
    _erase(user)
    audit.record(
        actor=requested_by if requested_by.pk != user.pk else None, action="person.erased", target=user
    )


def erase_unconfirmed_accounts(*, joined_before) -> int:
    """The retention schedule: accounts whose email address was never confirmed (so they could never
    vote or answer as a member) are erased like any other, once they are older than the schedule allows.
    Administrators and anyone given a role are left alone: someone chose to give them that account.
    Runs inside `core.retention.apply_retention`'s transaction, which keeps the one audit entry."""
    unconfirmed = User.objects.filter(
        email_confirmed_at__isnull=True,
        erased_at__isnull=True,
        is_superuser=False,
        date_joined__lt=joined_before,
        roles__isnull=True,
    )
    count = 0
    for user in unconfirmed.distinct():
        _erase(user)
        count += 1
    return count


def _erase(user: User) -> None:
    for erase in _erasers:
        erase(user)
    EqualityAnswer.objects.filter(user=user).delete()
    Consent.objects.active().filter(user=user).update(withdrawn_at=timezone.now())
    user.api_tokens.all().delete()
    user.roles.all().delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = "Erased person"
    user.signup_address_hash = ""
    user.language = ""
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    audit.entries().filter(actor=user).update(actor_email=None)
    audit.entries().filter(content_type__model="user", object_pk=str(user.pk)).update(
        object_repr="Erased person"
    )


def choose_language(*, user: User, language: str) -> None:
    """Remember the language a person chose for reading, so it follows them to another browser. Not audited:
    it changes only how pages are shown to them."""
    if language not in dict(reading_languages()):
        raise ValidationError({"language": gettext("Select a language from the list")})
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


@transaction.atomic
def create_api_token(*, user: User, name: str, verified: bool = False) -> str:
    """Returns the token once; only its hash is stored. With STAFF_TWO_FACTOR on, only in a session
    verified with a code (`verified`)."""
    ensure(
        can_create_api_token(user, verified=verified),
        gettext("Sign in with two-step verification to create a token"),
    )
    token = f"ost_{secrets.token_urlsafe(32)}"
    api_token = ApiToken.objects.create(user=user, name=name, token_hash=ApiToken.hash(token))
    audit.record(actor=user, action="api_token.created", target=api_token)
    return token


@transaction.atomic
def revoke_api_token(*, user: User, api_token: ApiToken) -> None:
    ensure(api_token.user_id == user.pk, gettext("You can only revoke your own tokens"))
    api_token.revoked_at = timezone.now()
    api_token.save(update_fields=["revoked_at"])
    audit.record(actor=user, action="api_token.revoked", target=api_token)


def wording_for(purpose: str) -> Wording:
    return WORDINGS[purpose]


# Two-step verification --------------------------------------------------------------------------


class CodeNotAccepted(Exception):
    """The code is wrong or was used already, or too many wrong codes came in a row. The message is fit
    for the page."""


@transaction.atomic
def start_two_factor_setup(*, user: User) -> TOTPDevice:
    """The authenticator app being set up: a new secret, kept unconfirmed until the app's first code
    comes back. Asking again shows the same secret, so a QR code already scanned stays good."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def turn_on_two_factor(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app being set up with its first code, and make a fresh set of one-time backup codes,
    returned once (they are shown once). Any earlier app and backup codes stop working."""
    ensure(
        device.user_id == user.pk and not device.confirmed, gettext("This is not the app you are setting up")
    )
    if not _is_totp_code(code) or not device.verify_token(_plain_code(code)):
        raise ValidationError({"code": gettext("Enter the 6-digit code your authenticator app shows now")})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_backup_codes(user)
    audit.record(actor=user, action="two_factor.turned_on", target=user)
    return codes


def _replace_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes


def _plain_code(code: str) -> str:
    return "".join(code.split()).lower()


def _is_totp_code(code: str) -> bool:
    plain = _plain_code(code)
    return len(plain) == 6 and plain.isascii() and plain.isdecimal()


def verify_two_factor_code(*, user: User, code: str) -> Device:
    """The device that accepts the code: the authenticator app for 6 digits, else a backup code (each
    works once). Each device counts wrong codes and makes the next try wait longer after each (django-otp's
    throttling, kept across sign-ins until a right code). Raises `CodeNotAccepted`.

    Not one transaction on purpose: a wrong code's count must be kept although the call fails."""
    plain = _plain_code(code)
    kind = TOTPDevice if _is_totp_code(code) else StaticDevice
    device = kind.objects.filter(user=user, confirmed=True).first()
    if device is None or not plain:
        raise CodeNotAccepted(WRONG_CODE)
    allowed, why = device.verify_is_allowed()
    if not allowed:
        wait = why.get("locked_until") if why else None
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 60
        raise CodeNotAccepted(
            ngettext(
                "You have entered too many wrong codes. Wait %(seconds)s second, then enter the code your app shows",
                "You have entered too many wrong codes. Wait %(seconds)s seconds, then enter the code your app shows",
                seconds,
            )
            % {"seconds": seconds}
        )
    if not (device.verify_token(plain) if kind is TOTPDevice else _use_backup_code(device, plain)):
        raise CodeNotAccepted(WRONG_CODE)
    return device


def _use_backup_code(device: StaticDevice, code: str) -> bool:
    """A backup code works once, even for two sign-ins at the same moment: the row's deletion is the
    guard (only one of them deletes it)."""
    used, _ = StaticToken.objects.filter(device=device, token=code).delete()
    if used:
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=False)
        device.save()
    else:
        device.throttle_increment()
    return bool(used)


WRONG_CODE = gettext_lazy(
    "Enter the 6-digit code your authenticator app shows now, or one of your backup codes"
)


@transaction.atomic
def turn_off_two_factor(*, user: User) -> None:
    """The person turns off the two-step verification they turned on (staff who must use it cannot)."""
    ensure(
        can_turn_off_two_factor(user),
        gettext("Staff need two-step verification: ask an administrator to reset it"),
    )
    if erase_two_factor(user):
        audit.record(actor=user, action="two_factor.turned_off", target=user)


@transaction.atomic
def reset_two_factor(*, user: User, reset_by: User) -> None:
    """An administrator resets someone's two-step verification when they have lost their phone: they
    set up an app again at their next sign-in (staff) or may turn it on again (anyone else)."""
    ensure(can_reset_two_factor(reset_by), gettext("Only an administrator can reset two-step verification"))
    erase_two_factor(user)
    audit.record(actor=reset_by, action="two_factor.reset", target=user)


def erase_two_factor(user: User) -> bool:
    """Delete the person's authenticator app and backup codes; True if they had an app."""
    had_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return had_app


def two_factor_for_export(user: User) -> dict:
    """That two-step verification is set up and when, never the secret or the backup codes."""
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return {
        "two_step_verification": None
        if app is None
        else {
            "authenticator_app_set_up_at": app.created_at.isoformat() if app.created_at else None,
            "last_used_at": app.last_used_at.isoformat() if app.last_used_at else None,
            "backup_codes_left": backup.token_set.count() if backup else 0,
        }
    }
