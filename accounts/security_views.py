"""The Security page: two-factor sign-in on and off, recovery codes, and signing out of
every session. Each change to how a person signs in asks for their password (or, to turn two-
factor sign-in on, a code from the new app)."""


from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from cases.access import desk_user_required

from . import sign_in, two_factor
from .forms import PasswordCheckForm, ReplaceAppForm, SetupCodeForm

SETUP_SECRET = "two_factor_setup_secret"
NEW_CODES = "two_factor_new_codes"


@never_cache
@desk_user_required
def security(request):
    return _security_page(request)


@never_cache
@sensitive_post_parameters("code")
@desk_user_required
def set_up(request):
    """Shows a new secret (QR code and text) and turns it on once the app's code matches.
    The secret stays the same across a wrong code, so the app need not be scanned again."""
    user = request.user
    secret = request.session.get(SETUP_SECRET) or two_factor.new_secret()
    request.session[SETUP_SECRET] = secret
    replacing = two_factor.has_two_factor(user)
    form = (ReplaceAppForm(user, request.POST or None) if replacing
            else SetupCodeForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        turned_on = two_factor.turn_on(user, secret, form.cleaned_data["code"])
        if turned_on is not None:
            device, codes = turned_on
            del request.session[SETUP_SECRET]
            update_session_auth_hash(request, user)  # other sessions end; this one stays
            sign_in.mark_verified(request, device)
            request.session[NEW_CODES] = codes
            return redirect("recovery-codes")
        form.add_error("code", "That code does not match. Check the app's clock is right and "
                               "type the code it shows now.")
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr_code": two_factor.qr_code(user, secret),
        "secret": two_factor.secret_for_typing(secret),
        "required": two_factor.required_for(user) and not replacing, "replacing": replacing,
    })


@never_cache
@sensitive_post_parameters("password")
@desk_user_required
def recovery_codes(request):
    """GET: the codes just made, shown once. POST (with the password): a new set."""
    user = request.user
    if request.method == "POST":
        form = PasswordCheckForm(user, request.POST, prefix="codes")
        if not two_factor.has_two_factor(user):
            return redirect("security")
        if not form.is_valid():
            return _security_page(request, codes_form=form, status=400)
        request.session[NEW_CODES] = two_factor.new_recovery_codes(user)
        return redirect("recovery-codes")
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("security")
    return render(request, "registration/recovery_codes.html", {"codes": codes})


@require_POST
@sensitive_post_parameters("password")
@desk_user_required
def turn_off(request):
    user = request.user
    if two_factor.required_for(user):
        messages.error(request, "Your role must sign in with a code: two-factor sign-in "
                                "stays on. You can set up a new app instead.")
        return redirect("security")
    form = PasswordCheckForm(user, request.POST, prefix="off")
    if not form.is_valid():
        return _security_page(request, off_form=form, status=400)
    two_factor.turn_off(user)
    messages.success(request, "Two-factor sign-in is off. Sign-in asks for your password only.")
    return redirect("security")


@require_POST
@desk_user_required
def sign_out_everywhere(request):
    """Ends every session of this person, this one included, in every browser."""
    two_factor.rotate_session_salt(request.user)
    logout(request)
    messages.success(request, "You are signed out everywhere. Sign in again here.")
    return redirect("login")


def _security_page(request, *, off_form=None, codes_form=None, status=200):
    """The page, with a form's errors after a wrong password (each form its own prefix, so
    the two password fields have ids of their own)."""
    user = request.user
    return render(request, "registration/security.html", {
        "two_factor": two_factor.has_two_factor(user),
        "required": two_factor.required_for(user),
        "codes_left": two_factor.recovery_codes_left(user),
        "off_form": off_form or PasswordCheckForm(user, prefix="off"),
        "codes_form": codes_form or PasswordCheckForm(user, prefix="codes"),
    }, status=status)
