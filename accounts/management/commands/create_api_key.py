from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiKey, User


class Command(BaseCommand):
    help = (
        "Create an API key and print it once (only its hash is stored). With --user, the key "
        "acts as that user; without, it is an integration's key."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="what the key is for, e.g. 'Shop' (50 characters max)")
        parser.add_argument("--user", metavar="EMAIL", help="the user the key acts as")

    def handle(self, *args, name, user, **options):
        if not name.strip() or len(name) > 50:
            raise CommandError("NAME must be 1 to 50 characters")
        owner = None
        if user:
            owner = User.objects.filter(email__iexact=user).first()
            if owner is None:
                raise CommandError(f"No user with the email {user}")
        _, key = ApiKey.objects.create_key(name=name.strip(), user=owner)
        self.stdout.write(key)
