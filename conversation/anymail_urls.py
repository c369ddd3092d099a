"""django-anymail's webhooks (`/anymail/<esp>/tracking/`, and inbound in issue 18), served
only while ANYMAIL_WEBHOOK_SECRET is set: without a secret anymail accepts anyone's events
(it only warns), and a forged "bounced" would mark customers unreachable.

Anymail answers a bad signature or basic auth with 400 (a SuspiciousOperation), but lets a
body it cannot parse (not JSON, a list, a record without the fields it reads) raise: that
is a 400 here too, logged with its traceback, never a 500."""

import logging
from functools import wraps

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest
from django.urls import URLPattern

logger = logging.getLogger(__name__)


def secret_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            raise Http404("Email provider webhooks are not configured.")
        try:
            return view(request, *args, **kwargs)
        except (ValueError, TypeError, KeyError, AttributeError):
            logger.warning("An email provider's webhook sent what anymail cannot read",
                           exc_info=True)
            return HttpResponseBadRequest("Not a payload this webhook understands.")

    guarded.csrf_exempt = True  # anymail's views are; the provider has no CSRF token
    return guarded


urlpatterns = [URLPattern(p.pattern, secret_required(p.callback), p.default_args, p.name)
               for p in anymail_urls.urlpatterns]
app_name = "anymail"
