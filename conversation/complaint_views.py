"""The public complaint form (/complain/): no sign-in, embeddable in an iframe on the shop's
site (COMPLAINT_FRAME_ANCESTORS), the customer acknowledged at once by email.

Spam is kept out with no third-party script: a honeypot field (a bot that fills it is
thanked as usual, and nothing is created: it learns nothing), a signed stamp of when the
page was served (posted too soon, or with a stamp we did not issue: a polite form error),
and a rate per email address and per client (COMPLAINTS_PER_*_PER_HOUR: a 429).

CSRF: the view is exempt, on purpose. Inside the shop's page the form is a cross-site
frame, and browsers do not send our SameSite=Lax CSRF cookie with its POST, so Django's
check would refuse every framed complaint; making that cookie SameSite=None would weaken
the whole desk to keep one public form working. A forged POST gains nothing here: the form
acts for no session and with no authority — anyone may file a complaint, and a forged one
is exactly what the attacker could post themselves. What CSRF tokens would add against
scripts (a fresh value fetched from the page first), the signed stamp gives, together with
the honeypot and the rates.
"""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from cases.choices import Channel

from . import complaints
from .forms import ComplaintForm

WINDOW_SECONDS = 3600
THANKS_SALT = "conversation.complaint-thanks"


def framable(view):
    """Only these pages may be framed: by our own pages, and by COMPLAINT_FRAME_ANCESTORS.
    With none configured, X-Frame-Options SAMEORIGIN too (for browsers without CSP);
    with some, no X-Frame-Options (it cannot name other origins; frame-ancestors can, and
    takes precedence where both are sent)."""
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        ancestors = settings.COMPLAINT_FRAME_ANCESTORS
        response._csp_replace = {"frame-ancestors": ["'self'", *ancestors]}
        if ancestors:
            response.xframe_options_exempt = True
        else:
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@csrf_exempt  # see the module's docstring
@framable
def complain(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.trapped:  # before any check: a bot learns nothing
        return _thanks_for("")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _one_more(request, data["email"]):
            response = render(request, "customer/too_many_complaints.html", status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        case, _ = complaints.open_complaint(complaints.Complaint(
            email=data["email"], name=data["name"], text=data["text"],
            order_reference=data["order_reference"],
            remedy_requested=data["remedy_requested"], channel=Channel.WEB,
            files=[(file.name, file.read()) for file in data["files"]]))
        return _thanks_for(case.reference)
    return render(request, "customer/complain.html", {"form": form, "stamp": form.stamp()})


@framable
def thanks(request):
    try:
        reference = signing.loads(request.GET.get("for", ""), salt=THANKS_SALT,
                                  max_age=WINDOW_SECONDS)
    except signing.BadSignature:
        reference = ""
    return render(request, "customer/complain_thanks.html", {"reference": reference})


def _thanks_for(reference: str):
    """After the POST, a GET (a reload sends nothing twice). The reference rides in the
    address, signed: in a cross-site frame there may be no session cookie to carry it."""
    token = signing.dumps(reference, salt=THANKS_SALT)
    return redirect(f"{reverse('complain-thanks')}?{urlencode({'for': token})}")


def _one_more(request, email: str) -> bool:
    """Count this complaint against its address's and its client's hourly allowance."""
    return all([
        _count(f"complaints:address:{_digest(email.lower())}")
        <= settings.COMPLAINTS_PER_ADDRESS_PER_HOUR,
        _count(f"complaints:client:{_digest(client_of(request))}")
        <= settings.COMPLAINTS_PER_CLIENT_PER_HOUR,
    ])


def _digest(text: str) -> str:  # a cache key of a fixed alphabet and length
    return hashlib.sha256(text.encode()).hexdigest()


def _count(key: str) -> int:
    """`add` then `incr` are each atomic in Redis: two complaints at once cannot both take
    the last place. The first opens an hour's window."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr: a new one
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1


def client_of(request) -> str:
    """The client's address: behind our proxy (BEHIND_PROXY), the one it added last to
    X-Forwarded-For (earlier ones are the client's own say); else the connection's."""
    if settings.AXES_IPWARE_PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
