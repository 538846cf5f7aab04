"""People, the roles they hold, the consent they gave, and their equality monitoring answers."""

import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from . import equality


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


def new_record_key() -> int:
    return secrets.randbelow(256)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: residents, organisation contacts, coordinators, partners."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)
    # Set when the person follows the link we email them; only confirmed accounts can vote.
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the network address the account was created from (never the address itself),
    # so coordinators can see many accounts made from one place in a short time. Erased with the person.
    signup_address_hash = models.CharField(max_length=64, blank=True)
    # The cell-key method's record key (as ONS used for Census 2021): a fixed random number per person
    # from which the perturbation of every count they are part of is worked out.
    record_key = models.PositiveSmallIntegerField(default=new_record_key, editable=False)
    # The language the person chose for reading (a page language or a content language, such as "ur"), applied when
    # they sign in on a browser that has no choice of its own; "" until they choose one.
    language = models.CharField(max_length=15, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        # The kinds of record the audit log names, in the reader's language.
        verbose_name = gettext_lazy("user")
        verbose_name_plural = gettext_lazy("users")

    def __str__(self):
        return self.full_name or self.email

    @property
    def has_confirmed_email(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def has_role(self, kind: str, *, place=None, subgroup=None) -> bool:
        """True for an active role of this kind that covers the place or subgroup asked about.
        A role without a scope covers everything; a role for a place covers the places inside it."""
        if not self.is_active:
            return False
        roles = [role for role in self._roles() if role.kind == kind]
        return any(role.covers(place=place, subgroup=subgroup) for role in roles)

    def role_places(self, kind: str) -> list | None:
        """The places this person's active roles of a kind are for, each covering the places inside it;
        None when one of those roles has no scope, so covers everywhere (the rule of `Role.covers`)."""
        if not self.is_active:
            return []
        roles = [role for role in self._roles() if role.kind == kind and role.subgroup_id is None]
        if any(role.place_id is None for role in roles):
            return None
        return sorted({role.place for role in roles}, key=lambda place: (place.depth, place.name))

    def _roles(self):
        if not hasattr(self, "_role_cache"):
            self._role_cache = list(self.roles.select_related("place", "subgroup"))
        return self._role_cache

    @property
    def is_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.Kind.ADMIN))

    @property
    def is_coordinator(self) -> bool:
        return self.is_admin or self.has_role(Role.Kind.COORDINATOR)

    def can_coordinate(self, *, place=None, subgroup=None) -> bool:
        return self.is_admin or self.has_role(Role.Kind.COORDINATOR, place=place, subgroup=subgroup)

    @property
    def can_see_equality_totals(self) -> bool:
        """Coordinators, partners and admins need totals to see gaps in reach; never individual answers."""
        return self.is_coordinator or self.has_role(Role.Kind.PARTNER)


class Role(models.Model):
    class Kind(models.TextChoices):
        RESIDENT = "resident", gettext_lazy("Resident")
        ORGANISATION_CONTACT = "organisation_contact", gettext_lazy("Organisation contact")
        COORDINATOR = "coordinator", gettext_lazy("Coordinator")
        PANEL_MEMBER = "panel_member", gettext_lazy("Panel member")
        PARTNER = "partner", gettext_lazy("NHS or council partner")
        LINK_WORKER = "link_worker", gettext_lazy("Social prescribing link worker")
        TRANSLATOR = "translator", gettext_lazy("Volunteer translator")
        ADMIN = "admin", gettext_lazy("Administrator")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT)
    subgroup = models.ForeignKey("network.Subgroup", null=True, blank=True, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(default=timezone.now)
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="roles_granted"
    )

    class Meta:
        verbose_name = gettext_lazy("role")
        verbose_name_plural = gettext_lazy("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(place=None, subgroup=None),
                name="one_unscoped_role_of_a_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "place"],
                condition=Q(place__isnull=False),
                name="one_role_of_a_kind_per_place",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "subgroup"],
                condition=Q(subgroup__isnull=False),
                name="one_role_of_a_kind_per_subgroup",
            ),
        ]

    def __str__(self):
        scope = self.place or self.subgroup
        if scope is None:
            return str(self.get_kind_display())
        return gettext("%(role)s for %(scope)s") % {"role": self.get_kind_display(), "scope": scope}

    def covers(self, *, place=None, subgroup=None) -> bool:
        if self.place_id is None and self.subgroup_id is None:
            return True
        if self.subgroup_id is not None:
            return subgroup is not None and subgroup.pk == self.subgroup_id
        return place is not None and self.place_id in {p.pk for p in place.ancestors(include_self=True)}


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """What a person agreed to, in which words, and when; withdrawal keeps the record."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=50)
    wording_version = models.CharField(max_length=20)
    wording = models.TextField()
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("consent")
        verbose_name_plural = gettext_lazy("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"], condition=Q(withdrawn_at__isnull=True), name="one_active_consent"
            )
        ]
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.purpose} ({self.wording_version})"


class EqualityAnswerQuerySet(models.QuerySet):
    def consented(self):
        """Only answers whose owner's consent still stands are ever counted."""
        return self.filter(consent__withdrawn_at__isnull=True, user__is_active=True)


class EqualityAnswer(models.Model):
    """Special-category data. Only the person can see their own answers; everyone else sees totals
    with counts under 5 suppressed. Kept only while the consent it rests on stands."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="equality_answer")
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    ethnic_group = models.CharField(max_length=40, choices=equality.ETHNIC_GROUP_CHOICES, blank=True)
    age_band = models.CharField(max_length=20, choices=equality.AGE_BAND_CHOICES, blank=True)
    sex = models.CharField(max_length=20, choices=equality.SEX_CHOICES, blank=True)
    disability = models.CharField(max_length=20, choices=equality.DISABILITY_CHOICES, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lsoa = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EqualityAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("equality answer")
        verbose_name_plural = gettext_lazy("equality answers")

    def __str__(self):
        return gettext("Equality answers")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A personal API token for partners' systems. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = gettext_lazy("api token")
        verbose_name_plural = gettext_lazy("api tokens")

    def __str__(self):
        return self.name

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
