"""An agent sends an apology whose explanation names the courier: the preview asks them to
confirm the caution first — in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from apologies import flow
from apologies.models import ApologyMessage
from cases.models import CaseEvent

from ..apologies.steps import GOOD
from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_send_waits_until_each_caution_is_ticked(live_server, page, screenshot):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    case = CaseFactory(title="Parcel lost", by=agent, assignee=agent)
    for key in flow.STEP_KEYS:
        text = ({"content": "The courier lost your parcel on the way to you."}
                if key == "explain" else {})
        flow.complete_step(case, key, {**GOOD[key], **text}, by=agent)
    sign_in(page, live_server, "noor@desk.test")
    page.goto(f"{live_server.url}/cases/{case.reference}/apology/preview/")

    box = page.get_by_role("checkbox", name=re.compile("Keep .*The courier lost"))
    expect(box).to_be_visible()
    page.get_by_role("button", name="Send apology").click()  # the browser asks for the tick
    assert not ApologyMessage.objects.filter(case=case).exists()
    screenshot("cautions-preview")

    box.check()
    page.get_by_role("button", name="Send apology").click()
    expect(page.get_by_role("status").first).to_contain_text("Apology sent")
    assert ApologyMessage.objects.filter(case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, kind="cautions_confirmed").count() == 1
