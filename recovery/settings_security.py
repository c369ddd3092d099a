"""Security settings of Recovery Desk, read from the environment: HTTPS and cookies, the
Content Security Policy, throttling wrong passwords (django-axes), two-factor sign-in
(django-otp) and password reset. Imported into `recovery.settings` (one file was too long)."""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# --- HTTPS and cookies (production) -----------------------------------------------------
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: our own scripts, styles and images only — no inline script or
# style anywhere (tests/browser/test_content_security.py loads every page and listens for
# violations). The apology preview sets its own, stricter policy for its sandboxed frame.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Sign-in throttling (django-axes) -----------------------------------------------------
# Five wrong passwords for one account from one address lock that pair out for a while;
# the sign-in page says so (templates/registration/locked_out.html), with status 429.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("BEHIND_PROXY", False)
    else ["REMOTE_ADDR"])

# --- Two-factor sign-in (django-otp), password reset ------------------------------------
# The roles that must sign in with a code as well as a password (comma list of `agent`,
# `manager`; empty or `off`: nobody must, everyone may). A person of such a role without an
# authenticator app is sent to set one up before any other page (accounts/middleware.py).
# The role names are written out here: settings load before the apps (accounts.models.Role).
REQUIRE_2FA_FOR = [role.lower() for role in env_list("REQUIRE_2FA_FOR", [])
                   if role.lower() not in ("off", "none")]
for _role in REQUIRE_2FA_FOR:
    if _role not in ("agent", "manager"):
        raise ImproperlyConfigured(
            f"REQUIRE_2FA_FOR: {_role!r} is not a role; use agent, manager or both")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Recovery Desk")
# After each wrong code a device waits 1, 2, 4, 8… seconds before it checks another
# (django-otp's throttle, per person whatever the address), on top of django-axes' lockout.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# How long a sign-in may wait between the password and the code.
SIGN_IN_CODE_SECONDS = 300
# Reset emails asked for, per client address and per email address, in an hour.
PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env_int("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 5)
PASSWORD_RESETS_PER_EMAIL_PER_HOUR = env_int("PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 5)
