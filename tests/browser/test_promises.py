"""Promises can't be forgotten, in the browser (issue 19): Resolve is refused while a
promise is open, with the same message as the API; the agent releases it with a reason and
then resolves. Headless Chromium; screenshots in tests/artifacts/promises-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apologies import flow
from cases import work
from cases.models import Case

from ..apologies.steps import complete
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_resolve_is_refused_until_the_promise_is_released_with_a_reason(
        live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = complete(CaseFactory(title="Sync outage lost a day of my notes", by=agent,
                                assignee=agent), by=agent)
    flow.send_apology(case, by=agent)
    promise = work.add_commitment(case, "Tell the customer the outcome of the review",
                                  timezone.now() + timedelta(days=7), by=agent)
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")

    page.get_by_role("button", name="Resolve case").click()
    refusal = page.get_by_role("status").first
    expect(refusal).to_contain_text("This case cannot be resolved while a promise is not "
                                    "kept: “Tell the customer the outcome of the review”")
    expect(refusal).to_contain_text("release it with a reason")
    screenshot("promises-1-resolve-refused")
    assert Case.objects.get(pk=case.pk).status == "apology_sent"

    commitment = page.locator(f"#commitment-{promise.pk}")
    commitment.get_by_text("Release…").click()
    commitment.get_by_label("Why we will not keep this promise").fill(
        "The customer asked us to close the case; the review's outcome is in the apology.")
    screenshot("promises-2-release-form")
    commitment.get_by_role("button", name="Release the promise").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Released: Tell the customer the outcome of the review")
    expect(page.locator(f"#commitment-{promise.pk}")).to_contain_text(
        "released", ignore_case=False)
    expect(page.locator(f"#commitment-{promise.pk}")).to_contain_text(
        "the review's outcome is in the apology")

    page.get_by_role("button", name="Resolve case").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{case.reference} is resolved.")
    expect(page.locator("#timeline")).to_contain_text("Commitment released")
    screenshot("promises-3-resolved")
    assert Case.objects.get(pk=case.pk).status == "resolved"
