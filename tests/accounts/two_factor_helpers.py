"""Two-factor sign-in for tests: an authenticator app as a phone runs it (pyotp)."""

import time
from base64 import b32encode

import pyotp

from accounts import two_factor

PASSWORD = "correct horse battery"


def app_for(secret_hex: str) -> pyotp.TOTP:
    return pyotp.TOTP(b32encode(bytes.fromhex(secret_hex)).decode())


def next_code(secret_hex: str) -> str:
    """The code the app shows in the next 30 s: the current one was typed to set it up, and
    a code signs in once."""
    return app_for(secret_hex).at(time.time() + 30)


def turn_on(user):
    """Two-factor sign-in on for `user`: (the secret, the recovery codes)."""
    secret = two_factor.new_secret()
    _, codes = two_factor.turn_on(user, secret, app_for(secret).now())
    return secret, codes


def password_step(client, email, password=PASSWORD, address="203.0.113.7"):
    return client.post("/accounts/login/", {"username": email, "password": password},
                       REMOTE_ADDR=address)


def code_step(client, code, address="203.0.113.7"):
    return client.post("/accounts/login/code/", {"code": code}, REMOTE_ADDR=address)
