"""An incident in headless Chromium: a manager writes it, ticks cases in the queue to add
them, and sends the apology to everyone through a real Celery worker, watching the
progress bar fill without reloading the page."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from apologies.models import ApologyMessage
from incidents import linking
from incidents.models import Incident

from ..factories import CaseFactory, make_user
from ..incidents.helpers import TEXTS
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.real_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
CASES = 40


def test_manager_writes_an_incident_adds_cases_and_sends_to_all(
        live_server, page, screenshot, celery_worker_process):
    manager = make_user(Role.MANAGER, email="mara@desk.test", first_name="Mara")
    agent = make_user(email="noor@desk.test", first_name="Noor")
    cases = [CaseFactory(by=agent, title=f"Checkout failed for order {n}") for n in range(CASES)]

    sign_in(page, live_server, manager.email)
    page.get_by_role("link", name="Incidents").click()
    page.get_by_role("link", name="New incident").click()
    page.get_by_label("Title").fill("Checkout outage on Tuesday")
    page.get_by_label("What happened").fill("Orders failed from 14:00 to 16:00.")
    page.get_by_label("Our acknowledgement (to every customer)").fill(TEXTS["acknowledgement"])
    page.get_by_label("What went wrong (to every customer)").fill(TEXTS["explanation"])
    page.get_by_label("What we fixed (to every customer)").fill(TEXTS["fix"])
    page.get_by_label("Our apology (the default; each case may change it)").fill(TEXTS["regret"])
    page.locator("#id_remedies-0-remedy_type").select_option("credit")
    page.locator("#id_remedies-0-content").fill("We have added a 10 euro credit to your account.")
    page.locator("#id_remedies-0-value_to_customer").fill("10")
    page.locator("#id_remedies-0-cost").fill("10")
    screenshot("incident-1-form")
    page.get_by_role("button", name="Save incident").click()
    expect(page.get_by_role("status").first).to_contain_text("saved")
    incident = Incident.objects.get()

    # Two cases ticked in the queue; the rest linked as an integration would.
    page.get_by_role("link", name="Queue").first.click()
    # the oldest: their first response is due soonest, first in line
    page.get_by_label(f"Choose {cases[0].reference}").check()
    page.get_by_label(f"Choose {cases[1].reference}").check()
    page.get_by_label("Incident", exact=True).select_option(
        label=f"{incident.reference} {incident.title}")
    page.get_by_role("button", name="Add to incident").click()  # the queue's bulk bar
    expect(page.get_by_role("status").first).to_contain_text(
        f"2 cases added to {incident.reference}")
    linking.link(incident, cases[2:], by=manager)
    page.goto(f"{live_server.url}{incident.get_absolute_url()}")
    expect(page.get_by_text(f"{CASES} linked cases")).to_be_visible()

    page.get_by_role("link", name="Send to all").click()
    expect(page.locator("#send-summary")).to_contain_text(f"{CASES} customers")
    page.get_by_role("button", name=f"Send {CASES} apologies").click()
    expect(page.get_by_role("status").first).to_contain_text("Sending the apologies")
    screenshot("incident-2-sending")
    counts = page.locator("#bulk-counts")
    # the bar is polled (htmx): it reaches the end without a reload
    expect(counts).to_contain_text(f"{CASES} of {CASES} done: {CASES} sent, 0 skipped, 0 failed",
                                   timeout=60_000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", str(CASES))
    expect(page.locator("#bulk-progress")).to_contain_text(re.compile("Finished"))
    expect(page.get_by_role("link", name="Send to all", exact=True)).to_be_visible()
    screenshot("incident-3-sent")
    assert ApologyMessage.objects.filter(case__in=cases).count() == CASES
