"""The customer's survey and status pages, reached by private links in our emails: random
tokens stored only as their hash, that expire and that an agent can revoke."""

import hashlib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from apologies import flow
from cases import links, reminders
from cases.models import CustomerLink, Notification, Reminder, Survey

from ..apologies.steps import complete
from ..factories import CaseFactory, deliver_queued

pytestmark = pytest.mark.django_db

GONE = "This link no longer works"


@pytest.fixture
def sent_case(agent):
    case = complete(CaseFactory(by=agent, assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    case.refresh_from_db()
    return case


def send_due(at):
    with time_machine.travel(at):
        for pk in reminders.claim_due():
            reminders.send(pk)
        deliver_queued()  # the survey is a message, sent by the worker after commit


def path(url):
    return urlsplit(url).path


def token_of(url):
    return path(url).rstrip("/").rsplit("/", 1)[1]


def links_in(email):
    return [word for word in email.body.split() if "/survey/" in word or "/status/" in word]


def survey_email(mailoutbox, case):
    [email] = [m for m in mailoutbox if m.to == [case.customer.email]
               and "How did we do" in m.subject]
    return email


def test_the_survey_email_goes_out_after_the_delay_with_working_random_links(
    client, sent_case, mailoutbox
):
    send_due(timezone.now() + timedelta(days=3, minutes=1))
    email = survey_email(mailoutbox, sent_case)
    survey_link, status_link = sorted(links_in(email), key=lambda url: "/status/" in url)
    page = client.get(path(survey_link))
    assert page.status_code == 200
    assert "How satisfied are you" in page.content.decode()
    status = client.get(path(status_link))
    assert status.status_code == 200 and "Apology sent" in status.content.decode()
    assert Survey.objects.get(case=sent_case).sent_at is not None
    assert sent_case.events.filter(kind="survey_sent").count() == 1
    # Random, and kept only as its hash: the database alone does not give the link.
    for link in (survey_link, status_link):
        token = token_of(link)
        assert len(token) >= 43 and ":" not in token and sent_case.reference not in token
        stored = CustomerLink.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
        assert stored.case == sent_case
        assert not CustomerLink.objects.filter(token_hash=token).exists()


def test_one_reminder_if_unanswered_and_none_once_answered(client, sent_case, mailoutbox):
    start = timezone.now()
    send_due(start + timedelta(days=3, minutes=1))
    send_due(start + timedelta(days=7, minutes=2))
    send_due(start + timedelta(days=20))
    surveys = [m for m in mailoutbox if m.to == [sent_case.customer.email]
               and "did we do" in m.subject]
    assert ["A reminder" in m.subject for m in surveys] == [False, True]


def test_an_answer_is_recorded_once_and_cancels_the_reminder(client, sent_case):
    send_due(timezone.now() + timedelta(days=3, minutes=1))
    url = path(links.issue(sent_case, links.SURVEY))
    response = client.post(url, {"csat": "5", "nps": "9", "comment": "Quick and kind."})
    assert "Thank you" in response.content.decode()
    survey = Survey.objects.get(case=sent_case)
    assert (survey.csat, survey.nps, survey.comment) == (5, 9, "Quick and kind.")
    assert not Reminder.objects.filter(case=sent_case, kind="survey_reminder").pending().exists()
    again = client.post(url, {"csat": "1", "nps": "0"})
    assert "we already have your answer" in again.content.decode()
    assert Survey.objects.get(case=sent_case).csat == 5
    sent_case.refresh_from_db()
    assert sent_case.status == "apology_sent"


def test_a_low_score_reopens_the_case_and_tells_the_managers(client, manager, sent_case):
    flow.resolve(sent_case, by=sent_case.assignee)
    client.post(path(links.issue(sent_case, links.SURVEY)),
                {"csat": "1", "nps": "2", "comment": "Still broken."})
    sent_case.refresh_from_db()
    assert sent_case.status == "open"
    reopened = sent_case.events.get(kind="reopened")
    assert reopened.actor is None and "1/5" in reopened.note
    told = Notification.objects.get(recipient=manager, kind="low_score")
    assert "Still broken." in told.body


def test_bad_answers_are_field_errors(client, sent_case):
    response = client.post(path(links.issue(sent_case, links.SURVEY)), {"csat": "9", "nps": "11"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"csat", "nps"}
    assert not Survey.objects.filter(case=sent_case, answered_at__isnull=False).exists()


def assert_gone(response, status=404):
    """The plain "link gone" page: 404 for a link we never issued, 410 for one of ours that
    stopped working (expired or revoked, the same words either way)."""
    assert response.status_code == status
    body = response.content.decode()
    assert GONE in body
    return body


@pytest.mark.parametrize("page", ["survey", "status"])
def test_a_tampered_or_made_up_link_no_longer_works(client, sent_case, page):
    token = token_of(links.issue(sent_case, page))
    forged = signing.dumps(sent_case.reference, salt="something-else")
    for bad in [token[:-3] + "abc", token.upper(), forged, "nonsense"]:
        assert_gone(client.get(f"/{page}/{bad}/"))


def test_a_survey_link_does_not_open_the_status_page(client, sent_case):
    token = token_of(links.issue(sent_case, links.SURVEY))
    assert_gone(client.get(f"/status/{token}/"))


def test_tokens_are_not_derived_from_the_reference(agent, client):
    first, second = CaseFactory(by=agent), CaseFactory(by=agent)
    tokens = [token_of(links.issue(case, links.STATUS)) for case in (first, second, first)]
    assert len(set(tokens)) == 3
    # no shared stem, and no trace of either reference, in any of them
    assert len({token[:8] for token in tokens}) == 3
    assert all(case.reference not in token for case in (first, second) for token in tokens)
    # The signed format of before cannot be minted for a new link: a signed reference
    # for the second case, made now, opens nothing (the compatibility path is only for
    # cases whose links went out signed, before random links).
    signed = signing.dumps(second.reference, salt="recovery-desk.status")
    assert_gone(client.get(f"/status/{signed}/"))


@pytest.mark.parametrize("page,setting", [("survey", "SURVEY_LINK_DAYS"),
                                          ("status", "STATUS_LINK_DAYS")])
def test_an_expired_link_no_longer_works_and_says_nothing_more(client, sent_case, page,
                                                               setting, settings):
    url = path(links.issue(sent_case, page))
    days = getattr(settings, setting)
    with time_machine.travel(timezone.now() + timedelta(days=days, minutes=-5)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=days, minutes=5)):
        expired = assert_gone(client.get(url), 410)
    unknown = assert_gone(client.get(f"/{page}/{'x' * 43}/"))
    assert expired == unknown  # the same words: nothing says more than "gone"


def test_the_status_page_speaks_plainly_and_keeps_internal_things_out(client, agent):
    case = CaseFactory(by=agent, assignee=agent, title="VIP - refund fraud?",
                       customer_title="Your broken vase")
    from cases import work

    work.add_note(case, "Customer sounds litigious; keep it short", by=agent)
    page = client.get(path(links.issue(case, links.STATUS))).content.decode()
    assert "Your broken vase" in page and "Received" in page
    assert "refund fraud" not in page and "VIP" not in page
    assert "litigious" not in page and agent.email not in page and "Alex" not in page
    complete(case, by=agent)
    flow.send_apology(case, by=agent)
    page = client.get(path(links.issue(case, links.STATUS))).content.decode()
    assert page.count("✓") == 3  # received, being put right, apology sent


def test_an_agent_revokes_the_customers_links_from_the_case_page(agent_client, sent_case,
                                                                 agent, mailoutbox):
    customer = Client()
    status = path(links.issue(sent_case, links.STATUS))
    survey = path(links.issue(sent_case, links.SURVEY))
    assert customer.get(status).status_code == 200
    case_page = agent_client.get(sent_case.get_absolute_url()).content.decode()
    assert "Revoke the customer’s links" in case_page

    response = agent_client.post(f"{sent_case.get_absolute_url()}links/revoke/")

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    shown = response.content.decode()
    assert "no longer work" in shown
    assert_gone(customer.get(status), 410)
    assert_gone(customer.get(survey), 410)
    event = sent_case.events.get(kind="links_revoked")
    assert event.actor == agent and "2" in event.note
    # The new status link is shown to the agent once, and works; it is on no timeline.
    [new_link] = [word.split('"')[1] for word in shown.split()
                  if word.startswith('href="') and "/status/" in word]
    assert customer.get(path(new_link)).status_code == 200
    assert token_of(new_link) not in str(list(sent_case.events.values()))
    # The next email carries new, working links.
    send_due(timezone.now() + timedelta(days=3, minutes=1))
    [fresh_survey, fresh_status] = sorted(links_in(survey_email(mailoutbox, sent_case)),
                                          key=lambda url: "/status/" in url)
    assert customer.get(path(fresh_survey)).status_code == 200
    assert customer.get(path(fresh_status)).status_code == 200


def test_revoking_is_a_post_with_csrf(sent_case, agent):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(agent)
    url = f"{sent_case.get_absolute_url()}links/revoke/"
    assert browser.get(url).status_code == 405
    assert browser.post(url).status_code == 403
    assert not sent_case.events.filter(kind="links_revoked").exists()


def test_a_person_revokes_them_through_the_api_and_an_integration_cannot(agent_api, api, agent):
    customer = Client()
    created = api.post("/api/v1/cases/", {
        "customer": {"email": "ana@example.net"}, "title": "Parcel lost", "category": "shipping",
        "severity": "high"}, format="json").json()
    case = sent_case_of(created["reference"])
    old = path(links.issue(case, links.STATUS))
    url = f"/api/v1/cases/{case.reference}/links/revoke/"

    refused = api.post(url)
    assert refused.status_code == 403 and "detail" in refused.json()
    assert customer.get(old).status_code == 200
    assert not case.events.filter(kind="links_revoked").exists()

    response = agent_api.post(url)
    assert response.status_code == 200
    body = response.json()
    assert body["revoked"] == 1
    assert_gone(customer.get(old), 410)
    assert customer.get(path(body["status_url"])).status_code == 200
    assert case.events.get(kind="links_revoked").actor == agent


def sent_case_of(reference):
    from cases.models import Case

    return Case.objects.get(reference=reference)


class TestLinksSignedBeforeRandomOnes:
    """Links mailed before this release were `signing.dumps(reference)`: they keep working
    for `LEGACY_LINK_DAYS` after they were sent (and never past their own expiry), unless
    the case's links are revoked."""

    def signed(self, case, purpose, at=None):
        with time_machine.travel(at or timezone.now()):
            return signing.dumps(case.reference, salt=f"recovery-desk.{purpose}")

    @pytest.mark.parametrize("page", ["survey", "status"])
    def test_a_recent_one_still_opens_its_page(self, client, sent_case, page):
        sent = self.signed(sent_case, page, at=sent_case.created_at - timedelta(days=1))
        CustomerLink.objects.filter(case=sent_case).delete()  # mailed before the random ones
        assert client.get(f"/{page}/{sent}/").status_code == 200

    def test_one_older_than_the_window_no_longer_works(self, client, sent_case, settings):
        sent = self.signed(sent_case, "status")
        CustomerLink.objects.filter(case=sent_case).delete()
        later = timezone.now() + timedelta(days=settings.LEGACY_LINK_DAYS, minutes=1)
        with time_machine.travel(later):
            assert_gone(client.get(f"/status/{sent}/"))

    def test_the_window_can_be_closed(self, client, sent_case, settings):
        settings.LEGACY_LINK_DAYS = 0
        sent = self.signed(sent_case, "status")
        CustomerLink.objects.filter(case=sent_case).delete()
        assert_gone(client.get(f"/status/{sent}/"))

    def test_revoking_stops_them_too(self, client, sent_case, agent):
        sent = self.signed(sent_case, "status")
        CustomerLink.objects.filter(case=sent_case).delete()
        links.revoke(sent_case, by=agent)
        assert_gone(client.get(f"/status/{sent}/"))

    def test_none_for_a_case_whose_links_went_out_random(self, client, sent_case):
        links.issue(sent_case, links.STATUS)
        assert_gone(client.get(f"/status/{self.signed(sent_case, 'status')}/"))
