"""Managing the desk's people: inviting, changing role, name and approval limit,
deactivating and reactivating. One function per move, each in one transaction, each writing
a `PeopleChange` the person's page shows ("who changed what, when").

None of these can make anyone staff or superuser: they touch only the names, the desk role
(the `agent`/`manager` group), the approval limit and `is_active`. A superuser is changed in
the admin only, so a manager cannot lock the admin's keeper out.

Errors are `RecoveryError`s naming the form field they belong to.
"""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from cases import work
from cases.choices import ACTIVE_STATUSES
from cases.filters import forget_desk_people
from cases.models import Case
from recovery import enqueue
from recovery.errors import RecoveryError

from .models import ApiKey, PeopleChange, Role, User

What = PeopleChange.What


class InvitationTokens(PasswordResetTokenGenerator):
    """The invitation's set-password link. Its own salt, so a password-reset link is no
    invitation and the reverse; like Django's, it expires after PASSWORD_RESET_TIMEOUT and
    dies once used (it hashes the password, which setting one changes) or when the
    invitation is sent again (which draws a new unusable password)."""

    key_salt = "accounts.people.InvitationTokens"


invitation_tokens = InvitationTokens()


def _record(person, what, *, by, from_value="", to_value="", note="") -> PeopleChange:
    return PeopleChange.objects.create(person=person, by=by, what=what, from_value=from_value,
                                       to_value=to_value, note=note)


def _lock(person) -> User:
    return User.objects.select_for_update().get(pk=person.pk)


def _changeable(person):
    if person.is_superuser:
        raise RecoveryError("A superuser is changed in the admin only.", code="superuser")


def _lock_managers():
    """One change of managers at a time: two managers demoting each other at once would
    otherwise both see the other still there and leave the desk with none."""
    Group.objects.select_for_update().get(name=Role.MANAGER)


def _other_active_managers(person) -> bool:
    return User.objects.managers().exclude(pk=person.pk).exists()


def role_of(person) -> str:
    """The desk role by group (not `User.role`, which is None for someone deactivated)."""
    names = set(person.groups.values_list("name", flat=True))
    return Role.MANAGER if Role.MANAGER in names else Role.AGENT


def invite(email, *, role, first_name="", last_name="", by) -> User:
    """A new person at the desk, without a usable password, and an email (sent after
    commit) with a link to set one.

    Raises RecoveryError (field `email`) when someone at the desk has this address, and
    (field `role`) for a role that is not the desk's.
    """
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Role.values:
        raise RecoveryError("Choose agent or manager.", field="role")
    taken = RecoveryError("Someone at the desk already has this email address. To invite "
                          "them again, use “Send the invitation again” on their page.",
                          code="taken", field="email")
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise taken
        try:
            with transaction.atomic():
                person = User.objects.create_user(email, None, first_name=first_name.strip(),
                                                  last_name=last_name.strip())
        except IntegrityError:  # another manager invited the same address a moment ago
            raise taken from None
        person.groups.add(Group.objects.get(name=role))
        forget_desk_people()
        change = _record(person, What.INVITED, by=by, to_value=role)
        _email_invitation(change)
    return person


def resend_invitation(person, *, by) -> PeopleChange:
    """Send the invitation again, with a new link (the old one stops working).

    Raises RecoveryError when they have set a password already or are deactivated.
    """
    with transaction.atomic():
        person = _lock(person)
        if not person.is_active:
            raise RecoveryError("Reactivate them before inviting them again.", code="inactive")
        if person.has_usable_password():
            raise RecoveryError("They have set their password already.", code="accepted")
        person.set_unusable_password()  # a new one: the earlier link no longer matches
        person.save(update_fields=["password"])
        change = _record(person, What.INVITATION_RESENT, by=by)
        _email_invitation(change)
    return change


def _email_invitation(change):
    from .tasks import send_invitation  # the task's module imports this one (via invitations)

    enqueue.after_commit(send_invitation, change.pk)


def accept_invitation(person, password) -> User:
    """The invited person sets their password (the link's token was checked by the page).

    Raises RecoveryError when a password was set meanwhile: the same link posted twice at
    once passes the token check twice, and only the first may win."""
    with transaction.atomic():
        person = _lock(person)
        if person.has_usable_password() or not person.is_active:
            raise RecoveryError("This link has been used already.", code="used")
        person.set_password(password)
        person.save(update_fields=["password"])
        _record(person, What.PASSWORD_SET, by=None)
    return person


def change(person, *, first_name, last_name, role, approval_limit: Decimal | None, by) -> User:
    """Change a person's name, desk role and own approval limit (None: the customer's
    tier's limit, else the desk's default). Each field that changes is recorded.

    Raises RecoveryError for a superuser, an unknown role, a negative limit, or demoting
    the last active manager.
    """
    _changeable(person)
    if role not in Role.values:
        raise RecoveryError("Choose agent or manager.", field="role")
    if approval_limit is not None and approval_limit < 0:
        raise RecoveryError("A limit cannot be negative.", field="approval_limit")
    with transaction.atomic():
        if role != Role.MANAGER:
            _lock_managers()
        person = _lock(person)
        before = role_of(person)
        if before == Role.MANAGER and role != Role.MANAGER and person.is_active \
                and not _other_active_managers(person):
            raise RecoveryError("They are the last active manager: make someone else a "
                                "manager first.", code="last_manager", field="role")
        name = f"{first_name.strip()} {last_name.strip()}".strip()
        if name != person.get_full_name():
            _record(person, What.NAME, by=by, from_value=person.get_full_name(), to_value=name)
            person.first_name, person.last_name = first_name.strip(), last_name.strip()
        if approval_limit != person.approval_limit:
            _record(person, What.APPROVAL_LIMIT, by=by, from_value=_limit(person.approval_limit),
                    to_value=_limit(approval_limit))
            person.approval_limit = approval_limit
        person.save(update_fields=["first_name", "last_name", "approval_limit"])
        forget_desk_people()
        if role != before:
            person.groups.remove(*Group.objects.filter(name__in=Role.values))
            person.groups.add(Group.objects.get(name=role))
            _record(person, What.ROLE, by=by, from_value=before, to_value=role)
    return person


def _limit(value) -> str:
    return "the default" if value is None else f"{value}"


def open_cases(person):
    """The cases someone still has to finish: handed on when they leave."""
    return (Case.objects.active().assigned_to(person).select_related("customer")
            .order_by("created_at"))


def deactivate(person, *, reassign_to=None, by) -> PeopleChange:
    """Take someone off the desk: they can no longer sign in, their sessions end, their
    personal API keys are revoked, and their open cases go to `reassign_to` (None: back to
    the queue, unassigned), each through `work.assign` and so with its timeline event.

    Raises RecoveryError for oneself, a superuser, the last active manager, someone already
    deactivated, or a `reassign_to` who is not an active desk person.
    """
    if person.pk == by.pk:
        raise RecoveryError("You cannot deactivate yourself.", code="self")
    _changeable(person)
    if reassign_to is not None and (reassign_to.pk == person.pk or not reassign_to.is_desk_user):
        raise RecoveryError("Choose someone active at the desk.", field="reassign_to")
    with transaction.atomic():
        _lock_managers()
        person = _lock(person)
        if not person.is_active:
            raise RecoveryError("They are deactivated already.", code="inactive")
        if role_of(person) == Role.MANAGER and not _other_active_managers(person):
            raise RecoveryError("They are the last active manager.", code="last_manager")
        person.is_active = False
        person.save(update_fields=["is_active"])
        forget_desk_people()
        cases = list(open_cases(person).select_for_update(of=("self",)))
        for case in cases:
            work.assign(case, reassign_to, by=by)
        keys = ApiKey.objects.filter(user=person, revoked=False).update(revoked=True)
        sessions = _end_sessions(person)
        return _record(person, What.DEACTIVATED, by=by, note=_summary(
            len(cases), reassign_to, keys, sessions))


def _summary(cases, reassign_to, keys, sessions) -> str:
    to = f"to {reassign_to.display_name}" if reassign_to else "back to the queue, unassigned"
    return (f"{cases} open case{'s' * (cases != 1)} {to}; {keys} API key{'s' * (keys != 1)} "
            f"revoked; {sessions} session{'s' * (sessions != 1)} ended.")


def _end_sessions(person) -> int:
    """Delete the person's sessions. Stored sessions are signed blobs, so each live one is
    decoded to see whose it is; a desk has a few hundred at most."""
    mine = [session.pk for session in Session.objects.filter(expire_date__gt=timezone.now())
            if session.get_decoded().get("_auth_user_id") == str(person.pk)]
    return Session.objects.filter(pk__in=mine).delete()[0]


def reactivate(person, *, by) -> PeopleChange:
    """Let someone back on the desk. Their revoked API keys stay revoked (issue new ones)."""
    _changeable(person)
    with transaction.atomic():
        person = _lock(person)
        if person.is_active:
            raise RecoveryError("They are active already.", code="active")
        person.is_active = True
        person.save(update_fields=["is_active"])
        forget_desk_people()
        return _record(person, What.REACTIVATED, by=by)


def directory(search=""):
    """Everyone at the desk (a desk role or a superuser), active first, with `in_manager`
    and the number of `open_cases` they hold, in one query whatever the number of people."""
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    people = User.objects.annotate(
        in_manager=Exists(memberships.filter(group__name=Role.MANAGER)),
        in_desk=Exists(memberships.filter(group__name__in=Role.values)),
        open_cases=Count("assigned_cases", filter=Q(assigned_cases__status__in=ACTIVE_STATUSES)),
    ).filter(Q(in_desk=True) | Q(is_superuser=True))
    for word in search.split():
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word)
                               | Q(email__icontains=word))
    return people.order_by("-is_active", "first_name", "last_name", "email")
