"""People, organisations, memberships, invitations, SPOC profiles, CITES Parties and spaces."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Sector(models.TextChoices):
    CITES_AUTHORITY = "cites_authority", _("CITES authority")
    ENFORCEMENT = "enforcement", _("Enforcement")
    IGO = "igo", _("Inter-governmental organisation")
    NGO = "ngo", _("NGO")
    ACADEMIA = "academia", _("Academia")
    PLATFORM = "platform", _("Online platform")
    LOGISTICS = "logistics", _("Logistics")


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    CONTRIBUTOR = "contributor", _("Contributor")
    READER = "reader", _("Reader")
    VOLUNTEER = "volunteer", _("Volunteer")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("portal admin"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def membership_or_none(self) -> "Membership | None":
        try:
            return self.membership
        except Membership.DoesNotExist:
            return None


class OrganisationQuerySet(models.QuerySet):
    def approved(self) -> "OrganisationQuerySet":
        """Organisations a portal admin has approved: the only ones any list, choice or page shows."""
        return self.filter(approved=True)


class Organisation(models.Model):
    """An agency, authority, NGO, platform or other body whose vetted members use the portal."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # A sign-up naming an unknown organisation only asks for it; a portal admin approves it with its first account.
    approved = models.BooleanField(_("approved"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Membership(models.Model):
    """A user's place in their one organisation: role, SPOC flag and whether they are vetted."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)
    is_spoc = models.BooleanField(_("single point of contact"), default=False)
    vetted = models.BooleanField(_("vetted"), default=False, db_index=True)
    vetted_at = models.DateTimeField(null=True, blank=True)
    vetted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(models.Model):
    """A single-use, expiring invitation to join an organisation; only the token's hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table it had when invitations lived in the accounts app: moving the model moved no data.
        db_table = "accounts_invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class SpocProfile(models.Model):
    """How to reach a single point of contact: shown to vetted members only, in the SPOC directory."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="spoc_profile")
    role_title = models.CharField(_("role title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, help_text=_("International format, e.g. +254..."))
    languages = models.CharField(_("languages"), max_length=200, blank=True, help_text=_("E.g. English, Swahili"))
    hours = models.CharField(_("hours"), max_length=200, blank=True, help_text=_("When and in which time zone"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table it had when the SPOC directory lived in the library app: moving the model moved no data.
        db_table = "library_spocprofile"

    def __str__(self) -> str:
        return f"SPOC profile of {self.membership.user}"


class CitesParty(models.Model):
    """A Party to CITES: a state by its ISO code, or a regional economic integration organisation (the EU)."""

    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("ISO 3166 alpha-2, or EU"))
    name = models.CharField(_("name"), max_length=120)
    is_regional_organisation = models.BooleanField(default=False)
    entry_into_force = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "CITES Parties"

    def __str__(self) -> str:
        return self.name


def party_of(organisation: "Organisation | None") -> CitesParty | None:
    """The CITES Party an organisation acts for: its country's, or the EU's for an EU body (country "EU"); or none."""
    code = organisation.country.code if organisation is not None else ""
    return CitesParty.objects.filter(code=code).first() if code else None


class ReportCountryCode(models.Model):
    """A country code used in CITES reports that is not an ISO country (XX unknown, ZZ introduction from the sea)."""

    code = models.CharField(max_length=2, unique=True)
    meaning = models.CharField(max_length=120)

    def __str__(self) -> str:
        return f"{self.code}: {self.meaning}"


class SpaceQuerySet(models.QuerySet):
    def for_member(self, user) -> "SpaceQuerySet":
        """Spaces the user is in, directly or through their vetted organisation."""
        from portal.orgs.membership import user_space_ids  # membership.py imports this module

        return self.filter(pk__in=user_space_ids(user))


class Space(models.Model):
    """A role-restricted room whose members see what is shared into it."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    allowed_sectors = models.JSONField(
        _("allowed sectors"), default=list, blank=True, help_text=_("Empty: every sector may join.")
    )
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("The member list is visible to members only.")
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="space", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Each space owns an auth group so that per-record grants to a space use guardian's group permissions.
        if not self.group_id:
            self.group = Group.objects.create(name=f"space:{self.name}"[:150])
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:

        return reverse("orgs:space-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        # The space's group goes with it, so a new space may take the same name.
        group = self.group
        result = super().delete(*args, **kwargs)
        group.delete()
        return result

    def sector_allowed(self, sector: str) -> bool:
        return not self.allowed_sectors or sector in self.allowed_sectors


class SpaceRole(models.TextChoices):
    ADMIN = "admin", _("Space admin")
    MEMBER = "member", _("Member")


class SpaceMember(models.Model):
    """One member of a space: a whole organisation (each vetted user of it) or a single user."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="space_memberships"
    )
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE, related_name="space_memberships")
    role = models.CharField(max_length=10, choices=SpaceRole.choices, default=SpaceRole.MEMBER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, user__isnull=True) | Q(organisation__isnull=True, user__isnull=False)
                ),
                name="spacemember_org_xor_user",
            ),
            models.UniqueConstraint(fields=["space", "organisation"], name="spacemember_unique_org"),
            models.UniqueConstraint(fields=["space", "user"], name="spacemember_unique_user"),
        ]
        indexes = [models.Index(fields=["organisation", "space"]), models.Index(fields=["user", "space"])]

    def __str__(self) -> str:
        return f"{self.organisation or self.user} in {self.space}"
