import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.models import Role
from accounts.roles import create_desk_user


class Command(BaseCommand):
    help = (
        "Create a desk user with a role. "
        "Without --password, a password is generated and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, email, role, password, first_name, last_name, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not a valid email address") from exc
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        try:
            user = create_desk_user(
                email, role=role, password=password, first_name=first_name, last_name=last_name
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {role} {user.email}"))
        if generated:
            self.stdout.write(f"Password: {password}")
