"""`Authorization: Api-Key <key>` for the REST API.

A key issued to a user authenticates as that user; an integration's key authenticates as an
anonymous user with the key in `request.auth`, and the permission classes and scopes use it.
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework_api_key.permissions import KeyParser

from .models import ApiKey

# What `create_api_key` prints: an 8-letter prefix, a dot, a 32-letter secret. Checking the
# shape first keeps junk (NUL bytes, megabytes of text) away from the database.
KEY_SHAPE = re.compile(r"[A-Za-z0-9]{1,16}\.[A-Za-z0-9]{1,128}")


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"
    key_parser = KeyParser()

    def authenticate(self, request):
        raw = self.key_parser.get_from_authorization(request)
        if raw is None:
            return None  # not ours: let session authentication try
        raw = raw.strip()
        if not KEY_SHAPE.fullmatch(raw):
            raise exceptions.AuthenticationFailed("Invalid API key.")
        try:
            key = ApiKey.objects.get_from_key(raw)
        except (ApiKey.DoesNotExist, ValueError) as exc:
            raise exceptions.AuthenticationFailed("Invalid API key.") from exc
        if key.expiry_date is not None and key.expiry_date < timezone.now():
            raise exceptions.AuthenticationFailed("This API key has expired.")
        user = key.acting_user()
        if user is not None:
            if not user.is_active:
                raise exceptions.AuthenticationFailed("The user of this API key is inactive.")
            return user, key
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return self.keyword
