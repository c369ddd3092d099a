"""Who may use what: every page and endpoint against every kind of caller.

Callers: nobody (anonymous), someone signed in without a role, an agent, a manager, the
integration that logged the case, another integration, and a mail server's inbound key
(`create_api_key --inbound`), which may only post raw email. A browser page answers callers
without a session with a redirect to sign in; the API answers 401, 403, or 404 for another
integration's case. "ok" means let through: any answer but those (a form, a redirect after
success, or a 400/405/409/422 about the request itself), and never a 500.
"""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import get_resolver
from rest_framework.test import APIClient

from accounts import invitations, people
from accounts.models import ApiKey, Role
from apologies import flow
from apologies.models import Phrase, RootCause
from archive import publishing
from archive.models import ArchivedApology
from cases import links, saved_views
from cases.models import Case, Commitment
from conversation import attachments
from incidents import linking

from .apologies.steps import complete
from .archive.helpers import closed_case
from .conversation.helpers import reply
from .conversation.test_attachments import png
from .factories import CaseFactory, make_user
from .incidents.helpers import make_incident

pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "no_role", "agent", "manager", "integration", "other_integration",
           "inbound")
OK, LOGIN = "ok", "login"
# expected answer per caller, in the order of CALLERS
PAGE = (LOGIN, 403, OK, OK, LOGIN, LOGIN, LOGIN)
MANAGERS_PAGE = (LOGIN, 403, 403, OK, LOGIN, LOGIN, LOGIN)
PUBLIC = (OK,) * 7
API = (401, 403, OK, OK, OK, 404, 403)              # a case of the integration's
API_PEOPLE = (401, 403, OK, OK, 403, 403, 403)       # the desk's people only
API_ANY = (401, 403, OK, OK, OK, OK, 403)            # any desk caller, nothing case-owned
API_MANAGERS = (401, 403, 403, OK, 403, 403, 403)
API_READ = (401, 403, OK, OK, OK, OK, 403)           # integrations read, people change
PIPE = (401, 403, 403, 403, 403, 403, OK)            # a mail server's raw email only
# the code step of signing in: with no password held, back to sign in (or on to the desk)
SIGN_IN_CODE = (LOGIN, OK, OK, OK, LOGIN, LOGIN, LOGIN)
# "Sign out everywhere": done, a person is sent to sign in again (tests/accounts/test_sessions.py)
SIGNS_OUT = (LOGIN, 403, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN)


def routes(w):
    """(method, path, expected) for every route; `w` holds the objects they name."""
    ref, mine = w["case"].reference, w["integration_case"].reference
    inc, arch, hook = w["incident"].pk, w["archived"].pk, w["webhook"]
    return [
        ("GET", "/cases/", PAGE), ("GET", "/cases/new/", PAGE), ("POST", "/cases/new/", PAGE),
        ("GET", f"/cases/{ref}/", PAGE), ("GET", f"/cases/{ref}/edit/", PAGE),
        ("POST", "/cases/bulk/", PAGE), ("GET", "/cases/views/", PAGE),
        ("POST", "/cases/views/", PAGE),
        # a shared view of a manager's: agents see it, managers change it (the last deletes it)
        ("POST", f"/cases/views/{w['saved_view']}/rename/", MANAGERS_PAGE),
        ("POST", f"/cases/views/{w['saved_view']}/delete/", MANAGERS_PAGE),
        ("POST", f"/cases/{ref}/assign/", PAGE), ("POST", f"/cases/{ref}/notes/", PAGE),
        ("POST", f"/cases/{ref}/links/revoke/", PAGE),
        ("POST", f"/cases/{ref}/commitments/{w['commitment']}/kept/", PAGE),
        ("POST", f"/cases/{ref}/commitments/{w['commitment']}/release/", PAGE),
        ("POST", f"/cases/{ref}/commitments/{w['commitment']}/kept-and-told/", PAGE),
        ("POST", f"/cases/{ref}/promises/track/", PAGE),
        ("POST", f"/cases/{ref}/promises/dismiss/", PAGE),
        ("GET", f"/cases/{ref}/steps/acknowledge/", PAGE),
        ("POST", f"/cases/{ref}/steps/acknowledge/check/", PAGE),
        ("POST", f"/cases/{ref}/remedy/summary/", PAGE),
        ("GET", f"/cases/{ref}/apology/preview/", PAGE),
        ("GET", f"/cases/{w['ready']}/apology/preview.html", PAGE),
        ("POST", f"/cases/{ref}/apology/send/", PAGE), ("POST", f"/cases/{ref}/resolve/", PAGE),
        ("POST", f"/cases/{ref}/close/", PAGE), ("POST", f"/cases/{ref}/reopen/", PAGE),
        ("GET", f"/cases/{ref}/messages/", PAGE), ("POST", f"/cases/{ref}/messages/", PAGE),
        ("POST", f"/cases/{ref}/messages/acknowledge/", PAGE),
        ("GET", f"/cases/{ref}/messages/{w['email_in']}/", PAGE),
        ("GET", f"/cases/{ref}/messages/{w['email_in']}/raw/", PAGE),
        ("POST", f"/cases/{ref}/attachments/", PAGE),
        ("GET", f"/cases/{ref}/attachments/{w['attachment']}/", PAGE),
        ("GET", f"/cases/{ref}/attachments/{w['attachment']}/thumbnail/", PAGE),
        ("GET", "/apologies/acknowledgement/", MANAGERS_PAGE),
        ("POST", "/apologies/acknowledgement/", MANAGERS_PAGE),
        ("GET", "/lexicon/", PAGE), ("GET", "/lexicon/new/", MANAGERS_PAGE),
        ("GET", f"/lexicon/{w['phrase']}/", MANAGERS_PAGE),
        ("GET", "/apologies/template/", MANAGERS_PAGE), ("GET", "/approvals/", MANAGERS_PAGE),
        ("POST", f"/approvals/{w['approval']}/decline/", MANAGERS_PAGE),
        ("GET", "/archive/", PAGE), ("GET", f"/archive/{arch}/", PAGE),
        ("POST", f"/archive/{arch}/review/", MANAGERS_PAGE),
        ("POST", f"/archive/{arch}/start/", PAGE, {"case": ref}),
        ("GET", f"/archive/{arch}/publish/", MANAGERS_PAGE),
        ("POST", f"/archive/{arch}/unpublish/", MANAGERS_PAGE),
        ("GET", "/incidents/", PAGE), ("GET", "/incidents/new/", PAGE),
        ("GET", f"/incidents/link/?cases={ref}", PAGE), ("GET", f"/incidents/{inc}/", PAGE),
        ("GET", f"/incidents/{inc}/edit/", PAGE), ("GET", f"/incidents/{inc}/progress/", PAGE),
        ("GET", f"/incidents/{inc}/send/", MANAGERS_PAGE),
        ("POST", f"/incidents/{inc}/send/", MANAGERS_PAGE),
        ("GET", f"/incidents/cases/{w['linked']}/personalise/", PAGE),
        ("POST", f"/incidents/cases/{w['linked']}/remove/", PAGE),
        ("GET", "/insights/", PAGE), ("GET", "/insights/opened-resolved.csv", PAGE),
        ("GET", "/notifications/", PAGE), ("POST", "/notifications/read/", PAGE),
        ("GET", "/notifications/settings/", PAGE), ("POST", "/notifications/settings/", PAGE),
        ("GET", f"/customers/{w['case'].customer_id}/", PAGE),
        ("POST", f"/customers/{w['case'].customer_id}/export/", MANAGERS_PAGE),
        ("GET", f"/customers/{w['case'].customer_id}/erase/", MANAGERS_PAGE),
        ("POST", f"/customers/{w['case'].customer_id}/erase/", MANAGERS_PAGE),  # no confirm: 400
        ("GET", "/privacy/access-log/", MANAGERS_PAGE),
        ("GET", f"/customers/{w['case'].customer_id}/edit/", MANAGERS_PAGE),
        ("POST", f"/customers/{w['case'].customer_id}/edit/", MANAGERS_PAGE),
        ("GET", "/categories/", MANAGERS_PAGE), ("GET", "/categories/new/", MANAGERS_PAGE),
        ("POST", "/categories/new/", MANAGERS_PAGE),
        ("GET", f"/categories/{w['case'].category_id}/", MANAGERS_PAGE),
        ("GET", "/root-causes/", MANAGERS_PAGE), ("POST", "/root-causes/", MANAGERS_PAGE),
        ("GET", f"/root-causes/{w['root_cause']}/", MANAGERS_PAGE),
        ("GET", "/api/docs/", PAGE),
        ("GET", "/people/", MANAGERS_PAGE), ("GET", "/people/invite/", MANAGERS_PAGE),
        ("POST", "/people/invite/", MANAGERS_PAGE),
        ("GET", f"/people/{w['person']}/", MANAGERS_PAGE),
        ("POST", f"/people/{w['person']}/", MANAGERS_PAGE),
        ("POST", f"/people/{w['person']}/invitation/", MANAGERS_PAGE),
        ("GET", f"/people/{w['person']}/deactivate/", MANAGERS_PAGE),
        ("POST", f"/people/{w['person']}/reactivate/", MANAGERS_PAGE),
        ("POST", f"/people/{w['person']}/deactivate/", MANAGERS_PAGE),
        ("GET", "/people/api-keys/", MANAGERS_PAGE), ("POST", "/people/api-keys/", MANAGERS_PAGE),
        ("POST", f"/people/api-keys/{w['revocable_key']}/revoke/", MANAGERS_PAGE),
        ("GET", "/people/approval-limits/", MANAGERS_PAGE),
        ("POST", "/people/approval-limits/", MANAGERS_PAGE),
        ("GET", w["welcome"], PUBLIC), ("GET", "/accounts/welcome/MQ/not-a-token/", PUBLIC),
        ("GET", "/public/apologies/", PUBLIC), ("GET", "/public/apologies/feed/", PUBLIC),
        ("GET", f"/public/apologies/{w['published']}/", PUBLIC),
        ("GET", w["status_url"], PUBLIC), ("GET", w["survey_url"], PUBLIC),
        ("GET", f"{w['status_url']}attachments/{w['customer_file']}/", PUBLIC),  # the token
        ("GET", "/accounts/login/", PUBLIC), ("GET", "/healthz", PUBLIC),
        ("GET", "/accounts/login/code/", SIGN_IN_CODE), ("POST", "/accounts/login/code/",
                                                          SIGN_IN_CODE),
        ("GET", "/accounts/password_reset/", PUBLIC), ("POST", "/accounts/password_reset/", PUBLIC),
        ("GET", "/accounts/password_reset/done/", PUBLIC),
        ("GET", "/accounts/reset/MQ/abc-123/", PUBLIC), ("GET", "/accounts/reset/done/", PUBLIC),
        ("GET", "/accounts/security/", PAGE), ("GET", "/accounts/security/two-factor/", PAGE),
        ("POST", "/accounts/security/two-factor/", PAGE),
        ("POST", "/accounts/security/two-factor/off/", PAGE),
        ("GET", "/accounts/security/recovery-codes/", PAGE),
        ("POST", "/accounts/security/recovery-codes/", PAGE),
        ("GET", "/readyz", PUBLIC),
        ("GET", "/complain/", PUBLIC), ("POST", "/complain/", PUBLIC),
        ("GET", "/complain/thanks/", PUBLIC),
        # the API
        ("GET", "/api/schema/", API_ANY),
        ("GET", "/api/v1/cases/", API_ANY), ("POST", "/api/v1/cases/", API_ANY),
        ("GET", f"/api/v1/cases/{mine}/", API), ("PATCH", f"/api/v1/cases/{mine}/", API),
        ("GET", f"/api/v1/cases/{mine}/timeline/", API),
        ("POST", f"/api/v1/cases/{mine}/notes/", API),
        ("GET", f"/api/v1/cases/{mine}/messages/", API),  # integrations read their own
        ("POST", f"/api/v1/cases/{mine}/messages/", API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/links/revoke/", API_PEOPLE_OWN),
        ("GET", f"/api/v1/cases/{mine}/attachments/", API),  # its own cases' files, as notes
        ("POST", f"/api/v1/cases/{mine}/attachments/", API),
        ("GET", f"/api/v1/cases/{mine}/attachments/{w['integration_file']}/", API),
        ("GET", f"/api/v1/cases/{mine}/apology/", API),
        ("POST", f"/api/v1/cases/{mine}/apology/steps/restore_value/", API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/apology/approval/", API_MANAGERS_OWN),
        ("POST", f"/api/v1/cases/{mine}/apology/send/", API_PEOPLE_OWN),
        ("GET", f"/api/v1/cases/{mine}/commitments/", API_PEOPLE_OWN),  # the desk's promises
        ("POST", f"/api/v1/cases/{mine}/commitments/", API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/commitments/{w['integration_commitment']}/kept/",
         API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/commitments/{w['integration_commitment']}/release/",
         API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/resolve/", API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/close/", API_PEOPLE_OWN),
        ("POST", f"/api/v1/cases/{mine}/reopen/", API_PEOPLE_OWN),
        ("POST", "/api/v1/lint/", API_ANY),
        ("GET", "/api/v1/webhooks/", API_ANY), ("POST", "/api/v1/webhooks/", API_ANY),
        ("GET", f"/api/v1/webhooks/{hook}/", OWN_HOOK),
        ("GET", f"/api/v1/webhooks/{hook}/deliveries/", OWN_HOOK),
        ("GET", "/api/v1/archive/", API_PEOPLE), ("GET", f"/api/v1/archive/{arch}/", API_PEOPLE),
        ("GET", "/api/v1/incidents/", API_READ), ("POST", "/api/v1/incidents/", API_PEOPLE),
        ("GET", f"/api/v1/incidents/{inc}/", API_READ),
        ("PATCH", f"/api/v1/incidents/{inc}/", API_PEOPLE),
        ("POST", f"/api/v1/incidents/{inc}/cases/", API_PEOPLE),
        ("GET", f"/api/v1/incidents/{inc}/send/", API_PEOPLE),  # lists everyone's cases
        ("POST", f"/api/v1/incidents/{inc}/send/", API_MANAGERS),
        ("GET", f"/api/v1/incidents/{inc}/send/preview/", API_PEOPLE),
        ("POST", "/api/v1/inbound-email/", PIPE),  # (a JSON body: 415, let through)
        ("GET", "/api/v1/customers/?email=someone@example.com", API_PEOPLE),
        ("GET", f"/api/v1/customers/{w['case'].customer_id}/", API_PEOPLE),
        ("GET", f"/api/v1/customers/{w['case'].customer_id}/export/", API_MANAGERS),
        ("POST", f"/api/v1/customers/{w['case'].customer_id}/erase/", API_MANAGERS),  # 400
        # last: it ends the sessions the routes above were called with
        ("POST", "/accounts/security/sign-out-everywhere/", SIGNS_OUT),
    ]


PNG = png()
# changing the apology of the integration's own case is the desk's work, not the shop's
API_PEOPLE_OWN = (401, 403, OK, OK, 403, 404, 403)
API_MANAGERS_OWN = (401, 403, 403, OK, 403, 404, 403)
# a webhook subscription is its owner's: another caller does not see it
OWN_HOOK = (401, 403, 404, 404, OK, 404, 403)


@pytest.fixture
def world(outsider):
    agent, manager = make_user(Role.AGENT), make_user(Role.MANAGER)
    keys = {name: ApiKey.objects.create_key(name=name)[1] for name in ("shop", "crm")}
    keys["inbound"] = ApiKey.objects.create_key(name="Postfix", is_inbound=True)[1]
    shop = _api(keys["shop"])
    created = shop.post("/api/v1/cases/", {"customer": {"email": "kim@example.com"},
                                           "title": "Order lost", "category": "shipping",
                                           "severity": "high", "channel": "api"}, format="json")
    assert created.status_code == 201, created.content
    hook = shop.post("/api/v1/webhooks/", {"url": "https://shop.example.com/hook",
                                           "events": ["case.created"]}, format="json")
    integration_case = Case.objects.get(reference=created.json()["reference"])
    case = CaseFactory(by=agent)
    ready = CaseFactory(by=agent)
    complete(ready, *flow.STEP_KEYS, by=agent)
    waiting = CaseFactory(by=agent)
    flow.complete_step(waiting, "restore_value", {
        "content": "We refund the whole stay.", "remedy_type": "refund",
        "value_to_customer": Decimal("5000"), "cost": Decimal("5000")}, by=agent)
    archived_case = closed_case(agent)
    archived = ArchivedApology.objects.get(case=archived_case)
    published = closed_case(agent, title="Wrong size twice")
    published_one = ArchivedApology.objects.get(case=published)
    publishing.publish(published_one, title="Wrong size", text="We sent the wrong size.",
                       by=manager)
    incident = make_incident(manager)
    linked = CaseFactory(by=agent)
    linking.link(incident, [linked], by=manager)
    from conversation import inbound

    emailed = inbound.receive(
        f"From: {case.customer.email}\r\nSubject: Re: [{case.reference}]\r\n"
        f"Message-ID: <matrix@example.org>\r\n\r\nThanks.\r\n".encode(), mailbox="pipe")

    invitee = people.invite("invitee@desk.test", role=Role.AGENT, by=manager)

    def promise(on):
        return Commitment.objects.create(case=on, description="Call back", owner=agent,
                                         due_at=on.created_at).pk

    return {
        "users": {"no_role": outsider, "agent": agent, "manager": manager}, "keys": keys,
        "person_keys": {person.role: ApiKey.objects.create_key(name=person.email, user=person)[1]
                        for person in (agent, manager)},
        "case": case, "ready": ready.reference, "integration_case": integration_case,
        "email_in": emailed.record.recorded_as.pk,
        "archived": archived,
        "published": published_one.pk, "incident": incident, "linked": linked.reference,
        "webhook": hook.json()["id"], "commitment": promise(case),
        "integration_commitment": promise(integration_case),
        "approval": waiting.approvals.get().pk, "phrase": Phrase.objects.first().pk,
        "saved_view": saved_views.save_view("Breaching", "breaching=on", shared=True,
                                            by=manager).pk,
        "status_url": urlsplit(links.issue(archived_case, links.STATUS)).path,
        "attachment": attachments.store(case, PNG, "photo.png", by=agent).pk,
        "integration_file": attachments.store(integration_case, b"x", "receipt.txt").pk,
        "customer_file": attachments.store(archived_case, b"x", "mine.txt",
                                           message=reply(archived_case, "Here it is.")).pk,
        "survey_url": urlsplit(links.issue(archived_case, links.SURVEY)).path,
        # someone of their own for the People pages to change (an empty POST deactivates)
        "person": invitee.pk, "welcome": urlsplit(invitations.link(invitee)).path,
        "revocable_key": ApiKey.objects.create_key(name="Old shop")[0].prefix,
        "root_cause": RootCause.objects.first().pk,
    }


def _api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def _caller(world, who, path):
    api = path.startswith("/api/") and path != "/api/docs/"  # the docs are a page
    clients = world.setdefault("clients", {})
    if (who, api) not in clients:
        clients[who, api] = _client(world, who, api)
    return clients[who, api]


def _client(world, who, api):
    if who in world["users"]:
        if api and who != "no_role":  # a person's script: a key issued to them
            return _api(world["person_keys"][who])
        client = APIClient() if api else Client()
        client.force_login(world["users"][who])
        return client
    if who == "anonymous":
        return APIClient() if api else Client()
    key = world["keys"][{"integration": "shop", "inbound": "inbound"}.get(who, "crm")]
    return _api(key) if api else Client(HTTP_AUTHORIZATION=f"Api-Key {key}")


def _verdict(response) -> str | int:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    if response.status_code in (401, 403, 404):
        return response.status_code
    assert response.status_code < 500
    return OK


def test_every_route_answers_each_caller_as_its_role_allows(world):
    wrong = []
    for method, path, expected, *data in routes(world):
        for who, want in zip(CALLERS, expected, strict=True):
            client = _caller(world, who, path)
            response = getattr(client, method.lower())(
                path, data[0] if data else {},
                **({"format": "json"} if isinstance(client, APIClient) else {}))
            got = _verdict(response)
            if got != want:
                wrong.append(f"{method} {path} as {who}: {got}, expected {want}")
    assert wrong == [], "\n".join(wrong)


def test_the_matrix_covers_every_route(world):
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    # anymail's webhooks authenticate the provider themselves (tests/conversation/)
    named = {route for route in walk(get_resolver().url_patterns)
             if route and not route.startswith(("admin/", "anymail/"))}
    tested = {route[1] for route in routes(world)}
    def covered(route):
        pattern = re.sub(r"<[^>]+>", "[^/]+", route.replace(".", r"\."))
        return any(re.fullmatch("/" + pattern + r"(\?.*)?", path) for path in tested)

    untested = sorted(route for route in named if not covered(route) and route not in (
        "accounts/logout/", "api/v1/webhooks/<int:pk>/deliveries/<int:delivery_pk>/redeliver/",
))
    assert untested == []
