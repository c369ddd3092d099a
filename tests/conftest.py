import tempfile
import uuid

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import ApiKey, Role
from recovery.celery import app as celery_app

from .admin_sessions import root_client, superuser  # noqa: F401  (fixtures)
from .factories import CaseFactory, client_with_key, make_user
from .imap import imap_server, imaps_server  # noqa: F401  (fixtures)
from .smtp import smtp_server  # noqa: F401  (fixture)
from .workers import celery_worker_process, celery_workers  # noqa: F401  (fixtures)

# A `collectstatic` in this checkout (`make bench`, a production try) leaves a manifest of
# hashed names that the test server, which serves from the app folders, does not have: the
# tests see an empty STATIC_ROOT, as a fresh checkout does.
settings.STATIC_ROOT = tempfile.mkdtemp(prefix="recovery-static-")
# Attachments and kept raw emails go to a throwaway folder, never the checkout's var/.
settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="recovery-media-")
# Hashing each test user's password with production's PBKDF2 took half a second of nearly
# every test's setup. MD5 is fit for test passwords only; production's hashers stay listed, so
# a password hashed by a served subprocess (which hashes with PBKDF2) is still checked here.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                             *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A fresh in-process cache per test: throttle counts never leak between tests (or
    between parallel test databases whose user ids coincide)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": str(uuid.uuid4())}}


@pytest.fixture(autouse=True)
def acknowledging(request, settings):
    """A new case's customer is acknowledged at once (the default, `conversation`), which
    adds an email and a timeline event to every case. Most tests are about something else,
    and count emails and events: they run with it off. Tests of the conversation, and of
    what users see from outside, mark themselves `acknowledging`."""
    settings.ACKNOWLEDGE_NEW_CASES = "acknowledging" in request.keywords


@pytest.fixture(autouse=True)
def celery_runs_tasks_in_process(request):
    """Tasks enqueued on commit run in the test's process (Celery's eager mode), so a test
    sees the email a task sends. Tests that need a real worker on Redis mark themselves
    `real_worker` and get the broker instead."""
    if "real_worker" in request.keywords:
        yield
        return
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = False


@pytest.fixture
def agent(db):
    return make_user(Role.AGENT, first_name="Alex", last_name="Agent")


@pytest.fixture
def other_agent(db):
    return make_user(Role.AGENT, first_name="Sam", last_name="Second")


@pytest.fixture
def manager(db):
    return make_user(Role.MANAGER, first_name="Morgan", last_name="Manager")


@pytest.fixture
def outsider(db, django_user_model):
    """Signed in, but neither agent nor manager."""
    return django_user_model.objects.create_user("outsider@desk.test", "correct horse battery")


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def manager_client(manager):
    """A second browser, signed in as the manager (the `client` fixture is the agent's)."""
    browser = Client()
    browser.force_login(manager)
    return browser


@pytest.fixture
def make_case(db):
    return CaseFactory


@pytest.fixture
def integration_key(db):
    """(ApiKey, raw key) of an integration: no user."""
    return ApiKey.objects.create_key(name="Web shop")


@pytest.fixture
def api(integration_key):
    """An API client authenticated with an integration's key."""
    return client_with_key(integration_key[1])


@pytest.fixture
def agent_api(agent):
    """An API client with a key issued to the agent."""
    return client_with_key(ApiKey.objects.create_key(name="Alex's script", user=agent)[1])


@pytest.fixture
def manager_api(manager):
    """An API client with a key issued to the manager."""
    return client_with_key(ApiKey.objects.create_key(name="Morgan's script", user=manager)[1])
