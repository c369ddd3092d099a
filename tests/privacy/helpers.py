"""A customer the desk knows in every way it can: cases through the browser's domain and the
API (with an Idempotency-Key), all five steps, notes, messages out and in, a raw email kept
with an attachment, a file an agent added, a survey answer with a comment, an archived
apology, a webhook delivery, an integration's own account of them, a notification, a
reminder's error naming their address, the admin's history of a change to them."""

from email.message import EmailMessage
from urllib.parse import urlencode

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apologies import surveys
from cases import saved_views, work
from cases.intake import CustomerDetails
from cases.models import Case, Customer, Notification, Reminder
from conversation import attachments, inbound, writing
from conversation.models import MessageKind
from webhooks.models import Subscription

from ..archive.helpers import closed_case
from ..conversation.test_attachments import png
from ..factories import deliver_queued

NAME, FIRST, LAST = "Quillon Vantwerp", "Quillon", "Vantwerp"
EMAIL = "quillon.vantwerp@zeta-mail.example"
COMPANY = "Vantwerp Trading"
PHONE = "+44 7700 900123"
OWN_WORD = "Zanzibarquux"  # only ever in what the customer wrote themselves
IDENTIFIERS = [FIRST, LAST, EMAIL, "quillon.vantwerp", COMPANY, "7700 900123", "7700900123",
               OWN_WORD]


def customer_with_everything(agent, manager, manager_api, integration_api):
    Subscription.objects.create(url="https://hooks.example.com/desk", owner=manager,
                                events=["case.created", "case.closed", "case.reopened"])
    archived = closed_case(
        agent, title=f"Vase broken for {NAME}",
        customer=CustomerDetails(email=EMAIL, name=NAME, company=COMPANY),
        description=f"{NAME} called from {PHONE}: the vase from {COMPANY}'s order broke.",
        texts={"regret": {"content": f"{FIRST}, we are truly sorry that your anniversary "
                                     "gift arrived broken."}})
    work.add_note(archived, f"Called {FIRST} back on {PHONE}; wife of {LAST} senior.", by=agent)
    surveys.record_answer(archived, csat=2, nps=3,
                          comment=f"{OWN_WORD}! Still no vase. {NAME}, {PHONE}")
    Notification.objects.create(recipient=manager, case=archived, kind="low_score",
                                subject=f"{NAME} is unhappy", body=f"Call {EMAIL}")
    assert Reminder.objects.filter(case=archived).update(last_error=f"550 {EMAIL}: no such user")
    LogEntry.objects.create(  # a superuser corrected the customer in the admin
        user=manager, content_type=ContentType.objects.get_for_model(Customer),
        object_id=str(archived.customer_id), object_repr=f"{NAME} <{EMAIL}>",
        action_flag=CHANGE, change_message=f'[{{"changed": {{"fields": ["Name"]}}}}] {LAST}')

    answer = manager_api.post("/api/v1/cases/", {
        "customer": {"email": EMAIL, "name": NAME, "company": COMPANY},
        "title": f"Second order of {LAST} lost", "category": "shipping", "severity": "high",
        "channel": "phone", "description": f"Reach {FIRST} at {PHONE} or {EMAIL}.",
    }, format="json", HTTP_IDEMPOTENCY_KEY="privacy-1")
    assert answer.status_code == 201, answer.content
    second = Case.objects.get(reference=answer.json()["reference"])
    writing.send(second, MessageKind.UPDATE,
                 f"Dear {FIRST}, we are looking for your parcel; we will call {PHONE}.",
                 by=agent)
    deliver_queued()
    attachments.store(second, png(), "label.png", by=agent)
    received = inbound.receive(_email_in(second), mailbox="pipe")
    assert received.record.recorded_as is not None

    told = integration_api.post("/api/v1/cases/", {
        "customer": {"email": EMAIL, "name": "Q. Vantwerp-Smith"}, "title": "Refund missing",
        "category": "billing", "severity": "low", "channel": "api"}, format="json")
    assert told.status_code == 201, told.content
    # an agent keeps a queue view that searches for them; another customer's stays as it is
    saved_views.save_view(f"{NAME}'s cases", urlencode({"q": EMAIL, "status": "active"}),
                          by=agent)
    saved_views.save_view("Bo's cases", "q=bo%40example.se", by=agent)
    return Customer.objects.get(email=EMAIL)


def _email_in(case) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"{NAME} <{EMAIL}>"
    mail["To"] = "desk@recovery.test"
    mail["Subject"] = f"Re: [{case.reference}] {OWN_WORD} parcel"
    mail["Message-ID"] = f"<q-{timezone.now().timestamp()}@zeta-mail.example>"
    mail.set_content(f"{OWN_WORD}: still nothing.\n\n{NAME}\n{PHONE}\n")
    mail.add_attachment(f"Receipt for {NAME}, {EMAIL}".encode(), maintype="text",
                        subtype="plain", filename="receipt.txt")
    return mail.as_bytes()
