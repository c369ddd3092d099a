from django.core.management.base import BaseCommand, CommandError

from conversation import mailbox


class Command(BaseCommand):
    help = ("Read the new emails of the IMAP mailbox now (INBOUND_IMAP_URL, or --url), as "
            "beat does every INBOUND_POLL_SECONDS.")

    def add_arguments(self, parser):
        parser.add_argument("--url", help="imaps://user:password@host:993/INBOX")
        parser.add_argument("--limit", type=int, default=mailbox.PER_POLL,
                            help="At most this many messages (default %(default)s)")

    def handle(self, *args, url=None, limit=mailbox.PER_POLL, **options):
        try:
            polled = mailbox.poll(url, limit=limit)
        except mailbox.MailboxUrlError as error:
            raise CommandError(str(error)) from error
        if polled is None:
            raise CommandError("No mailbox: set INBOUND_IMAP_URL (or pass --url).")
        self.stdout.write(str(polled))
