"""A manager exports a customer's personal data from the customer page, then erases it
behind the confirmation page, and reads the access log — at 1280 and 390 px wide."""

import zipfile

import pytest
from playwright.sync_api import expect

from cases.intake import CustomerDetails

from ..factories import CaseFactory, make_user
from .test_apology_journey import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def narrow(page, screenshot, name):
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(f"{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_manager_exports_then_erases_a_customer(live_server, page, screenshot, tmp_path):
    agent = make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    make_user("manager", email="sam@desk.test", first_name="Sam", last_name="Boss")
    case = CaseFactory(by=agent, title="Vase broken for Petra Privat",
                       customer=CustomerDetails(email="petra.privat@example.org",
                                                name="Petra Privat"),
                       description="Petra Privat called from +49 170 1234567.")

    sign_in(page, live_server, "sam@desk.test")
    page.goto(f"{live_server.url}/customers/{case.customer_id}/")
    privacy = page.locator("#customer-privacy")
    expect(privacy).to_contain_text("Personal data")
    with page.expect_download() as download:
        privacy.get_by_role("button", name="Export personal data").click()
    saved = tmp_path / "export.zip"
    download.value.save_as(saved)
    assert download.value.suggested_filename.startswith(f"customer-{case.customer_id}-")
    with zipfile.ZipFile(saved) as zipped:
        assert "customer.json" in zipped.namelist()
        assert "Petra Privat" in zipped.read("customer.json").decode()
    screenshot("privacy-customer-1280")
    narrow(page, screenshot, "privacy-customer")

    privacy.get_by_role("link", name="Erase personal data…").click()
    expect(page.get_by_role("heading", name="Erase the personal data of Petra Privat")) \
        .to_be_visible()
    expect(page.locator("#open-warning")).to_contain_text("1 of these cases is still open")
    screenshot("privacy-erase-1280")
    narrow(page, screenshot, "privacy-erase")
    confirm = page.get_by_label("Type the customer's email address, or ERASE, to confirm")
    confirm.fill("petra@elsewhere.example")
    page.get_by_role("button", name="Erase personal data for good").click()
    expect(page.get_by_role("alert").filter(has_text="to confirm")).to_be_visible()
    screenshot("privacy-erase-refused-1280")
    page.get_by_label("Type the customer's email address, or ERASE, to confirm").fill("ERASE")
    page.get_by_role("button", name="Erase personal data for good").click()

    expect(page.get_by_text("The customer's personal data was erased.")).to_be_visible()
    expect(page.get_by_role("heading", name="Erased customer")).to_be_visible()
    expect(page.locator("#customer-privacy")).to_contain_text("personal data was erased")
    expect(page.locator("main")).not_to_contain_text("Petra")
    screenshot("privacy-erased-1280")

    page.get_by_role("link", name="Access log").click()
    log = page.locator("#access-log")
    expect(log).to_contain_text("Erased the customer's data")
    expect(log).to_contain_text(f"#{case.customer_id} · erased customer")
    expect(page.locator("main")).not_to_contain_text("Petra")
    screenshot("privacy-access-log-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    table = page.locator("#access-log").locator("xpath=..")  # its .table-responsive
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth")  # no sideways scroll
    narrow(page, screenshot, "privacy-access-log")
