"""Where a form goes after it is done, when the page that sent it says (`next`).

A `next` is followed only if it stays on this desk, judged by Django's own check (the one
its sign-in uses): our host, our scheme (https when the page was https), and nothing a
browser would read as another host (`//evil.example`, `/\\evil.example`, `https:evil`). Anything
else falls back to the page the form would go to anyway: never off-site, and never handed
to `redirect()` as a view name to reverse (`javascript:…` was a 500).
"""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback) -> str:
    """The `next` of the POST (else of the query string) if it is on the desk, else
    `fallback` (a URL, a model with get_absolute_url, or a URL name, as for redirect())."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return wanted if is_on_the_desk(request, wanted) else resolve_url(fallback)


def is_on_the_desk(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
