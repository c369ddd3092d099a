"""The case's JSON is built directly for speed (`CaseSerializer.to_representation`); these
hold it equal to what DRF's declared fields give, for cases of every shape."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIRequestFactory

from cases import work
from cases.models import Case
from cases.serializers import CaseSerializer
from incidents.linking import link

from ..factories import CaseFactory
from ..incidents.helpers import make_incident

pytestmark = pytest.mark.django_db


def generic(case, context):
    """The declared fields' own rendering, field by field."""
    return serializers.ModelSerializer.to_representation(CaseSerializer(context=context), case)


def test_the_case_json_equals_the_declared_fields_rendering(agent, manager):
    plain = CaseFactory(by=agent)
    assigned = CaseFactory(severity="critical", by=agent, tags=["vip", "repeat"],
                           occurred_at=timezone.now() - timedelta(days=2))
    work.assign(assigned, agent, by=agent)
    late = CaseFactory(severity="low", by=agent)
    Case.objects.filter(pk=late.pk).update(
        first_response_due_at=timezone.now() - timedelta(hours=1),
        resolved_at=timezone.now(), closed_at=timezone.now())
    linked = CaseFactory(by=agent)
    link(make_incident(manager), [linked], by=manager)

    request = APIRequestFactory().get("/api/v1/cases/", HTTP_HOST="testserver")
    context = {"request": request}
    cases = list(Case.objects.for_list().filter(pk__in=[plain.pk, assigned.pk, late.pk,
                                                        linked.pk]))
    fast = CaseSerializer(cases, many=True, context=context).data
    assert fast == [generic(case, context) for case in cases]
    shapes = {case["reference"]: case for case in fast}
    assert shapes[assigned.reference]["assignee"] == agent.email
    assert shapes[assigned.reference]["tags"] == ["vip", "repeat"]
    assert shapes[late.reference]["breached"] is True
    assert shapes[linked.reference]["incident"] is not None
    assert shapes[plain.reference]["url"] == (
        f"http://testserver/api/v1/cases/{plain.reference}/")
    # The same keys in the same order as the declared fields (the schema documents those).
    assert list(fast[0]) == list(CaseSerializer().fields)


def test_without_a_request_the_links_are_paths(agent):
    case = CaseFactory(by=agent)
    body = CaseSerializer(case).data
    assert body == generic(case, {})
    assert body["web_url"] == f"/cases/{case.reference}/"


def test_an_integrations_case_json_equals_the_declared_fields_rendering_too():
    """Its customer is the one it told us of (`cases.disclosure`), in both renderings."""
    from accounts.models import ApiKey
    from cases.intake import CustomerDetails

    key = ApiKey.objects.create_key(name="Web shop")[0]
    CaseFactory(customer=CustomerDetails(email="kim@example.com", name="Kim Lee", tier="gold"))
    case = CaseFactory(customer=CustomerDetails(email="kim@example.com", company="Shop Co"),
                       by=key)
    request = APIRequestFactory().get("/api/v1/cases/", HTTP_HOST="testserver")
    request.auth = key
    context = {"request": request}
    case = Case.objects.for_list().get(pk=case.pk)
    fast = CaseSerializer(case, context=context).data
    assert fast == generic(case, context)
    assert fast["customer"] == {"email": "kim@example.com", "name": "", "company": "Shop Co",
                                "tier": None}
