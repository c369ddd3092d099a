"""Two-factor sign-in: an authenticator app's codes (TOTP), with single-use recovery codes.

Built on django-otp's devices (why that library: SECURITY.md). A person has at most one
authenticator (a `TOTPDevice`) and one set of recovery codes (a `StaticDevice` with ten
tokens); both are made together, once the person has typed a code their app shows, and go
together when they turn it off. The secret waits in their session until then, so opening
the set-up page writes nothing.

Failure modes: a wrong code is refused (`Check.ok` false) and counted — django-otp makes the
device wait 1, 2, 4… seconds before it checks another (`Check.wait_seconds`), whatever the
address, and the sign-in view counts it as a failed sign-in for django-axes too.
"""

import secrets
import string
import time
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

RECOVERY_CODES = 10
# Lower-case letters and digits without the look-alikes (0/o, 1/l/i): read off paper.
_CODE_ALPHABET = "".join(c for c in string.ascii_lowercase + string.digits if c not in "0o1li")
APP_NAME = "Authenticator app"


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user) -> bool:
    """Does this person's role have to sign in with a code (REQUIRE_2FA_FOR)?"""
    return bool(settings.REQUIRE_2FA_FOR) and user.role in settings.REQUIRE_2FA_FOR


def new_secret() -> str:
    """A new authenticator secret, hex as django-otp keeps it (160 bits, RFC 4226's size)."""
    return random_hex(20)


def secret_for_typing(secret: str) -> str:
    """The secret as apps take it by hand: base32, in groups of four."""
    text = b32encode(bytes.fromhex(secret)).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_code(user, secret: str) -> str:
    """The otpauth:// address as a QR code, an SVG in a data: URI: drawn here, so no
    script or third party sees the secret, and the page's CSP (img-src data:) allows it."""
    uri = TOTPDevice(user=user, key=secret, name=APP_NAME).config_url
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _matching_step(secret: str, code: str) -> int | None:
    """The time step at which `code` is right for `secret` (one step either side), or None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(bytes.fromhex(secret), step=30, t0=0, digits=6)
    totp.time = time.time()
    if totp.verify(int(code), tolerance=1):
        return totp.t()
    return None


@transaction.atomic
def turn_on(user, secret: str, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the authenticator with a code it shows; None if the code is wrong.

    Replaces any earlier authenticator and recovery codes, and ends every other session of
    the person (they were signed in with a password alone): the caller keeps its own with
    `update_session_auth_hash`. Returns the new device and recovery codes (to be shown once).
    """
    step = _matching_step(secret, code)
    if step is None:
        return None
    _forget_devices(user)
    # last_t: the code just typed cannot sign in a second time
    device = TOTPDevice.objects.create(user=user, name=APP_NAME, key=secret, confirmed=True,
                                       last_t=step)
    codes = _new_recovery_codes(user)
    rotate_session_salt(user)
    return device, codes


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """A fresh set of recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    return _new_recovery_codes(user)


def _new_recovery_codes(user) -> list[str]:
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [get_random_string(10, _CODE_ALPHABET) for _ in range(RECOVERY_CODES)]
    device.token_set.bulk_create([device.token_set.model(device=device, token=c) for c in codes])
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.filter(user=user).first()
    return device.token_set.count() if device else 0


@transaction.atomic
def turn_off(user) -> None:
    """Sign-in asks for the password alone again. (The page asks for the password first.)"""
    _forget_devices(user)


def _forget_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@dataclass
class Check:
    device: object = None  # the device that took the code, when it was right
    wait_seconds: int = 0  # > 0: too many wrong codes, the device checks none until then

    @property
    def ok(self) -> bool:
        return self.device is not None


def check(user, code: str) -> Check:
    """Is `code` a right code for `user`: six digits from their app, or one of their
    recovery codes (used up by this)? Runs in a transaction with the device row locked, so
    two requests cannot both spend one recovery code or slip past the throttle."""
    code = code.strip().lower().replace(" ", "").replace("-", "")
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return Check()
        allowed, why = device.verify_is_allowed()
        if not allowed:
            return Check(wait_seconds=_seconds_until((why or {}).get("locked_until")))
        if device.verify_token(code):
            return Check(device=device)
        return Check()


def _seconds_until(moment) -> int:
    if moment is None:
        return 1
    return max(1, int((moment - timezone.now()).total_seconds()) + 1)


def rotate_session_salt(user) -> None:
    """End every session of `user`, in every browser: their auth hash no longer matches."""
    user.session_salt = secrets.token_hex(16)
    user.save(update_fields=["session_salt"])
