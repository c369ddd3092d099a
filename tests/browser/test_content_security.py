"""The Content Security Policy in headless Chromium: every page of the demo desk, signed in
and public, loads and works with no script, style or frame the policy refuses."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts import invitations, people
from accounts.models import Role, User
from archive.models import ArchivedApology
from cases import links
from cases.models import Case
from incidents.models import Incident

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _desk_pages():
    open_case = Case.objects.filter(stage="restore_value", approvals__isnull=True).first()
    ready = Case.objects.filter(stage="ready").first()  # the demo has several
    archived = ArchivedApology.objects.filter(published_at__isnull=False).first()
    incident = Incident.objects.get()
    agent = User.objects.get(email="agent@example.com")
    manager = User.objects.get(email="manager@example.com")
    invitee = User.objects.filter(email="invitee@example.com").first() or people.invite(
        "invitee@example.com", role=Role.AGENT, first_name="Ivy", by=manager)
    return [
        "/cases/", "/cases/?status=open&severity=high", "/cases/new/", "/cases/views/",
        f"/cases/{open_case.reference}/", f"/cases/{open_case.reference}/steps/restore_value/",
        f"/cases/{ready.reference}/apology/preview/", "/approvals/", "/notifications/",
        "/archive/", "/archive/?q=refund", f"/archive/{archived.pk}/", "/lexicon/",
        "/apologies/template/", "/incidents/", f"/incidents/{incident.pk}/", "/incidents/new/",
        "/insights/", "/api/docs/", "/accounts/security/", "/accounts/security/two-factor/",
        f"/customers/{open_case.customer_id}/",
        f"/customers/{open_case.customer_id}/erase/", "/privacy/access-log/",
        "/people/", "/people/?q=agent", "/people/invite/", f"/people/{agent.pk}/",
        f"/people/{agent.pk}/deactivate/", f"/people/{invitee.pk}/", "/people/approval-limits/",
        f"/customers/{open_case.customer_id}/edit/", "/people/api-keys/", "/categories/",
        "/categories/new/", f"/categories/{open_case.category_id}/", "/root-causes/",
    ], [
        "/public/apologies/", f"/public/apologies/{archived.pk}/",
        urlsplit(links.issue(ready, links.STATUS)).path,
        urlsplit(links.issue(ready, links.SURVEY)).path, "/accounts/login/", "/complain/",
        "/accounts/password_reset/", "/accounts/password_reset/done/",
        "/accounts/reset/MQ/not-a-token/", "/accounts/reset/done/",
        urlsplit(invitations.link(invitee)).path,  # the invitation's set-password page
    ]


def _watch(page):
    """Every refusal the browser reports: CSP violations arrive as console errors."""
    refused = []
    page.on("console", lambda message: message.type == "error" and refused.append(
        f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: refused.append(f"{page.url}: {error}"))
    return refused


def test_every_page_satisfies_the_content_security_policy(live_server, page, screenshot):
    call_command("seed_demo", verbosity=0)
    desk, public = _desk_pages()
    refused = _watch(page)

    for path in public:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("manager@example.com")
    page.get_by_label("Password").fill("recovery-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()
    for path in desk:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")

    # the scripts run: Swagger UI draws the operations, the step form checks as you type
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    screenshot("csp-api-docs")
    case = Case.objects.filter(stage="restore_value", approvals__isnull=True).first()
    page.goto(f"{live_server.url}/cases/{case.reference}/steps/restore_value/")
    page.locator("textarea").first.fill("We know it's our policy, but here is a refund.")
    expect(page.locator("#findings-restore_value")).to_contain_text("Must change")
    screenshot("csp-step-form")

    assert refused == []
