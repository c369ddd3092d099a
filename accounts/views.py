"""Signing in (password, then a code for people with two-factor sign-in) and resetting a
forgotten password. Django's own views, with the desk's forms and the steps between them
(`accounts.sign_in`, `accounts.password_reset`)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from . import password_reset, sign_in, two_factor
from .forms import CodeForm, ResetRequestForm, SignInForm


class SignInView(auth_views.LoginView):
    """The password step. Someone with two-factor sign-in is not signed in yet: the session
    holds the right password for a few minutes while the code step asks for a code."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.has_two_factor(user):
            return super().form_valid(form)
        sign_in.hold(self.request, user, self.get_redirect_url())
        return redirect("login-code")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def sign_in_code(request):
    """The code step. A wrong code is an error under the field and a failed sign-in for
    django-axes (five, with wrong passwords, lock the account out from that address);
    django-otp makes the device wait longer after each, from any address."""
    user = sign_in.held_user(request)
    if user is None:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        if request.method == "POST":
            messages.info(request, "That sign-in waited too long. Enter your password again.")
        return redirect("login")
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        sign_in.forget(request)
        return get_lockout_response(request, credentials=credentials)

    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        check = two_factor.check(user, form.cleaned_data["code"])
        if check.ok:
            next_url = sign_in.next_url(request)
            sign_in.finish(request, user, check.device)
            return HttpResponseRedirect(next_url or reverse(settings.LOGIN_REDIRECT_URL))
        if check.wait_seconds:
            form.add_error("code", f"Too many wrong codes. Wait {check.wait_seconds} "
                                   "seconds, then try the code your app shows then.")
            status = 429
        else:
            form.add_error("code", "That code is not right. Check the app shows Recovery Desk "
                                   "and try the code it shows now, or a recovery code.")
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "registration/login_code.html", {"form": form, "person": user},
                  status=status)


def admin_sign_in(request):
    """The admin has no sign-in of its own: it would take a password alone."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


class ResetView(auth_views.PasswordResetView):
    """Asks for an address and answers every one alike (see `accounts.password_reset`)."""

    form_class = ResetRequestForm

    def form_valid(self, form):
        if not password_reset.request_link(self.request, form.cleaned_data["email"]):
            return render(self.request, "registration/password_reset_throttled.html",
                          status=429)
        return HttpResponseRedirect(self.get_success_url())


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
