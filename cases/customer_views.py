"""The customer's status page, reached by the private link in our emails. Public (no sign-in):
the link's random token is the key. It says where the case is in plain words, under the
title meant for the customer, never internal notes, names of staff, costs or the timeline."""

from django.shortcuts import render

from . import links
from .choices import Stage, Status


def link_gone(request):
    """One page for a link that is unknown, expired or revoked: nothing tells which."""
    return render(request, "customer/link_gone.html", status=404)


def status(request, token):
    try:
        case = links.resolve(token, links.STATUS)
    except links.LinkGone:
        return link_gone(request)
    return render(request, "customer/status.html", {"case": case, "milestones": milestones(case)})


def milestones(case) -> list[dict]:
    sent = case.events.filter(kind="apology_sent").order_by("-created_at").first()
    working = case.stage != Stage.RESTORE_VALUE or sent is not None
    resolved = case.status in (Status.RESOLVED, Status.CLOSED)
    return [
        {"label": "Received", "done": True, "at": case.created_at,
         "text": "We have your report and a person is on it."},
        {"label": "Being put right", "done": working, "at": None,
         "text": "We are putting things right and finding out what went wrong."},
        {"label": "Apology sent", "done": sent is not None,
         "at": sent.created_at if sent else None,
         "text": "We have written to you to explain and apologise."},
        {"label": "Resolved", "done": resolved, "at": case.resolved_at,
         "text": "Everything we promised is done."},
    ]
