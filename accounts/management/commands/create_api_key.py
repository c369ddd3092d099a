from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiKey, User


class Command(BaseCommand):
    help = (
        "Create an API key and print it once (only its hash is stored). With --user, the key "
        "acts as that user; without, it is an integration's key. With --inbound, it is a mail "
        "server's key for POST /api/v1/inbound-email/ and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="what the key is for, e.g. 'Shop' (50 characters max)")
        parser.add_argument("--user", metavar="EMAIL", help="the user the key acts as")
        parser.add_argument("--inbound", action="store_true",
                            help="a mail server's key: it may only post raw email")

    def handle(self, *args, name, user, inbound=False, **options):
        if not name.strip() or len(name) > 50:
            raise CommandError("NAME must be 1 to 50 characters")
        if inbound and user:
            raise CommandError("An inbound key acts as no one: give --inbound or --user")
        owner = None
        if user:
            owner = User.objects.filter(email__iexact=user).first()
            if owner is None:
                raise CommandError(f"No user with the email {user}")
        _, key = ApiKey.objects.create_key(name=name.strip(), user=owner,
                                           is_inbound=inbound)
        self.stdout.write(key)
