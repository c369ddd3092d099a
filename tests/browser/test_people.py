"""People, in headless Chromium: a manager invites a new agent, who follows the emailed link,
chooses a password and signs in; then the manager deactivates an agent who is leaving and
hands her open cases to the newcomer, each case's timeline saying so."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, User
from cases.models import Case

from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def at_both_widths(page, screenshot, name):
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_invites_an_agent_and_deactivates_one_handing_her_cases_on(
        live_server, page, screenshot, settings):
    settings.SITE_URL = live_server.url
    make_user(Role.MANAGER, email="morgan@desk.test", first_name="Morgan", last_name="Lee")
    leaving = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    cases = [CaseFactory(title=title, by=leaving, assignee=leaving)
             for title in ("Anniversary vase arrived broken", "Charged twice for one order")]

    sign_in(page, live_server, "morgan@desk.test")
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Last name").fill("Hart")
    page.get_by_label("Email").fill("robin@desk.test")
    page.get_by_label("Agent: works cases").check()
    at_both_widths(page, screenshot, "people-invite")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to robin@desk.test")
    expect(page.get_by_text("Invited: has not chosen a password yet")).to_be_visible()

    [email] = mail.outbox
    link = re.search(r"http\S+/accounts/welcome/\S+/", email.body).group(0)
    page.context.clear_cookies()  # Robin's own browser
    page.goto(link)
    expect(page.get_by_role("heading", name="Welcome to Recovery Desk")).to_be_visible()
    at_both_widths(page, screenshot, "people-welcome")
    page.locator("#id_new_password1").fill("a long new secret 42")
    page.get_by_label("New password confirmation").fill("a long new secret 42")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is set")
    page.get_by_label("Email").fill("robin@desk.test")
    page.get_by_label("Password").fill("a long new secret 42")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    expect(page.get_by_role("link", name="People")).to_have_count(0)  # an agent's desk

    page.context.clear_cookies()
    sign_in(page, live_server, "morgan@desk.test")
    page.goto(f"{live_server.url}/people/")
    noor = page.get_by_role("row").filter(has_text="noor@desk.test")
    expect(noor).to_contain_text("Agent")
    expect(noor.get_by_role("cell").last).to_have_text("2")
    at_both_widths(page, screenshot, "people-list")
    noor.get_by_role("link", name="Noor Haddad").click()
    page.get_by_role("link", name="Deactivate Noor Haddad").click()
    for case in cases:
        expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    page.get_by_label("Give their open cases to").select_option(label="Robin Hart")
    at_both_widths(page, screenshot, "people-deactivate")
    page.get_by_role("button", name="Deactivate Noor Haddad").click()
    expect(page.get_by_role("status")).to_contain_text("2 open cases to Robin Hart")
    expect(page.get_by_text("Deactivated", exact=True).first).to_be_visible()
    at_both_widths(page, screenshot, "people-person")

    robin = User.objects.get(email="robin@desk.test")
    assert {c.assignee_id for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {
        robin.pk}
    page.goto(f"{live_server.url}{cases[0].get_absolute_url()}")
    expect(page.locator("#content")).to_contain_text("Robin Hart")


def test_a_manager_keeps_keys_tier_limits_a_customer_categories_and_root_causes(
        live_server, page, screenshot):
    make_user(Role.MANAGER, email="morgan@desk.test", first_name="Morgan", last_name="Lee")
    case = CaseFactory(title="Parcel lost", by=None)
    sign_in(page, live_server, "morgan@desk.test")

    page.goto(f"{live_server.url}/people/api-keys/")
    page.get_by_label("Name").fill("Web shop")
    page.get_by_role("button", name="Issue key").click()
    expect(page.get_by_role("status")).to_contain_text("shown only this once")
    expect(page.get_by_label("The key", exact=True)).not_to_have_value("")
    expect(page.get_by_role("button", name="Revoke “Web shop”")).to_be_visible()
    at_both_widths(page, screenshot, "people-api-keys")

    page.goto(f"{live_server.url}/people/approval-limits/")
    page.get_by_label("Gold customers").fill("200")
    page.get_by_role("button", name="Save limits").click()
    expect(page.get_by_role("status")).to_contain_text("1 changed")
    at_both_widths(page, screenshot, "people-tier-limits")

    page.goto(f"{live_server.url}{case.customer.get_absolute_url()}")
    page.get_by_role("link", name="Correct details").click()
    page.get_by_label("Tier").select_option("gold")
    at_both_widths(page, screenshot, "customer-edit")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_text("Gold tier")).to_be_visible()

    page.goto(f"{live_server.url}/people/")
    page.get_by_role("link", name="Categories").click()
    page.get_by_role("link", name="Add a category").click()
    page.get_by_label("Name").fill("Lost in the post")
    page.get_by_role("button", name="Add category").click()
    expect(page.get_by_role("row").filter(has_text="lost_in_the_post")).to_contain_text("Active")
    at_both_widths(page, screenshot, "categories")
    page.goto(f"{live_server.url}/root-causes/")
    page.get_by_label("Name").fill("Weather")
    page.get_by_role("button", name="Add root cause").click()
    expect(page.get_by_role("row").filter(has_text="weather")).to_contain_text("Active")
    at_both_widths(page, screenshot, "root-causes")
