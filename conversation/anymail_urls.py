"""django-anymail's webhooks (`/anymail/<esp>/tracking/`, and inbound in issue 18), served
only while ANYMAIL_WEBHOOK_SECRET is set: without a secret anymail accepts anyone's events
(it only warns), and a forged "bounced" would mark customers unreachable."""

from functools import wraps

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404
from django.urls import URLPattern


def secret_required(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            raise Http404("Email provider webhooks are not configured.")
        return view(request, *args, **kwargs)

    guarded.csrf_exempt = True  # anymail's views are; the provider has no CSRF token
    return guarded


urlpatterns = [URLPattern(p.pattern, secret_required(p.callback), p.default_args, p.name)
               for p in anymail_urls.urlpatterns]
app_name = "anymail"
