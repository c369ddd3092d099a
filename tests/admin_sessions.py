"""A superuser's admin session, for the admin's tests (import the fixtures you use)."""

import pytest
from django.test import Client

from accounts.models import User


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@desk.test", "correct horse battery")


@pytest.fixture
def root_client(superuser):
    browser = Client()
    browser.force_login(superuser)
    return browser
