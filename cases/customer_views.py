"""What the customer's private links answer when they no longer open anything. The pages
themselves live with what they show: the status page in `conversation.status_views`, the
survey in `apologies.survey_views` (cases never imports the apps built on it)."""

from django.shortcuts import render

from . import links


def link_gone(request, gone: links.LinkGone | None = None):
    """One page for a link that is unknown, tampered with, expired or revoked: the same
    words for all. 410 for a link we issued that stopped working (expired or revoked, not
    told which), 404 for one we never issued."""
    status = 410 if isinstance(gone, links.LinkExpired) else 404
    return render(request, "customer/link_gone.html", status=status)
