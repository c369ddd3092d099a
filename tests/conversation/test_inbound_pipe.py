"""The mail server's pipe: `POST /api/v1/inbound-email/` takes one raw RFC 822 message from
a key made with `create_api_key NAME --inbound`, and that key can do nothing else."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import ApiKey
from apologies import flow
from cases.models import Case
from conversation.models import InboundEmail

from ..apologies.steps import complete
from ..factories import CaseFactory, deliver_queued
from .test_inbound import CUSTOMER, raw_email

pytestmark = [pytest.mark.django_db, pytest.mark.acknowledging]
PIPE = "/api/v1/inbound-email/"
RFC822 = "message/rfc822"


def _client(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


@pytest.fixture
def pipe():
    out = StringIO()
    call_command("create_api_key", "Postfix", "--inbound", stdout=out)
    return _client(out.getvalue().strip())


def _post(client, raw, content_type=RFC822):
    return client.generic("POST", PIPE, raw, content_type=content_type)


def test_a_new_email_through_the_pipe_opens_a_case(pipe, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(pipe, raw_email(subject="Kettle broken", body="The lid cracked."))
    assert response.status_code == 202, response.content
    body = response.json()
    case = Case.objects.get(reference=body["case"])
    assert body["created"] is True and case.messages.get(kind="complaint").pk == body["message"]
    assert (case.channel, case.customer.email) == ("email", CUSTOMER)
    assert InboundEmail.objects.get().mailbox == "pipe"
    assert [email.to for email in mail.outbox] == [[CUSTOMER]]  # acknowledged
    again = _post(pipe, raw_email(subject="Kettle broken", body="The lid cracked."))
    assert again.status_code == 202 and "already received" in again.json()["ignored"]
    assert Case.objects.count() == 1


def test_a_reply_to_the_apology_lands_on_its_case(pipe, agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    deliver_queued()
    apology = case.messages.get(kind="apology")
    response = _post(pipe, raw_email(subject="Re: We are sorry", body="Thank you.",
                                     sender=case.customer.email,
                                     in_reply_to=apology.message_id))
    assert response.status_code == 202
    reply = case.messages.get(kind="reply")
    assert response.json() == {"case": case.reference, "message": reply.pk, "created": False}


def test_an_auto_reply_is_ignored_and_says_why(pipe):
    response = _post(pipe, raw_email(headers={"Auto-Submitted": "auto-replied"}))
    assert response.status_code == 202 and response.json()["ignored"]
    assert not Case.objects.exists() and mail.outbox == []


def test_bad_requests_are_400_and_415_never_500(pipe):
    assert _post(pipe, b"").status_code == 400
    assert _post(pipe, b"   \r\n").status_code == 400
    assert _post(pipe, raw_email(), content_type="text/plain").status_code == 415
    assert pipe.post(PIPE, {"raw": "x"}, format="json").status_code == 415
    junk = _post(pipe, b"\xff\xfe not an email at all \x00\x01")
    assert junk.status_code == 202
    assert not Case.objects.exists()


def test_a_30_mb_message_is_recorded_and_refused_politely(
        pipe, settings, django_capture_on_commit_callbacks):
    settings.INBOUND_MAX_BYTES = 25 * 1024 * 1024
    photo = b"\x89PNG\r\n\x1a\n" + b"x" * (22 * 1024 * 1024)  # ~30 MB once base64-encoded
    raw = raw_email(subject="Photos of the damage", files=[("a.png", photo, "image/png")])
    assert len(raw) > 29 * 1024 * 1024
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(pipe, raw)
    assert response.status_code == 202, response.content
    record = InboundEmail.objects.get()
    assert record.outcome == "too_large" and record.size == len(raw) and not record.raw
    case = Case.objects.get(reference=response.json()["case"])
    assert case.attachments.count() == 0
    assert any("smaller" in email.body for email in mail.outbox)


def test_other_routes_still_refuse_big_bodies(agent_api, settings):
    too_big = b"{" + b" " * (settings.API_MAX_BODY_BYTES + 10) + b"}"
    response = agent_api.generic("POST", "/api/v1/cases/", too_big,
                                 content_type="application/json")
    assert response.status_code == 413
    over = settings.INBOUND_MAX_BYTES * 2 + 1
    assert APIClient().generic("POST", PIPE, b"x", content_type=RFC822,
                               CONTENT_LENGTH=str(over)).status_code == 413


def test_only_an_inbound_key_may_post_and_it_may_do_nothing_else(
        pipe, api, agent_api, manager_api, agent_client):
    raw = raw_email()
    for other in (api, agent_api, manager_api):
        assert _post(other, raw).status_code == 403
    assert agent_client.post(PIPE, raw, content_type=RFC822).status_code == 403
    assert _post(APIClient(), raw).status_code == 401
    case = CaseFactory()
    for method, path in [("get", "/api/v1/cases/"), ("post", "/api/v1/cases/"),
                         ("get", f"/api/v1/cases/{case.reference}/"),
                         ("get", f"/api/v1/cases/{case.reference}/messages/"),
                         ("get", "/api/v1/webhooks/"), ("post", "/api/v1/webhooks/"),
                         ("get", "/api/v1/incidents/"), ("get", "/api/schema/")]:
        assert getattr(pipe, method)(path, {}, format="json").status_code == 403, path
    assert not Case.objects.exclude(pk=case.pk).exists()


def test_an_inbound_key_acts_as_no_one():
    with pytest.raises(Exception, match="--inbound or --user"):
        call_command("create_api_key", "Both", "--inbound", "--user", "a@example.com")
    call_command("create_api_key", "Mail", "--inbound", stdout=StringIO())
    key = ApiKey.objects.get(name="Mail")
    assert key.is_inbound and not key.is_integration and key.user is None
