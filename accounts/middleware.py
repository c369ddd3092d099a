"""REQUIRE_2FA_FOR: people of those roles reach nothing until they sign in with a code.

Someone of such a role whose session was not signed in with a code (they have no
authenticator yet: with one, the sign-in itself asks for the code) is sent to set one up —
pages by a redirect, the API (with a session) by a 403 — whatever the page, the admin
included. Signing out, the set-up page and static files stay open.

With REQUIRE_2FA_FOR empty (the default) this does nothing and asks nothing of the database.
With it set, the role is read (once a request; the pages read it anyway), and the devices
only for a session not signed in with a code.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import sign_in, two_factor

OPEN = ("/accounts/security/two-factor/", "/accounts/logout/", "/accounts/login/",
        "/static/", "/healthz", "/readyz")


class TwoFactorRequired:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_2FA_FOR and self._must_set_up(request):
            return self._refuse(request)
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN):
            return False
        if request.META.get("HTTP_AUTHORIZATION", "").startswith("Api-Key "):
            return False  # the key's own person acts, not the session's
        return two_factor.required_for(user) and not sign_in.is_verified(request)

    def _refuse(self, request):
        if two_factor.has_two_factor(request.user):
            # a session from before their app was set up (those are ended then) or from
            # outside the sign-in pages: it must sign in with the code
            logout(request)
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Your role must sign in with a code: set up "
                                 "two-factor sign-in on the Security page first.",
                                 "code": "two_factor_required"}, status=403)
        return redirect(f"{reverse('two-factor-setup')}?"
                        f"{urlencode({'next': request.get_full_path()})}")
