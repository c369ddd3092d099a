""""Send to all" in the browser (server side): the confirmation page first (how many
customers, one apology as it will read, the warnings), writing nothing until the manager
sends; the linked cases' states brought by the poll that sees the run finished; and no
incident chosen in advance where a case joins one."""

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from apologies import flow
from apologies.models import ApologyMessage, ApologyStep
from cases.intake import CustomerDetails
from cases.models import CaseEvent
from incidents import linking
from incidents.models import BulkSend

from ..apologies.steps import GOOD, complete
from ..factories import CaseFactory
from .helpers import TEXTS, make_incident

pytestmark = pytest.mark.django_db


def _kim(tier="gold"):
    return CustomerDetails(email="kim@example.com", name="Kim Lee", tier=tier)


def _linked(incident, agent):
    """Kim with two cases (gold), Ada (standard), a case waiting for approval, one sent."""
    with time_machine.travel(timezone.now() - timedelta(days=2), tick=False):
        kim_first = CaseFactory(by=agent, customer=_kim())
    kim_second = CaseFactory(by=agent, customer=_kim())
    ada = CaseFactory(by=agent, customer=CustomerDetails(email="ada@example.com", name="Ada"))
    waiting, sent = CaseFactory(by=agent), CaseFactory(by=agent)
    linking.link(incident, [kim_first, kim_second, ada, waiting, sent], by=agent)
    flow.complete_step(waiting, "restore_value", {**GOOD["restore_value"],
                                                  "cost": Decimal("900.00")}, by=agent)
    complete(sent, by=agent)
    flow.send_apology(sent, by=agent)
    return kim_first, kim_second, ada, waiting, sent


def test_send_to_all_first_shows_who_gets_what_and_writes_nothing(
        manager_client, agent_client, manager, agent, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    kim_first, kim_second, ada, waiting, sent = _linked(incident, agent)
    before = (ApologyStep.objects.count(), CaseEvent.objects.count())
    url = f"/incidents/{incident.pk}/send/"

    detail = manager_client.get(incident.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail  # the button leads to the confirmation

    page = manager_client.get(url, {"case": kim_first.reference}).content.decode()

    assert re.search(r"<strong>2 customers</strong> will get one apology each", page)
    # Kim's apology as it will read: her name, the gold tier's remedy, the shared parts
    sample = page[page.index('id="sample-text"'):]
    sample = sample[:sample.index("</pre>")]
    assert "Kim Lee" in sample and "40 euro credit" in sample
    assert all(TEXTS[part].replace("'", "&#x27;") in sample
               for part in ("acknowledgement", "explanation", "fix", "regret"))
    assert kim_first.reference in page[page.index('id="sample-subject"'):][:200]
    warnings = page[page.index('id="warnings-heading"'):]
    assert f"{kim_first.reference}, answering {kim_second.reference}" in warnings
    assert "1 remedy waiting for approval: not sent" in warnings
    assert waiting.reference in warnings[warnings.index('id="warn-awaiting"'):]
    assert f"{sent.reference}</a>: its apology was sent" in warnings
    assert "1 already answered: skipped" in warnings
    assert ">Send 2 apologies</button>" in page
    # nothing written while previewing
    assert (ApologyStep.objects.count(), CaseEvent.objects.count()) == before
    assert not BulkSend.objects.exists()
    assert ApologyMessage.objects.count() == 1
    # another customer's apology, on asking
    page = manager_client.get(url, {"case": ada.reference}).content.decode()
    assert "10 euro credit" in page[page.index('id="sample-text"'):]

    assert agent_client.get(url).status_code == 403

    # and it is the apology Kim then gets, word for word
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(url)
    sample = sample[sample.index(">") + 1:]
    assert ApologyMessage.objects.get(case=kim_first).text.strip() == html.unescape(sample).strip()


def test_cautions_are_confirmed_on_the_confirmation_page(
        manager_client, manager, agent, django_capture_on_commit_callbacks):
    incident = make_incident(
        manager, explanation="Our hosting provider had an outage in its data centre.")
    linking.link(incident, [CaseFactory(by=agent)], by=agent)
    url = f"/incidents/{incident.pk}/send/"
    page = manager_client.get(url).content.decode()
    keys = re.findall(r'name="confirm" value="([^"]+)"', page)
    assert len(keys) == 1

    refused = manager_client.post(url, follow=True)
    assert refused.redirect_chain[-1][0] == url  # back to the confirmation, saying why
    assert "Confirm each caution" in refused.content.decode()
    assert not BulkSend.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"confirm": keys}, follow=True)
    assert "Sending the apologies of" in response.content.decode()
    assert BulkSend.objects.get().items.filter(state="sent").count() == 1


def test_the_poll_that_sees_the_run_finished_brings_the_cases_new_states(
        manager_client, manager, agent, django_capture_on_commit_callbacks):
    incident = make_incident(manager)
    kim_first, kim_second, *_ = _linked(incident, agent)
    progress_url = f"/incidents/{incident.pk}/progress/"
    before = manager_client.get(incident.get_absolute_url()).content.decode()
    assert "Apology sent" not in _row(before, kim_first)

    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/incidents/{incident.pk}/send/")

    polled = manager_client.get(progress_url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="linked-cases"' in polled and 'hx-swap-oob="true"' in polled
    assert "1 answered with the customer's other case" in polled
    assert "Apology sent" in _row(polled, kim_first)
    assert f"Answered with {kim_first.reference}" in _row(polled, kim_second)
    # without htmx (or while running) the bar comes alone
    plain = manager_client.get(progress_url).content.decode()
    assert 'id="linked-cases"' not in plain


def _row(page, case):
    start = page.index(f">{case.reference}</a>")
    return page[start:page.index("</tr>", start)]


def test_no_incident_is_chosen_in_advance_where_a_case_joins_one(agent_client, agent):
    make_incident(agent)
    case = CaseFactory(by=agent)

    page = agent_client.get(case.get_absolute_url()).content.decode()
    select = page[page.index('id="case-incident"'):]
    select = select[:select.index("</select>")]
    options = re.findall(r"<option[^>]*>", select)
    assert options[0] == '<option value="" selected>' and len(options) == 2
    assert "selected" not in options[1] and "required" in select[:80]

    chooser = agent_client.get("/incidents/link/", {"case": case.reference}).content.decode()
    options = re.findall(r"<option[^>]*>", chooser[chooser.index('id="id_incident"'):])
    assert options[0] == '<option value="" selected>' and "selected" not in options[1]
    # posted without choosing: said so, nothing linked
    response = agent_client.post("/incidents/link/", {"case": case.reference, "incident": ""})
    assert "Choose an incident." in response.content.decode()
    case.refresh_from_db()
    assert case.incident is None


def test_the_confirmation_page_makes_as_many_queries_for_many_cases_as_for_few(
        manager_client, manager, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    incident = make_incident(manager)
    url = f"/incidents/{incident.pk}/send/"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(url).status_code == 200
        return len(captured)

    linking.link(incident, [CaseFactory(by=agent) for _ in range(2)], by=agent)
    queries()  # the desk's configuration is read once, then kept (recovery.settled)
    few = queries()
    linking.link(incident, [CaseFactory(by=agent) for _ in range(8)], by=agent)
    assert queries() == few
