"""API keys issued and revoked by managers on the desk (`/people/api-keys/`), as they did in
the admin before it became superusers' only: an integration's key, a mail server's inbound
key, or a key of their own. A key acts as its user, so a key for someone else (who could
then be acted as) stays a superuser's (admin, or `create_api_key --user`). Each issue and
revocation is recorded on the manager's page (`PeopleChange`)."""

from django.db import transaction

from recovery.errors import RecoveryError

from .models import ApiKey, PeopleChange

INTEGRATION, INBOUND, MINE = "integration", "inbound", "mine"
KINDS = [(INTEGRATION, "An integration's (a shop, a CRM): logs cases, reads only its own"),
         (INBOUND, "A mail server's: may only hand over raw email"),
         (MINE, "Mine: acts as me, with my role")]


def kind_of(key) -> str:
    if key.is_inbound:
        return "inbound email"
    return "integration" if key.user_id is None else f"personal ({key.user.email})"


def issue(name, *, kind, by) -> tuple[ApiKey, str]:
    """A new key and its secret, which is shown once (only its hash is kept).

    Raises RecoveryError for an empty name or an unknown kind."""
    name = name.strip()
    if not name:
        raise RecoveryError("Name the key after what uses it.", field="name")
    if kind not in dict(KINDS):
        raise RecoveryError("Choose what the key is for.", field="kind")
    with transaction.atomic():
        key, secret = ApiKey.objects.create_key(
            name=name, user=by if kind == MINE else None, is_inbound=kind == INBOUND)
        PeopleChange.objects.create(person=by, by=by, what=PeopleChange.What.API_KEY_ISSUED,
                                    to_value=f"{name} ({kind_of(key)}, {key.prefix}…)")
    return key, secret


def may_revoke(key, person) -> bool:
    """Integration and inbound keys, and one's own; another person's key is theirs (or a
    superuser's) to revoke, and deactivating them revokes it."""
    return key.user_id in (None, person.pk) or person.is_superuser


def revoke(key, *, by) -> ApiKey:
    """Revoke a key: it authenticates nothing from now on. Revoking a revoked key changes
    nothing. Raises RecoveryError for someone else's personal key."""
    if not may_revoke(key, by):
        raise RecoveryError("Only its owner or a superuser revokes a person's key.",
                            code="not_yours")
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked:
            return key
        key.revoked = True
        key.save(update_fields=["revoked"])
        PeopleChange.objects.create(person=by, by=by, what=PeopleChange.What.API_KEY_REVOKED,
                                    to_value=f"{key.name} ({kind_of(key)}, {key.prefix}…)")
    return key
