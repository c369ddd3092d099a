"""A key issued to a person acts with that person's role, read with the key in one query."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from accounts.models import ApiKey, Role

from ..factories import CaseFactory, make_user

pytestmark = pytest.mark.django_db


def approval(case):
    """Deciding a remedy's approval: managers only (agents get 403 before the body is read)."""
    return f"/api/v1/cases/{case.reference}/apology/approval/"


def client_for(user):
    _, key = ApiKey.objects.create_key(name="script", user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


def test_a_persons_key_acts_with_their_current_role():
    person = make_user(Role.AGENT)
    api, case = client_for(person), CaseFactory()
    assert api.get("/api/v1/cases/").status_code == 200
    assert api.post(approval(case), {}, format="json").status_code == 403

    person.groups.set([Group.objects.get(name=Role.MANAGER)])  # promoted: at once
    assert api.post(approval(case), {}, format="json").status_code == 400  # heard, bad body

    person.groups.clear()  # no role any more: refused
    assert api.get("/api/v1/cases/").status_code == 403

    person.groups.set([Group.objects.get(name=Role.AGENT)])
    person.is_active = False
    person.save()
    refused = api.get("/api/v1/cases/")
    assert refused.status_code == 401 and "inactive" in refused.json()["detail"]


def test_the_role_comes_with_the_key_in_one_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api, case = client_for(make_user(Role.MANAGER)), CaseFactory()
    with CaptureQueriesContext(connection) as queries:
        assert api.post(approval(case), {}, format="json").status_code == 400
    assert not [q for q in queries if "auth_group" in q["sql"] and "EXISTS" not in q["sql"]]
    assert sum('FROM "accounts_apikey"' in q["sql"] for q in queries) == 1
