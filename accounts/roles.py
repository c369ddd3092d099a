"""Giving people their desk role. The groups themselves come from a migration."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Role, User


@transaction.atomic
def create_desk_user(email, *, role, password=None, first_name="", last_name="") -> User:
    """Create a user with one desk role. No desk role is staff: the admin is superusers'
    (recovery/admin_site.py); managers manage people on the People pages.

    Raises ValueError for an unknown role or an email already in use.
    """
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}")
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"A user with the email {email} already exists")
    user = User.objects.create_user(
        email,
        password,
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(Group.objects.get(name=role))
    return user
