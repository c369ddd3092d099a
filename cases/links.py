"""The customer's private links: signed, so they cannot be guessed or altered, and dated, so
an old link stops working. Nothing about the case is readable from the token but its
reference."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SURVEY, STATUS = "survey", "status"


class BadLink(Exception):
    """The link was altered, or belongs to something else (`expired` False), or is too old."""

    def __init__(self, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def token(case, purpose: str) -> str:
    return signing.dumps(case.reference, salt=f"recovery-desk.{purpose}")


def reference_from(value: str, purpose: str) -> str:
    max_age = settings.SURVEY_LINK_DAYS if purpose == SURVEY else settings.STATUS_LINK_DAYS
    try:
        return signing.loads(value, salt=f"recovery-desk.{purpose}", max_age=max_age * 86400)
    except signing.SignatureExpired as exc:
        raise BadLink(expired=True) from exc
    except signing.BadSignature as exc:
        raise BadLink(expired=False) from exc


def survey_url(case) -> str:
    return reverse("survey", args=[token(case, SURVEY)])


def status_url(case) -> str:
    return reverse("status", args=[token(case, STATUS)])
