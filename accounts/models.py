from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

from recovery.text import single_line


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    MANAGER = "manager", "Manager"


class DeskUserManager(UserManager):
    """Users are found by email, whatever its case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def managers(self):
        """Active people in the manager group (superusers act as managers but are not
        told about every approval)."""
        return self.filter(is_active=True, groups__name=Role.MANAGER).distinct()


class User(AbstractUser):
    """A person at the desk. Their role is their group: `agent` or `manager`."""

    username = None
    email = models.EmailField("email address", unique=True)
    # A name goes into emails (the sign-off, notifications): one line only.
    first_name = models.CharField("first name", max_length=150, blank=True,
                                  validators=[single_line])
    last_name = models.CharField("last name", max_length=150, blank=True,
                                 validators=[single_line])
    approval_limit = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True,
        help_text="The highest remedy cost this person may offer without a manager's "
        "approval. Empty: the desk's default (APPROVAL_LIMIT).",
    )

    # Part of every session's auth hash, which Django checks on each request: a new salt ends
    # every session of this person at once, in every browser ("Sign out everywhere", turning
    # on two-factor sign-in), whatever the session engine. Empty until first rotated, when the
    # hash is Django's own, so no one is signed out by this field's arrival.
    session_salt = models.CharField(max_length=32, blank=True, default="", editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = DeskUserManager()

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.display_name

    def get_session_auth_hash(self):
        return self._salted(super().get_session_auth_hash())

    def get_session_auth_fallback_hash(self):
        for digest in super().get_session_auth_fallback_hash():
            yield self._salted(digest)

    def _salted(self, digest: str) -> str:
        if not self.session_salt:
            return digest
        return salted_hmac("accounts.User.session_salt", digest + self.session_salt,
                           algorithm="sha256").hexdigest()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def role(self) -> str | None:
        """The user's desk role; superusers act as managers. Cached for the request."""
        if hasattr(self, "in_manager_group"):  # read with the user (`backends.get_user`)
            names = {Role.MANAGER} if self.in_manager_group else set()
            return self.role_among(names | ({Role.AGENT} if self.in_agent_group else set()))
        return self.role_among({group.name for group in self.groups.all()})

    def role_among(self, group_names) -> str | None:
        """The role these group memberships give this user."""
        if not self.is_active:
            return None
        if self.is_superuser:
            return Role.MANAGER
        if Role.MANAGER in group_names:
            return Role.MANAGER
        if Role.AGENT in group_names:
            return Role.AGENT
        return None

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_desk_user(self) -> bool:
        return self.role is not None

    def may_offer(self, cost, default=None) -> bool:
        """May this person offer a remedy costing `cost` without a manager's approval?
        Their own limit if they have one, else `default` (the customer's tier's, say), else
        the desk's. Managers approve remedies, so theirs never wait."""
        if self.is_manager:
            return True
        limit = self.approval_limit
        if limit is None:
            limit = default if default is not None else settings.APPROVAL_LIMIT
        return cost <= limit


class ApiKeyManager(APIKeyManager):
    def get_usable_keys(self):
        # Authentication reads the key, its user and the user's role on every request: one
        # query, the role's groups asked for beside the row (see `ApiKey.acting_user`).
        memberships = User.groups.through.objects.filter(user_id=OuterRef("user_id"))
        return super().get_usable_keys().select_related("user").annotate(
            user_is_manager=Exists(memberships.filter(group__name=Role.MANAGER)),
            user_is_agent=Exists(memberships.filter(group__name=Role.AGENT)),
        )


class ApiKey(AbstractAPIKey):
    """A hashed API key. Issued to a user, it acts with that user's role; without a user it
    is an integration's key, which sees and changes only the cases it created. An inbound
    key (`create_api_key NAME --inbound`) is a mail server's: it may only hand over raw
    email (`POST /api/v1/inbound-email/`), so a leaked pipe key reads no case."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="api_keys"
    )
    is_inbound = models.BooleanField(
        "inbound email only", default=False,
        help_text="A mail server's key: it may post raw email to /api/v1/inbound-email/ "
        "and do nothing else.")

    objects = ApiKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"

    @property
    def is_integration(self) -> bool:
        return self.user_id is None and not self.is_inbound

    def acting_user(self):
        """The key's user with their role set from the memberships read with the key (by
        `get_usable_keys`), so no second query asks for the groups."""
        user = self.user
        if user is not None and hasattr(self, "user_is_manager"):
            member_of = {Role.MANAGER: self.user_is_manager, Role.AGENT: self.user_is_agent}
            user.role = user.role_among({role for role, yes in member_of.items() if yes})  # cached
        return user


class IdempotentRequest(models.Model):
    """A POST made with an `Idempotency-Key`, remembered for a day so a retry replays the
    first answer instead of doing the work again (see `recovery.idempotency`).

    The row is committed before the work starts: a repeat that arrives meanwhile finds it
    without `completed_at` and is told to wait (409).
    """

    scope = models.CharField(max_length=200, help_text="key:<api key id> or user:<user id>")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path, body")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    response_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint("scope", "key", name="idempotency_key_per_scope")]
        indexes = [models.Index("created_at", name="idempotency_created_idx")]

    def __str__(self):
        return f"{self.scope} {self.key}"


class PeopleChange(models.Model):
    """One change to a person made on the People pages (`accounts.people`): who did what to
    whom, and when. Shown on the person's page; never edited (the admin only shows it)."""

    class What(models.TextChoices):
        INVITED = "invited", "Invited"
        INVITATION_RESENT = "invitation_resent", "Invitation sent again"
        PASSWORD_SET = "password_set", "Set their password"
        NAME = "name", "Name"
        ROLE = "role", "Role"
        APPROVAL_LIMIT = "approval_limit", "Approval limit"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"
        API_KEY_ISSUED = "api_key_issued", "Issued an API key"
        API_KEY_REVOKED = "api_key_revoked", "Revoked an API key"

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="people_changes")
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+", help_text="Empty: the person themselves")
    what = models.CharField(max_length=20, choices=What.choices)
    from_value = models.CharField(max_length=200, blank=True)
    to_value = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    # An invitation's email: set by the task that sends it, so a task run twice sends once.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "-at"], name="people_change_person_idx")]

    def __str__(self):
        return f"{self.person}: {self.get_what_display()}"
