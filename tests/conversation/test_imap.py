"""Email in through the IMAP door, against a real dovecot on loopback (tests/imap.py) and
real PostgreSQL: each message read once, none lost, a worker killed mid-batch doubling
nothing, one bad message stopping nothing."""

import ssl
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connections

from apologies import flow
from cases.models import Case
from conversation import inbound, mailbox, tasks
from conversation.models import InboundEmail, MailboxState

from ..apologies.steps import complete
from ..factories import CaseFactory, deliver_queued
from .test_inbound import raw_email

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
SEEN, PROCESSED = b"\\Seen", b"$Processed"


def emails(count: int, **kwargs) -> list[bytes]:
    return [raw_email(subject=f"Complaint {n}", body=f"Problem number {n}.",
                      sender=f"customer{n}@example.org", **kwargs) for n in range(count)]


def test_an_email_in_the_mailbox_becomes_a_case_and_is_flagged_read(imap_server):
    imap_server.append(raw_email(subject="My kettle arrived broken",
                                 body="The lid was cracked."))
    polled = mailbox.poll(imap_server.url)
    assert (polled.fetched, polled.recorded) == (1, 1)
    case = Case.objects.get()
    assert (case.title, case.channel, case.customer.email) == (
        "My kettle arrived broken", "email", "pat.doe@example.org")
    assert case.messages.get(kind="complaint").body == "The lid was cracked."
    assert InboundEmail.objects.get().mailbox == "imap:INBOX"
    [flags] = imap_server.flags()
    assert {SEEN, PROCESSED} <= flags


def test_a_reply_to_the_apology_lands_on_its_case_once_without_the_quote(imap_server, agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    deliver_queued()
    apology = case.messages.get(kind="apology")
    body = ("Thank you, that is kind.\n\nPat\n\n"
            "On Tue, 1 Dec 2026 at 10:00, Recovery Desk <desk@example.com> wrote:\n"
            "> We are sorry.\n> We made a mistake.\n")
    imap_server.append(raw_email(subject="Re: We are sorry", body=body,
                                 sender=f"Pat <{case.customer.email}>",
                                 in_reply_to=apology.message_id))
    assert mailbox.poll(imap_server.url).recorded == 1
    again = mailbox.poll(imap_server.url)
    assert (again.fetched, again.recorded) == (0, 0)
    [reply] = case.messages.filter(kind="reply")
    assert reply.body.startswith("Thank you, that is kind.")
    assert "We made a mistake" not in reply.body and "We made a mistake" in reply.full_body
    assert Case.objects.count() == 1 and InboundEmail.objects.count() == 1


def test_a_poll_that_lost_its_place_reads_everything_again_and_records_nothing_twice(
        imap_server):
    imap_server.append(*emails(3))
    assert mailbox.poll(imap_server.url).recorded == 3
    MailboxState.objects.all().delete()  # as if the poll had never run
    again = mailbox.poll(imap_server.url)
    assert (again.fetched, again.duplicates, again.recorded) == (3, 3, 0)
    assert Case.objects.count() == 3 and InboundEmail.objects.count() == 3


def test_a_malformed_message_between_two_good_ones_leaves_the_good_ones_processed(
        imap_server):
    bad = (b"From: =?x-unknown?B?////?= <bad@example.org>\r\nSubject: \xff\xfe caf\xe9\r\n"
           b"Content-Type: multipart/mixed; boundary=\"zz\"\r\nMessage-ID: <bad@x>\r\n\r\n"
           b"--zz\r\nContent-Type: text/plain; charset=x-klingon\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n!!!not base64\r\n")
    first, third = emails(2)
    imap_server.append(first, bad, third)
    polled = mailbox.poll(imap_server.url)
    assert polled.fetched == 3 and polled.recorded >= 2
    assert set(Case.objects.values_list("title", flat=True)) >= {"Complaint 0", "Complaint 1"}
    assert InboundEmail.objects.get(message_id="<bad@x>").raw  # kept as it came
    assert all(SEEN in flags for flags in imap_server.flags())


def test_a_bug_in_receive_skips_the_message_and_leaves_it_unread(imap_server, monkeypatch):
    real = inbound.receive

    def receive(raw, *, mailbox):
        if b"Problem number 1." in raw:
            raise ValueError("a bug")
        return real(raw, mailbox=mailbox)

    monkeypatch.setattr(inbound, "receive", receive)
    imap_server.append(*emails(3))
    polled = mailbox.poll(imap_server.url)
    assert (polled.recorded, polled.failed) == (2, 1)
    assert [SEEN in flags for flags in imap_server.flags()] == [True, False, True]
    assert MailboxState.objects.get().last_uid == 3


def test_a_new_uidvalidity_reads_the_folder_again_without_doubling(imap_server):
    old = emails(2)
    imap_server.append(*old, folder="Support")
    url = imap_server.url_of("Support")
    assert mailbox.poll(url).recorded == 2
    before = MailboxState.objects.get(mailbox="imap:Support").uidvalidity
    with imap_server.client() as client:  # the server renumbers: the folder made anew
        client.delete_folder("Support")
    imap_server.append(*old, raw_email(subject="One more", body="And another thing."),
                       folder="Support")
    polled = mailbox.poll(url)
    state = MailboxState.objects.get(mailbox="imap:Support")
    assert state.uidvalidity != before and polled.renumbered
    assert (polled.fetched, polled.duplicates, polled.recorded) == (3, 2, 1)
    assert Case.objects.count() == 3 and InboundEmail.objects.count() == 3


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(imap_server, monkeypatch):
    real, calls = inbound.receive, []

    def killed_on_the_third(raw, *, mailbox):
        received = real(raw, mailbox=mailbox)
        calls.append(received)
        if len(calls) == 3:  # recorded, then killed before the poll moved past it
            raise SystemExit("worker killed")
        return received

    monkeypatch.setattr(inbound, "receive", killed_on_the_third)
    imap_server.append(*emails(5))
    with pytest.raises(SystemExit):
        mailbox.poll(imap_server.url)
    assert MailboxState.objects.get().last_uid == 2 and InboundEmail.objects.count() == 3

    monkeypatch.setattr(inbound, "receive", real)  # the worker comes back
    polled = mailbox.poll(imap_server.url)
    assert (polled.fetched, polled.duplicates, polled.recorded) == (3, 1, 2)
    assert Case.objects.count() == 5 and InboundEmail.objects.count() == 5
    assert sorted(Case.objects.values_list("title", flat=True)) == [
        f"Complaint {n}" for n in range(5)]
    assert all(SEEN in flags for flags in imap_server.flags())


def test_a_poll_takes_a_bounded_batch_and_the_next_goes_on(imap_server):
    imap_server.append(*emails(5))
    first = mailbox.poll(imap_server.url, limit=3)
    assert (first.recorded, first.more) == (3, True)
    second = mailbox.poll(imap_server.url, limit=3)
    assert (second.recorded, second.more) == (2, False)
    assert Case.objects.count() == 5


def test_two_polls_never_run_at_once(imap_server):
    imap_server.append(*emails(1))
    other = connections.create_connection("default")  # another worker, polling now
    key = mailbox.lock_key("imap:INBOX")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            assert cursor.fetchone()[0]
        assert mailbox.poll(imap_server.url).skipped and not Case.objects.exists()
    finally:
        other.close()  # its lock goes with its connection, as a dead worker's does
    # The server ends the closed connection's backend (and frees its lock) a moment after
    # the client hangs up: the next poll within a few seconds goes ahead.
    deadline = time.monotonic() + 5
    while (polled := mailbox.poll(imap_server.url)).skipped and time.monotonic() < deadline:
        time.sleep(0.05)
    assert polled.recorded == 1


def test_the_beat_task_does_nothing_without_a_mailbox(settings):
    settings.INBOUND_IMAP_URL = ""
    tasks.poll_mailbox.delay()
    assert not MailboxState.objects.exists() and not InboundEmail.objects.exists()
    entry = django_settings.CELERY_BEAT_SCHEDULE["poll-mailbox"]
    assert entry["task"] == "conversation.tasks.poll_mailbox"
    assert entry["options"]["expires"] == entry["schedule"]


def test_the_beat_task_and_the_command_poll_the_configured_mailbox(imap_server, settings,
                                                                   capsys):
    settings.INBOUND_IMAP_URL = imap_server.url
    imap_server.append(*emails(1))
    tasks.poll_mailbox.delay()
    assert Case.objects.count() == 1
    imap_server.append(raw_email(subject="By hand", body="Polled by hand."))
    call_command("poll_mailbox")
    assert "1 fetched, 1 recorded" in capsys.readouterr().out
    settings.INBOUND_IMAP_URL = ""
    with pytest.raises(CommandError, match="INBOUND_IMAP_URL"):
        call_command("poll_mailbox")


def test_the_mailbox_url_is_read_as_documented():
    address = mailbox.parse_url("imaps://desk%40example.com:p%40ss@mail.example.com/Support")
    assert (address.host, address.port, address.use_ssl) == ("mail.example.com", 993, True)
    assert (address.username, address.password) == ("desk@example.com", "p@ss")
    assert address.folder == "Support" and address.name == "imap:Support"
    plain = mailbox.parse_url("imap://u:p@127.0.0.1")
    assert (plain.port, plain.use_ssl, plain.folder) == (143, False, "INBOX")
    with pytest.raises(mailbox.MailboxUrlError):
        mailbox.parse_url("https://u:p@example.com/")


def test_large_emails_are_fetched_a_few_at_a_time(imap_server, monkeypatch):
    monkeypatch.setattr(mailbox, "FETCH_BYTES", 3000)
    big = [raw_email(subject=f"Photos {n}", body="x" * 2000, sender=f"c{n}@example.org")
           for n in range(3)]
    imap_server.append(*big, *emails(2))
    fetches, real_group = [], mailbox._take_group

    def take_group(client, uids, *args):
        fetches.append(list(uids))
        return real_group(client, uids, *args)

    monkeypatch.setattr(mailbox, "_take_group", take_group)
    assert mailbox.poll(imap_server.url).recorded == 5
    assert fetches == [[1], [2], [3, 4, 5]]


def test_imaps_checks_the_servers_certificate(imaps_server, monkeypatch):
    imaps_server.append(*emails(1))
    url = imaps_server.url.replace("imap://", "imaps://").replace(
        f":{imaps_server.port}/", f":{imaps_server.tls_port}/")
    with pytest.raises(ssl.SSLCertVerificationError):  # self-signed: not trusted
        mailbox.poll(url)
    assert not InboundEmail.objects.exists()
    monkeypatch.setenv("SSL_CERT_FILE", str(imaps_server.cert))  # now it is
    assert mailbox.poll(url).recorded == 1
