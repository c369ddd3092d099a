"""The customer's status page speaks: what we are doing, when they will hear from us, the
messages between us (never a private link's slot), the promises made and whether each is
kept; and a box to write back (`conversation.replies`)."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client

from cases import links, work
from cases.models import BusinessCalendar, Case, Notification
from conversation import emails, outbox, writing
from conversation.models import Direction, Message, MessageKind

from ..factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]

TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
GONE = "This link no longer works"


def status_path(case):
    return urlsplit(links.issue(case, links.STATUS)).path


def page_of(client, case, path=None):
    response = client.get(path or status_path(case))
    assert response.status_code == 200
    return response.content.decode()


def survey_to(case):
    """The survey as reminders write it: its stored text holds both links' slots."""
    context = {"case": case, "reminder": False, "survey_url": emails.SURVEY_SLOT,
               "status_url": emails.STATUS_SLOT}
    with transaction.atomic():
        outbox.queue(case, MessageKind.SURVEY, "How did we do?",
                     render_to_string("emails/survey.txt", context), record=False)


@pytest.fixture
def case(agent):
    with time_machine.travel(TUESDAY, tick=False):
        return CaseFactory(by=agent, assignee=agent, title="VIP - refund fraud?",
                           customer_title="Your broken vase")


@time_machine.travel(TUESDAY + timedelta(hours=1), tick=False)
def test_the_page_says_when_they_hear_from_us_next_in_the_desks_time_zone(client, case):
    BusinessCalendar.objects.update_or_create(pk=1, defaults={"time_zone": "Europe/Paris"})
    Case.objects.filter(pk=case.pk).update(
        next_update_due_at=datetime(2026, 12, 7, 11, 0, tzinfo=UTC))
    page = page_of(client, case)
    assert "Your broken vase" in page and "fraud" not in page
    assert "You will hear from us <strong>by Monday 7 December, 12:00 CET</strong>" in page
    # Without a next update owed, the resolution target is the date they can expect.
    Case.objects.filter(pk=case.pk).update(next_update_due_at=None)
    case.refresh_from_db()
    expected = case.resolution_due_at.astimezone(BusinessCalendar.current().zone)
    assert f"{expected:%A} {expected.day} {expected:%B}, {expected:%H:%M}" in page_of(client, case)


def test_the_page_shows_our_messages_and_theirs_in_order_without_link_slots(client, case, agent):
    writing.send(case, "update", "We have found your parcel.\nIt is on its way back.", by=agent)
    survey_to(case)
    page = page_of(client, case)
    ack, update, survey = (page.index("We confirmed we have your report"),
                           page.index("An update from us"), page.index("We asked how we did"))
    assert ack < update < survey
    assert "We have found your parcel.<br>It is on its way back." in page
    assert "Two questions and a comment box" in page
    assert "(the link to the survey is in our email)" in page
    assert "⟦" not in page and "status link" not in page and "You can follow your case" not in page
    assert "Alex" not in page and agent.email not in page  # no staff names


def test_a_question_says_we_are_waiting_for_their_answer(client, case, agent):
    assert "waiting for your answer" not in page_of(client, case)
    writing.send(case, "question", "Which colour was the vase?", by=agent)
    page = page_of(client, case)
    assert "We asked you a question — we are waiting for your answer" in page
    assert "A question from us" in page and "Which colour was the vase?" in page


def test_the_promises_show_whether_each_is_kept(client, case, agent):
    with time_machine.travel(TUESDAY, tick=False):
        kept = work.add_commitment(case, "Refund the vase", TUESDAY + timedelta(days=1), by=agent)
        work.add_commitment(case, "Send a new vase", TUESDAY + timedelta(days=2), by=agent)
        work.add_commitment(case, "Call you back", TUESDAY + timedelta(days=9), by=agent)
    with time_machine.travel(TUESDAY + timedelta(hours=5), tick=False):
        work.keep_commitment(kept, by=agent)
    with time_machine.travel(TUESDAY + timedelta(days=3), tick=False):
        page = page_of(client, case)
    promises = page[page.index("What we promised you"):page.index("Our messages")]
    refund, vase, call = (promises.index("Refund the vase"), promises.index("Send a new vase"),
                          promises.index("Call you back"))
    assert "Kept</span> Done on Tuesday 1 December" in promises[refund:vase]
    assert "Not kept yet</span> It was due Thursday 3 December, 10:00 UTC" in promises[vase:call]
    assert "Not yet due</span> Due by Thursday 10 December, 10:00 UTC" in promises[call:]


# An hour after the case was logged: its next update is still ahead (on the real date the
# targets of a case logged on TUESDAY have long passed, and the page says "very soon").
@time_machine.travel(TUESDAY + timedelta(hours=1))
def test_a_reply_is_a_message_an_event_and_an_email_to_the_assignee(
    client, case, agent, mailoutbox, django_capture_on_commit_callbacks
):
    path = status_path(case)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"text": "It was blue.\r\nThank you for asking."})
    assert response.status_code == 302 and response.url == path
    reply = Message.objects.get(case=case, direction=Direction.IN)
    assert (reply.kind, reply.state, reply.body) == ("reply", "received",
                                                     "It was blue.\nThank you for asking.")
    assert reply.address == case.customer.email and reply.message_id.startswith("<reply-")
    ack = Message.objects.get(case=case, kind="acknowledgement")
    assert reply.in_reply_to == ack.message_id and reply.references.split()[-1] == ack.message_id
    event = case.events.get(kind="customer_replied")
    assert event.note == reply.body and event.to_value == "on the status page"
    [email] = [m for m in mailoutbox if m.to == [agent.email]]
    assert case.reference in email.subject and "It was blue." in email.body
    assert Notification.objects.filter(recipient=agent, kind="customer_replied").count() == 1
    # PRG: back on the page, thanked, told who reads it and by when; the reply is there.
    page = client.get(path).content.decode()
    assert "Thank you: we have your message. The person looking after your case will read " \
           "it and write back by " in page
    assert "You wrote" in page and "It was blue.<br>Thank you for asking." in page


def test_with_nobody_assigned_the_managers_are_told(client, agent, manager, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    case = CaseFactory(by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_path(case), {"text": "Anyone there?"})
    assert [m.to for m in mailoutbox if "Anyone there?" in m.body] == [[manager.email]]
    page = client.get(status_path(case)).content.decode()
    assert "A person on our team will read it" in page


def test_an_answer_ends_the_wait_and_moves_the_resolution_target_on(client, case, agent):
    with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
        writing.send(case, "question", "Which colour was the vase?", by=agent)
    case.refresh_from_db()
    due = case.resolution_due_at
    assert case.waiting_on_customer
    with time_machine.travel(TUESDAY + timedelta(hours=4), tick=False):
        client.post(status_path(case), {"text": "Blue."})
    case.refresh_from_db()
    assert not case.waiting_on_customer and case.waiting_minutes == 180
    assert case.resolution_due_at == due + timedelta(minutes=180)  # around the clock
    assert case.events.filter(kind="waiting_ended").count() == 1
    assert "waiting for your answer" not in page_of(client, case)


def test_a_reply_to_a_closed_case_opens_it_again(client, case, agent):
    from apologies import flow

    from ..apologies.steps import complete

    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    flow.resolve(case, by=agent)
    flow.close(case, by=agent)
    assert "This case is closed" in page_of(client, case)
    client.post(status_path(case), {"text": "The new vase is broken too."})
    assert "You told us something is still not right" in page_of(client, case)
    case.refresh_from_db()
    assert case.status == "open" and case.closed_at is None
    reopened = case.events.get(kind="reopened")
    assert reopened.from_value == "closed" and "status page" in reopened.note


def test_the_sixth_reply_in_an_hour_is_refused_and_records_nothing(client, case, settings):
    path = status_path(case)
    with time_machine.travel(TUESDAY + timedelta(hours=1), tick=False):
        for n in range(settings.STATUS_REPLIES_PER_HOUR):
            assert client.post(path, {"text": f"Message {n}"}).status_code == 302
        sixth = client.post(path, {"text": "Message 6"})
    assert sixth.status_code == 429 and "Please wait a little" in sixth.content.decode()
    assert Message.objects.filter(case=case, direction="in").count() == 5
    assert case.events.filter(kind="customer_replied").count() == 5
    # Another link to the same case (a newer email) has its own allowance.
    assert client.post(status_path(case), {"text": "From the new email"}).status_code == 302


@pytest.mark.parametrize("text,error", [
    ("", "Write your message first."),
    ("   \r\n ", "Write your message first."),
    ("x" * 5001, "At most 5000 characters, please."),
    ("Hello\x07 there", "Remove the control characters from the text."),
    ("Hello\x1b[31m there", "Remove the control characters from the text."),
])
def test_bad_replies_are_field_errors(client, case, text, error):
    response = client.post(status_path(case), {"text": text})
    assert response.status_code == 200
    assert response.context["form"].errors == {"text": [error]}
    assert error in response.content.decode()
    assert not Message.objects.filter(case=case, direction="in").exists()


def test_a_reply_of_exactly_the_limit_is_taken(client, case):
    assert client.post(status_path(case), {"text": "x" * 5000}).status_code == 302


def test_markup_in_a_reply_is_escaped_on_the_status_page_and_the_case_page(
    client, agent_client, case
):
    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    path = status_path(case)
    client.post(path, {"text": markup})
    for page in (client.get(path).content.decode(),
                 agent_client.get(case.get_absolute_url()).content.decode()):
        assert markup not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_bad_link_is_the_gone_page_for_a_post_too(client, case, settings):
    token = urlsplit(links.issue(case, links.STATUS)).path.split("/")[2]
    for bad in (token[:-2] + "zz", "nonsense", "a:b"):
        response = client.post(f"/status/{bad}/", {"text": "Hello"})
        assert response.status_code == 404 and GONE in response.content.decode()
    later = datetime.now(UTC) + timedelta(days=settings.STATUS_LINK_DAYS, minutes=1)
    with time_machine.travel(later):
        expired = client.post(f"/status/{token}/", {"text": "Hello"})
    assert expired.status_code == 410 and GONE in expired.content.decode()
    assert not Message.objects.filter(case=case, direction="in").exists()


def test_a_revoked_link_is_gone_too_and_says_the_same(client, case, agent):
    path = status_path(case)
    links.revoke(case, by=agent)
    revoked = client.get(path)
    assert revoked.status_code == 410
    unknown = client.get("/status/" + "x" * 43 + "/")
    assert unknown.status_code == 404 and unknown.content == revoked.content


def test_the_reply_form_is_protected_by_csrf(case):
    strict = Client(enforce_csrf_checks=True)
    path = status_path(case)
    assert strict.post(path, {"text": "Hello"}).status_code == 403
    page = strict.get(path)
    token = page.cookies["csrftoken"].value
    assert strict.post(path, {"text": "Hello", "csrfmiddlewaretoken": token}).status_code == 302


@pytest.mark.parametrize("count", [1, 30])
def test_the_page_costs_the_same_queries_however_long_the_conversation(
    client, case, agent, count, django_assert_num_queries
):
    for n in range(count - 1):  # the acknowledgement is the first
        if n % 3 == 2:
            client.post(status_path(case), {"text": f"Reply {n}"})
        else:
            writing.send(case, "update", f"Update {n}", by=agent)
    work.add_commitment(case, "Refund the vase", TUESDAY + timedelta(days=400), by=agent)
    assert case.messages.count() == count
    path = status_path(case)
    client.get(path)  # the session and CSRF cookies, as a returning customer has them
    # with the files they sent; the calendar (its time zone) is kept by the process
    with django_assert_num_queries(5):
        client.get(path)
