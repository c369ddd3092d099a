"""Factories that build rows through the domain, as users would."""

import itertools

import factory

from accounts.models import Role
from accounts.roles import create_desk_user
from cases.intake import CustomerDetails, open_case
from cases.models import Category

_people = itertools.count(1)
_customers = itertools.count(1)


def make_user(role=Role.AGENT, email=None, **names):
    email = email or f"{role}{next(_people)}@desk.test"
    return create_desk_user(email, role=role, password="correct horse battery", **names)


class CaseFactory(factory.Factory):
    """`CaseFactory(severity="high", by=agent)` logs a case through `open_case`."""

    class Meta:
        model = dict

    customer = factory.LazyFunction(
        lambda: CustomerDetails(email=f"customer{next(_customers)}@example.com", name="Pat Doe")
    )
    title = factory.Sequence(lambda n: f"Parcel {n} arrived broken")
    description = "The box was crushed and the vase inside is in pieces."
    channel = "email"
    category = factory.LazyFunction(lambda: Category.objects.get(slug="shipping"))
    severity = "medium"

    @classmethod
    def _create(cls, model_class, **kwargs):
        return open_case(**kwargs)


def sign_in_request():
    """A request as the sign-in form sends it: django-axes throttles sign-ins by account and
    address, so `authenticate` needs the request it comes from."""
    from django.test import RequestFactory

    return RequestFactory().post("/accounts/login/")


def client_with_key(raw_key: str):
    """An API client that sends `Authorization: Api-Key <raw_key>`."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return client


def deliver_queued() -> int:
    """What the worker does after commit, for tests whose transaction never commits: send
    every queued message of the conversation. Returns how many went out."""
    from conversation import delivery
    from conversation.models import Message

    return sum(delivery.deliver(pk) for pk in
               Message.objects.filter(state="queued").values_list("pk", flat=True))
