"""The queue in headless Chromium: filters that apply as they change (and a button without
scripts), headings that sort, cards on a phone, and the keyboard shortcuts of the queue and
the case page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.intake import CustomerDetails
from cases.models import Case

from ..factories import CaseFactory, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"


def sign_in(page, live_server):
    make_user(email="noor@desk.test", first_name="Noor", last_name="Haddad")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("noor@desk.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()


@pytest.fixture
def three_cases(db):
    now = timezone.now()
    souza = CaseFactory(severity="low", title="Parcel left in the rain",
                        customer=CustomerDetails(email="ana@example.org", name="Ana Souza"))
    lind = CaseFactory(severity="critical", title="Checkout charged twice",
                       customer=CustomerDetails(email="bo@example.com", name="Bo Lind"))
    kowal = CaseFactory(severity="medium", title="Wardrobe missing parts",
                        customer=CustomerDetails(email="jan@example.pl", name="Jan Kowal"))
    # Due soonest: Lind's update two hours ago (overdue), then Kowal, then Souza.
    Case.objects.filter(pk=lind.pk).update(first_responded_at=now - timedelta(days=1),
                                           next_update_due_at=now - timedelta(hours=2))
    Case.objects.filter(pk=kowal.pk).update(first_response_due_at=now + timedelta(hours=1))
    Case.objects.filter(pk=souza.pk).update(first_response_due_at=now + timedelta(hours=9))
    return {"souza": souza, "lind": lind, "kowal": kowal}


def rows(page):
    return page.locator("tbody tr[data-href] td.c-ref a")


def test_filters_apply_as_they_change_and_keep_focus(live_server, page, three_cases,
                                                     screenshot):
    sign_in(page, live_server)
    expect(rows(page)).to_have_count(3)
    expect(page.locator("#queue-count")).to_have_attribute("aria-live", "polite")

    # A drop-down applies at once: no button pressed; focus stays on it.
    page.locator("#id_severity").select_option("critical")
    expect(page).to_have_url(re.compile(r"severity=critical"))
    expect(rows(page)).to_have_text([three_cases["lind"].reference])
    expect(page.locator("#id_severity")).to_be_focused()
    expect(page.locator("#queue-count")).to_have_text("1 case")

    # Back to any severity, then the search box: it applies after a pause in typing, and
    # the caret is still in the box, after what was typed, so typing can go on.
    page.locator("#id_severity").select_option("")
    expect(rows(page)).to_have_count(3)
    search = page.get_by_label("Search")
    search.click()
    search.press_sequentially("souz", delay=40)
    expect(page).to_have_url(re.compile(r"q=souz"))
    expect(rows(page)).to_have_text([three_cases["souza"].reference])
    expect(search).to_be_focused()
    search.press_sequentially("a", delay=40)
    expect(page).to_have_url(re.compile(r"q=souza"))
    expect(search).to_have_value("souza")
    expect(search).to_be_focused()
    screenshot("queue-live-search")

    # A checkbox applies at once too.
    search.fill("")
    page.get_by_label("Breaching only").check()
    expect(page).to_have_url(re.compile(r"breaching=on"))
    expect(page.get_by_label("Breaching only")).to_be_focused()
    expect(page.get_by_text("No cases match these filters.")).to_be_visible()


def test_without_scripts_the_button_applies_the_filters(live_server, page, three_cases):
    sign_in(page, live_server)
    cookies = page.context.cookies()
    context = page.context.browser.new_context(java_script_enabled=False)
    try:
        context.add_cookies(cookies)
        plain = context.new_page()
        plain.goto(f"{live_server.url}/cases/")
        plain.locator("#id_severity").select_option("critical")
        plain.wait_for_timeout(300)
        assert "severity=critical" not in plain.url  # nothing happens by itself
        plain.get_by_role("button", name="Apply filters").click()
        expect(plain).to_have_url(re.compile(r"severity=critical"))
        expect(plain.locator("tbody tr[data-href]")).to_have_count(1)
    finally:
        context.close()


def test_headings_sort_and_click_again_reverses(live_server, page, three_cases, screenshot):
    sign_in(page, live_server)
    c = three_cases
    # By default: due soonest first, the Due heading says so.
    expect(rows(page)).to_have_text([c["lind"].reference, c["kowal"].reference,
                                     c["souza"].reference])
    due = page.get_by_role("columnheader", name="Due")
    expect(due).to_have_attribute("aria-sort", "ascending")
    expect(page.locator("tbody tr").first).to_contain_text("overdue")

    page.get_by_role("link", name="Severity", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?sort=-severity$"))
    severity = page.get_by_role("columnheader", name="Severity")
    expect(severity).to_have_attribute("aria-sort", "descending")
    expect(severity).to_contain_text("▼")
    expect(due).not_to_have_attribute("aria-sort", re.compile(".*"))
    expect(rows(page)).to_have_text([c["lind"].reference, c["kowal"].reference,
                                     c["souza"].reference])
    expect(page.get_by_label("Sort by")).to_have_value("-severity")  # the drop-down agrees

    page.get_by_role("link", name="Severity", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?sort=severity$"))
    expect(severity).to_have_attribute("aria-sort", "ascending")
    expect(severity).to_contain_text("▲")
    expect(rows(page)).to_have_text([c["souza"].reference, c["kowal"].reference,
                                     c["lind"].reference])

    # A filter keeps the sort, and a heading keeps the filter.
    page.get_by_label("Search").fill("a")
    page.get_by_label("Search").press("Enter")
    expect(page).to_have_url(re.compile(r"sort=severity"))
    page.get_by_role("link", name="Customer", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=a&.*sort=customer"))
    expect(rows(page)).to_have_text([c["souza"].reference, c["lind"].reference,
                                     c["kowal"].reference])
    screenshot("queue-sorted-1280")


def test_a_phone_shows_cards_not_a_sideways_table(live_server, page, three_cases, screenshot):
    sign_in(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    first = page.locator("tbody tr[data-href]").first
    expect(first).to_be_visible()
    assert first.evaluate("row => getComputedStyle(row).display") == "grid"
    expect(page.locator("thead")).to_be_hidden()
    # what the card shows, and nothing wider than the screen
    for text in (three_cases["lind"].reference, "Checkout charged twice", "Bo Lind",
                 "Critical", "Restore lost value", "overdue"):
        expect(first).to_contain_text(text)
    expect(first.locator("td.c-age")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("queue-cards-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("thead")).to_be_visible()
    screenshot("queue-table-1280")


def test_keyboard_shortcuts_on_the_queue(live_server, page, three_cases, screenshot):
    sign_in(page, live_server)
    c = three_cases
    page.locator("body").click(position={"x": 5, "y": 300})  # nothing focused
    page.keyboard.press("j")
    expect(page.locator(f"tr[data-href='/cases/{c['lind'].reference}/']")).to_be_focused()
    page.keyboard.press("j")
    kowal = page.locator(f"tr[data-href='/cases/{c['kowal'].reference}/']")
    expect(kowal).to_be_focused()
    screenshot("queue-row-chosen")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(kowal).to_be_focused()
    # with a modifier the key is the browser's, not ours
    page.keyboard.press("Alt+j")
    expect(kowal).to_be_focused()

    # "?" opens the help, a modal dialog; Esc closes it and focus goes back.
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Open the chosen case")
    screenshot("queue-shortcuts-help")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(kowal).to_be_focused()

    # "/" goes to the search box, where j and k are letters again.
    page.keyboard.press("/")
    search = page.get_by_label("Search")
    expect(search).to_be_focused()
    page.keyboard.type("jk")
    expect(search).to_have_value("jk")
    expect(search).to_be_focused()
    search.fill("")
    page.keyboard.press("Escape")

    # Enter opens the chosen case.
    kowal.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/cases/{c['kowal'].reference}/$"))


def test_keyboard_shortcuts_on_the_case_page(live_server, page, three_cases, screenshot):
    sign_in(page, live_server)
    case = three_cases["kowal"]
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    page.keyboard.press("j")
    expect(page.get_by_role("heading", name="Customer", exact=True)).to_be_focused()
    page.keyboard.press("j")
    expect(page.get_by_role("heading", name="SLA targets")).to_be_focused()
    screenshot("case-section-chosen")
    page.keyboard.press("k")
    expect(page.get_by_role("heading", name="Customer", exact=True)).to_be_focused()
    page.keyboard.press("n")
    note = page.locator("[data-shortcut-note] textarea")
    expect(note).to_be_focused()
    page.keyboard.type("j")  # typing, not moving
    expect(note).to_have_value("j")
    expect(note).to_be_focused()
    note.fill("")

    # the help lists this page's keys; its button opens it too
    page.locator("body").click(position={"x": 5, "y": 5})
    page.get_by_role("button", name="Keyboard shortcuts").click()
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_contain_text("Write a note")
    screenshot("case-shortcuts-help")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Keyboard shortcuts")).to_be_focused()

    # "/" goes to the queue, focused in its search box
    page.keyboard.press("/")
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.get_by_label("Search")).to_be_focused()


def test_cards_and_the_help_dialog_pass_axe(live_server, page, three_cases):
    """axe-core (as in test_accessibility.py) over what that test does not open: the queue
    as cards at 390 px, and the shortcuts' help dialog open."""
    from .test_accessibility import AXE, RUN_AXE

    assert AXE.exists(), "axe-core is missing: run `make install` (npm ci)"
    page.add_init_script(path=str(AXE))
    sign_in(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("tbody tr[data-href]").first).to_be_visible()
    assert page.evaluate(RUN_AXE) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    assert page.evaluate(RUN_AXE) == []
